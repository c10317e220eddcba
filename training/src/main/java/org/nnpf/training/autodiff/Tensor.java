package org.nnpf.training.autodiff;

import com.google.common.base.Preconditions;
import java.util.Arrays;

/**
 * A channel-planar float tensor of {@code channels x height x width} values stored with a zero
 * border of {@link #PAD} samples on every side of every channel plane.
 *
 * <p>Layout: channel {@code c}, row {@code y}, column {@code x} (0-based, inside the border) is at
 * {@code c * planeSize() + (y + PAD) * stride() + (x + PAD)}, with {@code stride() = width + 2 * PAD}
 * and {@code planeSize() = (height + 2 * PAD) * stride()}. The border entries are zero whenever a
 * tensor is handed from one operation to the next; 3x3 convolutions read them as the zero padding
 * of "same" convolution, which lets the kernels run over one contiguous index range per plane.
 *
 * <p>A tensor is a mutable work buffer owned by one thread.
 */
public final class Tensor {
  /** Border width in samples: enough for kernels up to 3x3. */
  public static final int PAD = 1;

  private final int channels;
  private final int height;
  private final int width;
  private final int stride;
  private final int planeSize;
  private final float[] data;

  /** A zero tensor. */
  public Tensor(int channels, int height, int width) {
    Preconditions.checkArgument(
        channels > 0 && height > 0 && width > 0,
        "tensor shape %sx%sx%s is not positive",
        channels,
        height,
        width);
    this.channels = channels;
    this.height = height;
    this.width = width;
    this.stride = width + 2 * PAD;
    this.planeSize = (height + 2 * PAD) * stride;
    long n = (long) channels * planeSize;
    Preconditions.checkArgument(n <= Integer.MAX_VALUE - 8, "tensor %sx%sx%s is too large", channels, height, width);
    this.data = new float[(int) n];
  }

  public int channels() {
    return channels;
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  /** Distance between vertically adjacent samples. */
  public int stride() {
    return stride;
  }

  /** Distance between the same sample of adjacent channels. */
  public int planeSize() {
    return planeSize;
  }

  /** The backing array in the padded layout described above. */
  public float[] data() {
    return data;
  }

  /** Index of sample (c, y, x) in {@link #data()}. */
  public int index(int c, int y, int x) {
    return c * planeSize + (y + PAD) * stride + x + PAD;
  }

  public float get(int c, int y, int x) {
    return data[index(c, y, x)];
  }

  public void set(int c, int y, int x, float v) {
    data[index(c, y, x)] = v;
  }

  /** Index of the first interior sample of a plane, relative to the plane start. */
  public int interiorStart() {
    return PAD * stride + PAD;
  }

  /**
   * One past the index of the last interior sample of a plane, relative to the plane start. The
   * range {@code [interiorStart(), interiorEnd())} covers every interior sample plus the border
   * columns between consecutive rows.
   */
  public int interiorEnd() {
    return (height - 1 + PAD) * stride + width - 1 + PAD + 1;
  }

  /** True if the shape equals {@code (c, h, w)}. */
  public boolean hasShape(int c, int h, int w) {
    return channels == c && height == h && width == w;
  }

  public boolean sameShape(Tensor o) {
    return hasShape(o.channels, o.height, o.width);
  }

  /** Sets every entry, border included, to zero. */
  public void zero() {
    Arrays.fill(data, 0f);
  }

  /** Sets the border entries of every plane back to zero. */
  public void zeroBorder() {
    for (int c = 0; c < channels; c++) {
      int base = c * planeSize;
      Arrays.fill(data, base, base + PAD * stride, 0f);
      Arrays.fill(data, base + (height + PAD) * stride, base + planeSize, 0f);
      for (int y = PAD; y < height + PAD; y++) {
        int row = base + y * stride;
        for (int x = 0; x < PAD; x++) {
          data[row + x] = 0f;
          data[row + stride - 1 - x] = 0f;
        }
      }
    }
  }

  /** Copies the values of {@code src}, which must have the same shape. */
  public void copyFrom(Tensor src) {
    Preconditions.checkArgument(sameShape(src), "shape %s differs from %s", src, this);
    System.arraycopy(src.data, 0, data, 0, data.length);
  }

  /** A deep copy. */
  public Tensor copy() {
    Tensor t = new Tensor(channels, height, width);
    t.copyFrom(this);
    return t;
  }

  /** Interior values as a dense {@code [c][y][x]} array. */
  public float[] toDense() {
    float[] out = new float[channels * height * width];
    int k = 0;
    for (int c = 0; c < channels; c++) {
      for (int y = 0; y < height; y++) {
        int row = index(c, y, 0);
        System.arraycopy(data, row, out, k, width);
        k += width;
      }
    }
    return out;
  }

  /** A tensor holding the dense {@code [c][y][x]} values given. */
  public static Tensor fromDense(int channels, int height, int width, float[] dense) {
    Preconditions.checkArgument(
        dense.length == channels * height * width,
        "%s values given for a %sx%sx%s tensor",
        dense.length,
        channels,
        height,
        width);
    Tensor t = new Tensor(channels, height, width);
    int k = 0;
    for (int c = 0; c < channels; c++) {
      for (int y = 0; y < height; y++) {
        System.arraycopy(dense, k, t.data, t.index(c, y, 0), width);
        k += width;
      }
    }
    return t;
  }

  @Override
  public String toString() {
    return "Tensor[" + channels + "x" + height + "x" + width + "]";
  }
}
