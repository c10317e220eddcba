package org.nnpf.common.codec;

import org.nnpf.common.picture.Plane;

/**
 * PSNR of one plane with HM's conventions: peak {@code 255 << (bitDepth - 8)}, 999.99 when the
 * planes are identical. Used by the round-trip demo and the benchmark.
 */
final class PlanePsnr {
  /** What HM prints for identical planes. */
  static final double IDENTICAL = 999.99;

  private PlanePsnr() {}

  /** Sum of squared differences of two planes of equal size. */
  static long sse(Plane a, Plane b) {
    short[] x = a.samples();
    short[] y = b.samples();
    if (a.width() != b.width() || a.height() != b.height()) {
      throw new IllegalArgumentException("plane sizes differ: " + a + " and " + b);
    }
    long s = 0;
    for (int i = 0; i < x.length; i++) {
      long d = (x[i] & 0xFFFF) - (y[i] & 0xFFFF);
      s += d * d;
    }
    return s;
  }

  /** PSNR in dB of a summed squared error over {@code samples} samples. */
  static double psnr(double sse, long samples, int bitDepth) {
    if (sse == 0) {
      return IDENTICAL;
    }
    double peak = 255 << (bitDepth - 8);
    return 10 * Math.log10(peak * peak * samples / sse);
  }
}
