package org.nnpf.encoder.report;

/**
 * Which output of an encoder report gives its rate point.
 *
 * <ul>
 *   <li>{@link #POSTFILTER} (default): the decoder's output, i.e. the post-filtered pictures at
 *       the total rate (base stream plus post-filter units); for a report without a post-filtered
 *       output (encoded with {@code --no-postfilter}) this is the base output at the total rate.
 *   <li>{@link #BASE}: the base decoder's output at the base stream's rate, without the
 *       post-filter units — the anchor curve from the same set of reports.
 * </ul>
 */
public enum ReportOutput {
  POSTFILTER,
  BASE
}
