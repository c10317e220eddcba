package org.nnpf.encoder.train;

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
import org.nnpf.common.nn.ModelFactory;
import org.nnpf.encoder.train.autodiff.Sample;
import org.nnpf.encoder.train.data.CodedPair;
import org.nnpf.encoder.train.data.DatasetBuilder;
import org.nnpf.encoder.train.data.DatasetCache;
import org.nnpf.encoder.train.data.PatchSampler;
import picocli.CommandLine;
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

  @Option(names = "--cache", required = true, description = "dataset cache folder (coded pairs; built on first use)")
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

  private String[] args = new String[0];

  @Override
  public Integer call() throws IOException {
    Path images = data != null ? data : defaultData();
    DatasetBuilder.refuseEvaluationData(images);
    Path ck = checkpoint != null ? checkpoint : Path.of(out + ".ckpt");
    try (PrintStream log = logStream()) {
      log.printf(Locale.ROOT, "%s train-base-model %s%n", Instant.now(), String.join(" ", args));
      DatasetBuilder.Options opts = new DatasetBuilder.Options(seed, intraQps, 9, 384, 256, 1024, 768, 10, preset, clipFrames);
      Path videos = "none".equals(video) ? null : video != null ? Path.of(video) : images.resolveSibling("video");
      if (videos != null && !Files.isDirectory(videos)) {
        throw new NnpfException("training clip folder " + videos + " does not exist (--video none skips clips)");
      }
      DatasetBuilder.Dataset ds = loadOrBuild(images, videos, opts, log);
      long trainArea = 0;
      for (CodedPair p : ds.training()) {
        trainArea += p.area();
      }
      log.printf(Locale.ROOT, "dataset: %d training pairs (%.1f Mpixel luma), %d validation pairs; %s%n",
          ds.training().size(), trainArea / 1e6, ds.validation().size(), opts.describe());
      Model init = ModelFactory.polyphasePostFilter(channels, layers, Activation.leakyRelu(0.125f), 3, lastGain, seed);
      log.println(init.summary());
      TrainableModel tm = TrainableModel.floatOnly(init);
      PatchSampler sampler = new PatchSampler(init, ds.training(), patch, true);
      if (!Files.exists(ck)) {
        DataDependentInit.apply(tm, sampler.draw(new SplittableRandom(seed ^ 0x1417L), 32));
        log.println("data-dependent initialisation of the hidden layers on 32 patches");
      }
      List<Sample> val = ds.validation().isEmpty() ? List.of()
          : new PatchSampler(init, ds.validation(), 128, false).draw(new SplittableRandom(seed ^ 0x5EEDL), validationPatches);
      BaseTrainer.Config cfg = new BaseTrainer.Config(seed, iterations, batch, lr, finalLr, warmup, threads, margin,
          checkpointEvery, logEvery, validateEvery);
      BaseTrainer trainer = new BaseTrainer(tm, sampler, val, cfg, ck, out, log);
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
    Path dir = Path.of("").toAbsolutePath();
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("encoder"))) {
        return p.resolveSibling("shared").resolve("data").resolve("train").resolve("images");
      }
    }
    throw new NnpfException("cannot find the repository root from " + dir + "; give --data");
  }

  public static void main(String[] args) {
    TrainBaseModel cmd = new TrainBaseModel();
    cmd.args = args.clone();
    CommandLine cl = new CommandLine(cmd);
    cl.setExecutionExceptionHandler((ex, line, parse) -> {
      if (ex instanceof NnpfException) {
        line.getErr().println("error: " + ex.getMessage());
        return 2;
      }
      throw ex;
    });
    System.exit(cl.execute(args));
  }

}
