package org.nnpf.common.nn.quant;

import com.google.common.base.Preconditions;
import java.util.Arrays;
import java.util.Optional;

/**
 * Quantization parameters of one convolution layer (docs/integer-inference.md, section 3):
 *
 * <ul>
 *   <li>{@code weights}: bit width and fractional bits {@code qw} of the weights;
 *   <li>{@code accumulatorBits} P (16, 24 or 32): the declared accumulator precision; the bias is
 *       held at {@code qx + qw} fractional bits in P bits;
 *   <li>{@code multiplierFracBits} qm (0..15): multipliers are int16 with qm fractional bits;
 *   <li>{@code multipliers}: optional explicit int16 multipliers (e.g. overfitted per sequence and
 *       signalled); when absent they are derived from the model's float multipliers;
 *   <li>{@code biases}: optional explicit integer biases at the accumulator's scale ({@code qx +
 *       qw} fractional bits, within P bits; e.g. overfitted per sequence and signalled as bias
 *       updates, syntax version 1.3); when absent they are derived from the model's float biases;
 *   <li>{@code slopeFracBits} qa (0..15): LeakyReLU / PReLU slopes are int16 with qa fractional
 *       bits;
 *   <li>{@code output}: the quantizer of the tensor this layer produces (the next layer's input).
 * </ul>
 *
 * <p>Immutable.
 */
public final class LayerQuantization {
  public static final int MAX_MULTIPLIER_FRAC_BITS = 15;
  public static final int MAX_SLOPE_FRAC_BITS = 15;

  private final TensorQuantizer weights;
  private final int accumulatorBits;
  private final int multiplierFracBits;
  private final short[] multipliers;
  private final int[] biases;
  private final int slopeFracBits;
  private final TensorQuantizer output;

  private LayerQuantization(Builder b) {
    this.weights = b.weights;
    this.accumulatorBits = b.accumulatorBits;
    this.multiplierFracBits = b.multiplierFracBits;
    this.multipliers = b.multipliers;
    this.biases = b.biases;
    if (biases != null) {
      long max = (1L << (accumulatorBits - 1)) - 1;
      for (int i = 0; i < biases.length; i++) {
        Preconditions.checkArgument(biases[i] >= -max - 1 && biases[i] <= max,
            "bias %s = %s does not fit the %s-bit accumulator", i, biases[i], accumulatorBits);
      }
    }
    this.slopeFracBits = b.slopeFracBits;
    this.output = b.output;
  }

  public static Builder builder(TensorQuantizer weights, TensorQuantizer output) {
    return new Builder(weights, output);
  }

  public Builder toBuilder() {
    Builder b = new Builder(weights, output);
    b.accumulatorBits = accumulatorBits;
    b.multiplierFracBits = multiplierFracBits;
    b.multipliers = multipliers;
    b.biases = biases;
    b.slopeFracBits = slopeFracBits;
    return b;
  }

  public TensorQuantizer weights() {
    return weights;
  }

  /** Declared accumulator precision P: 16, 24 or 32. */
  public int accumulatorBits() {
    return accumulatorBits;
  }

  /** qm: fractional bits of the int16 multipliers. */
  public int multiplierFracBits() {
    return multiplierFracBits;
  }

  /** Explicit int16 multipliers (a copy), or empty to derive them from the model. */
  public Optional<int[]> multipliers() {
    if (multipliers == null) {
      return Optional.empty();
    }
    int[] m = new int[multipliers.length];
    for (int i = 0; i < m.length; i++) {
      m[i] = multipliers[i];
    }
    return Optional.of(m);
  }

  public boolean hasExplicitMultipliers() {
    return multipliers != null;
  }

  /**
   * Explicit integer biases (a copy) at {@code qx + qw} fractional bits, each within the
   * accumulator's P bits, or empty to derive them from the model.
   */
  public Optional<int[]> biases() {
    return biases == null ? Optional.empty() : Optional.of(biases.clone());
  }

  public boolean hasExplicitBiases() {
    return biases != null;
  }

  /** qa: fractional bits of the int16 activation slopes. */
  public int slopeFracBits() {
    return slopeFracBits;
  }

  public TensorQuantizer output() {
    return output;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LayerQuantization q
        && q.weights.equals(weights)
        && q.accumulatorBits == accumulatorBits
        && q.multiplierFracBits == multiplierFracBits
        && Arrays.equals(q.multipliers, multipliers)
        && Arrays.equals(q.biases, biases)
        && q.slopeFracBits == slopeFracBits
        && q.output.equals(output);
  }

  @Override
  public int hashCode() {
    return ((weights.hashCode() * 31 + output.hashCode()) * 31 + accumulatorBits) * 31 + Arrays.hashCode(multipliers) * 7 + Arrays.hashCode(biases);
  }

  @Override
  public String toString() {
    return "w " + weights + ", acc " + accumulatorBits + ", qm " + multiplierFracBits
        + (multipliers != null ? " (explicit)" : "") + (biases != null ? ", explicit biases" : "") + ", qa " + slopeFracBits + ", out " + output;
  }

  /** Builder; defaults: 32-bit accumulator, qm = 0, qa = 0, multipliers from the model. */
  public static final class Builder {
    private TensorQuantizer weights;
    private int accumulatorBits = 32;
    private int multiplierFracBits;
    private short[] multipliers;
    private int[] biases;
    private int slopeFracBits;
    private TensorQuantizer output;

    private Builder(TensorQuantizer weights, TensorQuantizer output) {
      this.weights = Preconditions.checkNotNull(weights);
      this.output = Preconditions.checkNotNull(output);
    }

    public Builder weights(TensorQuantizer q) {
      this.weights = Preconditions.checkNotNull(q);
      return this;
    }

    public Builder output(TensorQuantizer q) {
      this.output = Preconditions.checkNotNull(q);
      return this;
    }

    public Builder accumulatorBits(int p) {
      Preconditions.checkArgument(p == 16 || p == 24 || p == 32, "accumulator precision %s is not 16, 24 or 32", p);
      this.accumulatorBits = p;
      return this;
    }

    public Builder multiplierFracBits(int qm) {
      Preconditions.checkArgument(qm >= 0 && qm <= MAX_MULTIPLIER_FRAC_BITS,
          "multiplier fractional bits %s not in 0..%s", qm, MAX_MULTIPLIER_FRAC_BITS);
      this.multiplierFracBits = qm;
      return this;
    }

    /** Explicit int16 multipliers, one per output channel (copied); null derives them from the model. */
    public Builder multipliers(int[] m) {
      if (m == null) {
        this.multipliers = null;
        return this;
      }
      short[] s = new short[m.length];
      for (int i = 0; i < m.length; i++) {
        Preconditions.checkArgument(m[i] >= Short.MIN_VALUE && m[i] <= Short.MAX_VALUE,
            "multiplier %s = %s is not an int16", i, m[i]);
        s[i] = (short) m[i];
      }
      this.multipliers = s;
      return this;
    }

    /**
     * Explicit integer biases at the accumulator's scale, one per output channel (copied; checked
     * against the accumulator precision when built); null derives them from the model.
     */
    public Builder biases(int[] b) {
      this.biases = b == null ? null : b.clone();
      return this;
    }

    public Builder slopeFracBits(int qa) {
      Preconditions.checkArgument(qa >= 0 && qa <= MAX_SLOPE_FRAC_BITS,
          "slope fractional bits %s not in 0..%s", qa, MAX_SLOPE_FRAC_BITS);
      this.slopeFracBits = qa;
      return this;
    }

    public LayerQuantization build() {
      return new LayerQuantization(this);
    }
  }
}
