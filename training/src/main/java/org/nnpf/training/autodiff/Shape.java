package org.nnpf.training.autodiff;

import com.google.common.base.Preconditions;

/** Shape of a tensor: channels, height, width. */
public record Shape(int channels, int height, int width) {
  /** The number of elements. */
  public long size() {
    return (long) channels * height * width;
  }

  public Shape {
    Preconditions.checkArgument(
        channels > 0 && height > 0 && width > 0, "shape %sx%sx%s is not positive", channels, height, width);
  }

  /** Shape of {@code t}. */
  public static Shape of(Tensor t) {
    return new Shape(t.channels(), t.height(), t.width());
  }

  /** A new zero tensor of this shape. */
  public Tensor newTensor() {
    return new Tensor(channels, height, width);
  }

  public boolean matches(Tensor t) {
    return t != null && t.hasShape(channels, height, width);
  }

  @Override
  public String toString() {
    return channels + "x" + height + "x" + width;
  }
}
