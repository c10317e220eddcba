package org.nnpf.training;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.nnpf.common.NnpfException;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.ModelFile;
import org.nnpf.common.nn.ModelStore;
import org.nnpf.training.autodiff.CombinationLoss;
import org.nnpf.training.autodiff.RefinementLoss;
import org.nnpf.training.autodiff.Sample;
import org.nnpf.training.autodiff.Tensor;
import org.nnpf.training.autodiff.Workspace;
import org.nnpf.training.data.BalancedValidationSet;
import org.nnpf.training.data.CodedPair;
import org.nnpf.training.data.DatasetCache;
import org.nnpf.training.data.PatchSampler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Per-QP-bucket validation of base models on the balanced validation set ({@link
 * BalancedValidationSet}, docs/method-implementation.md 3.2): every held-out source at every QP,
 * the same patch positions at every QP, one least-squares combination of the model's hypotheses
 * per bucket and component (what an encoder signalling one set of weights gets), and a bootstrap
 * interval over the sources.
 */
@Command(name = "validate-base-model", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Validates base models per QP bucket on held-out images and clip segments coded at every QP.")
public final class ValidateBaseModel implements Callable<Integer> {
  @Option(names = {"-m", "--model"}, required = true, arity = "1..*", paramLabel = "MODEL",
      description = "model files (.nnpm) or built-in model names (e.g. base-c44-l6-v3h2)")
  List<String> models;

  @Option(names = "--data", description = "training images folder (default: ../shared/data/train/images from the repository root)")
  Path data;

  @Option(names = "--video", description = "training clips folder (default: the 'video' folder beside --data; 'none' to skip)")
  String video;

  @Option(names = "--qps", split = ",", defaultValue = "22,27,32,37", description = "validation QPs (default ${DEFAULT-VALUE})")
  int[] qps;

  @Option(names = "--cache", description = "cache of the coded set (default: training/cache/validation-balanced-seedS-QPS)")
  Path cache;

  @Option(names = "--seed", defaultValue = "1", description = "seed of the pans and patch positions (default ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--intra-patches", defaultValue = "8", description = "128x128 patches per held-out image and QP, all-intra (default ${DEFAULT-VALUE})")
  int intraPatches;

  @Option(names = "--bootstrap", defaultValue = "1000", description = "bootstrap resamplings of the sources for the 95 %% intervals; 0: none (default ${DEFAULT-VALUE})")
  int bootstrap;

  @Option(names = "--threads", defaultValue = "2", description = "(default ${DEFAULT-VALUE})")
  int threads;

  @Option(names = {"-o", "--out"}, description = "also write the tables (markdown) to this file")
  Path out;

  static final int PATCH = 128;
  static final int MARGIN = 4;

  /** One validation patch: where it comes from and its bucket keys. */
  record Patch(String source, String bucket, String structureBucket, Sample sample, CodedPair pair) {}

  /** What the network's output gives per patch: its combination's and the refinement stage's equations. */
  record Stats(CombinationLoss.Accumulator[] combination, Map<String, Map<String, RefinementLoss.Accumulator>> refined) {}

  @Override
  public Integer call() throws Exception {
    PrintStream log = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true, StandardCharsets.UTF_8);
    if (qps.length == 0 || Arrays.stream(qps).anyMatch(q -> q < 0 || q > 51)) {
      throw new NnpfException("--qps " + Arrays.toString(qps) + ": QPs in 0..51");
    }
    if (threads < 1 || intraPatches < 1 || bootstrap < 0) {
      throw new NnpfException("--threads and --intra-patches must be at least 1, --bootstrap at least 0");
    }
    List<Model> loaded = new ArrayList<>();
    for (String m : models) {
      loaded.add(load(m));
    }
    Path images = data != null ? data : TrainBaseModel.defaultData();
    if (!Files.isDirectory(images)) {
      throw new NnpfException("training images folder " + images + " does not exist (--data)");
    }
    Path videos = "none".equals(video) ? null : video != null ? Path.of(video) : images.resolveSibling("video");
    if (videos != null && !Files.isDirectory(videos)) {
      videos = null;
    }
    if (cache == null) {
      StringBuilder q = new StringBuilder();
      for (int v : qps) {
        q.append(q.length() == 0 ? "" : "-").append(v);
      }
      cache = TrainBaseModel.repositoryRoot().resolve("training").resolve("cache")
          .resolve("validation-balanced-seed" + seed + "-qp" + q);
    }
    List<BalancedValidationSet.Item> items = BalancedValidationSet.items(loadOrBuild(images, videos, log));
    List<Patch> patches = patches(loaded.get(0), items);
    log.printf(Locale.ROOT, "balanced validation: %d coded pictures, %d patches of %dx%d, %d sources%n", items.size(),
        patches.size(), PATCH, PATCH, patches.stream().map(Patch::source).distinct().count());
    StringBuilder md = new StringBuilder();
    List<String> buckets = patches.stream().map(Patch::bucket).distinct().sorted(ValidateBaseModel::byQp).toList();
    List<String> sBuckets = patches.stream().map(Patch::structureBucket).distinct().sorted(ValidateBaseModel::byQp).toList();
    md.append(header(buckets, "mean"));
    StringBuilder md2 = new StringBuilder(header(sBuckets, null));
    StringBuilder md3 = new StringBuilder(header(buckets, "mean"));
    StringBuilder md4 = new StringBuilder(header(buckets, "mean"));
    for (int k = 0; k < models.size(); k++) {
      Model m = loaded.get(k);
      if (m.inputChannels() != loaded.get(0).inputChannels()) {
        throw new NnpfException(models.get(k) + ": " + m.inputChannels() + " input channels, " + models.get(0) + " has "
            + loaded.get(0).inputChannels() + " (the patches are cut once)");
      }
      long t0 = System.nanoTime();
      Stats st = forward(m, patches);
      CombinationLoss.Accumulator[] perPatch = st.combination();
      Map<String, double[]> g = gains(patches, perPatch, Patch::bucket);
      Map<String, double[]> gs = gains(patches, perPatch, Patch::structureBucket);
      double mean = mean(g);
      if (k == 0) {
        Map<String, double[]> fir = bootstrap(st.refined(), () -> new RefinementLoss.Accumulator(m.hypotheses()),
            RefinementLoss.Accumulator::add, r -> 10 * Math.log10(r.identitySse() / r.sse(false, true)));
        md3.append(row("no network: the 7x7 FIR, 15 classes", fir, buckets, mean(fir)));
        Map<String, double[]> firs = perSource(st.refined(), false);
        md4.append(row("no network: the 7x7 FIR, 15 classes", firs, buckets, mean(firs)));
      }
      Map<String, double[]> grs = perSource(st.refined(), true);
      log.printf(Locale.ROOT, "%s, refined per source: %s; mean %+.3f dB%n", models.get(k), format(grs, buckets), mean(grs));
      md4.append(row(models.get(k), grs, buckets, mean(grs)));
      Map<String, double[]> gr = bootstrap(st.refined(), () -> new RefinementLoss.Accumulator(m.hypotheses()),
          RefinementLoss.Accumulator::add, r -> 10 * Math.log10(r.identitySse() / r.sse(true, true)));
      log.printf(Locale.ROOT, "%s, refined (hypotheses and 7x7 FIR per class): %s; mean %+.3f dB%n", models.get(k),
          format(gr, buckets), mean(gr));
      md3.append(row(models.get(k), gr, buckets, mean(gr)));
      log.printf(Locale.ROOT, "%s: %s; mean %+.3f dB (%.0f s)%n", models.get(k), format(g, buckets), mean,
          (System.nanoTime() - t0) / 1e9);
      log.printf(Locale.ROOT, "%s, per structure: %s%n", models.get(k), format(gs, sBuckets));
      md.append(row(models.get(k), g, buckets, mean));
      md2.append(row(models.get(k), gs, sBuckets, Double.NaN));
    }
    String tables = "One least-squares combination of the hypotheses per bucket and component:\n\n" + md
        + "\nThe same per structure (AI and RA: x265, LDB: x264):\n\n" + md2
        + "\nThe refinement stage fitted per bucket (hypotheses and 7x7 diamond FIR, per component and class):\n\n" + md3
        + "\nThe refinement stage fitted per source and bucket (one set per sequence, as the encoder fits it; rate not counted):\n\n"
        + md4;
    log.print("\n" + tables);
    if (out != null) {
      Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
      try {
        Files.writeString(tmp, tables, StandardCharsets.UTF_8);
        Files.move(tmp, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        Files.deleteIfExists(tmp);
        throw new NnpfException("--out " + out + ": cannot write the tables: " + e.getMessage(), e);
      }
    }
    return 0;
  }

  /**
   * The validator a training run uses ({@code train-base-model --balanced-validation}): the set of
   * {@code images} and {@code videos} at QPs 22, 27, 32, 37, cached in {@code cache}.
   */
  static ValidateBaseModel forTraining(Path images, Path videos, Path cache, long seed, int threads) {
    ValidateBaseModel v = new ValidateBaseModel();
    v.qps = new int[] {22, 27, 32, 37};
    v.seed = seed;
    v.intraPatches = 8;
    v.bootstrap = 0;
    v.threads = threads;
    v.cache = cache;
    v.data = images;
    v.video = videos == null ? "none" : videos.toString();
    return v;
  }

  /** The balanced set's patches for models shaped like {@code m} (coded, or read from the cache). */
  List<Patch> prepare(Model m, PrintStream log) throws IOException {
    Path videos = "none".equals(video) ? null : Path.of(video);
    return patches(m, BalancedValidationSet.items(loadOrBuild(data, videos, log)));
  }

  /**
   * One line of figures of {@code m} on {@code patches}: the refinement stage fitted per source
   * and bucket (what an encoder gets, rate not counted), per bucket and their mean, then the mean
   * of one combination of the hypotheses per bucket (the network alone).
   */
  String summary(Model m, List<Patch> patches) throws Exception {
    Stats st = forward(m, patches);
    Map<String, double[]> grs = perSource(st.refined(), true);
    Map<String, double[]> g = gains(patches, st.combination(), Patch::bucket);
    StringBuilder sb = new StringBuilder("refined per source");
    grs.forEach((b, v) -> sb.append(String.format(Locale.ROOT, ", %s %+.3f", b, v[0])));
    sb.append(String.format(Locale.ROOT, "; mean %+.3f dB; network alone, one combination per bucket: mean %+.3f dB",
        mean(grs), mean(g)));
    return sb.toString();
  }

  /** A model file, or a built-in model by name. */
  static Model load(String name) {
    Path p = Path.of(name);
    if (Files.isRegularFile(p)) {
      return ModelFile.read(p);
    }
    for (ModelStore.Entry e : ModelStore.builtIn().entries()) {
      if (e.source().equals("built-in model " + name) || e.source().equals("built-in model " + name + ".nnpm")) {
        return e.model();
      }
    }
    throw new NnpfException("--model " + name + ": no such file and no built-in model of that name");
  }

  private List<CodedPair> loadOrBuild(Path images, Path videos, PrintStream log) throws IOException {
    Path desc = cache.resolve("options.txt");
    String want = "balanced validation set; QPs " + Arrays.toString(qps) + "; seed " + seed + "; images "
        + images.toAbsolutePath().normalize() + "; clips " + (videos == null ? "none" : videos.toAbsolutePath().normalize())
        + "\n";
    if (DatasetCache.exists(cache.resolve("pairs"))) {
      String have = Files.exists(desc) ? Files.readString(desc) : "";
      if (!have.equals(want)) {
        throw new NnpfException("validation cache " + cache + " was built with other options:\n" + have
            + "delete it or choose another --cache");
      }
      log.println("balanced validation: loading cache " + cache);
      return DatasetCache.read(cache.resolve("pairs"));
    }
    List<CodedPair> pairs = BalancedValidationSet.build(images, videos, qps, seed, "medium", 17, log);
    DatasetCache.write(cache.resolve("pairs"), pairs);
    Files.writeString(desc, want);
    return pairs;
  }

  /**
   * The patches: {@code intraPatches} per all-intra picture, one per inter picture, at positions
   * drawn from (seed, source, kind, picture) only — the same at every QP.
   */
  List<Patch> patches(Model m, List<BalancedValidationSet.Item> items) {
    List<CodedPair> pairs = items.stream().map(BalancedValidationSet.Item::pair).toList();
    PatchSampler cutter = new PatchSampler(m, pairs, PATCH, false);
    List<Patch> out = new ArrayList<>();
    for (BalancedValidationSet.Item it : items) {
      CodedPair p = it.pair();
      if (p.original().width() < PATCH || p.original().height() < PATCH) {
        continue;
      }
      long h = seed * 0x9E3779B97F4A7C15L ^ (it.source() + "|" + it.kind() + "|" + it.picture()).hashCode();
      SplittableRandom r = new SplittableRandom(h);
      int n = it.intra() ? intraPatches : 1;
      String b = BaseTrainer.bucket(p.qp(), it.intra());
      String sb = "QP" + b.substring(2, b.indexOf(' ')) + " " + it.kind().toUpperCase(Locale.ROOT);
      for (int k = 0; k < n; k++) {
        int x0 = 2 * r.nextInt((p.original().width() - PATCH) / 2 + 1);
        int y0 = 2 * r.nextInt((p.original().height() - PATCH) / 2 + 1);
        out.add(new Patch(it.source(), b, sb, cutter.patch(p, x0, y0, 0), p));
      }
    }
    return out;
  }

  /**
   * Each patch's combination equations, and the refinement stage's per bucket and source, computed
   * on {@code threads} threads (each thread's share summed in a fixed order: the result does not
   * depend on the thread count).
   */
  private Stats forward(Model m, List<Patch> patches) throws Exception {
    TrainableModel tm = TrainableModel.rawResiduals(m);
    tm.graph().refresh();
    int h = m.hypotheses();
    CombinationLoss.Accumulator[] acc = new CombinationLoss.Accumulator[patches.size()];
    RefinementLoss.Accumulator[] ref = new RefinementLoss.Accumulator[patches.size()];
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int first = t;
        fs.add(pool.submit(() -> {
          Workspace ws = new Workspace(tm.graph());
          for (int i = first; i < patches.size(); i += threads) {
            Patch p = patches.get(i);
            Sample s = p.sample();
            Tensor y = ws.forward(s.inputs().get(0));
            CombinationLoss.Accumulator a = new CombinationLoss.Accumulator(h);
            a.add(y, s.inputs().get(0), s.target(), s.lossRegion(MARGIN));
            acc[i] = a;
            RefinementLoss.Accumulator r = new RefinementLoss.Accumulator(h);
            r.add(y, RefinementLoss.features(s.inputs().get(0), s.target(), s.lossRegion(MARGIN), p.pair().reconstruction().bitDepth()));
            ref[i] = r;
          }
          return null;
        }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    Map<String, Map<String, RefinementLoss.Accumulator>> refined = new TreeMap<>();
    for (int i = 0; i < patches.size(); i++) {
      Patch p = patches.get(i);
      refined.computeIfAbsent(p.bucket(), k -> new LinkedHashMap<>())
          .computeIfAbsent(p.source(), k -> new RefinementLoss.Accumulator(h)).add(ref[i]);
    }
    return new Stats(acc, refined);
  }

  /** Per bucket: {gain dB, low, high, sources} of one combination per bucket (see {@link #bootstrap}). */
  Map<String, double[]> gains(List<Patch> patches, CombinationLoss.Accumulator[] acc,
      java.util.function.Function<Patch, String> key) {
    Map<String, Map<String, CombinationLoss.Accumulator>> bySource = new TreeMap<>();
    for (int i = 0; i < patches.size(); i++) {
      Patch p = patches.get(i);
      CombinationLoss.Accumulator a = acc[i];
      bySource.computeIfAbsent(key.apply(p), k -> new LinkedHashMap<>())
          .computeIfAbsent(p.source(), k -> new CombinationLoss.Accumulator(a.hypotheses())).add(a);
    }
    int h = acc[0].hypotheses();
    return bootstrap(bySource, () -> new CombinationLoss.Accumulator(h), CombinationLoss.Accumulator::add,
        ValidateBaseModel::gain);
  }

  /**
   * Per bucket: {gain dB, low, high, sources}: the gain of the bucket's equations summed over its
   * sources, and the 2.5 % and 97.5 % percentiles of the gain over {@code bootstrap} resamplings
   * of the sources with replacement (seeded by the bucket's name).
   */
  <T> Map<String, double[]> bootstrap(Map<String, Map<String, T>> bySource, java.util.function.Supplier<T> zero,
      java.util.function.BiConsumer<T, T> add, java.util.function.ToDoubleFunction<T> gain) {
    Map<String, double[]> out = new TreeMap<>(ValidateBaseModel::byQp);
    bySource.forEach((bucket, sources) -> {
      List<T> list = new ArrayList<>(sources.values());
      T all = zero.get();
      list.forEach(x -> add.accept(all, x));
      double g = gain.applyAsDouble(all);
      double lo = Double.NaN;
      double hi = Double.NaN;
      if (bootstrap > 0) {
        SplittableRandom r = new SplittableRandom(seed ^ bucket.hashCode());
        double[] bs = new double[bootstrap];
        for (int b = 0; b < bootstrap; b++) {
          T s = zero.get();
          for (int k = 0; k < list.size(); k++) {
            add.accept(s, list.get(r.nextInt(list.size())));
          }
          bs[b] = gain.applyAsDouble(s);
        }
        Arrays.sort(bs);
        lo = bs[(int) Math.floor(0.025 * (bootstrap - 1))];
        hi = bs[(int) Math.ceil(0.975 * (bootstrap - 1))];
      }
      out.put(bucket, new double[] {g, lo, hi, list.size()});
    });
    return out;
  }

  /**
   * The refinement stage fitted to each source of a bucket on its own (the encoder fits one set
   * per sequence): per bucket the gain of the summed squared errors, with the bootstrap interval.
   */
  private Map<String, double[]> perSource(Map<String, Map<String, RefinementLoss.Accumulator>> refined, boolean network) {
    Map<String, Map<String, double[]>> errors = new TreeMap<>();
    refined.forEach((bucket, sources) -> sources.forEach((source, r) -> errors
        .computeIfAbsent(bucket, k -> new LinkedHashMap<>())
        .put(source, new double[] {r.identitySse(), r.sse(network, true)})));
    return bootstrap(errors, () -> new double[2], (x, y) -> {
      x[0] += y[0];
      x[1] += y[1];
    }, e -> 10 * Math.log10(e[0] / e[1]));
  }

  private static double mean(Map<String, double[]> g) {
    return g.values().stream().mapToDouble(a -> a[0]).average().orElse(Double.NaN);
  }

  private static double gain(CombinationLoss.Accumulator a) {
    return 10 * Math.log10(a.identitySse() / a.sse());
  }

  /** Orders bucket names by their QP, then by name. */
  static int byQp(String a, String b) {
    int c = Integer.compare(qpOf(a), qpOf(b));
    return c != 0 ? c : a.compareTo(b);
  }

  private static int qpOf(String bucket) {
    int e = bucket.indexOf(' ');
    try {
      return Integer.parseInt(bucket.substring(2, e < 0 ? bucket.length() : e));
    } catch (RuntimeException ex) {
      return Integer.MAX_VALUE;
    }
  }

  private static String format(Map<String, double[]> g, List<String> order) {
    StringBuilder sb = new StringBuilder();
    for (String b : order) {
      double[] v = g.get(b);
      if (v != null) {
        sb.append(sb.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %+.3f dB%s (%d)", b, v[0],
            interval(v), (int) v[3]));
      }
    }
    return sb.toString();
  }

  /** " [low, high]", or nothing without a bootstrap. */
  private static String interval(double[] v) {
    return Double.isNaN(v[1]) ? "" : String.format(Locale.ROOT, " [%+.3f, %+.3f]", v[1], v[2]);
  }

  private static String header(List<String> buckets, String extra) {
    StringBuilder sb = new StringBuilder("| model |");
    StringBuilder rule = new StringBuilder("|---|");
    for (String b : buckets) {
      sb.append(' ').append(b).append(" |");
      rule.append("---:|");
    }
    if (extra != null) {
      sb.append(' ').append(extra).append(" |");
      rule.append("---:|");
    }
    return sb + "\n" + rule + "\n";
  }

  private static String row(String name, Map<String, double[]> g, List<String> buckets, double mean) {
    StringBuilder sb = new StringBuilder("| " + name + " |");
    for (String b : buckets) {
      double[] v = g.get(b);
      sb.append(v == null ? " — |" : String.format(Locale.ROOT, " %+.3f%s |", v[0], interval(v)));
    }
    if (!Double.isNaN(mean)) {
      sb.append(String.format(Locale.ROOT, " %+.3f |", mean));
    }
    return sb + "\n";
  }

  public static void main(String[] args) {
    org.nnpf.training.ToolCommand.main(new ValidateBaseModel(), args);
  }
}
