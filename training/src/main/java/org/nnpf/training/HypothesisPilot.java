package org.nnpf.training;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.nnpf.common.NnpfException;
import org.nnpf.common.nn.Activation;
import org.nnpf.common.nn.Conv2d;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.ModelFactory;
import org.nnpf.training.autodiff.Adam;
import org.nnpf.training.autodiff.BatchGradients;
import org.nnpf.training.autodiff.CombinationLoss;
import org.nnpf.training.autodiff.ConvOp;
import org.nnpf.training.autodiff.Graph;
import org.nnpf.training.autodiff.LeakyReluOp;
import org.nnpf.training.autodiff.Param;
import org.nnpf.training.autodiff.Sample;
import org.nnpf.training.autodiff.ScaleOp;
import org.nnpf.training.data.DatasetCache;
import org.nnpf.training.data.PatchSampler;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A pilot of multi-hypothesis outputs (issue 12): the network of {@link ModelFactory} with its last
 * layer producing {@code H} residual hypotheses per component (6 H channels), trained with
 * {@link BatchGradients.Loss#COMBINATION} (each patch's least-squares combination of the
 * hypotheses), and validated per QP bucket with the same combination. With {@code H = 1} it is the
 * single network whose residual is scaled per patch, the baseline. Float only: no model file is
 * written (the model format has one hypothesis).
 */
@Command(name = "hypothesis-pilot", mixinStandardHelpOptions = true,
    description = "Trains a multi-hypothesis pilot network on a cached dataset and logs per-bucket validation.")
public final class HypothesisPilot implements Callable<Integer> {
  @Option(names = "--cache", required = true, description = "dataset cache folder (train/ and validation/)")
  Path cache;

  @Option(names = "--hypotheses", defaultValue = "1", description = "residual hypotheses per component (default ${DEFAULT-VALUE})")
  int hypotheses;

  @Option(names = "--channels", defaultValue = "24")
  int channels;

  @Option(names = "--layers", defaultValue = "8")
  int layers;

  @Option(names = "--iterations", defaultValue = "4000")
  int iterations;

  @Option(names = "--batch", defaultValue = "16")
  int batch;

  @Option(names = "--lr", defaultValue = "1e-3")
  double lr;

  @Option(names = "--final-lr", defaultValue = "1e-4")
  double finalLr;

  @Option(names = "--seed", defaultValue = "1")
  long seed;

  @Option(names = "--validate-every", defaultValue = "1000")
  int validateEvery;

  @Option(names = "--validation-patches", defaultValue = "480")
  int validationPatches;

  @Option(names = "--threads", defaultValue = "1")
  int threads;

  @Option(names = "--batch-combination", description = "one combination per batch in the loss (default: per patch)")
  boolean batchCombination;

  @Option(names = "--init", description = "start from this trained model (.nnpm; its architecture replaces --channels/--layers): "
      + "hypothesis 0 is its residual, the others copies of it perturbed by --perturb of their weights' scale")
  Path initModel;

  @Option(names = "--perturb", defaultValue = "0.1", description = "relative perturbation of the extra hypotheses with --init (default ${DEFAULT-VALUE})")
  double perturb;

  @Override
  public Integer call() {
    PrintStream log = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    log.printf(Locale.ROOT, "hypothesis-pilot: H=%d C=%d L=%d iterations %d seed %d%n", hypotheses, channels, layers,
        iterations, seed);
    var train = DatasetCache.read(cache.resolve("train"));
    var validation = DatasetCache.read(cache.resolve("validation"));
    Model init = ModelFactory.polyphasePostFilter(channels, layers, Activation.leakyRelu(0.125f), 3, 0.1f, seed);
    PatchSampler sampler = new PatchSampler(init, train, 64, true);
    Graph g;
    if (initModel != null) {
      Model trained = org.nnpf.common.nn.ModelFile.read(initModel);
      log.println("init: " + trained.summary());
      g = graph(trained, hypotheses, seed, perturb);
    } else {
      TrainableModel tm = TrainableModel.floatOnly(init);
      DataDependentInit.apply(tm, sampler.draw(new SplittableRandom(seed ^ 0x1417L), 32));
      g = graph(tm.toModel(), hypotheses, seed);
    }
    List<PatchSampler.Drawn> drawn = new PatchSampler(init, validation, 128, false)
        .drawWithPairs(new SplittableRandom(seed ^ 0x5EEDL), validationPatches);
    List<Sample> val = drawn.stream().map(PatchSampler.Drawn::sample).toList();
    List<String> buckets = drawn.stream()
        .map(d -> BaseTrainer.bucket(d.pair().qp(), d.pair().label().endsWith(" ai"))).toList();
    BaseTrainer.Config cfg = new BaseTrainer.Config(seed, iterations, batch, lr, finalLr, 200, threads, 4, 1000, 100,
        validateEvery, BatchGradients.Loss.COMBINATION);
    Adam adam = new Adam();
    long t0 = System.nanoTime();
    BatchGradients.Loss objective = batchCombination ? BatchGradients.Loss.BATCH_COMBINATION : BatchGradients.Loss.COMBINATION;
    log.println("objective " + objective);
    try (BatchGradients bg = new BatchGradients(g, threads, 4, objective, hypotheses)) {
      g.refresh();
      validate(bg, g, val, buckets, 0, log);
      for (long it = 0; it < iterations; it++) {
        double loss = bg.compute(sampler.draw(new SplittableRandom(BaseTrainer.mix(seed, it)), batch));
        if (!Double.isFinite(loss)) {
          throw new NnpfException("diverged at iteration " + it);
        }
        adam.step(g.params(), bg.gradients(), cfg.learningRate(it));
        long done = it + 1;
        if (done % 500 == 0) {
          log.printf(Locale.ROOT, "it %d loss %.4e elapsed %.0f s%n", done, loss, (System.nanoTime() - t0) / 1e9);
        }
        if (done % validateEvery == 0 || done == iterations) {
          validate(bg, g, val, buckets, done, log);
        }
      }
    }
    return 0;
  }

  private void validate(BatchGradients bg, Graph g, List<Sample> val, List<String> buckets, long done, PrintStream log) {
    double[] sse = bg.itemSse(val);
    java.util.SortedMap<String, double[]> acc = new java.util.TreeMap<>();
    double fs = 0;
    double is = 0;
    for (int i = 0; i < sse.length; i++) {
      double id = BatchGradients.identitySse(val.get(i), 4);
      double[] a = acc.computeIfAbsent(buckets.get(i), k -> new double[3]);
      a[0] += sse[i];
      a[1] += id;
      a[2]++;
      fs += sse[i];
      is += id;
    }
    java.util.SortedMap<String, double[]> gains = new java.util.TreeMap<>();
    acc.forEach((k, a) -> gains.put(k, new double[] {10 * Math.log10(a[1] / a[0]), a[2]}));
    log.printf(Locale.ROOT, "validation at %d: gain %.3f dB (per-patch combination)%n", done, 10 * Math.log10(is / fs));
    log.println("validation buckets at " + done + ": " + BaseTrainer.format(gains));
    // one combination per bucket and component over all its patches (what an encoder signals)
    java.util.SortedMap<String, CombinationLoss.Accumulator> common = new java.util.TreeMap<>();
    org.nnpf.training.autodiff.Workspace ws = new org.nnpf.training.autodiff.Workspace(g);
    CombinationLoss.Accumulator all = new CombinationLoss.Accumulator(hypotheses);
    for (int i = 0; i < val.size(); i++) {
      Sample s = val.get(i);
      org.nnpf.training.autodiff.Tensor y = ws.forward(s.inputs().get(0));
      common.computeIfAbsent(buckets.get(i), k -> new CombinationLoss.Accumulator(hypotheses))
          .add(y, s.inputs().get(0), s.target(), s.lossRegion(4));
      all.add(y, s.inputs().get(0), s.target(), s.lossRegion(4));
    }
    java.util.SortedMap<String, double[]> cg = new java.util.TreeMap<>();
    common.forEach((k, a) -> cg.put(k, new double[] {10 * Math.log10(a.identitySse() / a.sse()),
        acc.get(k)[2]}));
    log.printf(Locale.ROOT, "validation at %d: gain %.3f dB (one combination for all patches)%n", done,
        10 * Math.log10(all.identitySse() / all.sse()));
    log.println("validation buckets (one combination per bucket) at " + done + ": " + BaseTrainer.format(cg));
        }

  /**
   * The graph of {@code m} with a last layer of {@code 6 h} outputs: hypothesis 0 is the model's
   * last layer, the others random at the same scale; the output is the raw residual (no input
   * added).
   */
  static Graph graph(Model m, int h, long seed) {
    return graph(m, h, seed, -1);
  }

  /**
   * As {@link #graph(Model, int, long)}; with {@code perturb >= 0} the extra hypotheses start as
   * copies of the model's last layer, each weight perturbed by up to {@code perturb} times the
   * layer's largest weight.
   */
  static Graph graph(Model m, int h, long seed, double perturb) {
    SplittableRandom r = new SplittableRandom(seed ^ 0x4879L);
    Graph.Builder b = Graph.builder();
    int x = b.input("input", m.inputChannels());
    for (int i = 0; i < m.layerCount(); i++) {
      Conv2d c = m.conv(i);
      boolean last = i == m.layerCount() - 1;
      int out = last ? c.outChannels() * h : c.outChannels();
      float[] w = new float[out * c.inChannels() * c.kernelSize() * c.kernelSize()];
      float[] bias = new float[out];
      float[] mult = new float[out];
      float[] cw = c.weights();
      float scale = 0;
      for (float v : cw) {
        scale = Math.max(scale, Math.abs(v));
      }
      for (int k = 0; k < w.length; k++) {
        w[k] = k < cw.length ? cw[k]
            : perturb >= 0 ? (float) (cw[k % cw.length] + (r.nextDouble() * 2 - 1) * perturb * scale)
            : (float) ((r.nextDouble() * 2 - 1) * Math.max(scale, 1e-3f));
      }
      for (int k = 0; k < out; k++) {
        bias[k] = k < c.outChannels() ? c.bias()[k] : perturb >= 0 ? c.bias()[k % c.outChannels()] : 0f;
        mult[k] = c.hasMultipliers() ? c.multipliers().orElseThrow()[k % c.outChannels()] : 1f;
      }
      String n = "layer" + i;
      x = b.op(n + ".conv", new ConvOp(c.kernelSize(), c.inChannels(), out, new Param(n + ".weight", w),
          new Param(n + ".bias", bias)), x);
      if (c.hasMultipliers()) {
        x = b.op(n + ".mul", new ScaleOp(new Param(n + ".multiplier", mult)), x);
      }
      if (c.activation().kind() == Activation.Kind.LEAKY_RELU) {
        x = b.op(n + ".act", new LeakyReluOp(c.activation().slope(0)), x);
      }
    }
    return b.build(x);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new HypothesisPilot()).execute(args));
  }
}
