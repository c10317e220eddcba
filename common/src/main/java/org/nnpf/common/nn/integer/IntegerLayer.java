package org.nnpf.common.nn.integer;

import org.nnpf.common.nn.Activation;
import org.nnpf.common.nn.Conv2d;
import org.nnpf.common.nn.quant.LayerQuantization;
import org.nnpf.common.nn.quant.TensorQuantizer;

/**
 * The integer parameters of one convolution layer (docs/integer-inference.md, section 3) and its
 * per-output requantization rule (section 4.3): weights Wq, biases Bq, int16 multipliers Mq,
 * shift s, activation slopes Aq with qa fractional bits, output bit width, accumulator
 * precision P. Immutable (the arrays are never handed out).
 */
public final class IntegerLayer {
  private final int kernelSize;
  private final int inChannels;
  private final int outChannels;
  private final short[] weights;
  private final int[] bias;
  private final int[] multipliers;
  private final int shift;
  private final Activation.Kind activation;
  private final int[] slopes;
  private final int slopeShift;
  private final int accumulatorBits;
  private final TensorQuantizer input;
  private final TensorQuantizer output;

  /**
   * Quantizes one convolution (section 3) that reads a tensor quantized by {@code input}.
   */
  public static IntegerLayer quantize(Conv2d c, LayerQuantization q, TensorQuantizer input) {
    int s = input.fracBits() + q.weights().fracBits() + q.multiplierFracBits() - q.output().fracBits();
    com.google.common.base.Preconditions.checkArgument(
        s >= 0 && s <= org.nnpf.common.nn.quant.QuantizationParams.MAX_SHIFT,
        "requantization shift %s is not in 0..%s", s, org.nnpf.common.nn.quant.QuantizationParams.MAX_SHIFT);
    if (q.hasExplicitMultipliers()) {
      com.google.common.base.Preconditions.checkArgument(
          q.multipliers().orElseThrow().length == c.outChannels(), "explicit multiplier count");
    }
    if (q.hasExplicitBiases()) {
      com.google.common.base.Preconditions.checkArgument(
          c.hasBias() && q.biases().orElseThrow().length == c.outChannels(), "explicit bias count");
    }
    return new IntegerLayer(c, q, input);
  }

  /**
   * The integer biases derived from the model (section 3): {@code Round(b[co] * 2^fracBits)}
   * clipped to {@code accumulatorBits} signed bits; also the prediction of a signalled bias update.
   */
  public static int[] modelBiases(Conv2d c, int fracBits, int accumulatorBits) {
    long max = (1L << (accumulatorBits - 1)) - 1;
    float[] b = c.bias();
    int[] r = new int[c.outChannels()];
    for (int co = 0; co < r.length; co++) {
      r[co] = (int) FixedPoint.quantize(b[co], fracBits, -max - 1, max);
    }
    return r;
  }

  IntegerLayer(Conv2d c, LayerQuantization q, TensorQuantizer input) {
    this.kernelSize = c.kernelSize();
    this.inChannels = c.inChannels();
    this.outChannels = c.outChannels();
    this.accumulatorBits = q.accumulatorBits();
    this.input = input;
    this.output = q.output();
    TensorQuantizer wq = q.weights();
    float[] w = c.weights();
    this.weights = new short[w.length];
    for (int i = 0; i < w.length; i++) {
      weights[i] = (short) FixedPoint.quantize(w[i], wq.fracBits(), wq.min(), wq.max());
    }
    long accMax = (1L << (accumulatorBits - 1)) - 1;
    this.bias = q.biases().orElseGet(() -> modelBiases(c, input.fracBits() + wq.fracBits(), accumulatorBits));
    int qm = q.multiplierFracBits();
    this.multipliers = q.multipliers().orElseGet(() -> {
      int[] m = new int[outChannels];
      for (int co = 0; co < outChannels; co++) {
        m[co] = (int) FixedPoint.quantize(c.multiplier(co), qm, Short.MIN_VALUE, Short.MAX_VALUE);
      }
      return m;
    });
    this.shift = input.fracBits() + wq.fracBits() + qm - output.fracBits();
    this.activation = c.activation().kind();
    this.slopeShift = q.slopeFracBits();
    this.slopes = new int[outChannels];
    for (int co = 0; co < outChannels; co++) {
      slopes[co] = activation == Activation.Kind.LEAKY_RELU || activation == Activation.Kind.PRELU
          ? (int) FixedPoint.quantize(c.activation().slope(co), slopeShift, Short.MIN_VALUE, Short.MAX_VALUE)
          : 0;
    }
  }

  /**
   * Whether {@code o} computes exactly what this layer computes: the same shapes, integer tensors,
   * shift, activation, precision and tensor formats (the decoding process of section 4 then gives the
   * same output for the same input); the slopes and qa count only for an activation that has slopes.
   */
  public boolean computesSameAs(IntegerLayer o) {
    return kernelSize == o.kernelSize && inChannels == o.inChannels && outChannels == o.outChannels
        && java.util.Arrays.equals(weights, o.weights) && java.util.Arrays.equals(bias, o.bias)
        && java.util.Arrays.equals(multipliers, o.multipliers) && shift == o.shift && activation == o.activation
        && (!sloped() || java.util.Arrays.equals(slopes, o.slopes) && slopeShift == o.slopeShift)
        && accumulatorBits == o.accumulatorBits
        && input.equals(o.input) && output.equals(o.output);
  }

  private boolean sloped() {
    return activation == Activation.Kind.LEAKY_RELU || activation == Activation.Kind.PRELU;
  }

  public int kernelSize() {
    return kernelSize;
  }

  public int radius() {
    return (kernelSize - 1) / 2;
  }

  public int inChannels() {
    return inChannels;
  }

  public int outChannels() {
    return outChannels;
  }

  /** {@code Wq[co][ci][ky][kx]}. */
  public int weight(int co, int ci, int ky, int kx) {
    return weights[((co * inChannels + ci) * kernelSize + ky) * kernelSize + kx];
  }

  /** {@code Bq[co]}. */
  public int bias(int co) {
    return bias[co];
  }

  /** {@code Mq[co]}. */
  public int multiplier(int co) {
    return multipliers[co];
  }

  /** The requantization shift s. */
  public int shift() {
    return shift;
  }

  public Activation.Kind activation() {
    return activation;
  }

  /** {@code Aq[co]} (0 for ReLU and no activation). */
  public int slope(int co) {
    return slopes[co];
  }

  /** qa. */
  public int slopeShift() {
    return slopeShift;
  }

  /** Declared accumulator precision P. */
  public int accumulatorBits() {
    return accumulatorBits;
  }

  /** Quantizer of the tensor read. */
  public TensorQuantizer input() {
    return input;
  }

  /** Quantizer of the tensor produced. */
  public TensorQuantizer output() {
    return output;
  }

  /** Fan-in k * k * inChannels. */
  public int fanIn() {
    return kernelSize * kernelSize * inChannels;
  }

  /**
   * Section 4.3: from the wrapped accumulator A of output channel co to the output integer:
   * {@code V = Rsh(A * Mq[co], s)}; {@code U = V} (none), {@code Max(V, 0)} (ReLU) or
   * {@code V >= 0 ? V : Rsh(V * Aq[co], qa)} (LeakyReLU, PReLU); result {@code Sat_bout(U)}.
   */
  public int requantize(int a, int co) {
    long v = FixedPoint.rsh((long) a * multipliers[co], shift);
    switch (activation) {
      case RELU:
        v = Math.max(v, 0);
        break;
      case LEAKY_RELU:
      case PRELU:
        if (v < 0) {
          v = FixedPoint.rsh(v * slopes[co], slopeShift);
        }
        break;
      default:
        break;
    }
    return FixedPoint.sat(v, output.bits());
  }
}
