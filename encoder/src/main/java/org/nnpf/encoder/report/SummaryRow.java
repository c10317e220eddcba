package org.nnpf.encoder.report;

import com.google.common.base.Preconditions;

/**
 * One row of an encoder summary: the pictures of one slice kind, their bitrate in kbit/s
 * (bits × fps / 1000 / frames, as HM computes it) and their average PSNR. A row with zero frames
 * has {@code NaN} bitrate and PSNR (HM prints {@code -nan}).
 */
public record SummaryRow(SliceKind kind, long frames, double kbps, Psnr psnr) {

  public SummaryRow {
    Preconditions.checkNotNull(kind, "kind");
    Preconditions.checkNotNull(psnr, "psnr");
    Preconditions.checkArgument(frames >= 0, "frames %s is negative", frames);
    if (frames > 0) {
      Preconditions.checkArgument(
          Double.isFinite(kbps) && kbps >= 0, "bitrate %s kbps is not a finite non-negative number", kbps);
      Preconditions.checkArgument(!Double.isNaN(psnr.y()), "Y-PSNR is missing for %s frames", frames);
    }
  }

  /** The row HM prints for a slice kind without pictures. */
  public static SummaryRow empty(SliceKind kind) {
    return new SummaryRow(kind, 0, Double.NaN, Psnr.unavailable());
  }

  /**
   * The row of {@code frames} pictures holding {@code bits} bits in total at {@code fps} pictures
   * per second: bitrate = bits × fps / 1000 / frames kbit/s.
   */
  public static SummaryRow of(SliceKind kind, long frames, long bits, double fps, Psnr psnr) {
    if (frames == 0) {
      return empty(kind);
    }
    return new SummaryRow(kind, frames, kbps(bits, fps, frames), psnr);
  }

  /** HM's bitrate in kbit/s: bits × (fps / 1000 / frames), evaluated in that order. */
  public static double kbps(long bits, double fps, long frames) {
    Preconditions.checkArgument(frames > 0, "frames %s is not positive", frames);
    double scale = fps / 1000 / (double) frames;
    return bits * scale;
  }
}
