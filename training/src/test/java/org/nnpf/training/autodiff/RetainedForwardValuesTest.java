package org.nnpf.training.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The refinement objective's step keeps each item's forward values from the fit's pass for the
 * gradient's backward pass (a pool of workspaces by tile shape) instead of running the forward
 * pass again: the losses and the trained parameters are the same, bit for bit, with the values
 * kept or recomputed, on one thread or two, while tiles of several shapes come and go.
 */
class RetainedForwardValuesTest {

  /** Conv 6 -> 5, LeakyReLU, fake quantization, conv 5 -> 12: two raw residual hypotheses. */
  private static Graph graph() {
    SplittableRandom r = new SplittableRandom(21);
    Graph.Builder b = Graph.builder();
    int in = b.input("in", 6);
    int c1 = b.op("c1", new ConvOp(3, 6, 5, param(r, "c1.w", 5 * 6 * 9, 0.5), param(r, "c1.b", 5, 0.1)), in);
    int a1 = b.op("a1", new LeakyReluOp(0.125f), c1);
    int q1 = b.op("q1", new FakeQuantOp(new FakeQuantizer(12, 8)), a1);
    int c2 = b.op("c2", new ConvOp(3, 5, 12, param(r, "c2.w", 12 * 5 * 9, 0.5), param(r, "c2.b", 12, 0.1)), q1);
    return b.build(c2);
  }

  private static Param param(SplittableRandom r, String name, int n, double range) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) ((2 * r.nextDouble() - 1) * range);
    }
    return new Param(name, v);
  }

  /** Tiles of four shapes (an interior tile, and tiles clipped at a border or a corner), drawn at random. */
  private static List<Sample> batch(SplittableRandom r, int n) {
    int[][] shapes = {{10, 10}, {10, 7}, {7, 10}, {6, 9}};
    List<Sample> b = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int[] s = shapes[r.nextInt(shapes.length)];
      Tensor in = new Tensor(6, s[0], s[1]);
      Tensor t = new Tensor(6, s[0], s[1]);
      double f = 0.3 + r.nextDouble();
      for (int c = 0; c < 6; c++) {
        for (int y = 0; y < s[0]; y++) {
          for (int x = 0; x < s[1]; x++) {
            float v = (float) (Math.round(255 * (0.5 + 0.4 * Math.sin(x * (c + 1) * f + y * 1.3))) / 256.0);
            in.set(c, y, x, v);
            t.set(c, y, x, (float) (v + (r.nextDouble() - 0.5) * 0.05));
          }
        }
      }
      b.add(Sample.of(in, t));
    }
    return b;
  }

  private record Run(double[] losses, List<float[]> params, int pooled) {}

  private static Run train(int threads, boolean retain) {
    Graph g = graph();
    Adam adam = new Adam();
    SplittableRandom r = new SplittableRandom(5);
    double[] losses = new double[40];
    int pooled;
    try (BatchGradients bg = new BatchGradients(g, threads, 1, BatchGradients.Loss.BATCH_REFINEMENT, 2).retainValues(retain)) {
      for (int it = 0; it < losses.length; it++) {
        losses[it] = bg.compute(batch(r, 4));
        adam.step(g.params(), bg.gradients(), 1e-2);
      }
      pooled = bg.pooledWorkspaces();
    }
    List<float[]> p = new ArrayList<>();
    for (Param q : g.params()) {
      p.add(q.value().clone());
    }
    return new Run(losses, p, pooled);
  }

  @Test
  void keptValuesGiveTheSameTrainingAsASecondForwardPass() {
    Run again = train(1, false);
    Run kept = train(1, true);
    Run keptTwo = train(2, true);
    Run againTwo = train(2, false);
    assertEquals(0, again.pooled());
    assertTrue(kept.pooled() > 4 && kept.pooled() <= BatchGradients.POOL_PER_ITEM * 4,
        "pool of " + kept.pooled() + " workspaces for batches of 4");
    assertTrue(again.losses()[again.losses().length - 1] < again.losses()[0], "the training lowers the loss");
    for (Run o : List.of(kept, keptTwo, againTwo)) {
      assertArrayEquals(again.losses(), o.losses());
      for (int i = 0; i < again.params().size(); i++) {
        assertArrayEquals(again.params().get(i), o.params().get(i), "parameter " + i);
      }
    }
  }
}
