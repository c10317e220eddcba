package org.nnpf.common.metrics;

import com.google.common.base.Preconditions;
import org.nnpf.common.picture.ChromaFormat;

/**
 * Sequence averages of {@link PicturePsnr} results, computed as HM's {@code TEncAnalyze} does for
 * its summary table:
 *
 * <ul>
 *   <li>Y-, U-, V-PSNR: the mean over pictures of the per-picture PSNR,
 *       {@code (Σ_i PSNR_c,i) / n}, identical pictures counting 999.99;
 *   <li>YUV-PSNR: not a mean of per-picture values but the PSNR of the weighted sequence MSE:
 *       {@code MSE_c = (Σ_i MSE_c,i) / n}, {@code MSE_yuv = Σ w_c · MSE_c / Σ w_c} with the
 *       weights of {@link PicturePsnr#yuvWeight} (4:1:1 for 4:2:0),
 *       {@code PSNR_yuv = 10 · log10(peak² / MSE_yuv)} (999.99 when 0);
 *   <li>{@link #psnrOfMeanMse}: HM's "From MSE" line (printed with {@code --PrintMSEBasedSequencePSNR}),
 *       {@code 10 · log10(peak² / MSE_c)}.
 * </ul>
 *
 * With no picture added, every average is NaN (as HM's division by zero). All pictures must share
 * bit depth and chroma format. Not thread-safe.
 */
public final class PsnrAccumulator {
  private int count;
  private int bitDepth;
  private ChromaFormat chromaFormat;
  private final double[] psnrSum = new double[3];
  private final double[] mseSum = new double[3];

  /** Adds one picture's result. */
  public PsnrAccumulator add(PicturePsnr p) {
    if (count == 0) {
      bitDepth = p.bitDepth();
      chromaFormat = p.chromaFormat();
    } else {
      Preconditions.checkArgument(
          p.bitDepth() == bitDepth && p.chromaFormat() == chromaFormat,
          "picture %s is %s-bit %s, the sequence %s-bit %s",
          count,
          p.bitDepth(),
          p.chromaFormat().shortName(),
          bitDepth,
          chromaFormat.shortName());
    }
    for (int c = 0; c < p.planeCount(); c++) {
      psnrSum[c] += p.psnr(c);
      mseSum[c] += p.mse(c);
    }
    count++;
    return this;
  }

  /** Number of pictures added. */
  public int count() {
    return count;
  }

  /** Number of planes (1 or 3), or 0 before the first picture. */
  public int planeCount() {
    return count == 0 ? 0 : chromaFormat.planeCount();
  }

  /** {@code (Σ_i PSNR_c,i) / n}: the Y-/U-/V-PSNR of HM's summary. */
  public double averagePsnr(int c) {
    checkPlane(c);
    return psnrSum[c] / count;
  }

  /** {@code (Σ_i MSE_c,i) / n}. */
  public double averageMse(int c) {
    checkPlane(c);
    return mseSum[c] / count;
  }

  private void checkPlane(int c) {
    Preconditions.checkArgument(
        c >= 0 && c < (count == 0 ? 3 : chromaFormat.planeCount()),
        "plane %s does not exist in %s pictures",
        c,
        count == 0 ? "any" : chromaFormat.shortName());
  }

  /** The weighted sequence MSE behind {@link #yuvPsnr()}. */
  public double yuvMse() {
    if (count == 0) {
      return Double.NaN;
    }
    double num = 0;
    int den = 0;
    for (int c = 0; c < chromaFormat.planeCount(); c++) {
      int w = PicturePsnr.yuvWeight(chromaFormat, c);
      num += w * averageMse(c);
      den += w;
    }
    return num / den;
  }

  /** The YUV-PSNR of HM's summary (see the class comment). */
  public double yuvPsnr() {
    return count == 0 ? Double.NaN : PicturePsnr.psnrOfMse(yuvMse(), bitDepth);
  }

  /** {@code 10 · log10(peak² / ((Σ_i MSE_c,i) / n))}: HM's "From MSE" PSNR of plane {@code c}. */
  public double psnrOfMeanMse(int c) {
    return count == 0 ? Double.NaN : PicturePsnr.psnrOfMse(averageMse(c), bitDepth);
  }
}
