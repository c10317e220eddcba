package org.nnpf.common.nn.bench;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.nnpf.common.nn.refine.ComponentRefinement;
import org.nnpf.common.nn.refine.FirShape;
import org.nnpf.common.nn.refine.Refinement;
import org.nnpf.common.nn.refine.RefinementProcess;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The refinement stage (docs/integer-inference.md 4.5) on one 4:2:0 picture, one thread: every
 * component refined with one hypothesis weight and the 7x7 diamond (13 multiplications per sample),
 * luma with 15 classes on 8 filters, chroma with one filter — the most expensive form the syntax
 * allows with one hypothesis.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Thread)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class RefinementBenchmark {
  @Param({"832x480", "1920x1080"})
  public String size;

  private Picture decoded;
  private Picture network;
  private Refinement refinement;

  @Setup
  public void setup() {
    String[] wh = size.split("x");
    int w = Integer.parseInt(wh[0]);
    int h = Integer.parseInt(wh[1]);
    Random rnd = new Random(1);
    decoded = new Picture(w, h, 8, ChromaFormat.CF420);
    network = new Picture(w, h, 8, ChromaFormat.CF420);
    for (int c = 0; c < 3; c++) {
      short[] d = decoded.plane(c).samples();
      short[] n = network.plane(c).samples();
      for (int i = 0; i < d.length; i++) {
        d[i] = (short) (64 + rnd.nextInt(128));
        n[i] = (short) (d[i] + rnd.nextInt(9) - 4);
      }
    }
    int[] idx = new int[RefinementProcess.NUM_CLASSES];
    int[][] luma = new int[8][13];
    for (int k = 0; k < idx.length; k++) {
      idx[k] = k % 8;
    }
    for (int[] f : luma) {
      f[0] = 240;
      for (int t = 1; t < 13; t++) {
        f[t] = rnd.nextInt(21) - 10;
      }
    }
    ComponentRefinement y = ComponentRefinement.refined(1, 8, FirShape.DIAMOND7, true, idx, luma);
    ComponentRefinement c = ComponentRefinement.refined(1, 8, FirShape.DIAMOND7, false, new int[0],
        new int[][] {luma[0]});
    refinement = new Refinement(1, List.of(y, c, c));
  }

  @Benchmark
  public Picture refine() {
    return RefinementProcess.apply(decoded, List.of(network), refinement);
  }
}
