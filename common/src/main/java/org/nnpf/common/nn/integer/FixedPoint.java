package org.nnpf.common.nn.integer;

/**
 * The integer operators of docs/integer-inference.md, section 1, on Java longs (every value they
 * are applied to fits; the spec states the ranges).
 */
public final class FixedPoint {
  private FixedPoint() {}

  /** {@code Rsh(v, n)} for n >= 0: {@code n == 0 ? v : (v + 2^(n-1)) >> n} (round half up). */
  public static long rsh(long v, int n) {
    return n == 0 ? v : (v + (1L << (n - 1))) >> n;
  }

  /** {@code Scale(v, n)}: {@code v * 2^n} for n >= 0, {@code Rsh(v, -n)} for n < 0. */
  public static long scale(long v, int n) {
    return n >= 0 ? v << n : rsh(v, -n);
  }

  /** {@code Clip3(lo, hi, v)}. */
  public static long clip3(long lo, long hi, long v) {
    return v < lo ? lo : v > hi ? hi : v;
  }

  /** {@code Sat_b(v)}: clip to the b-bit two's complement range. */
  public static int sat(long v, int bits) {
    long hi = (1L << (bits - 1)) - 1;
    return (int) clip3(-hi - 1, hi, v);
  }

  /** {@code Wrap_P(v)}: v reduced modulo 2^P into {@code [-2^(P-1), 2^(P-1) - 1]}, P in 1..64. */
  public static long wrap(long v, int p) {
    return p == 64 ? v : (v << (64 - p)) >> (64 - p);
  }

  /** Whether v lies in the P-bit two's complement range. */
  public static boolean fits(long v, int p) {
    return v == wrap(v, p);
  }

  /**
   * {@code Round(x * 2^n)} of a float32 x: {@code Sign(y) * Floor(Abs(y) + 1/2)} with {@code y =
   * x * 2^n} evaluated exactly, clipped to [lo, hi]. (x * 2^n and Abs(y) + 1/2 are exact in
   * double for float32 x unless |y| < 2^-28, where the result is 0 either way.)
   */
  public static long quantize(float x, int n, long lo, long hi) {
    double y = Math.scalb((double) x, n);
    double r = Math.floor(Math.abs(y) + 0.5);
    if (r >= 0x1p62) {
      return y < 0 ? lo : hi;
    }
    long q = y < 0 ? -(long) r : (long) r;
    return clip3(lo, hi, q);
  }
}
