package org.nnpf.evaluation.report;

import org.nnpf.encoder.report.RatePoint;
import org.nnpf.encoder.report.Summary;
import org.nnpf.encoder.report.SummaryRow;

/**
 * What {@link SummaryLogParser} found in one encoder log: its layout, the summary rows, and the
 * 1-based line of the {@code a} (all pictures) row.
 */
public record ParsedLog(String name, LogLayout layout, Summary summary, int allRowLine) {

  /** The log's rate point: bitrate and PSNR of all pictures. */
  public RatePoint ratePoint() {
    SummaryRow all = summary.all();
    return new RatePoint(all.kbps(), all.psnr(), name + ":" + allRowLine);
  }
}
