package org.nnpf.encoder.report;

/**
 * PSNR of one output in dB: luma, the two chroma planes, and the combined YUV-PSNR as the encoder
 * reports it (HM: from the sample-count-weighted MSE, 4:1:1 for 4:2:0). {@code NaN} means "not
 * available": chroma of a luma-only source, or every value of a slice kind without pictures.
 * The BD computations do not use {@link #yuv()}; they combine Y, U and V as (6Y + U + V) / 8.
 */
public record Psnr(double y, double u, double v, double yuv) {

  /** A PSNR with luma only; chroma and YUV are not available. */
  public static Psnr lumaOnly(double y) {
    return new Psnr(y, Double.NaN, Double.NaN, Double.NaN);
  }

  /** All values not available (a slice kind without pictures). */
  public static Psnr unavailable() {
    return new Psnr(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
  }

  /** Whether U and V are available. */
  public boolean hasChroma() {
    return !Double.isNaN(u) && !Double.isNaN(v);
  }
}
