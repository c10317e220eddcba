package org.nnpf.common.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import org.nnpf.common.NnpfException;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;
import org.nnpf.common.picture.Plane;

/**
 * A sequence of pictures of one format kept in an unnamed temporary file instead of the Java heap,
 * read back by index: what lets the encoder make several passes over a sequence longer than memory
 * holds (docs/encoder.md, "Memory"). Pictures are appended in order and never changed; {@link
 * #pictures()} is a random-access list view whose {@code get} reads one picture from the file (the
 * operating system's page cache keeps recently written pictures in memory, outside the heap).
 *
 * <p>The file is deleted as soon as it is created (it lives on while its channel is open), so no
 * temporary file is left behind, whatever way the process ends. Samples take one byte at bit depths
 * up to 8 and two bytes (little-endian) above. {@code get} is thread-safe.
 */
public final class PictureStore implements AutoCloseable {
  /** Pictures read back last, kept to spare a read when the same picture is asked for again. */
  private static final int CACHED = 2;

  private final FileChannel channel;
  private final String purpose;
  private int width = -1;
  private int height;
  private int bitDepth;
  private ChromaFormat chroma;
  private int bytesPerSample;
  private long frameBytes;
  private int size;
  private final int[] cachedIndex = new int[CACHED];
  private final Picture[] cached = new Picture[CACHED];
  private int cacheNext;
  private boolean closed;

  private PictureStore(FileChannel channel, String purpose) {
    this.channel = channel;
    this.purpose = purpose;
    java.util.Arrays.fill(cachedIndex, -1);
  }

  /**
   * An empty store in the directory of temporary files ({@code java.io.tmpdir}).
   *
   * @param purpose what the pictures are, for error messages (e.g. "decoded pictures")
   */
  public static PictureStore create(String purpose) {
    return new PictureStore(TempFiles.openUnlinked(purpose, ".pictures"), purpose);
  }

  /** Appends {@code p}; every picture of a store has the format of the first. */
  public synchronized void add(Picture p) {
    checkOpen();
    if (width < 0) {
      width = p.width();
      height = p.height();
      bitDepth = p.bitDepth();
      chroma = p.chromaFormat();
      bytesPerSample = bitDepth <= 8 ? 1 : 2;
      frameBytes = p.sampleCount() * bytesPerSample;
    } else if (p.width() != width || p.height() != height || p.bitDepth() != bitDepth || p.chromaFormat() != chroma) {
      throw new IllegalArgumentException("picture " + size + " of the " + purpose + " is " + p + ", the first was "
          + width + "x" + height + " " + chroma + " " + bitDepth + "-bit");
    }
    ByteBuffer buf = ByteBuffer.allocate((int) frameBytes).order(ByteOrder.LITTLE_ENDIAN);
    for (int c = 0; c < p.planeCount(); c++) {
      short[] s = p.plane(c).samples();
      if (bytesPerSample == 1) {
        for (short v : s) {
          if ((v & ~0xFF) != 0) {
            throw new IllegalArgumentException("picture " + size + " of the " + purpose + ": sample " + v
                + " outside the 8-bit range");
          }
          buf.put((byte) v);
        }
      } else {
        for (short v : s) {
          buf.putShort(v);
        }
      }
    }
    buf.flip();
    long pos = size * frameBytes;
    try {
      while (buf.hasRemaining()) {
        pos += channel.write(buf, pos);
      }
    } catch (IOException e) {
      throw new NnpfException("cannot write picture " + size + " of the " + purpose + " to a temporary file in "
          + System.getProperty("java.io.tmpdir") + " (" + e.getMessage() + "; the disk may be full: set another directory"
          + " with NNPF_JAVA_OPTS=-Djava.io.tmpdir=DIR)", e);
    }
    size++;
  }

  /** Appends every picture of {@code pictures}. */
  public void addAll(Iterable<Picture> pictures) {
    for (Picture p : pictures) {
      add(p);
    }
  }

  /** Pictures stored. */
  public synchronized int size() {
    return size;
  }

  /** Picture {@code i}, read from the file (a new object; the stored samples never change). */
  public synchronized Picture get(int i) {
    checkOpen();
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException("picture " + i + " of " + size + " " + purpose);
    }
    for (int k = 0; k < CACHED; k++) {
      if (cachedIndex[k] == i) {
        return cached[k];
      }
    }
    ByteBuffer buf = ByteBuffer.allocate((int) frameBytes).order(ByteOrder.LITTLE_ENDIAN);
    long pos = i * frameBytes;
    try {
      while (buf.hasRemaining()) {
        int n = channel.read(buf, pos + buf.position());
        if (n < 0) {
          throw new IOException("unexpected end of file");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read picture " + i + " of the " + purpose + " back from its temporary file", e);
    }
    buf.flip();
    Picture p = new Picture(width, height, bitDepth, chroma);
    for (int c = 0; c < p.planeCount(); c++) {
      Plane pl = p.plane(c);
      short[] s = pl.samples();
      if (bytesPerSample == 1) {
        for (int k = 0; k < s.length; k++) {
          s[k] = (short) (buf.get() & 0xFF);
        }
      } else {
        for (int k = 0; k < s.length; k++) {
          s[k] = buf.getShort();
        }
      }
    }
    cachedIndex[cacheNext] = i;
    cached[cacheNext] = p;
    cacheNext = (cacheNext + 1) % CACHED;
    return p;
  }

  /** A read-only random-access view of the pictures stored (it sees later additions too). */
  public List<Picture> pictures() {
    return new View();
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("the store of " + purpose + " is closed");
    }
  }

  /** Deletes the file; the store and its views are unusable afterwards. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    java.util.Arrays.fill(cached, null);
    try {
      channel.close();
    } catch (IOException e) {
      // nothing to do: the file is already unlinked
    }
  }

  private final class View extends AbstractList<Picture> implements RandomAccess {
    @Override
    public Picture get(int index) {
      return PictureStore.this.get(index);
    }

    @Override
    public int size() {
      return PictureStore.this.size();
    }
  }
}
