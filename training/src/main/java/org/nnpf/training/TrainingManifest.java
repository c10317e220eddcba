package org.nnpf.training;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nnpf.common.NnpfException;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.ModelFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Writes the manifest of a base model (markdown) from the model file and the log of the
 * {@link TrainBaseModel} runs that produced it: data, command, seed, iterations, losses,
 * validation gain, training time (summed over resumed runs), kMAC per luma pixel, parameters, hash.
 * The model file is the one written at the last checkpoint of the log, so the figures are those up
 * to the last {@code checkpoint at N} line.
 */
@Command(name = "training-manifest", mixinStandardHelpOptions = true,
    description = "Writes the manifest of a trained base model from its file and training log.")
public final class TrainingManifest implements Callable<Integer> {
  private static final Pattern START = Pattern.compile("^\\S+ train-base-model (.*)$");
  private static final Pattern DATASET = Pattern.compile("^dataset: (\\d+ training pairs .*)$");
  private static final Pattern IT = Pattern.compile("^it (\\d+) loss (\\S+) lr (\\S+) elapsed (\\d+) s");
  private static final Pattern CHECKPOINT = Pattern.compile("^checkpoint at (\\d+)$");
  private static final Pattern VAL = Pattern.compile("^validation at (\\d+): mse (\\S+), identity (\\S+), gain (\\S+) dB");
  private static final Pattern BUCKETS = Pattern.compile("^validation buckets at (\\d+): (.*)$");
  private static final Pattern BALANCED = Pattern.compile("^validation balanced at (\\d+): (.*)$");

  @Option(names = {"-m", "--model"}, required = true, description = "model file")
  Path model;

  @Option(names = "--log", required = true, description = "training log")
  Path log;

  @Option(names = {"-o", "--out"}, required = true, description = "manifest file to write")
  Path out;

  @Override
  public Integer call() throws IOException {
    write(model, log, out);
    return 0;
  }

  /** Reads {@code modelFile} and {@code logFile} and writes the manifest to {@code out} (atomically). */
  public static void write(Path modelFile, Path logFile, Path out) throws IOException {
    Model m = ModelFile.read(modelFile);
    List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
    String command = null;
    String dataset = null;
    String lastIt = null;
    String lastVal = null;
    String bestVal = null;
    String lastBuckets = null;
    String firstBalanced = null;
    String lastBalanced = null;
    double bestGain = Double.NEGATIVE_INFINITY;
    long seconds = 0;
    long runMax = 0;
    int runs = 0;
    // The model file is the one of the last checkpoint: figures are taken up to that line.
    String[] atCheckpoint = null;
    long secondsAtCheckpoint = 0;
    int runsAtCheckpoint = 0;
    for (String l : lines) {
      Matcher c = CHECKPOINT.matcher(l);
      if (c.matches()) {
        atCheckpoint = new String[] {c.group(1), command, dataset, lastIt, lastVal, bestVal, lastBuckets, lastBalanced};
        secondsAtCheckpoint = seconds + runMax;
        runsAtCheckpoint = runs;
      }
      Matcher s = START.matcher(l);
      if (s.matches()) {
        command = s.group(1);
        seconds += runMax;
        runMax = 0;
        runs++;
      }
      Matcher d = DATASET.matcher(l);
      if (d.matches()) {
        dataset = d.group(1);
      }
      Matcher i = IT.matcher(l);
      if (i.find()) {
        lastIt = l;
        runMax = Math.max(runMax, Long.parseLong(i.group(4)));
      }
      Matcher bk = BUCKETS.matcher(l);
      if (bk.matches()) {
        lastBuckets = bk.group(2);
      }
      Matcher bl = BALANCED.matcher(l);
      if (bl.matches()) {
        lastBalanced = "at " + bl.group(1) + ": " + bl.group(2);
        if (firstBalanced == null) {
          firstBalanced = lastBalanced;
        }
      }
      Matcher v = VAL.matcher(l);
      if (v.find()) {
        lastVal = l;
        double g = Double.parseDouble(v.group(4));
        if (g > bestGain) {
          bestGain = g;
          bestVal = l;
        }
      }
    }
    seconds += runMax;
    String modelIteration = "end of the log";
    if (atCheckpoint != null) {
      modelIteration = atCheckpoint[0];
      command = atCheckpoint[1];
      dataset = atCheckpoint[2];
      lastIt = atCheckpoint[3];
      lastVal = atCheckpoint[4];
      bestVal = atCheckpoint[5];
      lastBuckets = atCheckpoint[6];
      lastBalanced = atCheckpoint[7];
      seconds = secondsAtCheckpoint;
      runs = runsAtCheckpoint;
    }
    if (command == null || lastIt == null) {
      throw new NnpfException(logFile + ": not a train-base-model log (no start line or no iteration line)");
    }
    StringBuilder sb = new StringBuilder();
    sb.append("# Base model manifest\n\n");
    sb.append("| field | value |\n|---|---|\n");
    sb.append("| model | ").append(m.summary()).append(" |\n");
    sb.append(String.format(Locale.ROOT, "| kMAC per luma pixel | %.2f |%n", m.kmacPerLumaPixel()));
    sb.append("| parameters | ").append(m.parameterCount()).append(" |\n");
    sb.append("| model hash (SHA-256 of the file) | ").append(m.hash()).append(" |\n");
    sb.append("| training data | ").append(dataset == null ? "(not logged)" : dataset).append(" |\n");
    sb.append("| command | `train-base-model ").append(command).append("` |\n");
    sb.append("| model written at iteration | ").append(modelIteration).append(" (last checkpoint of the log) |\n");
    sb.append("| last logged iteration before it | `").append(lastIt).append("` |\n");
    sb.append("| last validation | `").append(lastVal == null ? "-" : lastVal).append("` |\n");
    sb.append("| best validation | `").append(bestVal == null ? "-" : bestVal).append("` |\n");
    if (lastBuckets != null) {
      sb.append("| last validation per QP bucket (gain in dB, patches) | ").append(lastBuckets).append(" |\n");
    }
    if (lastBalanced != null) {
      sb.append("| balanced validation, first (docs/method-implementation.md 3.2) | ").append(firstBalanced).append(" |\n");
      sb.append("| balanced validation, last | ").append(lastBalanced).append(" |\n");
    }
    sb.append(String.format(Locale.ROOT, "| training time | %d s over %d run(s) (resumed from checkpoints) |%n", seconds, runs));
    sb.append("\nLosses are mean squared errors of samples divided by 2^bitDepth over the six picture channels "
        + "(4 luma phases, Cb, Cr); the validation gain is 10 log10(identity MSE / filtered MSE) on 128x128 "
        + "patches of held-out training-folder images (never the evaluation sequences).\n");
    if (command.contains("batch-refinement")) {
      sb.append("\nThe run trains residual hypotheses for the refinement stage: the filtered MSE of a validation line "
          + "is that of one combination of the hypotheses per component over all validation patches, and of one per "
          + "bucket in the bucket line (the network alone); the log's per-patch lines fit the refinement stage "
          + "(hypotheses and 7x7 FIR per class) to each patch. The balanced validation's `refined per source` figures "
          + "fit it per source as an encoder does per sequence.\n");
    } else if (lines.stream().anyMatch(l -> l.startsWith("validation (per-patch combination) at "))) {
      sb.append("\nThe run trains several residual hypotheses for their least-squares combination: the filtered "
          + "MSE of a validation line is that of one combination of the hypotheses per component over all "
          + "validation patches, and of one per bucket in the bucket line (what an encoder signalling one set "
          + "of weights gets); the log's `per-patch combination` lines give each patch its own weights.\n");
    }
    Path dir = out.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, out.getFileName().toString(), ".tmp");
    try {
      Files.writeString(tmp, sb.toString());
      Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  public static void main(String[] args) {
    org.nnpf.training.ToolCommand.main(new TrainingManifest(), args);
  }
}
