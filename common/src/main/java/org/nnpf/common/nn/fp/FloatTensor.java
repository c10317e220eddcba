package org.nnpf.common.nn.fp;

import com.google.common.base.Preconditions;

/**
 * A float32 tensor of {@code channels} planes of {@code width x height}, channel-planar, row-major.
 * Mutable working storage of {@link FloatInference}; {@link #data()} exposes it for training code.
 */
public final class FloatTensor {
  private final int channels;
  private final int width;
  private final int height;
  private final float[][] data;

  public FloatTensor(int channels, int width, int height) {
    Preconditions.checkArgument(channels > 0 && width > 0 && height > 0,
        "tensor %sx%sx%s is not positive", channels, width, height);
    this.channels = channels;
    this.width = width;
    this.height = height;
    this.data = new float[channels][width * height];
  }

  public int channels() {
    return channels;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  public float get(int c, int x, int y) {
    return data[c][y * width + x];
  }

  public void set(int c, int x, int y, float v) {
    data[c][y * width + x] = v;
  }

  /** Channel planes, row-major with stride {@link #width()} (not copied). */
  public float[][] data() {
    return data;
  }

  /** Largest absolute value over all channels. */
  public float maxAbs() {
    float m = 0;
    for (float[] p : data) {
      for (float v : p) {
        m = Math.max(m, Math.abs(v));
      }
    }
    return m;
  }
}
