package org.nnpf.evaluation.compare;

import org.nnpf.encoder.report.Psnr;

/** The PSNR a BD value is computed on. */
public enum Channel {
  Y,
  U,
  V,
  /** Combined PSNR (6·Y + U + V) / 8, as in the JVET CTC template (not the encoder's YUV-PSNR). */
  YUV;

  /** This channel's PSNR of {@code p}; NaN when not available (chroma of a luma-only point). */
  public double of(Psnr p) {
    return switch (this) {
      case Y -> p.y();
      case U -> p.u();
      case V -> p.v();
      case YUV -> (6 * p.y() + p.u() + p.v()) / 8;
    };
  }
}
