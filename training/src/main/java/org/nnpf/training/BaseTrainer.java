package org.nnpf.training;

import com.google.common.base.Preconditions;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.nnpf.common.NnpfException;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.ModelFile;
import org.nnpf.training.autodiff.Adam;
import org.nnpf.training.autodiff.BatchGradients;
import org.nnpf.training.autodiff.CombinationLoss;
import org.nnpf.training.autodiff.Sample;
import org.nnpf.training.autodiff.Tensor;
import org.nnpf.training.data.PatchSampler;

/**
 * The base-model training loop: Adam on the MSE between the filtered reconstruction and the
 * original over random patches, a linear warm-up then a cosine decay of the learning rate,
 * periodic validation on a fixed patch set, and resumable checkpoints.
 *
 * <p>Reproducibility: the patches of iteration i are drawn from a generator seeded with {@code
 * (seed, i)} only, and gradients are deterministic for any thread count, so a run resumed from a
 * checkpoint continues exactly as an uninterrupted run would (for the same iteration total).
 */
public final class BaseTrainer {

  /** Hyper-parameters of a run. */
  public record Config(
      long seed,
      int iterations,
      int batch,
      double learningRate,
      double finalLearningRate,
      int warmup,
      int threads,
      int lossMargin,
      int checkpointEvery,
      int logEvery,
      int validateEvery,
      BatchGradients.Loss loss) {
    /** A configuration with the plain MSE objective. */
    public Config(long seed, int iterations, int batch, double learningRate, double finalLearningRate, int warmup,
        int threads, int lossMargin, int checkpointEvery, int logEvery, int validateEvery) {
      this(seed, iterations, batch, learningRate, finalLearningRate, warmup, threads, lossMargin, checkpointEvery,
          logEvery, validateEvery, BatchGradients.Loss.MSE);
    }

    public Config {
      Preconditions.checkNotNull(loss, "loss");
      Preconditions.checkArgument(iterations > 0, "iterations %s", iterations);
      Preconditions.checkArgument(batch > 0, "batch %s", batch);
      Preconditions.checkArgument(learningRate > 0 && finalLearningRate >= 0, "learning rates");
      Preconditions.checkArgument(threads > 0, "threads %s", threads);
      Preconditions.checkArgument(checkpointEvery > 0 && logEvery > 0 && validateEvery > 0, "intervals must be positive");
    }

    /** Learning rate at iteration {@code it}. */
    public double learningRate(long it) {
      if (it < warmup) {
        return learningRate * (it + 1) / warmup;
      }
      double t = Math.min(1.0, (it - warmup) / (double) Math.max(1, iterations - warmup));
      return finalLearningRate + (learningRate - finalLearningRate) * 0.5 * (1 + Math.cos(Math.PI * t));
    }
  }

  /** Outcome of a run. */
  public record Result(Model model, long iterations, double lastTrainLoss, double validationMse, double identityMse, double seconds) {
    /** Validation PSNR gain over the unfiltered reconstruction, in dB. */
    public double validationGainDb() {
      return 10 * Math.log10(identityMse / validationMse);
    }
  }

  private final TrainableModel model;
  private final PatchSampler sampler;
  private final List<Sample> validation;
  private java.util.function.Function<Model, String> extraValidation;
  private int fitGroup;
  private final List<String> buckets;
  private final Config config;
  private final Path checkpoint;
  private final Path output;
  private final PrintStream log;

  /**
   * @param checkpoint resumable state file (read if it exists, written every {@code
   *     checkpointEvery} iterations and at the end)
   * @param output model file written with the checkpoint (may be null)
   */
  public BaseTrainer(TrainableModel model, PatchSampler sampler, List<Sample> validation, Config config, Path checkpoint, Path output, PrintStream log) {
    this(model, sampler, validation, null, config, checkpoint, output, log);
  }

  /**
   * @param buckets the validation bucket of each validation sample (e.g. {@code "QP22 intra"}), or
   *     null: with them every validation also logs the gain of each bucket
   */
  public BaseTrainer(TrainableModel model, PatchSampler sampler, List<Sample> validation, List<String> buckets,
      Config config, Path checkpoint, Path output, PrintStream log) {
    Preconditions.checkArgument(buckets == null || buckets.size() == validation.size(), "one bucket per validation sample");
    this.buckets = buckets == null ? null : List.copyOf(buckets);
    this.model = model;
    this.sampler = sampler;
    this.validation = List.copyOf(validation);
    this.config = config;
    this.checkpoint = checkpoint;
    this.output = output;
    this.log = log;
  }

  /** The mean squared error of the unfiltered inputs against the targets (the identity filter). */
  public static double identityMse(List<Sample> samples, int margin) {
    double s = 0;
    long n = 0;
    for (Sample x : samples) {
      Tensor in = x.inputs().get(0);
      Tensor t = x.target();
      Sample.Region r = x.lossRegion(margin);
      if (r == null) {
        continue;
      }
      for (int c = 0; c < t.channels(); c++) {
        for (int y = r.top(); y < r.bottom(); y++) {
          for (int xx = r.left(); xx < r.right(); xx++) {
            double d = in.get(c, y, xx) - t.get(c, y, xx);
            s += d * d;
            n++;
          }
        }
      }
    }
    return s / n;
  }

  /** Trains to the configured iteration total. */
  public Result run() {
    return runUntil(config.iterations());
  }

  /**
   * Trains up to iteration {@code stop} (at most the configured total; the learning-rate schedule
   * still follows the total) and writes a checkpoint there, so that a later run continues.
   */
  public Result runUntil(long stop) {
    long end = Math.min(stop, config.iterations());
    Adam adam = new Adam();
    long start = 0;
    if (checkpoint != null && Files.isRegularFile(checkpoint)) {
      Checkpoint.State st = Checkpoint.read(checkpoint);
      st.restore(model, adam);
      start = st.nextIteration();
      log.printf(Locale.ROOT, "resumed from %s at iteration %d%n", checkpoint, start);
    }
    model.graph().refresh();
    double identity = validation.isEmpty() ? Double.NaN : identityMse(validation, config.lossMargin());
    long t0 = System.nanoTime();
    double window = 0;
    int windowCount = 0;
    double last = Double.NaN;
    double val = Double.NaN;
    int hypotheses = model.template().hypotheses();
    try (BatchGradients bg = new BatchGradients(model.graph(), config.threads(), config.lossMargin(), config.loss(),
        hypotheses)) {
      bg.fitGroup(fitGroup);
      if (!validation.isEmpty()) {
        val = validate(bg, identity, start);
      }
      for (long it = start; it < end; it++) {
        SplittableRandom rng = new SplittableRandom(mix(config.seed(), it));
        List<Sample> batch = fitGroup > 0 ? sampler.drawGrouped(rng, config.batch(), fitGroup)
            : sampler.draw(rng, config.batch());
        double loss = bg.compute(batch);
        if (!Double.isFinite(loss)) {
          throw new NnpfException("training diverged at iteration " + it + " (loss " + loss + "); lower --lr");
        }
        double lr = config.learningRate(it);
        adam.step(model.graph().params(), bg.gradients(), lr);
        last = loss;
        window += loss;
        windowCount++;
        long done = it + 1;
        if (done % config.logEvery() == 0) {
          double s = (System.nanoTime() - t0) / 1e9;
          log.printf(Locale.ROOT, "it %d loss %.4e lr %.2e elapsed %.0f s (%.1f patches/s)%n",
              done, window / windowCount, lr, s, (done - start) * (double) config.batch() / s);
          window = 0;
          windowCount = 0;
        }
        if (!validation.isEmpty() && (done % config.validateEvery() == 0 || done == end)) {
          val = validate(bg, identity, done);
        }
        if (done % config.checkpointEvery() == 0 || done == end) {
          save(done, adam);
        }
        log.flush();
      }
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    return new Result(model.toModel(), Math.max(start, end), last, val, identity, secs);
  }

  private boolean combination() {
    return config.loss().combines();
  }

  /**
   * Validates and logs; returns the validation MSE. With a combination objective the logged gains
   * are those of <em>one</em> least-squares combination of the hypotheses per component — for all
   * patches in the {@code validation at} line, per QP bucket in the {@code validation buckets}
   * line — what an encoder signalling one set of weights gets; the per-patch combination (an
   * oracle) follows in lines of their own.
   */
  private double validate(BatchGradients bg, double identity, long at) {
    double v = validateOwn(bg, identity, at);
    if (extraValidation != null) {
      log.println("validation balanced at " + at + ": " + extraValidation.apply(model.toModel()));
    }
    return v;
  }

  /**
   * With {@link BatchGradients.Loss#BATCH_REFINEMENT}: the batch is drawn in groups of {@code n}
   * patches of one picture ({@link PatchSampler#drawGrouped}) and the refinement stage fitted to
   * each group; 0 (the default): patches drawn independently and one fit for the batch.
   */
  public void fitGroup(int n) {
    Preconditions.checkArgument(n >= 0 && (n == 0 || config.batch() % n == 0), "fit group %s for a batch of %s", n,
        config.batch());
    this.fitGroup = n;
  }

  /**
   * A further validation run at every validation ({@code train-base-model --balanced-validation}):
   * its text is logged as {@code validation balanced at N: TEXT}.
   */
  public void extraValidation(java.util.function.Function<Model, String> f) {
    this.extraValidation = f;
  }

  private double validateOwn(BatchGradients bg, double identity, long at) {
    if (!combination()) {
      double val = bg.evaluate(validation);
      log.printf(Locale.ROOT, "validation at %d: mse %.4e, identity %.4e, gain %.3f dB%n", at, val, identity,
          10 * Math.log10(identity / val));
      logBuckets(bg, at);
      return val;
    }
    int h = model.template().hypotheses();
    org.nnpf.training.autodiff.Workspace ws = new org.nnpf.training.autodiff.Workspace(model.graph());
    CombinationLoss.Accumulator all = new CombinationLoss.Accumulator(h);
    java.util.SortedMap<String, CombinationLoss.Accumulator> perBucket = new java.util.TreeMap<>();
    java.util.SortedMap<String, Integer> counts = new java.util.TreeMap<>();
    long samples = 0;
    for (int i = 0; i < validation.size(); i++) {
      Sample s = validation.get(i);
      org.nnpf.training.autodiff.Tensor y = ws.forward(s.inputs().get(0));
      Sample.Region region = s.lossRegion(config.lossMargin());
      all.add(y, s.inputs().get(0), s.target(), region);
      samples += s.lossCount(config.lossMargin());
      if (buckets != null) {
        perBucket.computeIfAbsent(buckets.get(i), k -> new CombinationLoss.Accumulator(h))
            .add(y, s.inputs().get(0), s.target(), region);
        counts.merge(buckets.get(i), 1, Integer::sum);
      }
    }
    double val = all.sse() / samples;
    log.printf(Locale.ROOT, "validation at %d: mse %.4e, identity %.4e, gain %.3f dB%n", at, val, identity,
        10 * Math.log10(identity / val));
    if (buckets != null) {
      java.util.SortedMap<String, double[]> gains = new java.util.TreeMap<>();
      perBucket.forEach((k, a) -> gains.put(k, new double[] {10 * Math.log10(a.identitySse() / a.sse()), counts.get(k)}));
      log.println("validation buckets at " + at + ": " + format(gains));
    }
    double oracle = bg.evaluate(validation);
    String perPatch = config.loss() == BatchGradients.Loss.BATCH_REFINEMENT ? "per-patch refinement" : "per-patch combination";
    log.printf(Locale.ROOT, "validation (%s) at %d: mse %.4e, gain %.3f dB%n", perPatch, at, oracle,
        10 * Math.log10(identity / oracle));
    if (buckets != null) {
      log.println("validation buckets (" + perPatch + ") at " + at + ": " + format(bucketGains(bg.itemSse(validation))));
    }
    return val;
  }

  /**
   * Logs {@code validation buckets at N: BUCKET +G.GGG dB (n) ...}: per bucket, the PSNR gain of
   * the filtered validation patches over the unfiltered ones, squared errors summed over the
   * bucket's patches (buckets in sorted order).
   */
  private void logBuckets(BatchGradients bg, long at) {
    if (buckets == null || validation.isEmpty()) {
      return;
    }
    log.println("validation buckets at " + at + ": " + format(bucketGains(bg.itemSse(validation))));
  }

  /** Bucket to {gain dB, patch count}, buckets sorted, from each validation sample's filtered squared error. */
  java.util.SortedMap<String, double[]> bucketGains(double[] sse) {
    java.util.SortedMap<String, double[]> acc = new java.util.TreeMap<>();
    for (int i = 0; i < sse.length; i++) {
      double[] a = acc.computeIfAbsent(buckets.get(i), k -> new double[3]);
      a[0] += sse[i];
      a[1] += BatchGradients.identitySse(validation.get(i), config.lossMargin());
      a[2]++;
    }
    java.util.SortedMap<String, double[]> out = new java.util.TreeMap<>();
    acc.forEach((k, a) -> out.put(k, new double[] {10 * Math.log10(a[1] / a[0]), a[2]}));
    return out;
  }

  static String format(java.util.SortedMap<String, double[]> gains) {
    StringBuilder sb = new StringBuilder();
    gains.forEach((k, g) -> sb.append(sb.length() == 0 ? "" : ", ")
        .append(String.format(Locale.ROOT, "%s %+.3f dB (%d)", k, g[0], (int) g[1])));
    return sb.toString();
  }

  /** The bucket of a coded picture: its QP's nearest of 17, 22, 27, 32, 37, 42 and intra or inter. */
  public static String bucket(int qp, boolean intra) {
    int b = qp <= 19 ? 17 : qp <= 24 ? 22 : qp <= 29 ? 27 : qp <= 34 ? 32 : qp <= 39 ? 37 : 42;
    return "QP" + b + (intra ? " intra" : " inter");
  }

  private void save(long next, Adam adam) {
    if (checkpoint != null) {
      Checkpoint.write(checkpoint, next, model, adam);
    }
    if (output != null) {
      ModelFile.write(model.toModel(), output);
    }
    log.printf(Locale.ROOT, "checkpoint at %d%n", next);
  }

  /** A 64-bit mix of the seed and the iteration (SplitMix64 finaliser). */
  static long mix(long seed, long it) {
    long z = seed * 0x9E3779B97F4A7C15L + it;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
