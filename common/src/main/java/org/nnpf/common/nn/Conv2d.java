package org.nnpf.common.nn;

import com.google.common.base.Preconditions;
import java.util.Arrays;
import java.util.Optional;

/**
 * A k x k convolution, stride 1, "same" size with zero padding outside the tensor, followed by an
 * optional per-output-channel multiplier and an activation:
 *
 * <pre>
 *   y[co](p) = act_co( m[co] * ( b[co] + sum_{ci, ky, kx} W[co][ci][ky][kx] * x[ci](p + (kx - r, ky - r)) ) )
 * </pre>
 *
 * with {@code r = (k - 1) / 2} and x = 0 outside the tensor. Weights are stored in
 * {@code [co][ci][ky][kx]} order (PyTorch OIHW), flattened. A missing bias is 0, a missing
 * multiplier is 1. Immutable: arrays are copied in and out.
 */
public final class Conv2d implements Layer {
  /** Largest kernel size. */
  public static final int MAX_KERNEL = 15;
  /** Largest number of channels of a layer. */
  public static final int MAX_CHANNELS = 1024;

  private final int kernelSize;
  private final int inChannels;
  private final int outChannels;
  private final float[] weights;
  private final float[] bias;
  private final float[] multipliers;
  private final Activation activation;

  private Conv2d(Builder b) {
    this.kernelSize = b.kernelSize;
    this.inChannels = b.inChannels;
    this.outChannels = b.outChannels;
    this.weights = b.weights;
    this.bias = b.bias;
    this.multipliers = b.multipliers;
    this.activation = b.activation;
  }

  /** A builder for a conv of the given shape; weights start at 0, no bias, no multiplier. */
  public static Builder builder(int kernelSize, int inChannels, int outChannels) {
    return new Builder(kernelSize, inChannels, outChannels);
  }

  /** A builder initialised with this layer's values. */
  public Builder toBuilder() {
    Builder b = new Builder(kernelSize, inChannels, outChannels);
    b.weights = weights.clone();
    b.bias = bias == null ? null : bias.clone();
    b.multipliers = multipliers == null ? null : multipliers.clone();
    b.activation = activation;
    return b;
  }

  public int kernelSize() {
    return kernelSize;
  }

  @Override
  public int inChannels() {
    return inChannels;
  }

  @Override
  public int outChannels() {
    return outChannels;
  }

  @Override
  public int radius() {
    return (kernelSize - 1) / 2;
  }

  /** Weights per output channel: {@code inChannels * k * k} (the fan-in). */
  public int fanIn() {
    return inChannels * kernelSize * kernelSize;
  }

  /** All weights in {@code [co][ci][ky][kx]} order (a copy). */
  public float[] weights() {
    return weights.clone();
  }

  /** {@code W[co][ci][ky][kx]}. */
  public float weight(int co, int ci, int ky, int kx) {
    return weights[((co * inChannels + ci) * kernelSize + ky) * kernelSize + kx];
  }

  public boolean hasBias() {
    return bias != null;
  }

  /** The biases (a copy), or zeros when the layer has none. */
  public float[] bias() {
    return bias == null ? new float[outChannels] : bias.clone();
  }

  public boolean hasMultipliers() {
    return multipliers != null;
  }

  /** The per-channel multipliers (a copy), or empty when the layer has none. */
  public Optional<float[]> multipliers() {
    return multipliers == null ? Optional.empty() : Optional.of(multipliers.clone());
  }

  /** The multiplier of output channel co (1 when the layer has none). */
  public float multiplier(int co) {
    return multipliers == null ? 1f : multipliers[co];
  }

  public Activation activation() {
    return activation;
  }

  @Override
  public long parameterCount() {
    return (long) weights.length
        + (bias == null ? 0 : outChannels)
        + (multipliers == null ? 0 : outChannels)
        + activation.slopeCount();
  }

  @Override
  public long macsPerPosition() {
    return (long) outChannels * fanIn();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Conv2d c
        && c.kernelSize == kernelSize
        && c.inChannels == inChannels
        && c.outChannels == outChannels
        && Arrays.equals(c.weights, weights)
        && Arrays.equals(c.bias, bias)
        && Arrays.equals(c.multipliers, multipliers)
        && c.activation.equals(activation);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(weights) * 31 + outChannels;
  }

  @Override
  public String toString() {
    return "Conv2d[" + kernelSize + "x" + kernelSize + " " + inChannels + "->" + outChannels
        + (bias != null ? " +bias" : "") + (multipliers != null ? " *mult" : "") + " "
        + activation + "]";
  }

  /** Builder of {@link Conv2d}. */
  public static final class Builder {
    private final int kernelSize;
    private final int inChannels;
    private final int outChannels;
    private float[] weights;
    private float[] bias;
    private float[] multipliers;
    private Activation activation = Activation.none();

    private Builder(int kernelSize, int inChannels, int outChannels) {
      Preconditions.checkArgument(
          kernelSize >= 1 && kernelSize <= MAX_KERNEL && (kernelSize & 1) == 1,
          "kernel size %s is not odd in 1..%s", kernelSize, MAX_KERNEL);
      Preconditions.checkArgument(
          inChannels >= 1 && inChannels <= MAX_CHANNELS,
          "input channels %s not in 1..%s", inChannels, MAX_CHANNELS);
      Preconditions.checkArgument(
          outChannels >= 1 && outChannels <= MAX_CHANNELS,
          "output channels %s not in 1..%s", outChannels, MAX_CHANNELS);
      this.kernelSize = kernelSize;
      this.inChannels = inChannels;
      this.outChannels = outChannels;
      this.weights = new float[outChannels * inChannels * kernelSize * kernelSize];
    }

    /** Sets all weights, {@code [co][ci][ky][kx]} order (copied). */
    public Builder weights(float[] w) {
      Preconditions.checkArgument(
          w.length == weights.length, "%s weights given, expected %s", w.length, weights.length);
      checkFinite(w, "weight");
      this.weights = w.clone();
      return this;
    }

    /** Sets {@code W[co][ci][ky][kx]}. */
    public Builder weight(int co, int ci, int ky, int kx, float v) {
      Preconditions.checkArgument(Float.isFinite(v), "weight %s is not finite", v);
      weights[((co * inChannels + ci) * kernelSize + ky) * kernelSize + kx] = v;
      return this;
    }

    /** Sets the biases (copied); null removes them. */
    public Builder bias(float[] b) {
      if (b != null) {
        Preconditions.checkArgument(
            b.length == outChannels, "%s biases given, expected %s", b.length, outChannels);
        checkFinite(b, "bias");
      }
      this.bias = b == null ? null : b.clone();
      return this;
    }

    /** Sets the per-channel multipliers (copied); null removes them. */
    public Builder multipliers(float[] m) {
      if (m != null) {
        Preconditions.checkArgument(
            m.length == outChannels, "%s multipliers given, expected %s", m.length, outChannels);
        checkFinite(m, "multiplier");
      }
      this.multipliers = m == null ? null : m.clone();
      return this;
    }

    public Builder activation(Activation a) {
      Preconditions.checkNotNull(a, "activation");
      Preconditions.checkArgument(
          a.kind() != Activation.Kind.PRELU || a.slopeCount() == outChannels,
          "PReLU has %s slopes, expected %s", a.slopeCount(), outChannels);
      this.activation = a;
      return this;
    }

    public Conv2d build() {
      return new Conv2d(this);
    }

    private static void checkFinite(float[] v, String what) {
      for (int i = 0; i < v.length; i++) {
        Preconditions.checkArgument(Float.isFinite(v[i]), "%s %s = %s is not finite", what, i, v[i]);
      }
    }
  }
}
