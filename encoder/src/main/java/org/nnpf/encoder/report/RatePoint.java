package org.nnpf.encoder.report;

import com.google.common.base.Preconditions;

/**
 * One point of a rate-distortion curve: bitrate in kbit/s and PSNR, and where it came from
 * ({@code file:line}, or {@code file} for a JSON report) for messages and tables.
 */
public record RatePoint(double kbps, Psnr psnr, String source) {

  public RatePoint {
    Preconditions.checkNotNull(psnr, "psnr");
    Preconditions.checkNotNull(source, "source");
  }
}
