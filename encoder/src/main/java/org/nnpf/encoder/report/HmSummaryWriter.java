package org.nnpf.encoder.report;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Prints an encoder summary exactly as HM's {@code TEncGOP::printOutSummary} and
 * {@code TEncAnalyze::printOut} do (default options: no MSE-based PSNR, no sequence MSE). For each
 * row, in the order a, i, p, b:
 *
 * <pre>
 * "\n\n" + title + " " (SUMMARY only) + dashes + "\n"      e.g. "\n\nSUMMARY --------…\n", "\n\nI Slices--------…\n"
 * "\tTotal Frames |   Bitrate     Y-PSNR    U-PSNR    V-PSNR    YUV-PSNR \n"
 * "\t %8d    %c %12.4lf  %8.4lf  %8.4lf  %8.4lf  %8.4lf\n"   frames, delimiter, kbps, Y, U, V, YUV
 * </pre>
 *
 * <p>When chroma is not available (4:0:0) the header is {@code "\tTotal Frames |   Bitrate
 * Y-PSNR\n"} and the row {@code "\t %8d    %c %12.4lf  %8.4lf\n"}, as HM prints for 4:0:0. A row
 * without pictures prints {@code -nan} in every number column, as HM does on x86-64 Linux. Numbers
 * are rounded as C rounds them ({@link CFormat}).
 */
public final class HmSummaryWriter {
  /** The 56 dashes HM prints after each block title. */
  static final String DASHES = "-".repeat(56);

  static final String HEADER_YUV = "\tTotal Frames |   Bitrate     Y-PSNR    U-PSNR    V-PSNR    YUV-PSNR ";
  static final String HEADER_Y = "\tTotal Frames |   Bitrate     Y-PSNR";

  /** The NaN that 0 × inf and 0 / 0 give on x86-64: sign bit set, printed by glibc as -nan. */
  private static final double NEGATIVE_NAN = Double.longBitsToDouble(0xfff8000000000000L);

  private HmSummaryWriter() {}

  /** The whole summary text, starting with HM's two blank lines. */
  public static String format(Summary summary) {
    StringBuilder sb = new StringBuilder();
    write(summary, sb);
    return sb.toString();
  }

  /** Appends the summary to {@code out}. */
  public static void write(Summary summary, Appendable out) {
    boolean chroma = summary.all().psnr().hasChroma();
    try {
      for (SummaryRow row : summary.rows()) {
        out.append("\n\n").append(blockTitle(row.kind())).append('\n');
        out.append(chroma ? HEADER_YUV : HEADER_Y).append('\n');
        out.append(formatRow(row, chroma)).append('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code "SUMMARY -----…"} or {@code "I Slices-----…"}. */
  static String blockTitle(SliceKind kind) {
    return kind == SliceKind.ALL ? kind.title() + " " + DASHES : kind.title() + DASHES;
  }

  /** One table row without the line feed. */
  public static String formatRow(SummaryRow row, boolean chroma) {
    Psnr p = row.psnr();
    StringBuilder sb = new StringBuilder();
    sb.append("\t ").append(CFormat.integer(row.frames(), 8)).append("    ").append(row.kind().delimiter()).append(' ');
    sb.append(number(row, row.kbps(), 12));
    sb.append("  ").append(number(row, p.y(), 8));
    if (chroma) {
      sb.append("  ").append(number(row, p.u(), 8));
      sb.append("  ").append(number(row, p.v(), 8));
      sb.append("  ").append(number(row, p.yuv(), 8));
    }
    return sb.toString();
  }

  private static String number(SummaryRow row, double v, int width) {
    return CFormat.fixed(row.frames() == 0 ? NEGATIVE_NAN : v, width, 4);
  }
}
