package org.nnpf.evaluation.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nnpf.common.NnpfException;
import org.nnpf.encoder.report.Psnr;
import org.nnpf.encoder.report.SliceKind;
import org.nnpf.encoder.report.Summary;
import org.nnpf.encoder.report.SummaryRow;
import org.nnpf.encoder.report.TextFiles;

/**
 * Reads the summary table of an HM, VTM (both layouts) or VVenC encoder log.
 *
 * <p>Rules, applied line by line:
 *
 * <ol>
 *   <li>A prefix {@code "<word> [<level>]:"} (VVenC: {@code "vvenc [info]:"}) is removed first.
 *   <li>A header is a line holding, after white space only, {@code "Total Frames"}, then {@code '|'}, then the column
 *       names separated by white space, the first being {@code Bitrate}. Two spaces exactly
 *       between {@code '|'} and {@code Bitrate} mark the VTM-14+ (JVET-W0134) layout.
 *   <li>The next non-blank line is its row: an optional {@code "Average:"} label (HM with
 *       MSE-based PSNR printing; the following {@code "From MSE:"} row is ignored), the frame
 *       count, the slice-kind delimiter {@code a}/{@code i}/{@code p}/{@code b}, then one value per
 *       column. The number of values must equal the number of columns.
 *   <li>Columns {@code Bitrate} and {@code Y-PSNR} are required; {@code U-PSNR}, {@code V-PSNR},
 *       {@code YUV-PSNR} are read when present; other columns (MSE, WPSNR, MS-SSIM, 360 metrics)
 *       are ignored. {@code nan}/{@code -nan} values are accepted only in rows of zero frames.
 *   <li>A kind seen again with the same values (VTM prints the table twice at high verbosity) is
 *       kept once; with different values (several layers or several runs in one file) the log is
 *       refused. The {@code a} row is required.
 * </ol>
 */
public final class SummaryLogParser {
  private static final Pattern PREFIX = Pattern.compile("^([A-Za-z][\\w.-]*) \\[([A-Za-z]+)\\]:");
  private static final Pattern HEADER = Pattern.compile("^\\s*Total Frames\\s*\\|(\\s*)Bitrate\\b(.*)$");

  private SummaryLogParser() {}

  /** Parses the log file; failures name the file and line. */
  public static ParsedLog parse(Path file) {
    return parse(TextFiles.readLines(file), file.toString());
  }

  /** Whether {@code lines} contain a summary header (used to recognise a log). */
  public static boolean looksLikeLog(List<String> lines) {
    for (String line : lines) {
      if (HEADER.matcher(stripPrefix(line)).find()) {
        return true;
      }
    }
    return false;
  }

  /** Parses the lines of a log called {@code name} (used in messages). */
  public static ParsedLog parse(List<String> lines, String name) {
    Map<SliceKind, SummaryRow> rows = new EnumMap<>(SliceKind.class);
    Map<SliceKind, Integer> rowLines = new EnumMap<>(SliceKind.class);
    LogLayout layout = null;
    boolean prefixed = false;
    for (int i = 0; i < lines.size(); i++) {
      String raw = lines.get(i);
      String content = stripPrefix(raw);
      Matcher h = HEADER.matcher(content);
      if (!h.find()) {
        continue;
      }
      prefixed |= !content.equals(raw);
      LogLayout thisLayout = h.group(1).equals("  ") ? LogLayout.VTM_UNIFORM : LogLayout.HM;
      if (layout == null) {
        layout = thisLayout;
      }
      List<String> columns = new ArrayList<>();
      columns.add("Bitrate");
      columns.addAll(tokens(h.group(2)));
      int rowIndex = nextNonBlank(lines, i + 1);
      if (rowIndex < 0) {
        throw new NnpfException(name + ":" + (i + 1) + ": summary header without a row after it");
      }
      int lineNo = rowIndex + 1;
      SummaryRow row = parseRow(stripPrefix(lines.get(rowIndex)), columns, name + ":" + lineNo);
      SummaryRow previous = rows.get(row.kind());
      if (previous == null) {
        rows.put(row.kind(), row);
        rowLines.put(row.kind(), lineNo);
      } else if (!previous.equals(row)) {
        throw new NnpfException(
            name + ":" + lineNo + ": a second '" + row.kind().delimiter() + "' summary row with different values (first at line "
                + rowLines.get(row.kind()) + "); logs of several layers or several encodings in one file are not supported");
      }
      i = rowIndex;
    }
    if (layout == null) {
      throw new NnpfException(
          name + ": no encoder summary table found (expected a line 'Total Frames |   Bitrate     Y-PSNR ...' as HM, VTM and VVenC print)");
    }
    if (!rows.containsKey(SliceKind.ALL)) {
      throw new NnpfException(name + ": the summary has no 'a' row (all pictures)");
    }
    return new ParsedLog(name, prefixed ? LogLayout.VVENC : layout, Summary.of(new ArrayList<>(rows.values())),
        rowLines.get(SliceKind.ALL));
  }

  private static SummaryRow parseRow(String line, List<String> columns, String where) {
    List<String> t = tokens(line);
    if (!t.isEmpty() && t.get(0).equals("Average:")) {
      t = t.subList(1, t.size());
    }
    if (t.size() < 2) {
      throw new NnpfException(where + ": expected a summary row '<frames> <a|i|p|b> <bitrate> <Y-PSNR> ...', found '" + line.strip() + "'");
    }
    long frames;
    try {
      frames = Long.parseLong(t.get(0));
    } catch (NumberFormatException e) {
      throw new NnpfException(where + ": frame count '" + t.get(0) + "' is not an integer");
    }
    if (frames < 0) {
      throw new NnpfException(where + ": frame count " + frames + " is negative");
    }
    SliceKind kind = t.get(1).length() == 1 ? SliceKind.ofDelimiter(t.get(1).charAt(0)) : null;
    if (kind == null) {
      throw new NnpfException(where + ": slice kind '" + t.get(1) + "' is not one of a, i, p, b");
    }
    List<String> values = t.subList(2, t.size());
    if (values.size() != columns.size()) {
      throw new NnpfException(where + ": " + values.size() + " values but the header names " + columns.size() + " columns "
          + columns);
    }
    double kbps = value(values, columns, "Bitrate", where, frames, true);
    double y = value(values, columns, "Y-PSNR", where, frames, true);
    double u = value(values, columns, "U-PSNR", where, frames, false);
    double v = value(values, columns, "V-PSNR", where, frames, false);
    double yuv = value(values, columns, "YUV-PSNR", where, frames, false);
    if (frames == 0) {
      return SummaryRow.empty(kind);
    }
    if (kbps < 0) {
      throw new NnpfException(where + ": bitrate " + values.get(columns.indexOf("Bitrate")) + " is negative");
    }
    return new SummaryRow(kind, frames, kbps, new Psnr(y, u, v, yuv));
  }

  private static double value(List<String> values, List<String> columns, String column, String where, long frames, boolean required) {
    int k = columns.indexOf(column);
    if (k < 0) {
      if (required) {
        throw new NnpfException(where + ": the summary header has no " + column + " column (columns: " + columns + ")");
      }
      return Double.NaN;
    }
    String token = values.get(k);
    double d;
    try {
      d = TextFiles.parseNumber(token);
    } catch (NumberFormatException e) {
      throw new NnpfException(where + ": " + column + " value '" + token + "' is not a number");
    }
    if (frames > 0 && !Double.isFinite(d)) {
      throw new NnpfException(where + ": " + column + " value '" + token + "' is not finite in a row of " + frames + " frames");
    }
    return d;
  }

  private static int nextNonBlank(List<String> lines, int from) {
    for (int j = from; j < lines.size(); j++) {
      if (!stripPrefix(lines.get(j)).isBlank()) {
        return j;
      }
    }
    return -1;
  }

  static String stripPrefix(String line) {
    Matcher m = PREFIX.matcher(line);
    return m.find() ? line.substring(m.end()) : line;
  }

  private static List<String> tokens(String s) {
    String t = s.strip();
    return t.isEmpty() ? List.of() : Arrays.asList(t.split("\\s+"));
  }
}
