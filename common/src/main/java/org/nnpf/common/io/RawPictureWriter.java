package org.nnpf.common.io;

import java.io.IOException;
import java.nio.file.Path;
import org.nnpf.common.NnpfException;
import org.nnpf.common.picture.Picture;

/**
 * The shared part of {@link YuvWriter} and {@link Y4mWriter}: an {@link AtomicOutput}, the frame
 * layout fixed by the first picture (or by the Y4M header), one reusable frame buffer, and the
 * optional bit depth conversion of {@link RawFrameLayout#pack}.
 */
abstract class RawPictureWriter implements PictureSink {
  private final AtomicOutput out;
  private final int fileBitDepth;
  private Picture format;
  private RawFrameLayout layout;
  private byte[] buffer;
  private long count;

  RawPictureWriter(Path file, int fileBitDepth) {
    if (fileBitDepth != 0 && (fileBitDepth < Picture.MIN_BIT_DEPTH || fileBitDepth > Picture.MAX_BIT_DEPTH)) {
      throw new NnpfException(
          file + ": output bit depth " + fileBitDepth + " is not 0 (as the pictures) or in "
              + Picture.MIN_BIT_DEPTH + ".." + Picture.MAX_BIT_DEPTH);
    }
    this.out = AtomicOutput.create(file);
    this.fileBitDepth = fileBitDepth;
  }

  /** Fixes the format before the first picture (Y4M knows it from its header). */
  final void fixFormat(SequenceInfo info) {
    format = info.newPicture();
    layout =
        RawFrameLayout.of(
            info.width(), info.height(), fileBitDepth == 0 ? info.bitDepth() : fileBitDepth, info.chromaFormat());
    buffer = new byte[layout.frameBytes];
  }

  /** Bit depth of the samples in the file, or 0 while not yet known. */
  final int fileBitDepth(int pictureBitDepth) {
    return fileBitDepth == 0 ? pictureBitDepth : fileBitDepth;
  }

  final AtomicOutput output() {
    return out;
  }

  /** Called before each frame's samples, e.g. to write a Y4M frame header. */
  abstract void beforeFrame() throws IOException;

  @Override
  public final void write(Picture p) {
    if (format == null) {
      fixFormat(
          new SequenceInfo(p.width(), p.height(), p.bitDepth(), p.chromaFormat(), 1, 1, -1));
    } else if (!p.sameFormat(format)) {
      throw new NnpfException(
          out.target() + ": picture " + count + " is " + p + " but the file holds " + format);
    }
    layout.pack(p, buffer, out.target().toString(), count);
    try {
      beforeFrame();
      out.stream().write(buffer);
    } catch (IOException e) {
      throw out.failure(e);
    }
    count++;
  }

  @Override
  public final long count() {
    return count;
  }

  @Override
  public final void commit() {
    out.commit();
  }

  @Override
  public final void close() {
    out.close();
  }
}
