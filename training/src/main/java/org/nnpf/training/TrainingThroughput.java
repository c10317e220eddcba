package org.nnpf.training;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.nnpf.training.autodiff.Adam;
import org.nnpf.training.autodiff.BatchGradients;
import org.nnpf.training.autodiff.ConvKernels;
import org.nnpf.training.autodiff.Graph;
import org.nnpf.training.autodiff.Sample;
import org.nnpf.training.autodiff.Shape;
import org.nnpf.training.autodiff.Tensor;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Benchmark command: training steps per second (forward, backward, Adam) of the project's
 * post-filter topology ({@code ModelFactory.polyphasePostFilter}) on random patches, and the
 * convolution throughput it implies.
 */
@Command(name = "train-throughput", mixinStandardHelpOptions = true,
    description = "Measures training throughput (patches/s) of the post-filter network.")
public final class TrainingThroughput implements Callable<Integer> {
  @Option(names = "--channels", defaultValue = "24", description = "hidden channels")
  int channels;

  @Option(names = "--layers", defaultValue = "8", description = "3x3 convolution layers")
  int layers;

  @Option(names = "--patch", defaultValue = "64", description = "luma patch size (half resolution: patch/2)")
  int patch;

  @Option(names = "--batch", defaultValue = "8", description = "patches per step")
  int batch;

  @Option(names = "--threads", defaultValue = "1", description = "worker threads")
  int threads;

  @Option(names = "--seconds", defaultValue = "20", description = "measurement time after warm-up")
  double seconds;

  @Override
  public Integer call() {
    Graph g = TrainableModel.floatOnly(org.nnpf.common.nn.ModelFactory.polyphasePostFilter(channels, layers, 1)).graph();
    int h = patch / 2;
    SplittableRandom r = new SplittableRandom(3);
    List<Sample> b = new ArrayList<>();
    for (int i = 0; i < batch; i++) {
      Tensor in = new Tensor(7, h, h);
      Tensor t = new Tensor(6, h, h);
      for (int c = 0; c < 7; c++) {
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < h; x++) {
            in.set(c, y, x, (float) r.nextDouble());
            if (c < 6) {
              t.set(c, y, x, (float) r.nextDouble());
            }
          }
        }
      }
      b.add(Sample.of(in, t));
    }
    double kmac = g.macsPerInputSample(List.of(new Shape(7, h, h)), 0, 4) / 1000.0;
    System.out.printf("model C=%d L=%d: %.2f kMAC/luma pixel, %d params, vector lanes %d%n",
        channels, layers, kmac, g.paramCount(), ConvKernels.vectorLength());
    Adam adam = new Adam();
    try (BatchGradients bg = new BatchGradients(g, threads, 0)) {
      long warm = System.nanoTime() + 5_000_000_000L;
      while (System.nanoTime() < warm) {
        bg.compute(b);
        adam.step(g.params(), bg.gradients(), 1e-4);
      }
      java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
      long t0 = System.nanoTime();
      long c0 = mx.getCurrentThreadCpuTime();
      int steps = 0;
      while (System.nanoTime() - t0 < seconds * 1e9) {
        bg.compute(b);
        adam.step(g.params(), bg.gradients(), 1e-4);
        steps++;
      }
      double s = (System.nanoTime() - t0) / 1e9;
      double cpu = (mx.getCurrentThreadCpuTime() - c0) / 1e9;
      double patches = steps * (double) batch / s;
      double gmac = patches * patch * patch * kmac * 1000 * 3 / 1e9;
      System.out.printf("patch %dx%d luma, batch %d, %d thread(s): %.1f patches/s wall, %.2f steps/s, ~%.2f GMAC/s (forward+backward = 3x forward)%n",
          patch, patch, batch, threads, patches, steps / s, gmac);
      if (threads == 1) {
        System.out.printf("on this thread's CPU time (excludes waiting for a core on a shared machine): %.1f patches/s%n",
            steps * (double) batch / cpu);
      }
    }
    return 0;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new TrainingThroughput()).execute(args));
  }
}
