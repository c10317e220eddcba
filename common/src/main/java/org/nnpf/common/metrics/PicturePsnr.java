package org.nnpf.common.metrics;

import com.google.common.base.Preconditions;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;
import org.nnpf.common.picture.Plane;

/**
 * Distortion of one picture against its reference, with the conventions of HM and VTM
 * ({@code TEncGOP::xCalculateAddPSNR}, {@code TEncAnalyze}):
 *
 * <ul>
 *   <li>per plane {@code c} with {@code N} samples: {@code SSE = Σ (ref - test)²},
 *       {@code MSE = SSE / N};
 *   <li>{@code peak = 255 << (bitDepth - 8)} (255 at 8 bits, 1020 at 10 bits; not
 *       {@code 2^bitDepth - 1});
 *   <li>{@code PSNR = 10 · log10(peak² · N / SSE)}, and exactly 999.99 when {@code SSE = 0};
 *   <li>YUV: {@code MSE_yuv = (Σ w_c · MSE_c) / Σ w_c} with {@code w_Y = 4} and for chroma
 *       {@code w = 4 >> (log2SubWidth + log2SubHeight)}: 4:1:1 for 4:2:0, 4:2:2 for 4:2:2, 4:4:4
 *       for 4:4:4, luma only for 4:0:0; {@code PSNR_yuv = 10 · log10(peak² / MSE_yuv)}, 999.99 when
 *       {@code MSE_yuv = 0}.
 * </ul>
 *
 * Immutable.
 */
public final class PicturePsnr {
  /** The value HM prints for identical planes. */
  public static final double IDENTICAL = 999.99;

  private final int bitDepth;
  private final ChromaFormat chromaFormat;
  private final long[] sse;
  private final long[] samples;

  private PicturePsnr(int bitDepth, ChromaFormat chromaFormat, long[] sse, long[] samples) {
    this.bitDepth = bitDepth;
    this.chromaFormat = chromaFormat;
    this.sse = sse;
    this.samples = samples;
  }

  /**
   * Compares {@code test} with {@code ref}; both must have the same size, chroma format and bit
   * depth.
   */
  public static PicturePsnr of(Picture ref, Picture test) {
    Preconditions.checkArgument(
        ref.sameFormat(test), "cannot compare %s with reference %s", test, ref);
    int n = ref.planeCount();
    long[] sse = new long[n];
    long[] count = new long[n];
    for (int c = 0; c < n; c++) {
      sse[c] = sse(ref.plane(c), test.plane(c));
      count[c] = (long) ref.plane(c).width() * ref.plane(c).height();
    }
    return new PicturePsnr(ref.bitDepth(), ref.chromaFormat(), sse, count);
  }

  /** From known per-plane SSE and sample counts (e.g. computed on patches and summed). */
  public static PicturePsnr of(int bitDepth, ChromaFormat chromaFormat, long[] sse, long[] sampleCounts) {
    Preconditions.checkArgument(
        sse.length == chromaFormat.planeCount() && sampleCounts.length == sse.length,
        "need %s planes for chroma format %s",
        chromaFormat.planeCount(),
        chromaFormat.shortName());
    for (int c = 0; c < sse.length; c++) {
      Preconditions.checkArgument(sse[c] >= 0 && sampleCounts[c] > 0, "plane %s: bad SSE or count", c);
    }
    return new PicturePsnr(bitDepth, chromaFormat, sse.clone(), sampleCounts.clone());
  }

  /** {@code Σ (a - b)²} over all samples of two planes of equal size. */
  public static long sse(Plane a, Plane b) {
    Preconditions.checkArgument(
        a.width() == b.width() && a.height() == b.height(), "planes %s and %s differ in size", a, b);
    short[] x = a.samples();
    short[] y = b.samples();
    long sum = 0;
    for (int i = 0; i < x.length; i++) {
      long d = (x[i] & 0xFFFF) - (y[i] & 0xFFFF);
      sum += d * d;
    }
    return sum;
  }

  /** HM's PSNR peak value: {@code 255 << (bitDepth - 8)}. */
  public static int peak(int bitDepth) {
    return 255 << (bitDepth - 8);
  }

  /** {@code 10 · log10(peak² · n / sse)}, or 999.99 when {@code sse == 0}. */
  public static double psnr(long sse, long n, int bitDepth) {
    if (sse == 0) {
      return IDENTICAL;
    }
    double peak = peak(bitDepth);
    return 10.0 * Math.log10(peak * peak * (double) n / (double) sse);
  }

  /** {@code 10 · log10(peak² / mse)}, or 999.99 when {@code mse == 0}. */
  public static double psnrOfMse(double mse, int bitDepth) {
    if (mse == 0) {
      return IDENTICAL;
    }
    double peak = peak(bitDepth);
    return 10.0 * Math.log10(peak * peak / mse);
  }

  /** Weight of plane {@code c} in the YUV combination: 4 for luma, {@code 4 >> (sx + sy)} for chroma. */
  public static int yuvWeight(ChromaFormat cf, int c) {
    return c == 0 ? 4 : 4 >> (cf.log2SubWidth() + cf.log2SubHeight());
  }

  public int bitDepth() {
    return bitDepth;
  }

  public ChromaFormat chromaFormat() {
    return chromaFormat;
  }

  public int planeCount() {
    return sse.length;
  }

  public long sse(int c) {
    return sse[c];
  }

  public long sampleCount(int c) {
    return samples[c];
  }

  public double mse(int c) {
    return (double) sse[c] / samples[c];
  }

  public double psnr(int c) {
    return psnr(sse[c], samples[c], bitDepth);
  }

  /** The weighted mean of the planes' MSE (see the class comment). */
  public double yuvMse() {
    double num = 0;
    int den = 0;
    for (int c = 0; c < sse.length; c++) {
      int w = yuvWeight(chromaFormat, c);
      num += w * mse(c);
      den += w;
    }
    return num / den;
  }

  public double yuvPsnr() {
    return psnrOfMse(yuvMse(), bitDepth);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("PSNR[");
    for (int c = 0; c < sse.length; c++) {
      b.append(String.format(java.util.Locale.ROOT, "%s%.4f", c == 0 ? "Y " : c == 1 ? " U " : " V ", psnr(c)));
    }
    return b.append(String.format(java.util.Locale.ROOT, " YUV %.4f]", yuvPsnr())).toString();
  }
}
