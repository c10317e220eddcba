package org.nnpf.encoder.quant;

import com.google.common.base.Preconditions;

/**
 * The individual rules that turn statistics into power-of-two quantizers (method.md, section 1).
 * A quantizer of {@code b} bits and {@code q} fractional bits represents {@code v} by the integer
 * {@code round(v * 2^q)} in {@code [-2^(b-1), 2^(b-1) - 1]}.
 */
public final class QuantizerRules {
  /** Smallest fractional bit count of a tensor quantizer (as the integer process allows). */
  public static final int MIN_FRAC = -8;
  /** Largest fractional bit count of a tensor quantizer. */
  public static final int MAX_FRAC = 31;
  /** Largest fractional bit count of the int16 multipliers and slopes. */
  public static final int MAX_PARAM_FRAC = 15;

  private QuantizerRules() {}

  /**
   * The most fractional bits q such that {@code maxAbs * 2^q <= 2^(bits-1) - 1}, i.e. the largest
   * value (weights from max|w|, activations from the measured max|a|, outputs from the measured
   * max|output|) still fits without saturation; clamped to {@code [MIN_FRAC, MAX_FRAC]}; MAX_FRAC
   * for an all-zero tensor.
   */
  public static int fracBits(double maxAbs, int bits) {
    Preconditions.checkArgument(bits >= 2 && bits <= 32, "bits %s", bits);
    Preconditions.checkArgument(maxAbs >= 0 && Double.isFinite(maxAbs), "max |value| %s", maxAbs);
    double top = (1L << (bits - 1)) - 1;
    if (maxAbs == 0) {
      return MAX_FRAC;
    }
    int q = (int) Math.floor(Math.log(top / maxAbs) / Math.log(2));
    // Correct the floating-point logarithm at exact powers of two.
    while (Math.scalb(maxAbs, q + 1) <= top) {
      q++;
    }
    while (Math.scalb(maxAbs, q) > top) {
      q--;
    }
    return Math.max(MIN_FRAC, Math.min(MAX_FRAC, q));
  }

  /** Fractional bits of int16 parameters (multipliers, slopes): {@link #fracBits} capped at 15 and at least 0. */
  public static int int16FracBits(double maxAbs) {
    return Math.max(0, Math.min(MAX_PARAM_FRAC, fracBits(maxAbs, 16)));
  }

  /** {@code sign(v) * floor(|v| * 2^q + 1/2)}: the integer code of a parameter (no clipping). */
  public static long code(double v, int q) {
    double y = Math.scalb(v, q);
    double r = Math.floor(Math.abs(y) + 0.5);
    return (long) (y < 0 ? -r : r);
  }

  /** The largest value a P-bit accumulator holds, {@code 2^(P-1) - 1}. */
  public static long accumulatorLimit(int p) {
    Preconditions.checkArgument(p >= 2 && p <= 63, "precision %s", p);
    return (1L << (p - 1)) - 1;
  }

  /**
   * The accumulation bound of {@code strategy} in the integer domain, for a layer reading a tensor
   * of {@code inBits} bits and {@code inFrac} fractional bits with weights of {@code weightFrac}
   * fractional bits (see {@link Strategy}).
   */
  public static double bound(Strategy strategy, LayerStatistics s, int inBits, int inFrac, int weightFrac) {
    double bias = code(s.maxAbsBias(), inFrac + weightFrac);
    switch (strategy) {
      case WORST_CASE:
        return Math.abs(bias) + (double) s.fanIn() * code(s.maxAbsWeight(), weightFrac) * Math.scalb(1.0, inBits - 1);
      case APPROXIMATE:
        return Math.scalb(s.maxAbsBias() + s.fanIn() * s.meanAbsWeight() * s.maxAbsInput(), inFrac + weightFrac);
      default:
        return Math.scalb(Math.max(s.maxAbsAccumulation(), s.maxAbsBias()), inFrac + weightFrac);
    }
  }
}
