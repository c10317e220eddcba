package org.nnpf.common.picture;

import com.google.common.base.Preconditions;
import java.util.Arrays;

/**
 * One plane of samples, row-major, stride equal to the width. Samples are unsigned integers of up
 * to 16 bits held in a {@code short[]}: read them with {@link #get}, which masks with 0xFFFF.
 */
public final class Plane {
  private final int width;
  private final int height;
  private final short[] samples;

  /** A plane of zero samples. */
  public Plane(int width, int height) {
    this(width, height, new short[checkedArea(width, height)]);
  }

  /** Wraps {@code samples} (not copied): its length must be {@code width * height}. */
  public Plane(int width, int height, short[] samples) {
    int area = checkedArea(width, height);
    Preconditions.checkArgument(
        samples.length == area, "sample array has %s entries, expected %s", samples.length, area);
    this.width = width;
    this.height = height;
    this.samples = samples;
  }

  private static int checkedArea(int width, int height) {
    Preconditions.checkArgument(
        width > 0 && height > 0, "plane size %sx%s is not positive", width, height);
    long area = (long) width * height;
    Preconditions.checkArgument(
        area <= Integer.MAX_VALUE - 8, "plane size %sx%s is too large", width, height);
    return (int) area;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** The sample at column x, row y, as an unsigned value. */
  public int get(int x, int y) {
    return samples[y * width + x] & 0xFFFF;
  }

  public void set(int x, int y, int value) {
    samples[y * width + x] = (short) value;
  }

  /**
   * The backing array, row-major with stride {@link #width()}; entries are unsigned 16-bit values.
   * Exposed for I/O and inference kernels, which must not keep it beyond the call.
   */
  public short[] samples() {
    return samples;
  }

  public Plane copy() {
    return new Plane(width, height, samples.clone());
  }

  public void fill(int value) {
    Arrays.fill(samples, (short) value);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Plane p
        && p.width == width
        && p.height == height
        && Arrays.equals(p.samples, samples);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * width + height) + Arrays.hashCode(samples);
  }

  @Override
  public String toString() {
    return "Plane[" + width + "x" + height + "]";
  }
}
