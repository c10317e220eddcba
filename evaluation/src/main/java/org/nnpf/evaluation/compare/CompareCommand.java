package org.nnpf.evaluation.compare;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.nnpf.common.NnpfException;
import org.nnpf.common.cli.CliSupport;
import org.nnpf.encoder.report.AtomicFiles;
import org.nnpf.encoder.report.RatePoint;
import org.nnpf.evaluation.report.RatePointReader;
import org.nnpf.encoder.report.ReportOutput;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bin/compare}: BD-rate and BD-PSNR of a test RD curve against an anchor, per Y, U, V and
 * YUV (6:1:1), with the JVET CTC method (PCHIP) and VCEG-M33 (cubic). Exit status: 0 done, 1 bad
 * input or no BD value computable (nothing written), 2 bad command line.
 */
@Command(
    name = "compare",
    mixinStandardHelpOptions = true,
    versionProvider = CliSupport.VersionProvider.class,
    sortOptions = false,
    description = {
      "BD-rate and BD-PSNR of a test RD curve against an anchor, per Y, U, V and",
      "YUV = (6Y+U+V)/8, with the JVET CTC template method (PCHIP) and VCEG-M33",
      "(cubic fit). Each side is a set of at least 4 rate points, given as",
      "HM/VTM/VVenC encoder logs (the 'a' summary row), CSV files with the header",
      "kbps,y_psnr or kbps,y_psnr,u_psnr,v_psnr, nnpf encoder reports (JSON or",
      "CSV), or directories of nnpf encoder reports (*.json). The kind of each",
      "file is recognised from its content. Details: docs/reports.md.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  bin/compare --anchor hm_qp22.log hm_qp27.log hm_qp32.log hm_qp37.log \\",
      "      --test test.csv",
      "  bin/compare --anchor out/ --anchor-output base --test out/ \\",
      "      --json bd.json --plot rd.png",
      "",
      "Exit status: 0 done (values that cannot be computed are null, with a",
      "reason), 1 bad input or no BD value computable at all (no file written),",
      "2 bad command line."
    })
public final class CompareCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Option(names = "--anchor", arity = "1..*", required = true, paramLabel = "A",
      description = "Anchor rate points: files or directories of encoder reports.")
  private List<Path> anchors = new ArrayList<>();

  @Option(names = "--test", arity = "1..*", required = true, paramLabel = "T",
      description = "Test rate points: files or directories of encoder reports.")
  private List<Path> tests = new ArrayList<>();

  @Option(names = "--anchor-output", paramLabel = "postfilter|base", defaultValue = "postfilter",
      description = "Output of the anchor's encoder reports that gives the point: postfilter (default: the decoder's "
          + "output at the total rate) or base (the base output at the base stream's rate).")
  private ReportOutput anchorOutput;

  @Option(names = "--test-output", paramLabel = "postfilter|base", defaultValue = "postfilter",
      description = "The same for the test's encoder reports (default postfilter).")
  private ReportOutput testOutput;

  @Option(names = "--json", paramLabel = "OUT.json", description = "Write the results as JSON.")
  private Path json;

  @Option(names = "--csv", paramLabel = "OUT.csv", description = "Write the results as CSV.")
  private Path csv;

  @Option(names = "--plot", paramLabel = "OUT.png", description = "Draw the RD curves (PNG).")
  private Path plot;

  @Option(names = "--plot-luma-only", description = "Plot Y only (default: Y, U and V when both sides have chroma).")
  private boolean plotLumaOnly;

  @Option(names = "--anchor-label", defaultValue = "anchor", paramLabel = "NAME", description = "Anchor name in the plot (default ${DEFAULT-VALUE}).")
  private String anchorLabel;

  @Option(names = "--test-label", defaultValue = "test", paramLabel = "NAME", description = "Test name in the plot (default ${DEFAULT-VALUE}).")
  private String testLabel;

  @Option(names = "--quiet", description = "Print nothing but errors.")
  private boolean quiet;

  public static void main(String[] args) {
    CliSupport.main(new CompareCommand(), args);
  }

  /** The configured command line writing to the process's standard output and error. */
  public static CommandLine commandLine() {
    return commandLine(
        new PrintWriter(System.out, true, StandardCharsets.UTF_8), new PrintWriter(System.err, true, StandardCharsets.UTF_8));
  }

  /** The configured command line writing to {@code out} and {@code err} (for running in-process). */
  public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
    return CliSupport.commandLine(new CompareCommand(), out, err);
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (anchorLabel.equals(testLabel)) {
      throw new NnpfException("--anchor-label and --test-label are both '" + anchorLabel + "'");
    }
    Side anchor = read("anchor", anchors, anchorOutput);
    Side test = read("test", tests, testOutput);
    checkSequences(anchor, test);
    Map<Path, String> outputs = outputs();
    checkOutputs(outputs, anchor, test);

    BdComparison result = BdComparison.compare(RdCurve.of("anchor", anchor.points), RdCurve.of("test", test.points));
    if (!result.anyAvailable()) {
      throw new NnpfException("no BD value can be computed: " + result.result(BdMethod.PCHIP, Channel.Y).reason());
    }
    Map<Path, byte[]> files = new LinkedHashMap<>();
    if (json != null) {
      files.put(json, BdResultFormats.json(result).getBytes(StandardCharsets.UTF_8));
    }
    if (csv != null) {
      files.put(csv, BdResultFormats.csv(result).getBytes(StandardCharsets.UTF_8));
    }
    if (plot != null) {
      files.put(plot, RdPlot.png(result, anchorLabel, testLabel, !plotLumaOnly));
    }
    AtomicFiles.writeAll(files);

    if (!quiet) {
      for (Path p : anchor.skipped) {
        err.println("compare: note: skipped " + p + " (JSON, but not an nnpf encoder report)");
      }
      for (Path p : test.skipped) {
        err.println("compare: note: skipped " + p + " (JSON, but not an nnpf encoder report)");
      }
      out.print(BdResultFormats.table(result));
      for (Map.Entry<Path, String> e : outputs.entrySet()) {
        out.println("wrote " + e.getValue() + ": " + e.getKey());
      }
      out.flush();
      err.flush();
    }
    return 0;
  }

  private record Side(List<RatePoint> points, List<Path> files, SortedSet<String> sequences, List<Path> skipped) {}

  private static Side read(String name, List<Path> inputs, ReportOutput output) {
    List<RatePoint> points = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    SortedSet<String> sequences = new TreeSet<>();
    List<Path> skipped = new ArrayList<>();
    for (Path p : inputs) {
      RatePointReader.Loaded l = RatePointReader.read(p, output);
      points.addAll(l.points());
      files.addAll(l.files());
      sequences.addAll(l.sequences());
      skipped.addAll(l.skipped());
    }
    if (sequences.size() > 1) {
      throw new NnpfException(name + ": encoder reports of " + sequences.size() + " sequences " + sequences
          + "; compare one sequence at a time");
    }
    return new Side(points, files, sequences, skipped);
  }

  private static void checkSequences(Side anchor, Side test) {
    if (!anchor.sequences.isEmpty() && !test.sequences.isEmpty() && !anchor.sequences.equals(test.sequences)) {
      throw new NnpfException("the anchor reports are of sequence " + anchor.sequences.first() + " and the test reports of "
          + test.sequences.first());
    }
  }

  private Map<Path, String> outputs() {
    Map<Path, String> o = new LinkedHashMap<>();
    if (json != null) {
      o.put(json, "--json");
    }
    if (csv != null) {
      o.put(csv, "--csv");
    }
    if (plot != null) {
      o.put(plot, "--plot");
    }
    return o;
  }

  private void checkOutputs(Map<Path, String> outputs, Side anchor, Side test) {
    List<Path> inputs = new ArrayList<>(anchor.files);
    inputs.addAll(test.files);
    inputs.addAll(anchors);
    inputs.addAll(tests);
    List<Path> seen = new ArrayList<>();
    for (Map.Entry<Path, String> e : outputs.entrySet()) {
      Path o = e.getKey();
      if (Files.isDirectory(o)) {
        throw new NnpfException(e.getValue() + " " + o + ": is a directory");
      }
      for (Path in : inputs) {
        if (same(o, in)) {
          throw new NnpfException(e.getValue() + " " + o + ": is also an input; choose another output path");
        }
      }
      for (Path s : seen) {
        if (same(o, s)) {
          throw new NnpfException(e.getValue() + " " + o + ": is also the path of another output");
        }
      }
      seen.add(o);
    }
  }

  private static boolean same(Path a, Path b) {
    if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) {
      return true;
    }
    try {
      return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
    } catch (IOException e) {
      return false;
    }
  }
}
