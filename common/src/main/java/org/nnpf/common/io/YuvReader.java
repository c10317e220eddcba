package org.nnpf.common.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.nnpf.common.NnpfException;
import org.nnpf.common.picture.Picture;

/**
 * Reads a raw planar YUV file: frames one after the other, each the planes Y, Cb, Cr (Y only for
 * 4:0:0) without headers or padding, chroma sizes rounded up for odd luma sizes; one byte per
 * sample at 8 bits, otherwise one little-endian 16-bit word per sample.
 *
 * <p>The format comes from the caller (a raw file has no header). The file size must be a whole
 * number of frames. Frames {@code start .. start + count - 1} (0-based) are delivered one at a
 * time through a single reusable read buffer, so memory does not grow with the file; each call to
 * {@link #next()} returns a new {@link Picture} that the caller owns. A sample above
 * {@code 2^bitDepth - 1} is an error naming the file, frame, plane and position.
 */
public final class YuvReader implements PictureSource {
  private final Path file;
  private final RawFrameLayout layout;
  private final FileChannel channel;
  private final ByteBuffer buffer;
  private final SequenceInfo info;
  private final long start;
  private long delivered;

  private YuvReader(Path file, RawFrameLayout layout, FileChannel channel, SequenceInfo info, long start) {
    this.file = file;
    this.layout = layout;
    this.channel = channel;
    this.info = info;
    this.start = start;
    this.buffer = ByteBuffer.allocate(layout.frameBytes);
  }

  /** Opens all frames of {@code file} with the format of {@code format} (its frame count is ignored). */
  public static YuvReader open(Path file, SequenceInfo format) {
    return open(file, format, 0, -1);
  }

  /**
   * Opens frames {@code start .. start + count - 1} of {@code file}. {@code count < 0} means up to
   * the end; a count beyond the end is cut at the last frame (as HM does with {@code -f}).
   *
   * @throws NnpfException if the file is missing or unreadable, empty, not a whole number of
   *     frames, or has no frame at {@code start}, or if the format is absurdly large
   */
  public static YuvReader open(Path file, SequenceInfo format, long start, long count) {
    String name = file.toString();
    RawFrameLayout.checkLimits(
        name, format.width(), "width", format.height(), "height", format.bitDepth(), "bit depth",
        format.chromaFormat());
    RawFrameLayout layout = RawFrameLayout.of(format);
    if (start < 0) {
      throw new NnpfException(name + ": start frame " + start + " is negative");
    }
    if (Files.isDirectory(file)) {
      throw new NnpfException("cannot read " + name + ": it is a directory");
    }
    FileChannel ch;
    long size;
    try {
      ch = FileChannel.open(file, StandardOpenOption.READ);
      size = ch.size();
    } catch (IOException e) {
      throw new NnpfException("cannot read " + name + ": " + AtomicOutput.describe(e), e);
    }
    try {
      if (size == 0) {
        throw new NnpfException(name + ": the file is empty");
      }
      if (size % layout.frameBytes != 0) {
        throw new NnpfException(
            name + ": file size " + size + " bytes is not a whole number of frames: a "
                + layout.describe() + " gives " + size / layout.frameBytes + " frames and "
                + size % layout.frameBytes + " bytes left over (check the size, chroma format and bit depth)");
      }
      long frames = size / layout.frameBytes;
      if (start >= frames) {
        throw new NnpfException(
            name + ": start frame " + start + " is beyond the end of the file, which holds " + frames
                + " frames (0.." + (frames - 1) + ")");
      }
      long n = count < 0 ? frames - start : Math.min(count, frames - start);
      return new YuvReader(file, layout, ch, format.withFrameCount(n), start);
    } catch (RuntimeException e) {
      closeQuietly(ch);
      throw e;
    }
  }

  @Override
  public SequenceInfo info() {
    return info;
  }

  /** The file being read. */
  public Path file() {
    return file;
  }

  @Override
  public Picture next() throws IOException {
    if (delivered >= info.frameCount()) {
      return null;
    }
    long frame = start + delivered;
    buffer.clear();
    long pos = frame * layout.frameBytes;
    while (buffer.hasRemaining()) {
      int r = channel.read(buffer, pos + buffer.position());
      if (r < 0) {
        throw new NnpfException(
            file + ": the file ended inside frame " + frame + " (it was shortened while being read)");
      }
    }
    buffer.flip();
    Picture p = info.newPicture();
    layout.unpack(buffer, p, file.toString(), frame);
    delivered++;
    return p;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  private static void closeQuietly(FileChannel ch) {
    try {
      ch.close();
    } catch (IOException ignored) {
      // already failing
    }
  }
}
