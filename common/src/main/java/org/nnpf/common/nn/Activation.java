package org.nnpf.common.nn;

import com.google.common.base.Preconditions;
import java.util.Arrays;

/**
 * The activation function applied after a convolution (and its multiplier): none, ReLU,
 * LeakyReLU with one slope for all channels, or PReLU with one slope per output channel. For a
 * negative input v the output is {@code slope * v}; ReLU is the case slope = 0.
 *
 * <p>Immutable. Slopes are float32 values, quantized for integer inference by the layer's
 * {@code slopeFracBits}.
 */
public final class Activation {
  /** Activation kinds with their model-file codes. */
  public enum Kind {
    NONE(0),
    RELU(1),
    LEAKY_RELU(2),
    PRELU(3);

    private final int code;

    Kind(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }

    /** The kind with the given model-file code, or null. */
    public static Kind fromCode(int code) {
      for (Kind k : values()) {
        if (k.code == code) {
          return k;
        }
      }
      return null;
    }
  }

  private static final Activation NONE = new Activation(Kind.NONE, new float[0]);
  private static final Activation RELU = new Activation(Kind.RELU, new float[0]);

  private final Kind kind;
  private final float[] slopes;

  private Activation(Kind kind, float[] slopes) {
    this.kind = kind;
    this.slopes = slopes;
  }

  public static Activation none() {
    return NONE;
  }

  public static Activation relu() {
    return RELU;
  }

  /** LeakyReLU: {@code v < 0 ? slope * v : v}, one slope for every channel. */
  public static Activation leakyRelu(float slope) {
    Preconditions.checkArgument(Float.isFinite(slope), "LeakyReLU slope %s is not finite", slope);
    return new Activation(Kind.LEAKY_RELU, new float[] {slope});
  }

  /** PReLU: {@code v < 0 ? slopes[c] * v : v}, one slope per output channel (copied). */
  public static Activation prelu(float[] slopes) {
    Preconditions.checkArgument(slopes.length > 0, "PReLU needs at least one slope");
    for (float s : slopes) {
      Preconditions.checkArgument(Float.isFinite(s), "PReLU slope %s is not finite", s);
    }
    return new Activation(Kind.PRELU, slopes.clone());
  }

  /** Builds an activation of the given kind from its stored slopes (as read from a file). */
  public static Activation of(Kind kind, float[] slopes) {
    switch (kind) {
      case NONE:
        return none();
      case RELU:
        return relu();
      case LEAKY_RELU:
        Preconditions.checkArgument(slopes.length == 1, "LeakyReLU has one slope");
        return leakyRelu(slopes[0]);
      default:
        return prelu(slopes);
    }
  }

  public Kind kind() {
    return kind;
  }

  /** Number of stored slopes: 0 (none, ReLU), 1 (LeakyReLU) or the channel count (PReLU). */
  public int slopeCount() {
    return slopes.length;
  }

  /** The stored slopes (a copy). */
  public float[] slopes() {
    return slopes.clone();
  }

  /** The slope for negative inputs of output channel {@code c} (0 for ReLU, 1 for none). */
  public float slope(int c) {
    switch (kind) {
      case NONE:
        return 1f;
      case RELU:
        return 0f;
      case LEAKY_RELU:
        return slopes[0];
      default:
        return slopes[c];
    }
  }

  /** Applies the activation to a float value of channel {@code c}. */
  public float apply(float v, int c) {
    return kind == Kind.NONE || v >= 0 ? v : v * slope(c);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Activation a && a.kind == kind && Arrays.equals(a.slopes, slopes);
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + Arrays.hashCode(slopes);
  }

  @Override
  public String toString() {
    switch (kind) {
      case NONE:
        return "none";
      case RELU:
        return "ReLU";
      case LEAKY_RELU:
        return "LeakyReLU(" + slopes[0] + ")";
      default:
        return "PReLU[" + slopes.length + "]";
    }
  }
}
