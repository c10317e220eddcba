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
    double r = rounded(Math.scalb(x, frac), rounding == Rounding.HALF_UP, minCode(), maxCode());
    // the largest code of more than 53 bits is not a double: r is then its rounding up
    return r >= maxCode() ? maxCode() : (long) r;
  }

  /**
   * The code of the scaled value {@code v} ({@code x * 2^frac}) as an integer-valued double:
   * rounded by the rule, clamped to {@code [lo, hi]} (the codes' range as doubles), {@code -0.0}
   * made {@code 0} and NaN {@code 0}, as through a {@code long}. The one rounding rule of {@link
   * #code} and of the array form of {@link #apply}.
   */
  private static double rounded(double v, boolean halfUp, double lo, double hi) {
    double r = halfUp ? Math.floor(v + 0.5) : Math.signum(v) * Math.floor(Math.abs(v) + 0.5);
    return r <= lo ? lo : r >= hi ? hi : r == r ? r + 0.0 : 0;
  }

  /** The fake-quantized value of {@code x}. */
  public float apply(float x) {
    return (float) Math.scalb((double) code(x), -frac);
  }

  /**
   * {@link #apply} of every element of {@code x} into {@code y}, with the scale factors and the
   * range hoisted out of the loop: every value is {@code apply(x[i])}'s (the scalings by powers of
   * two are exact in double precision, and the clamping and rounding are the same comparisons).
   */
  public void apply(float[] x, float[] y, int n) {
    double s = Math.scalb(1.0, frac);
    double inv = Math.scalb(1.0, -frac);
    double lo = minCode();
    double hi = maxCode();
    boolean up = rounding == Rounding.HALF_UP;
    for (int i = 0; i < n; i++) {
      y[i] = (float) (rounded(x[i] * s, up, lo, hi) * inv);
    }
  }

  /**
   * Adds {@code g[i]} to {@code d[i]} where {@link #passes}{@code (x[i])}: the straight-through
   * estimator over an array, the range hoisted out of the loop.
   */
  public void passGradients(float[] x, float[] g, float[] d, int n) {
    double s = Math.scalb(1.0, frac);
    double lo = minCode() - 0.5;
    double hi = maxCode() + 0.5;
    for (int i = 0; i < n; i++) {
      double v = x[i] * s;
      if (v >= lo && v < hi) {
        d[i] += g[i];
      }
    }
  }

  /** True if {@code x} is inside the representable range (the STE passes its gradient). */
  public boolean passes(float x) {
    double v = Math.scalb((double) x, frac);
    return v >= minCode() - 0.5 && v < maxCode() + 0.5;
  }
}
