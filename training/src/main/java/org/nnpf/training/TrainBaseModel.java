package org.nnpf.training;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.nnpf.common.NnpfException;
import org.nnpf.common.nn.Activation;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.ModelFile;
import org.nnpf.common.nn.ModelFactory;
import org.nnpf.training.autodiff.Sample;
import org.nnpf.training.data.CodedPair;
import org.nnpf.training.data.DatasetBuilder;
import org.nnpf.training.data.DatasetCache;
import org.nnpf.training.data.PatchSampler;
import org.nnpf.training.autodiff.BatchGradients;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Command line: builds (or loads from its cache) the coded training set from the still images of
 * the training folder and trains the base post-filter model, resumably. Writes the model file, a
 * checkpoint and a manifest next to the model.
 */
@Command(name = "train-base-model", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Trains the base post-filter model on ../shared/data/train (never on eval/).")
public final class TrainBaseModel implements Callable<Integer> {
  @Option(names = "--data", description = "training images folder (default: ../shared/data/train/images from the repository root)")
  Path data;

  @Option(names = "--video", description = "training clips folder (default: the 'video' folder beside --data; 'none' to skip)")
  String video;

  @Option(names = "--clip-frames", defaultValue = "17", description = "pictures per training clip (default ${DEFAULT-VALUE})")
  int clipFrames;

  @Option(names = "--cache", description = "dataset cache folder (coded pairs; built on first use; default: "
      + "training/cache/DATASET of the repository, DATASET naming the dataset's options)")
  Path cache;

  @Option(names = {"-o", "--out"}, required = true, description = "model file to write (.nnpm)")
  Path out;

  @Option(names = "--checkpoint", description = "checkpoint file (default: <out>.ckpt); a run restarts from it")
  Path checkpoint;

  @Option(names = "--log", description = "log file (appended; default: standard output only)")
  Path logFile;

  @Option(names = "--channels", defaultValue = "24", description = "hidden channels C (default ${DEFAULT-VALUE})")
  int channels;

  @Option(names = "--layers", defaultValue = "8", description = "3x3 convolutions L (default ${DEFAULT-VALUE})")
  int layers;

  @Option(names = "--activation", defaultValue = "leaky-relu",
      description = "hidden layers' activation: leaky-relu (slope 1/8), relu, prelu (learned slopes from 1/8) (default ${DEFAULT-VALUE})")
  String activation;

  @Option(names = "--kernels", split = ",", paramLabel = "K",
      description = "kernel size (1 or 3) of each convolution, e.g. 3,1,3,1,3,3; replaces --layers (default: --layers 3x3)")
  int[] kernels;

  @Option(names = "--last-gain", defaultValue = "0", description = "scale of the last layer's initial weights; 0 starts at the identity filter (default ${DEFAULT-VALUE})")
  float lastGain;

  @Option(names = "--seed", defaultValue = "1", description = "seed of initialisation, dataset and patches (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--iterations", defaultValue = "100000", description = "training iterations (default ${DEFAULT-VALUE})")
  int iterations;

  @Option(names = "--stop-at", description = "stop (with a checkpoint) at this iteration; a later run continues")
  Integer stopAt;

  @Option(names = "--patch", defaultValue = "64", description = "luma patch size (default ${DEFAULT-VALUE})")
  int patch;

  @Option(names = "--batch", defaultValue = "16", description = "patches per iteration (default ${DEFAULT-VALUE})")
  int batch;

  @Option(names = "--lr", defaultValue = "1e-3", description = "peak learning rate (default ${DEFAULT-VALUE})")
  double lr;

  @Option(names = "--final-lr", defaultValue = "1e-5", description = "learning rate at the last iteration (default ${DEFAULT-VALUE})")
  double finalLr;

  @Option(names = "--warmup", defaultValue = "500", description = "linear warm-up iterations (default ${DEFAULT-VALUE})")
  int warmup;

  @Option(names = "--threads", defaultValue = "1", description = "worker threads (default ${DEFAULT-VALUE})")
  int threads;

  @Option(names = "--margin", defaultValue = "4", description = "tensor samples at each patch border left out of the loss (default ${DEFAULT-VALUE})")
  int margin;

  @Option(names = "--checkpoint-every", defaultValue = "500", description = "(default ${DEFAULT-VALUE})")
  int checkpointEvery;

  @Option(names = "--log-every", defaultValue = "100", description = "(default ${DEFAULT-VALUE})")
  int logEvery;

  @Option(names = "--validate-every", defaultValue = "2000", description = "(default ${DEFAULT-VALUE})")
  int validateEvery;

  @Option(names = "--validation-patches", defaultValue = "192", description = "128x128 validation patches from held-out images (default ${DEFAULT-VALUE})")
  int validationPatches;

  @Option(names = "--intra-qps", defaultValue = "2", description = "all-intra QPs per image (default ${DEFAULT-VALUE})")
  int intraQps;

  @Option(names = "--preset", defaultValue = "medium", description = "x265 preset for the dataset (default ${DEFAULT-VALUE})")
  String preset;

  @Option(names = "--dataset-version", defaultValue = "1",
      description = "1: HEVC, QPs 22..42 (the first base models); 2: QPs 17..42, low delay coded with x264 (default ${DEFAULT-VALUE})")
  int datasetVersion;

  @Option(names = "--loss", defaultValue = "mse",
      description = "mse: mean squared error; normalized: each patch's squared error over its unfiltered one, every QP weighing the same; sqrt-normalized: over the square root of its unfiltered one, between the two; combination: the error of the least-squares combination of the hypotheses per patch and component; batch-combination: of one combination per batch; batch-refinement: of the refinement stage fitted to the batch (hypotheses and 7x7 FIR per component and class) (default ${DEFAULT-VALUE})")
  String loss;

  @Option(names = "--hypotheses", defaultValue = "1",
      description = "residual hypotheses per component H (1..16); H > 1 needs --init and a combination --loss: the init model's last layer becomes hypothesis 0, the others perturbed copies of it (default ${DEFAULT-VALUE})")
  int hypotheses;

  @Option(names = "--perturb", defaultValue = "0.1",
      description = "with --hypotheses > 1: each weight of the extra hypotheses moves by up to this times the last layer's largest weight (default ${DEFAULT-VALUE})")
  double perturb;

  @Option(names = "--init", paramLabel = "MODEL",
      description = "start from this trained model (.nnpm) instead of a fresh initialisation: fine-tuning; its architecture replaces --channels/--layers")
  Path initModel;

  @Option(names = "--fit-group", defaultValue = "0",
      description = "with --loss batch-refinement: draw the batch in groups of this many patches of one picture and fit the refinement stage to each group, as an encoder fits it to each sequence; 0: one fit for the whole batch (default ${DEFAULT-VALUE})")
  int fitGroup;

  @Option(names = "--balanced-validation",
      description = "also validate at every validation on the balanced held-out set of validate-base-model (every held-out image and clip segment at QPs 22..37, seed 1 whatever --seed; docs/method-implementation.md 3.2): logs the refinement stage fitted per source and bucket")
  boolean balancedValidation;

  private String[] args = new String[0];

  @Override
  public Integer call() throws IOException {
    Path images = data != null ? data : defaultData();
    DatasetBuilder.refuseEvaluationData(images);
    Path ck = checkpoint != null ? checkpoint : Path.of(out + ".ckpt");
    try (PrintStream log = logStream()) {
      log.printf(Locale.ROOT, "%s train-base-model %s%n", Instant.now(), String.join(" ", args));
      if (initModel != null && !Files.isRegularFile(initModel)) {
        throw new NnpfException("--init " + initModel + ": no such model file");
      }
      if (datasetVersion != 1 && datasetVersion != 2) {
        throw new NnpfException("--dataset-version " + datasetVersion + ": 1 or 2");
      }
      BatchGradients.Loss objective = switch (loss) {
        case "mse" -> BatchGradients.Loss.MSE;
        case "normalized" -> BatchGradients.Loss.NORMALIZED;
        case "sqrt-normalized" -> BatchGradients.Loss.SQRT_NORMALIZED;
        case "combination" -> BatchGradients.Loss.COMBINATION;
        case "batch-combination" -> BatchGradients.Loss.BATCH_COMBINATION;
        case "batch-refinement" -> BatchGradients.Loss.BATCH_REFINEMENT;
        default -> throw new NnpfException("--loss " + loss
            + ": mse, normalized, sqrt-normalized, combination, batch-combination or batch-refinement");
      };
      if (hypotheses < 1 || hypotheses > Model.MAX_HYPOTHESES) {
        throw new NnpfException("--hypotheses " + hypotheses + ": 1.." + Model.MAX_HYPOTHESES);
      }
      boolean combination = objective.combines();
      if (hypotheses > 1 && !combination) {
        throw new NnpfException("--hypotheses " + hypotheses + " needs --loss combination, batch-combination or batch-refinement"
            + " (the hypotheses are trained for their least-squares combination)");
      }
      if (hypotheses > 1 && initModel == null) {
        throw new NnpfException("--hypotheses " + hypotheses + " needs --init MODEL, a trained network: from a fresh"
            + " initialisation the combination objective barely trains (docs/method-implementation.md 3.1)");
      }
      if (fitGroup != 0 && (objective != BatchGradients.Loss.BATCH_REFINEMENT || fitGroup < 0 || batch % fitGroup != 0)) {
        throw new NnpfException("--fit-group " + fitGroup + ": needs --loss batch-refinement and must divide --batch " + batch);
      }
      if (!(perturb >= 0 && perturb <= 10)) {
        throw new NnpfException("--perturb " + perturb + ": 0..10");
      }
      Model fresh = initModel == null ? freshModel() : null;
      DatasetBuilder.Options opts = datasetVersion == 1
          ? new DatasetBuilder.Options(seed, intraQps, 9, 384, 256, 1024, 768, 10, preset, clipFrames)
          : DatasetBuilder.Options.v2(seed, intraQps, preset, clipFrames);
      Path videos = "none".equals(video) ? null : video != null ? Path.of(video) : images.resolveSibling("video");
      if (videos != null && !Files.isDirectory(videos)) {
        throw new NnpfException("training clip folder " + videos + " does not exist (--video none skips clips)");
      }
      if (cache == null) {
        cache = repositoryRoot().resolve("training").resolve("cache").resolve(String.format(Locale.ROOT,
            "dataset-v%d-seed%d-ai%d-%s-clips%d", datasetVersion, seed, intraQps, preset, clipFrames));
      }
      DatasetBuilder.Dataset ds = loadOrBuild(images, videos, opts, log);
      long trainArea = 0;
      for (CodedPair p : ds.training()) {
        trainArea += p.area();
      }
      log.printf(Locale.ROOT, "dataset: %d training pairs (%.1f Mpixel luma), %d validation pairs; %s%n",
          ds.training().size(), trainArea / 1e6, ds.validation().size(), opts.describe());
      Model init;
      if (initModel != null) {
        init = ModelFile.read(initModel);
        log.println("init: weights of " + initModel);
        if (init.hypotheses() != hypotheses) {
          if (init.hypotheses() != 1) {
            throw new NnpfException("--init " + initModel + " has " + init.hypotheses() + " hypotheses, --hypotheses "
                + hypotheses);
          }
          init = ModelFactory.withHypotheses(init, hypotheses, perturb, seed);
          log.printf(Locale.ROOT, "%d hypotheses: the init model's last layer is hypothesis 0, the others copies"
              + " perturbed by up to %.3f of its largest weight%n", hypotheses, perturb);
        }
      } else {
        init = fresh;
      }
      log.println(init.summary());
      TrainableModel tm = combination ? TrainableModel.rawResiduals(init) : TrainableModel.floatOnly(init);
      PatchSampler sampler = new PatchSampler(init, ds.training(), patch, true);
      if (!Files.exists(ck) && initModel == null) {
        DataDependentInit.apply(tm, sampler.draw(new SplittableRandom(seed ^ 0x1417L), 32));
        log.println("data-dependent initialisation of the hidden layers on 32 patches");
      }
      List<PatchSampler.Drawn> drawn = ds.validation().isEmpty() ? List.of()
          : new PatchSampler(init, ds.validation(), 128, false).drawWithPairs(new SplittableRandom(seed ^ 0x5EEDL),
              validationPatches);
      List<Sample> val = drawn.stream().map(PatchSampler.Drawn::sample).toList();
      List<String> buckets = drawn.stream()
          .map(d -> BaseTrainer.bucket(d.pair().qp(), d.pair().label().endsWith(" ai"))).toList();
      BaseTrainer.Config cfg = new BaseTrainer.Config(seed, iterations, batch, lr, finalLr, warmup, threads, margin,
          checkpointEvery, logEvery, validateEvery, objective);
      BaseTrainer trainer = new BaseTrainer(tm, sampler, val, buckets, cfg, ck, out, log);
      trainer.fitGroup(fitGroup);
      if (balancedValidation) {
        // the balanced set of docs/method-implementation.md 3.2 (seed 1), whatever the run's seed: runs compare
        Path vcache = cache.resolveSibling("validation-balanced-seed1-qp22-27-32-37");
        ValidateBaseModel vb = ValidateBaseModel.forTraining(images, videos, vcache, 1, threads);
        List<ValidateBaseModel.Patch> vp = vb.prepare(init, log);
        log.printf(Locale.ROOT, "balanced validation: %d patches of 128x128 (%s)%n", vp.size(), vcache);
        trainer.extraValidation(m -> {
          try {
            return vb.summary(m, vp);
          } catch (Exception e) {
            throw new NnpfException("balanced validation: " + e.getMessage(), e);
          }
        });
      }
      long t0 = System.nanoTime();
      BaseTrainer.Result r = stopAt == null ? trainer.run() : trainer.runUntil(stopAt);
      double secs = (System.nanoTime() - t0) / 1e9;
      log.printf(Locale.ROOT, "done: iteration %d, train loss %.4e, validation gain %.3f dB, %.0f s this run%n",
          r.iterations(), r.lastTrainLoss(), r.validationGainDb(), secs);
      if (logFile != null) {
        log.flush();
        TrainingManifest.write(out, logFile, Path.of(out + ".manifest.md"));
      }
    }
    return 0;
  }

  /** The architecture of --channels, --layers or --kernels and --activation, seeded. */
  Model freshModel() {
    Activation act = switch (activation) {
      case "leaky-relu" -> Activation.leakyRelu(0.125f);
      case "relu" -> Activation.relu();
      case "prelu" -> Activation.prelu(new float[] {0.125f});
      default -> throw new NnpfException("--activation " + activation + ": leaky-relu, relu or prelu");
    };
    if (kernels == null) {
      return ModelFactory.polyphasePostFilter(channels, layers, act, 3, lastGain, seed);
    }
    if (kernels.length < 2) {
      throw new NnpfException("--kernels: need at least 2 convolutions, got " + kernels.length);
    }
    StringBuilder name = new StringBuilder("pf-C" + channels + "-k");
    for (int k : kernels) {
      if (k != 1 && k != 3) {
        throw new NnpfException("--kernels: kernel size " + k + " is not 1 or 3");
      }
      name.append(k);
    }
    return ModelFactory.polyphasePostFilter(channels, kernels, act, lastGain, seed, name + "-seed" + seed);
  }

  private DatasetBuilder.Dataset loadOrBuild(Path images, Path videos, DatasetBuilder.Options opts, PrintStream log) throws IOException {
    Path desc = cache.resolve("options.txt");
    String want = opts.describe() + "\nimages: " + images.toAbsolutePath().normalize() + "\nclips: "
        + (videos == null ? "none" : videos.toAbsolutePath().normalize()) + "\n";
    if (DatasetCache.exists(cache.resolve("train")) && DatasetCache.exists(cache.resolve("validation"))) {
      String have = Files.exists(desc) ? Files.readString(desc) : "";
      if (!have.equals(want)) {
        throw new NnpfException("dataset cache " + cache + " was built with other options:\n" + have
            + "delete it or choose another --cache");
      }
      log.println("dataset: loading cache " + cache);
      return new DatasetBuilder.Dataset(DatasetCache.read(cache.resolve("train")), DatasetCache.read(cache.resolve("validation")));
    }
    DatasetBuilder.Dataset ds = DatasetBuilder.build(images, videos, opts, log);
    DatasetCache.write(cache.resolve("train"), ds.training());
    DatasetCache.write(cache.resolve("validation"), ds.validation());
    Files.writeString(desc, want);
    return ds;
  }

  private PrintStream logStream() throws IOException {
    if (logFile == null) {
      return new PrintStream(new FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8) {
        @Override
        public void close() {
          flush();
        }
      };
    }
    Path parent = logFile.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    OutputStream fo = new FileOutputStream(logFile.toFile(), true);
    OutputStream both = new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        fo.write(b);
        System.out.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        fo.write(b, off, len);
        System.out.write(b, off, len);
      }

      @Override
      public void flush() throws IOException {
        fo.flush();
        System.out.flush();
      }

      @Override
      public void close() throws IOException {
        fo.close();
      }
    };
    return new PrintStream(both, true, StandardCharsets.UTF_8);
  }

  /** {@code ../shared/data/train/images} relative to the repository root (the working directory's ancestors). */
  static Path defaultData() {
    return repositoryRoot().resolveSibling("shared").resolve("data").resolve("train").resolve("images");
  }

  /** The repository root: the first ancestor of the working directory with pom.xml and encoder/. */
  static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("encoder"))) {
        return p;
      }
    }
    throw new NnpfException("cannot find the repository root from " + dir + "; give --data and --cache");
  }

  /**
   * The arguments of {@code --run DIR [MORE...]}: the run's committed arguments
   * ({@code DIR/args.txt}, white-space separated, {@code #} comments), then its files in DIR
   * ({@code model.nnpm}, {@code checkpoint.ckpt}, {@code train.log}, {@code model.nnpm.manifest.md}),
   * then MORE (e.g. {@code --stop-at N}, {@code --threads N}). The dataset cache defaults to
   * {@code training/cache/DATASET} (built again, identically, when missing).
   */
  static String[] runArguments(String[] args) throws IOException {
    Path run = Path.of(args[1]).toAbsolutePath().normalize();
    Path file = run.resolve("args.txt");
    if (!Files.isRegularFile(file)) {
      throw new NnpfException("--run " + args[1] + ": " + file + " does not exist (a run folder holds args.txt)");
    }
    List<String> a = new java.util.ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String l = line.replaceAll("#.*", "").strip();
      if (!l.isEmpty()) {
        a.addAll(List.of(l.split("\\s+")));
      }
    }
    for (String forbidden : List.of("--out", "-o", "--checkpoint", "--log")) {
      if (a.contains(forbidden)) {
        throw new NnpfException(file + ": " + forbidden + " is set by --run (the run's own files)");
      }
    }
    a.addAll(List.of("--out", run.resolve("model.nnpm").toString(), "--checkpoint", run.resolve("checkpoint.ckpt").toString(),
        "--log", run.resolve("train.log").toString()));
    a.addAll(List.of(args).subList(2, args.length));
    return a.toArray(new String[0]);
  }

  public static void main(String[] args) {
    if (args.length >= 2 && args[0].equals("--run")) {
      try {
        args = runArguments(args);
      } catch (IOException | NnpfException e) {
        System.err.println("error: " + e.getMessage());
        System.exit(2);
      }
    }
    TrainBaseModel cmd = new TrainBaseModel();
    cmd.args = args.clone();
    ToolCommand.main(cmd, args);
  }

}
