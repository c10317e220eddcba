package org.nnpf.evaluation.report;

/** The summary-table layouts of the reference encoders that {@link SummaryLogParser} reads. */
public enum LogLayout {
  /**
   * HM, and VTM before version 14: {@code "\tTotal Frames |   Bitrate     Y-PSNR    U-PSNR
   * V-PSNR    YUV-PSNR "} and rows {@code "\t %8d    %c %12.4lf  %8.4lf  …"}, usually after a
   * {@code SUMMARY ----} line and followed by the I/P/B slice blocks.
   */
  HM,
  /**
   * VTM 14 and later (JVET-W0134 uniform metrics log): {@code "\tTotal Frames |  Bitrate
   * Y-PSNR   U-PSNR   V-PSNR   YUV-PSNR …"} after a {@code LayerId  0} line, rows like
   * {@code "\t64           a  20580.7438    41.7798 …"}; no SUMMARY line at default verbosity.
   */
  VTM_UNIFORM,
  /** VVenC: the HM layout with every line prefixed by {@code "vvenc [info]:"}. */
  VVENC
}
