package org.nnpf.common.nn.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.ModelFactory;
import org.nnpf.common.nn.TestPictures;
import org.nnpf.common.nn.fp.ActivationStatistics;
import org.nnpf.common.nn.fp.FloatInference;
import org.nnpf.common.nn.integer.InferenceOptions;
import org.nnpf.common.nn.integer.IntegerInference;
import org.nnpf.common.nn.integer.IntegerNetwork;
import org.nnpf.common.nn.quant.BitAllocation;
import org.nnpf.common.nn.quant.SimpleQuantizer;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;

/**
 * A benchmark command for thread scaling on a machine shared with other jobs, where wall-clock
 * time does not show it: filters the 1080p picture of {@link PostFilterBenchmark} with 1 and with
 * 2 threads and reports, besides the wall time, the CPU time of every filtering thread. With 2
 * threads the work splits into two halves; on an idle machine the wall time would be the larger
 * half, so {@code CPU(1 thread) / max CPU(2 threads)} estimates the speed-up there.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp <test class path>
 * org.nnpf.common.nn.bench.ThreadScalingProbe [repetitions]}.
 */
public final class ThreadScalingProbe {
  private ThreadScalingProbe() {}

  public static void main(String[] args) {
    int reps = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Model m = ModelFactory.polyphasePostFilter(32, 8, 1);
    ActivationStatistics stats = new ActivationStatistics(m);
    new FloatInference(m).run(TestPictures.natural(256, 128, 10, ChromaFormat.CF420, 1), 32, stats);
    IntegerNetwork net = IntegerNetwork.quantize(m, SimpleQuantizer.quantize(m, stats, BitAllocation.int16()));
    Picture pic = TestPictures.natural(1920, 1080, 10, ChromaFormat.CF420, 2);
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    double bestCpu1 = Double.MAX_VALUE;
    double bestWall1 = Double.MAX_VALUE;
    try (IntegerInference one = new IntegerInference(net, InferenceOptions.defaults())) {
      for (int i = 0; i < reps + 2; i++) {
        long c0 = mx.getCurrentThreadCpuTime();
        long w0 = System.nanoTime();
        one.apply(pic, 32);
        if (i >= 2) {
          bestWall1 = Math.min(bestWall1, (System.nanoTime() - w0) / 1e6);
          bestCpu1 = Math.min(bestCpu1, (mx.getCurrentThreadCpuTime() - c0) / 1e6);
        }
      }
    }
    double bestMaxCpu2 = Double.MAX_VALUE;
    double bestWall2 = Double.MAX_VALUE;
    double sumAtBest = 0;
    try (IntegerInference two = new IntegerInference(net, InferenceOptions.defaults().withThreads(2))) {
      for (int i = 0; i < reps + 2; i++) {
        long[] before = workerCpu(mx);
        long w0 = System.nanoTime();
        two.apply(pic, 32);
        double wall = (System.nanoTime() - w0) / 1e6;
        long[] after = workerCpu(mx);
        double a = (after[0] - before[0]) / 1e6;
        double b = (after[1] - before[1]) / 1e6;
        if (i >= 2) {
          bestWall2 = Math.min(bestWall2, wall);
          if (Math.max(a, b) < bestMaxCpu2) {
            bestMaxCpu2 = Math.max(a, b);
            sumAtBest = a + b;
          }
        }
      }
    }
    System.out.printf(Locale.ROOT, "1 thread : wall %.0f ms, CPU %.0f ms (best of %d)%n", bestWall1, bestCpu1, reps);
    System.out.printf(Locale.ROOT, "2 threads: wall %.0f ms, CPU of the busier thread %.0f ms, both %.0f ms%n",
        bestWall2, bestMaxCpu2, sumAtBest);
    System.out.printf(Locale.ROOT, "estimated speed-up on an idle machine: %.2f%n", bestCpu1 / bestMaxCpu2);
  }

  /** CPU time of the two "nnpf-inference-" worker threads, in name order (0 if not started). */
  private static long[] workerCpu(ThreadMXBean mx) {
    long[] t = new long[2];
    for (Thread th : Thread.getAllStackTraces().keySet()) {
      String n = th.getName();
      if (n.equals("nnpf-inference-1") || n.equals("nnpf-inference-2")) {
        long c = mx.getThreadCpuTime(th.getId());
        t[n.endsWith("1") ? 0 : 1] = Math.max(0, c);
      }
    }
    return t;
  }
}
