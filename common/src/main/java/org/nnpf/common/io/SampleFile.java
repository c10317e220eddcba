package org.nnpf.common.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import org.nnpf.common.NnpfException;

/**
 * Arrays of 16-bit samples in an unlinked temporary file (in {@code java.io.tmpdir}, as {@link
 * PictureStore}): appended once, read back by index as often as needed, from several threads.
 * Nothing is left on disk, whatever happens to the process; {@link #close} frees the space.
 */
public final class SampleFile implements AutoCloseable {
  private final FileChannel channel;
  private final String purpose;
  private final List<long[]> entries = new ArrayList<>();  // {offset, length}
  private long end;
  private volatile boolean closed;

  private SampleFile(FileChannel channel, String purpose) {
    this.channel = channel;
    this.purpose = purpose;
  }

  /** An empty file; {@code purpose} names the samples in error messages. */
  public static SampleFile create(String purpose) {
    return new SampleFile(TempFiles.openUnlinked(purpose, ".samples"), purpose);
  }

  /** Appends {@code s}; returns its index. */
  public synchronized int add(short[] s) {
    check();
    ByteBuffer buf = ByteBuffer.allocate(2 * s.length).order(ByteOrder.LITTLE_ENDIAN);
    buf.asShortBuffer().put(s);
    long pos = end;
    try {
      while (buf.hasRemaining()) {
        pos += channel.write(buf, pos);
      }
    } catch (IOException e) {
      throw new NnpfException("cannot write the " + purpose + " to a temporary file in " + System.getProperty("java.io.tmpdir")
          + " (" + e.getMessage() + "; the disk may be full: set another directory with"
          + " NNPF_JAVA_OPTS=-Djava.io.tmpdir=DIR)", e);
    }
    entries.add(new long[] {end, s.length});
    end = pos;
    return entries.size() - 1;
  }

  public synchronized int size() {
    return entries.size();
  }

  /** Array {@code i}, as added. */
  public short[] get(int i) {
    long[] e;
    synchronized (this) {
      check();
      e = entries.get(i);
    }
    ByteBuffer buf = ByteBuffer.allocate((int) (2 * e[1])).order(ByteOrder.LITTLE_ENDIAN);
    long pos = e[0];
    try {
      while (buf.hasRemaining()) {
        int r = channel.read(buf, pos);
        if (r < 0) {
          throw new IOException("end of file");
        }
        pos += r;
      }
    } catch (IOException ex) {
      throw new NnpfException("cannot read the " + purpose + " back from their temporary file: " + ex.getMessage(), ex);
    }
    buf.flip();
    short[] s = new short[(int) e[1]];
    buf.asShortBuffer().get(s);
    return s;
  }

  private void check() {
    if (closed) {
      throw new IllegalStateException("the file of the " + purpose + " is closed");
    }
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      channel.close();
    } catch (IOException e) {
      // nothing to do: the file is already unlinked
    }
  }
}
