package org.nnpf.training.autodiff;

import com.google.common.base.Preconditions;

/**
 * Power-of-two fake quantizer: {@code q(x) = clamp(round(x * 2^frac), lo, hi) / 2^frac}, with the
 * integer range {@code [lo, hi]} of a {@code bits}-bit two's complement number (or unbounded when
 * {@code bits == 64}) and one of two rounding rules:
 *
 * <ul>
 *   <li>{@link Rounding#HALF_UP}: {@code floor(v + 1/2)}, the result of the integer right shift
 *       {@code (a + 2^(n-1)) >> n} that requantizes activations;
 *   <li>{@link Rounding#HALF_AWAY}: {@code sign(v) * floor(|v| + 1/2)}, the rule that quantizes
 *       parameters (weights, biases, multipliers, slopes).
 * </ul>
 *
 * <p>In the backward pass it acts as the straight-through estimator: the gradient passes
 * unchanged where {@code x} lies inside the representable range and is zero where it was clipped.
 */
public record FakeQuantizer(int bits, int frac, Rounding rounding) {
  /** Rounding of {@code x * 2^frac} to an integer. */
  public enum Rounding {
    HALF_UP,
    HALF_AWAY
  }

  public FakeQuantizer {
    Preconditions.checkArgument(bits >= 2 && bits <= 64, "bit width %s is not in 2..64", bits);
    Preconditions.checkArgument(frac >= -64 && frac <= 64, "fractional bits %s are out of range", frac);
    Preconditions.checkNotNull(rounding, "rounding");
  }

  /** An activation quantizer (round half up). */
  public FakeQuantizer(int bits, int frac) {
    this(bits, frac, Rounding.HALF_UP);
  }

  /** Smallest integer code. */
  public long minCode() {
    return bits == 64 ? Long.MIN_VALUE : -(1L << (bits - 1));
  }

  /** Largest integer code. */
  public long maxCode() {
    return bits == 64 ? Long.MAX_VALUE : (1L << (bits - 1)) - 1;
  }

  /** The integer code of {@code x}, rounded and clamped. */
  public long code(double x) {
    double v = Math.scalb(x, frac);
    double r = rounding == Rounding.HALF_UP ? Math.floor(v + 0.5) : Math.signum(v) * Math.floor(Math.abs(v) + 0.5);
    if (r <= minCode()) {
      return minCode();
    }
    if (r >= maxCode()) {
      return maxCode();
    }
    return (long) r;
  }

  /** The fake-quantized value of {@code x}. */
  public float apply(float x) {
    return (float) Math.scalb((double) code(x), -frac);
  }

  /** True if {@code x} is inside the representable range (the STE passes its gradient). */
  public boolean passes(float x) {
    double v = Math.scalb((double) x, frac);
    return v >= minCode() - 0.5 && v < maxCode() + 0.5;
  }
}
