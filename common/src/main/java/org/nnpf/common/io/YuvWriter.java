package org.nnpf.common.io;

import java.nio.file.Path;

/**
 * Writes pictures to a raw planar YUV file in the layout {@link YuvReader} reads. The first picture
 * fixes size, chroma format and bit depth; later pictures must match.
 *
 * <p>Output bit depth (HM decoder option {@code -d}): 0 writes the pictures' own bit depth; any
 * other value {@code d} in 8..16 converts each sample {@code v} of a {@code b}-bit picture as HM
 * does: {@code v << (d - b)} when {@code d > b}; when {@code d < b}, with {@code s = b - d},
 * {@code min(2^d - 1, (v + (1 << (s - 1))) >> s)} (rounding right shift, clipped). Files of 8 bits
 * hold one byte per sample, deeper files one little-endian 16-bit word.
 *
 * <p>Nothing appears at the target path until {@link #commit()}; see {@link PictureSink}.
 */
public final class YuvWriter extends RawPictureWriter {

  private YuvWriter(Path file, int fileBitDepth) {
    super(file, fileBitDepth);
  }

  /** A writer keeping the pictures' bit depth. */
  public static YuvWriter create(Path file) {
    return new YuvWriter(file, 0);
  }

  /** A writer converting to {@code fileBitDepth} (0 = the pictures' own bit depth). */
  public static YuvWriter create(Path file, int fileBitDepth) {
    return new YuvWriter(file, fileBitDepth);
  }

  @Override
  void beforeFrame() {
    // raw YUV has no frame headers
  }
}
