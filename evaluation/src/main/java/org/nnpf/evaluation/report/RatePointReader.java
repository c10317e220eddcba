package org.nnpf.evaluation.report;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSortedSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.nnpf.common.NnpfException;
import org.nnpf.encoder.report.EncoderReport;
import org.nnpf.encoder.report.EncoderReportCsv;
import org.nnpf.encoder.report.EncoderReportJson;
import org.nnpf.encoder.report.RatePoint;
import org.nnpf.encoder.report.ReportOutput;
import org.nnpf.encoder.report.TextFiles;

/**
 * Reads the rate points of one input, recognising its kind by content:
 *
 * <ul>
 *   <li>a JSON object → an nnpf encoder report ({@link EncoderReportJson}), one point;
 *   <li>first line {@link EncoderReportCsv#HEADER} → encoder reports as CSV, one point per row;
 *   <li>first non-comment line starting with {@code kbps,} → a rate-point CSV ({@link RateCsv});
 *   <li>a line with {@code Total Frames | Bitrate} → an HM/VTM/VVenC log ({@link SummaryLogParser}),
 *       one point (the {@code a} row);
 *   <li>a directory → every {@code *.json} file below it (recursively, in path order) that is an
 *       nnpf encoder report; other JSON files (e.g. a BD-rate result) are skipped.
 * </ul>
 *
 * <p>For encoder reports {@link ReportOutput} chooses the output whose point is taken.
 */
public final class RatePointReader {
  private static final int MAX_DEPTH = 16;

  private RatePointReader() {}

  /**
   * The points read from one input.
   *
   * @param points the rate points, in file order
   * @param files the files read (for a directory: the reports used)
   * @param sequences the sequence names of the encoder reports among them (empty for logs, CSV)
   * @param skipped JSON files of a directory that are not encoder reports
   */
  public record Loaded(List<RatePoint> points, List<Path> files, SortedSet<String> sequences, List<Path> skipped) {
    public Loaded {
      points = ImmutableList.copyOf(points);
      files = ImmutableList.copyOf(files);
      sequences = ImmutableSortedSet.copyOf(sequences);
      skipped = ImmutableList.copyOf(skipped);
    }
  }

  /** Reads a file or a directory of reports; failures name the file and line. */
  public static Loaded read(Path input, ReportOutput output) {
    if (Files.isDirectory(input)) {
      return readDirectory(input, output);
    }
    List<RatePoint> points = new ArrayList<>();
    SortedSet<String> sequences = new TreeSet<>();
    readFile(input, output, points, sequences);
    return new Loaded(points, List.of(input), sequences, List.of());
  }

  private static void readFile(Path file, ReportOutput output, List<RatePoint> points, SortedSet<String> sequences) {
    List<String> lines = TextFiles.readLines(file);
    String name = file.toString();
    String first = lines.stream().filter(l -> !l.isBlank()).findFirst().orElse("").strip();
    if (first.startsWith("{")) {
      EncoderReport r = EncoderReportJson.parse(String.join("\n", lines), name);
      points.add(r.ratePoint(output, name));
      sequences.add(r.sequence());
    } else if (EncoderReportCsv.looksLikeReportCsv(lines)) {
      List<EncoderReport> reports = EncoderReportCsv.read(lines, name);
      int row = 0;
      for (int i = 1; i < lines.size() && row < reports.size(); i++) {
        if (!lines.get(i).isBlank()) {
          EncoderReport r = reports.get(row++);
          points.add(r.ratePoint(output, name + ":" + (i + 1)));
          sequences.add(r.sequence());
        }
      }
    } else if (RateCsv.looksLikeRateCsv(lines)) {
      points.addAll(RateCsv.read(lines, name));
    } else if (SummaryLogParser.looksLikeLog(lines)) {
      points.add(SummaryLogParser.parse(lines, name).ratePoint());
    } else {
      throw new NnpfException(name + ": not a recognised rate-point file: expected an HM/VTM/VVenC encoder log "
          + "(a 'Total Frames | Bitrate ...' summary), a CSV with the header '" + RateCsv.HEADER_Y + "' or '"
          + RateCsv.HEADER_YUV + "', or an nnpf encoder report (JSON or CSV)");
    }
  }

  private static Loaded readDirectory(Path dir, ReportOutput output) {
    List<Path> candidates;
    try (Stream<Path> s = Files.walk(dir, MAX_DEPTH)) {
      candidates = s.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json"))
          .sorted()
          .toList();
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new NnpfException(dir + ": cannot list the directory: " + e.getMessage(), e);
    }
    List<RatePoint> points = new ArrayList<>();
    List<Path> used = new ArrayList<>();
    List<Path> skipped = new ArrayList<>();
    SortedSet<String> sequences = new TreeSet<>();
    for (Path p : candidates) {
      String text = String.join("\n", TextFiles.readLines(p));
      if (!EncoderReportJson.isEncoderReport(text)) {
        skipped.add(p);
        continue;
      }
      EncoderReport r = EncoderReportJson.parse(text, p.toString());
      points.add(r.ratePoint(output, p.toString()));
      sequences.add(r.sequence());
      used.add(p);
    }
    if (points.isEmpty()) {
      throw new NnpfException(dir + ": the directory holds no nnpf encoder report (*.json with \"format\": \""
          + EncoderReportJson.FORMAT + "\")");
    }
    return new Loaded(points, used, sequences, skipped);
  }
}
