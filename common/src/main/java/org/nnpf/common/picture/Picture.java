package org.nnpf.common.picture;

import com.google.common.base.Preconditions;
import java.util.Arrays;

/**
 * A decoded or source picture: one plane per component (Y, then Cb, Cr), a bit depth from 8 to
 * 16 shared by all components, and a chroma format. Sample values are in {@code [0, 2^bitDepth)};
 * the constructors do not check that, {@link #checkRange()} does.
 */
public final class Picture {
  public static final int MIN_BIT_DEPTH = 8;
  public static final int MAX_BIT_DEPTH = 16;

  private final int width;
  private final int height;
  private final int bitDepth;
  private final ChromaFormat chromaFormat;
  private final Plane[] planes;

  /** A picture of zero samples. */
  public Picture(int width, int height, int bitDepth, ChromaFormat chromaFormat) {
    this(width, height, bitDepth, chromaFormat, allocate(width, height, chromaFormat));
  }

  /** Wraps the given planes, whose sizes must match the format. */
  public Picture(int width, int height, int bitDepth, ChromaFormat chromaFormat, Plane... planes) {
    Preconditions.checkArgument(
        bitDepth >= MIN_BIT_DEPTH && bitDepth <= MAX_BIT_DEPTH,
        "bit depth %s is not in %s..%s",
        bitDepth,
        MIN_BIT_DEPTH,
        MAX_BIT_DEPTH);
    Preconditions.checkArgument(
        planes.length == chromaFormat.planeCount(),
        "%s planes given for chroma format %s",
        planes.length,
        chromaFormat.shortName());
    for (int c = 0; c < planes.length; c++) {
      Preconditions.checkArgument(
          planes[c].width() == chromaFormat.planeWidth(c, width)
              && planes[c].height() == chromaFormat.planeHeight(c, height),
          "plane %s is %sx%s, expected %sx%s",
          c,
          planes[c].width(),
          planes[c].height(),
          chromaFormat.planeWidth(c, width),
          chromaFormat.planeHeight(c, height));
    }
    this.width = width;
    this.height = height;
    this.bitDepth = bitDepth;
    this.chromaFormat = chromaFormat;
    this.planes = planes.clone();
  }

  private static Plane[] allocate(int width, int height, ChromaFormat cf) {
    Preconditions.checkArgument(
        width > 0 && height > 0, "picture size %sx%s is not positive", width, height);
    Plane[] p = new Plane[cf.planeCount()];
    for (int c = 0; c < p.length; c++) {
      p[c] = new Plane(cf.planeWidth(c, width), cf.planeHeight(c, height));
    }
    return p;
  }

  /** Luma width. */
  public int width() {
    return width;
  }

  /** Luma height. */
  public int height() {
    return height;
  }

  public int bitDepth() {
    return bitDepth;
  }

  public ChromaFormat chromaFormat() {
    return chromaFormat;
  }

  public int planeCount() {
    return planes.length;
  }

  public Plane plane(int c) {
    return planes[c];
  }

  /** Largest sample value, {@code 2^bitDepth - 1}. */
  public int maxValue() {
    return (1 << bitDepth) - 1;
  }

  /** Total number of samples in all planes. */
  public long sampleCount() {
    long n = 0;
    for (Plane p : planes) {
      n += (long) p.width() * p.height();
    }
    return n;
  }

  /** A deep copy. */
  public Picture copy() {
    Plane[] p = new Plane[planes.length];
    for (int c = 0; c < p.length; c++) {
      p[c] = planes[c].copy();
    }
    return new Picture(width, height, bitDepth, chromaFormat, p);
  }

  /**
   * A copy of the {@code w x h} window at ({@code x}, {@code y}) of the luma plane and the
   * co-sited chroma windows; {@code x} and {@code y} must be multiples of the chroma subsampling
   * factors and the window inside the picture.
   */
  public Picture crop(int x, int y, int w, int h) {
    int sx = 1 << chromaFormat.log2SubWidth();
    int sy = 1 << chromaFormat.log2SubHeight();
    com.google.common.base.Preconditions.checkArgument(x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= width
        && y + h <= height && x % sx == 0 && y % sy == 0, "window %sx%s at (%s, %s) of a %sx%s %s picture", w, h, x, y,
        width, height, chromaFormat);
    Plane[] p = new Plane[planes.length];
    for (int c = 0; c < p.length; c++) {
      int px = c == 0 ? x : x / sx;
      int py = c == 0 ? y : y / sy;
      int pw = chromaFormat.planeWidth(c, w);
      int ph = chromaFormat.planeHeight(c, h);
      Plane src = planes[c];
      short[] d = new short[pw * ph];
      for (int j = 0; j < ph; j++) {
        System.arraycopy(src.samples(), (py + j) * src.width() + px, d, j * pw, pw);
      }
      p[c] = new Plane(pw, ph, d);
    }
    return new Picture(w, h, bitDepth, chromaFormat, p);
  }

  /** Throws if a sample lies outside {@code [0, 2^bitDepth)}. */
  public Picture checkRange() {
    int max = maxValue();
    for (int c = 0; c < planes.length; c++) {
      short[] s = planes[c].samples();
      for (int i = 0; i < s.length; i++) {
        if ((s[i] & 0xFFFF) > max) {
          throw new IllegalStateException(
              "plane " + c + " sample " + i + " = " + (s[i] & 0xFFFF) + " exceeds " + bitDepth + "-bit range");
        }
      }
    }
    return this;
  }

  /** Same geometry, bit depth and chroma format. */
  public boolean sameFormat(Picture o) {
    return o.width == width
        && o.height == height
        && o.bitDepth == bitDepth
        && o.chromaFormat == chromaFormat;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Picture p && sameFormat(p) && Arrays.equals(p.planes, planes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(planes) * 31 + bitDepth;
  }

  @Override
  public String toString() {
    return "Picture[" + width + "x" + height + " " + chromaFormat.shortName() + "p" + bitDepth + "]";
  }
}
