package org.nnpf.encoder.overfit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nnpf.common.codec.CodingStructure;
import org.nnpf.common.io.PictureFiles;
import org.nnpf.common.io.PictureSource;
import org.nnpf.common.io.RawOptions;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.ModelFile;
import org.nnpf.common.picture.Picture;
import org.nnpf.encoder.quant.InfeasiblePlanException;
import org.nnpf.encoder.quant.NetworkStatistics;
import org.nnpf.encoder.quant.QuantizationPlan;
import org.nnpf.encoder.quant.QuantizationPlanner;
import org.nnpf.encoder.quant.SequenceQuantizer;
import org.nnpf.encoder.quant.TensorBitAllocation;
import org.nnpf.encoder.quant.Strategy;
import org.nnpf.training.data.DatasetBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Evaluation command for docs/: codes each raw sequence with the base codec (HEVC, random access,
 * fixed QP), then for the decoded pictures measures the base model, overfits it, and checks the
 * quantization under every accumulation strategy and accumulator precision, with the bit
 * allocation of the signalled plan (all 8 bits where that has no plan): accumulations beyond the
 * precision before the overflow guard, and the integer-versus-float loss after it. Appends one markdown table row per sequence to
 * {@code --table} and the full encoder-side reports to {@code --report}.
 */
@Command(name = "evaluate-overfitting", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Base codec vs base model vs overfitted model, float and integer, per sequence.")
public final class EvaluateOverfitting implements Callable<Integer> {
  @Parameters(arity = "1..*", description = "sequences: raw .yuv named with their geometry (e.g. <name>_<W>x<H>_<N>f[_yuv420p10le].yuv), .y4m, or any file FFmpeg reads")
  List<Path> sequences;

  @Option(names = {"-m", "--model"}, required = true, description = "base model file (.nnpm)")
  Path model;

  @Option(names = {"-q", "--qp"}, defaultValue = "37", description = "base codec QP (default ${DEFAULT-VALUE})")
  int qp;

  @Option(names = "--frames", defaultValue = "0", description = "at most this many frames per sequence (0: all)")
  int frames;

  @Option(names = "--preset", defaultValue = "medium", description = "x265 preset (default ${DEFAULT-VALUE})")
  String preset;

  @Option(names = "--iterations", defaultValue = "400", description = "overfitting steps (default ${DEFAULT-VALUE})")
  int iterations;

  @Option(names = "--budget", defaultValue = "0", description = "overfitting time budget in seconds (0: none)")
  double budget;

  @Option(names = "--strategy", defaultValue = "APPROXIMATE", description = "strategy of the signalled plan: ${COMPLETION-CANDIDATES}")
  Strategy strategy;

  @Option(names = "--accumulator", defaultValue = "32", description = "accumulator bits of the signalled plan (default ${DEFAULT-VALUE})")
  int accumulator;

  @Option(names = "--check-accumulators", split = ",", defaultValue = "16,24,32", description = "precisions of the per-strategy overflow check")
  List<Integer> checkPrecisions;

  @Option(names = "--biases", description = "also overfit the biases")
  boolean biases;

  @Option(names = "--threads", defaultValue = "1", description = "(default ${DEFAULT-VALUE})")
  int threads;

  @Option(names = "--table", required = true, description = "markdown table file (rows appended)")
  Path table;

  @Option(names = "--report", required = true, description = "report file (appended)")
  Path report;

  @Override
  public Integer call() throws IOException {
    Model base = ModelFile.read(model);
    for (Path seq : sequences) {
      List<Picture> orig = read(seq, frames);
      long t0 = System.nanoTime();
      List<Picture> rec = DatasetBuilder.code(orig, CodingStructure.RANDOM_ACCESS, qp, preset, seq.toString());
      double codecSecs = (System.nanoTime() - t0) / 1e9;
      OverfitConfig cfg = OverfitConfig.defaults().withIterations(iterations).withTimeBudget(budget).withThreads(threads)
          .withStrategy(strategy, accumulator).withTrainBiases(biases);
      OverfitResult r = Overfitter.overfit(base, rec, orig, qp, cfg);
      OverfitReport rep = r.report();
      StringBuilder checks = new StringBuilder();
      StringBuilder full = new StringBuilder();
      NetworkStatistics stats = NetworkStatistics.measure(r.model(), rec, qp);
      TensorBitAllocation bits = r.plan().allocation();
      for (Strategy s : Strategy.values()) {
        for (int p : checkPrecisions) {
          String cell;
          String alloc = "";
          QuantizationPlan plan;
          try {
            plan = QuantizationPlanner.plan(stats, bits, s, p);
          } catch (InfeasiblePlanException e) {
            try {
              plan = QuantizationPlanner.plan(stats, TensorBitAllocation.uniform(bits.layerCount(), 8), s, p);
              alloc = " (8-bit)";
            } catch (InfeasiblePlanException e2) {
              plan = null;
            }
          }
          if (plan == null) {
            cell = String.format(Locale.ROOT, "%s/%d: infeasible", abbrev(s), p);
            full.append(s).append(", P = ").append(p).append(": no plan, even with 8-bit tensors\n");
          } else {
            SequenceQuantizer.Result q = SequenceQuantizer.determine(r.model(), rec, orig, qp, s, p, 0.02, 4, threads, plan);
            long before = q.guard().first().totalViolations();
            cell = String.format(Locale.ROOT, "%s/%d%s: %d%s, loss %.3f", abbrev(s), p, alloc, before,
                q.guard().fellBack() ? " (fixed)" : "", q.integerLossDb());
            full.append(String.format(Locale.ROOT, "%s, P = %d%s: %d violations before the guard, %d after; integer loss %.4f dB%n%s%s",
                s, p, alloc, before, q.guard().last().check().totalViolations(), q.integerLossDb(), q.plan().table(),
                String.join("\n", q.guard().actions())));
          }
          checks.append(checks.length() == 0 ? "" : "; ").append(cell);
        }
      }
      String name = seq.getFileName().toString();
      String row = String.format(Locale.ROOT, "| %s | %d | %.2f | %.2f / %.2f | %.2f / %.2f | %+.3f | %.4f | %.0f | %s |%n",
          name, rep.pictures(), rep.psnrBaseCodec()[0], rep.psnrBaseModelFloat()[0], rep.psnrBaseModelInteger()[0],
          rep.psnrOverfittedFloat()[0], rep.psnrOverfittedInteger()[0], rep.overfittingGainDb(), rep.integerLossDb(),
          rep.trainingSeconds(), checks);
      Files.writeString(table, row, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      Files.writeString(report, "## " + name + String.format(Locale.ROOT, " (base codec %.1f s)%n", codecSecs) + rep.format()
          + "\nper-strategy overflow check of the overfitted model:\n" + full + "\n",
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      System.out.print(row);
    }
    return 0;
  }

  /** All pictures (at most {@code frames} when positive) of a file the project's readers open. */
  static List<Picture> read(Path file, int frames) throws IOException {
    RawOptions.Builder o = RawOptions.builder();
    if (frames > 0) {
      o.frames(frames);
    }
    List<Picture> out = new java.util.ArrayList<>();
    try (PictureSource src = PictureFiles.open(file, o.build())) {
      Picture p;
      while ((p = src.next()) != null) {
        out.add(p);
      }
    }
    return out;
  }

  private static String abbrev(Strategy s) {
    return switch (s) {
      case WORST_CASE -> "WC";
      case APPROXIMATE -> "AP";
      case MEASURED -> "ME";
    };
  }

  /** The header of the table rows this command appends. */
  public static String header() {
    return "| sequence | frames | base codec Y | base model Y float / int | overfitted Y float / int | gain (int) | int loss | train s | overflow check: violations before guard, int loss (dB) |\n"
        + "|---|---|---|---|---|---|---|---|---|\n";
  }

  public static void main(String[] args) {
    org.nnpf.training.ToolCommand.main(new EvaluateOverfitting(), args);
  }

}
