package org.nnpf.encoder.train.autodiff;

import com.google.common.base.Preconditions;

/**
 * Power-of-two fake quantizer: {@code q(x) = clamp(round(x * 2^frac), -2^(bits-1), 2^(bits-1) - 1) / 2^frac}
 * with {@code round(v) = floor(v + 0.5)} (halves rounded towards +infinity).
 *
 * <p>In the backward pass it acts as the straight-through estimator: the gradient passes
 * unchanged where {@code x} lies inside the representable range and is zero where it was clipped.
 */
public record FakeQuantizer(int bits, int frac) {
  public FakeQuantizer {
    Preconditions.checkArgument(bits >= 2 && bits <= 32, "bit width %s is not in 2..32", bits);
    Preconditions.checkArgument(frac >= -64 && frac <= 64, "fractional bits %s are out of range", frac);
  }

  /** Smallest integer code. */
  public long minCode() {
    return -(1L << (bits - 1));
  }

  /** Largest integer code. */
  public long maxCode() {
    return (1L << (bits - 1)) - 1;
  }

  /** The integer code of {@code x}: {@code clamp(floor(x * 2^frac + 0.5))}. */
  public long code(double x) {
    double v = Math.floor(Math.scalb(x, frac) + 0.5);
    return (long) Math.max(minCode(), Math.min(maxCode(), v));
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
