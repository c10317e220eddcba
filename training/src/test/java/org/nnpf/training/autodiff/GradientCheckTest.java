package org.nnpf.training.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Analytic gradients against central finite differences. Inputs are kept away from the kinks of
 * the activations, and the finite differences are taken of a loss accumulated in double.
 */
class GradientCheckTest {
  private static final double EPS = 1e-3;

  /** Random values in [-1, 1] at least 0.05 away from 0. */
  static Tensor awayFromZero(SplittableRandom r, int c, int h, int w) {
    Tensor t = new Tensor(c, h, w);
    for (int k = 0; k < c; k++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          double v = 0.05 + 0.95 * r.nextDouble();
          t.set(k, y, x, (float) (r.nextBoolean() ? v : -v));
        }
      }
    }
    return t;
  }

  /** sum(r * y) in double. */
  static double dotLoss(Tensor y, Tensor r) {
    double s = 0;
    for (int c = 0; c < y.channels(); c++) {
      for (int yy = 0; yy < y.height(); yy++) {
        for (int x = 0; x < y.width(); x++) {
          s += (double) y.get(c, yy, x) * r.get(c, yy, x);
        }
      }
    }
    return s;
  }

  /**
   * Checks the input gradients of {@code op} on {@code inputs} for the loss {@code sum(r * op(x))},
   * and the gradients of its trainable params.
   */
  static void checkOp(Op op, Tensor... inputs) {
    SplittableRandom r = new SplittableRandom(17);
    List<Shape> shapes = new ArrayList<>();
    for (Tensor t : inputs) {
      shapes.add(Shape.of(t));
    }
    Shape os = op.outputShape(shapes);
    Tensor weights = ConvKernelsTest.random(r, os.channels(), os.height(), os.width());
    Supplier<Double> loss = () -> {
      Tensor y = os.newTensor();
      op.forward(inputs, y);
      ConvKernelsTest.assertBorderZero(y);
      return dotLoss(y, weights);
    };
    Tensor y = os.newTensor();
    op.forward(inputs, y);
    Tensor[] gin = new Tensor[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      gin[i] = Shape.of(inputs[i]).newTensor();
    }
    Grads grads = new Grads(op.params());
    op.backward(inputs, y, weights, gin, grads);
    for (int i = 0; i < inputs.length; i++) {
      Tensor x = inputs[i];
      ConvKernelsTest.assertBorderZero(gin[i]);
      for (int c = 0; c < x.channels(); c++) {
        for (int yy = 0; yy < x.height(); yy++) {
          for (int xx = 0; xx < x.width(); xx++) {
            float v = x.get(c, yy, xx);
            x.set(c, yy, xx, (float) (v + EPS));
            double lp = loss.get();
            x.set(c, yy, xx, (float) (v - EPS));
            double lm = loss.get();
            x.set(c, yy, xx, v);
            double fd = (lp - lm) / (2 * EPS);
            assertEquals(fd, gin[i].get(c, yy, xx), 2e-3 * Math.max(1, Math.abs(fd)),
                op.kind() + " input " + i + " at " + c + "," + yy + "," + xx);
          }
        }
      }
    }
    for (Param p : op.params()) {
      float[] g = grads.of(p);
      for (int j = 0; j < p.size(); j++) {
        double fd = finiteDifference(p, j, loss);
        assertEquals(fd, g[j], 2e-3 * Math.max(1, Math.abs(fd)), op.kind() + " " + p.name() + "[" + j + "]");
      }
    }
  }

  static double finiteDifference(Param p, int j, Supplier<Double> loss) {
    return finiteDifference(p, j, loss, EPS);
  }

  static double finiteDifference(Param p, int j, Supplier<Double> loss, double eps) {
    float v = p.value()[j];
    float hi = (float) (v + eps);
    float lo = (float) (v - eps);
    p.value()[j] = hi;
    p.refresh();
    double lp = loss.get();
    p.value()[j] = lo;
    p.refresh();
    double lm = loss.get();
    p.value()[j] = v;
    p.refresh();
    return (lp - lm) / ((double) hi - lo);
  }

  static Param param(SplittableRandom r, String name, int n, double lo, double hi) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (lo + (hi - lo) * r.nextDouble());
    }
    return new Param(name, v);
  }

  @Test
  void conv3x3Gradients() {
    SplittableRandom r = new SplittableRandom(1);
    checkOp(new ConvOp(3, 3, 5, param(r, "w", 5 * 3 * 9, -1, 1), param(r, "b", 5, -1, 1)), awayFromZero(r, 3, 6, 19));
  }

  @Test
  void conv1x1Gradients() {
    SplittableRandom r = new SplittableRandom(2);
    checkOp(new ConvOp(1, 6, 4, param(r, "w", 24, -1, 1), param(r, "b", 4, -1, 1)), awayFromZero(r, 6, 5, 7));
  }

  @Test
  void multiplierGradients() {
    SplittableRandom r = new SplittableRandom(3);
    checkOp(new ScaleOp(param(r, "m", 3, 0.5, 2)), awayFromZero(r, 3, 4, 18));
  }

  @Test
  void activationGradients() {
    SplittableRandom r = new SplittableRandom(4);
    checkOp(new ReluOp(), awayFromZero(r, 2, 5, 5));
    checkOp(new LeakyReluOp(0.125f), awayFromZero(r, 2, 5, 5));
    checkOp(new PReluOp(param(r, "a", 2, 0, 0.5)), awayFromZero(r, 2, 5, 5));
  }

  @Test
  void structuralOpGradients() {
    SplittableRandom r = new SplittableRandom(5);
    checkOp(new AddOp(), awayFromZero(r, 2, 3, 4), awayFromZero(r, 2, 3, 4));
    checkOp(new SliceOp(1, 2), awayFromZero(r, 4, 3, 4));
    checkOp(new ConcatOp(), awayFromZero(r, 2, 3, 4), awayFromZero(r, 1, 3, 4));
    checkOp(PolyphaseOp.pack(), awayFromZero(r, 2, 6, 4));
    checkOp(PolyphaseOp.unpack(), awayFromZero(r, 8, 3, 5));
  }

  @Test
  void fakeQuantPassesGradientInsideTheRangeOnly() {
    Tensor x = new Tensor(1, 1, 3);
    x.set(0, 0, 0, 0.3f);
    x.set(0, 0, 1, 5f);
    x.set(0, 0, 2, -0.7f);
    FakeQuantOp op = new FakeQuantOp(new FakeQuantizer(4, 2)); // codes -8..7, step 0.25
    Tensor y = new Tensor(1, 1, 3);
    op.forward(new Tensor[] {x}, y);
    assertEquals(0.25f, y.get(0, 0, 0));
    assertEquals(1.75f, y.get(0, 0, 1));
    assertEquals(-0.75f, y.get(0, 0, 2));
    Tensor g = new Tensor(1, 1, 3);
    g.set(0, 0, 0, 1f);
    g.set(0, 0, 1, 1f);
    g.set(0, 0, 2, 1f);
    Tensor gin = new Tensor(1, 1, 3);
    op.backward(new Tensor[] {x}, y, g, new Tensor[] {gin}, new Grads(List.of()));
    assertEquals(1f, gin.get(0, 0, 0));
    assertEquals(0f, gin.get(0, 0, 1));
    assertEquals(1f, gin.get(0, 0, 2));
  }

  @Test
  void polyphasePackPutsPhasesInRasterOrder() {
    Tensor x = new Tensor(1, 2, 2);
    x.set(0, 0, 0, 1);
    x.set(0, 0, 1, 2);
    x.set(0, 1, 0, 3);
    x.set(0, 1, 1, 4);
    Tensor y = new Tensor(4, 1, 1);
    PolyphaseOp.pack().forward(new Tensor[] {x}, y);
    for (int c = 0; c < 4; c++) {
      assertEquals(c + 1, y.get(c, 0, 0));
    }
    Tensor back = new Tensor(1, 2, 2);
    PolyphaseOp.unpack().forward(new Tensor[] {y}, back);
    assertEquals(x.get(0, 1, 0), back.get(0, 1, 0));
    assertEquals(x.get(0, 1, 1), back.get(0, 1, 1));
  }

  /** A small residual network with every trainable op, checked end to end through the MSE loss. */
  @Test
  void wholeGraphParameterGradientsMatchFiniteDifferences() {
    SplittableRandom r = new SplittableRandom(6);
    Graph.Builder b = Graph.builder();
    int in = b.input("in", 3);
    int c1 = b.op("c1", new ConvOp(3, 3, 4, param(r, "c1.w", 4 * 3 * 9, -0.5, 0.5), param(r, "c1.b", 4, -0.1, 0.1)), in);
    int m1 = b.op("m1", new ScaleOp(param(r, "m1", 4, 0.5, 1.5)), c1);
    int a1 = b.op("a1", new PReluOp(param(r, "a1", 4, 0.05, 0.3)), m1);
    int c2 = b.op("c2", new ConvOp(1, 4, 4, param(r, "c2.w", 16, -0.5, 0.5), param(r, "c2.b", 4, -0.1, 0.1)), a1);
    int a2 = b.op("a2", new LeakyReluOp(0.1f), c2);
    int c3 = b.op("c3", new ConvOp(3, 4, 2, param(r, "c3.w", 2 * 4 * 9, -0.5, 0.5), param(r, "c3.b", 2, -0.1, 0.1)), a2);
    int m3 = b.op("m3", new ScaleOp(param(r, "m3", 2, 0.5, 1.5)), c3);
    int sl = b.op("sl", new SliceOp(0, 2), in);
    int out = b.op("out", new AddOp(), m3, sl);
    Graph g = b.build(out);
    List<Sample> batch = List.of(
        Sample.of(awayFromZero(r, 3, 6, 7), awayFromZero(r, 2, 6, 7)),
        Sample.of(awayFromZero(r, 3, 6, 7), awayFromZero(r, 2, 6, 7)));
    try (BatchGradients bg = new BatchGradients(g, 1, 1)) {
      double l0 = bg.compute(batch);
      assertTrue(l0 > 0);
      Grads an = new Grads(g.params());
      an.copyFrom(bg.gradients());
      // Float rounding of the forward pass limits the finite differences to about 4e-4 here
      // (eps 1e-4; a larger eps starts to cross the kinks of the activations).
      int checked = 0;
      for (Param p : g.params()) {
        for (int j = 0; j < p.size(); j += 3) {
          double fd = finiteDifference(p, j, () -> bg.compute(batch), 1e-4);
          assertEquals(fd, an.of(p)[j], 1e-3 + 1e-2 * Math.abs(fd), p.name() + "[" + j + "]");
          checked++;
        }
      }
      // Directional derivative along a random direction over all parameters at once.
      double[][] dir = new double[g.params().size()][];
      double predicted = 0;
      for (int k = 0; k < dir.length; k++) {
        Param p = g.params().get(k);
        dir[k] = new double[p.size()];
        for (int j = 0; j < p.size(); j++) {
          dir[k][j] = r.nextGaussian() * 0.1;
          predicted += dir[k][j] * an.of(p)[j];
        }
      }
      double[] l = new double[2];
      float[][] saved = new float[dir.length][];
      for (int s = 0; s < 2; s++) {
        double t = s == 0 ? 1e-3 : -1e-3;
        for (int k = 0; k < dir.length; k++) {
          Param p = g.params().get(k);
          saved[k] = p.value().clone();
          for (int j = 0; j < p.size(); j++) {
            p.value()[j] = (float) (saved[k][j] + t * dir[k][j]);
          }
        }
        g.refresh();
        l[s] = bg.compute(batch);
        for (int k = 0; k < dir.length; k++) {
          g.params().get(k).set(saved[k]);
        }
      }
      double fdDir = (l[0] - l[1]) / 2e-3;
      assertEquals(fdDir, predicted, 1e-2 * Math.abs(predicted), "directional derivative");
      assertTrue(checked > 40);
    }
  }

  /**
   * The normalized objectives: the gradient matches finite differences, and the value is the mean
   * of each item's squared error over its unfiltered squared error (NORMALIZED: an item with 100
   * times the error of another weighs the same) or over the square root of that error times the
   * item's sample count (SQRT_NORMALIZED: it weighs 10 times less per unit of error).
   */
  @ParameterizedTest
  @EnumSource(value = BatchGradients.Loss.class, names = {"NORMALIZED", "SQRT_NORMALIZED"})
  void normalizedLossGradientsMatchFiniteDifferences(BatchGradients.Loss objective) {
    SplittableRandom r = new SplittableRandom(8);
    Graph.Builder b = Graph.builder();
    int in = b.input("in", 3);
    int c1 = b.op("c1", new ConvOp(3, 3, 4, param(r, "c1.w", 4 * 3 * 9, -0.5, 0.5), param(r, "c1.b", 4, -0.1, 0.1)), in);
    int a1 = b.op("a1", new LeakyReluOp(0.1f), c1);
    int c2 = b.op("c2", new ConvOp(3, 4, 2, param(r, "c2.w", 2 * 4 * 9, -0.5, 0.5), param(r, "c2.b", 2, -0.1, 0.1)), a1);
    int sl = b.op("sl", new SliceOp(0, 2), in);
    int out = b.op("out", new AddOp(), c2, sl);
    Graph g = b.build(out);
    Tensor x1 = awayFromZero(r, 3, 6, 7);
    Tensor t1 = awayFromZero(r, 2, 6, 7);
    Tensor x2 = awayFromZero(r, 3, 6, 7);
    Tensor t2 = new Tensor(2, 6, 7);
    for (int c = 0; c < 2; c++) {
      for (int y = 0; y < 6; y++) {
        for (int x = 0; x < 7; x++) {
          t2.set(c, y, x, x2.get(c, y, x) + 10 * (t1.get(c, y, x) - x1.get(c, y, x)));
        }
      }
    }
    List<Sample> batch = List.of(Sample.of(x1, t1), Sample.of(x2, t2));
    try (BatchGradients bg = new BatchGradients(g, 1, 1, objective);
        BatchGradients mse = new BatchGradients(g, 1, 1)) {
      double l0 = bg.compute(batch);
      double[] sse = mse.itemSse(batch);
      double[] den = new double[2];
      for (int i = 0; i < 2; i++) {
        double n = BatchGradients.normaliser(batch.get(i), 1);
        den[i] = objective == BatchGradients.Loss.NORMALIZED ? n : Math.sqrt(n * batch.get(i).lossCount(1));
      }
      double expected = (sse[0] / den[0] + sse[1] / den[1]) / 2;
      assertEquals(expected, l0, 1e-9 * expected);
      // the second item's unfiltered error is 100 times the first's
      assertEquals(100, BatchGradients.identitySse(batch.get(1), 1) / BatchGradients.identitySse(batch.get(0), 1), 1e-3);
      Grads an = new Grads(g.params());
      an.copyFrom(bg.gradients());
      int checked = 0;
      for (Param p : g.params()) {
        for (int j = 0; j < p.size(); j += 3) {
          double fd = finiteDifference(p, j, () -> bg.compute(batch), 1e-4);
          // float forward passes: the finite difference's noise grows with the loss
          assertEquals(fd, an.of(p)[j], 1e-3 * Math.max(1, l0) + 1e-2 * Math.abs(fd), p.name() + "[" + j + "] (loss " + l0 + ")");
          checked++;
        }
      }
      assertTrue(checked > 30);
    }
  }

  /**
   * Two residual hypotheses per component combined by their per-patch least-squares weights: the
   * parameter gradients match finite differences (the weights' own derivative vanishes at the
   * optimum), and the loss is below that of either hypothesis alone with its own best weight.
   */
  @Test
  void combinationLossOfTwoHypothesesMatchesFiniteDifferences() {
    SplittableRandom r = new SplittableRandom(9);
    Graph g = twoHypothesisGraph(r);
    List<Sample> batch = List.of(
        Sample.of(awayFromZero(r, 6, 6, 7), awayFromZero(r, 6, 6, 7)),
        Sample.of(awayFromZero(r, 6, 6, 7), awayFromZero(r, 6, 6, 7)));
    try (BatchGradients bg = new BatchGradients(g, 1, 1, BatchGradients.Loss.COMBINATION, 2)) {
      double l0 = bg.compute(batch);
      assertTrue(l0 > 0);
      Grads an = new Grads(g.params());
      an.copyFrom(bg.gradients());
      int checked = 0;
      for (Param p : g.params()) {
        for (int j = 0; j < p.size(); j += 5) {
          double fd = finiteDifference(p, j, () -> bg.compute(batch), 1e-4);
          assertEquals(fd, an.of(p)[j], 1e-3 + 1e-2 * Math.abs(fd), p.name() + "[" + j + "]");
          checked++;
        }
      }
      assertTrue(checked > 50);
      // the combination of two is at least as good as either hypothesis with its own best weight
      Workspace ws = new Workspace(g);
      Sample s = batch.get(0);
      Tensor y = ws.forward(s.inputs().get(0));
      double both = CombinationLoss.loss(y, s.inputs().get(0), s.target(), 2, s.lossRegion(1), 0f, null);
      for (int h = 0; h < 2; h++) {
        Tensor one = new Tensor(6, 6, 7);
        for (int c = 0; c < 6; c++) {
          for (int yy = 0; yy < 6; yy++) {
            for (int x = 0; x < 7; x++) {
              one.set(c, yy, x, y.get(6 * h + c, yy, x));
            }
          }
        }
        double alone = CombinationLoss.loss(one, s.inputs().get(0), s.target(), 1, s.lossRegion(1), 0f, null);
        assertTrue(both <= alone + 1e-9, "hypothesis " + h + ": " + both + " > " + alone);
      }
    }
  }

  @Test
  void combinationWeightsSolveKnownSystemsAndSingularOnes() {
    double[] w = CombinationLoss.solve(new double[][] {{4, 0}, {2, 3}}, new double[] {8, 13});
    // [[4,2],[2,3]] w = [8,13]: 4 w0 + 2 w1 = 8 and 2 w0 + 3 w1 = 13 give w1 = 4.5, w0 = -0.25
    assertEquals(-0.25, w[0], 1e-6);
    assertEquals(4.5, w[1], 1e-6);
    double[] z = CombinationLoss.solve(new double[][] {{0, 0}, {0, 0}}, new double[] {0, 0});
    assertEquals(0, z[0]);
    assertEquals(0, z[1]);
    double[] dup = CombinationLoss.solve(new double[][] {{1, 0}, {1, 1}}, new double[] {2, 2});
    assertEquals(2, dup[0] + dup[1], 1e-6); // two equal hypotheses: any split of the weight
  }

  /** One patch: the common combination is the patch's own; two patches: no better than each its own. */
  @Test
  void accumulatedCombinationEqualsThePerPatchOneForOnePatch() {
    SplittableRandom r = new SplittableRandom(10);
    Sample.Region reg = new Sample.Region(1, 1, 5, 6);
    Tensor out1 = awayFromZero(r, 12, 6, 7);
    Tensor in1 = awayFromZero(r, 7, 6, 7);
    Tensor t1 = awayFromZero(r, 6, 6, 7);
    Tensor out2 = awayFromZero(r, 12, 6, 7);
    Tensor in2 = awayFromZero(r, 7, 6, 7);
    Tensor t2 = awayFromZero(r, 6, 6, 7);
    CombinationLoss.Accumulator one = new CombinationLoss.Accumulator(2);
    one.add(out1, in1, t1, reg);
    double own1 = CombinationLoss.loss(out1, in1, t1, 2, reg, 0f, null);
    assertEquals(own1, one.sse(), 1e-9 * (1 + own1));
    one.add(out2, in2, t2, reg);
    double own2 = CombinationLoss.loss(out2, in2, t2, 2, reg, 0f, null);
    assertTrue(one.sse() >= own1 + own2 - 1e-9);
  }

  /** One combination for the whole batch: gradients match finite differences, for 1 and 2 threads alike. */
  @Test
  void batchCombinationLossMatchesFiniteDifferencesAndIsThreadIndependent() {
    SplittableRandom r = new SplittableRandom(11);
    Graph g = twoHypothesisGraph(r);
    List<Sample> batch = List.of(
        Sample.of(awayFromZero(r, 6, 6, 7), awayFromZero(r, 6, 6, 7)),
        Sample.of(awayFromZero(r, 6, 6, 7), awayFromZero(r, 6, 6, 7)),
        Sample.of(awayFromZero(r, 6, 6, 7), awayFromZero(r, 6, 6, 7)));
    try (BatchGradients bg = new BatchGradients(g, 1, 1, BatchGradients.Loss.BATCH_COMBINATION, 2);
        BatchGradients two = new BatchGradients(g, 2, 1, BatchGradients.Loss.BATCH_COMBINATION, 2)) {
      double l0 = bg.compute(batch);
      assertGradientsMatchAndThreadIndependent(g, bg, two, batch, l0, 1e-3, 1e-2);
    }
  }

  /**
   * The refinement stage fitted to the batch (hypotheses and FIR taps per component and class):
   * gradients match finite differences, for 1 and 2 threads alike, and the fit is never worse than
   * the plain common combination of the hypotheses (it has more terms).
   */
  @Test
  void batchRefinementLossMatchesFiniteDifferencesAndIsThreadIndependent() {
    SplittableRandom r = new SplittableRandom(12);
    Graph g = twoHypothesisGraph(r);
    List<Sample> batch = texturedBatch(r, 3);
    try (BatchGradients bg = new BatchGradients(g, 1, 1, BatchGradients.Loss.BATCH_REFINEMENT, 2);
        BatchGradients two = new BatchGradients(g, 2, 1, BatchGradients.Loss.BATCH_REFINEMENT, 2);
        BatchGradients comb = new BatchGradients(g, 1, 1, BatchGradients.Loss.BATCH_COMBINATION, 2)) {
      double l0 = bg.compute(batch);
      assertTrue(l0 > 0);
      assertTrue(l0 <= comb.compute(batch) + 1e-12, "refinement " + l0 + " worse than the combination alone");
      assertGradientsMatchAndThreadIndependent(g, bg, two, batch, l0, 1e-4, 2e-2);
    }
  }

  /**
   * The refinement statistics of a set of samples (the encoder's overfitting measures its objective
   * with them): the error they leave is the loss of the batch fit, and they do not depend on the
   * thread count.
   */
  @Test
  void refinementStatisticsGiveTheBatchFitsError() {
    SplittableRandom r = new SplittableRandom(14);
    Graph g = twoHypothesisGraph(r);
    List<Sample> batch = texturedBatch(r, 3);
    try (BatchGradients one = new BatchGradients(g, 1, 0, BatchGradients.Loss.BATCH_REFINEMENT, 2);
        BatchGradients two = new BatchGradients(g, 2, 0, BatchGradients.Loss.BATCH_REFINEMENT, 2)) {
      double mean = one.compute(batch);
      long n = 0;
      for (Sample s : batch) {
        n += s.lossCount(0);
      }
      RefinementLoss.Accumulator a = one.refinementStatistics(batch);
      RefinementLoss.Accumulator b = two.refinementStatistics(batch);
      assertEquals(mean * n, a.sse(true, true), 1e-6 * mean * n);
      assertEquals(a.sse(true, true), b.sse(true, true));
      assertEquals(a.identitySse(), b.identitySse());
      assertTrue(a.sse(true, true) < a.identitySse());
    }
    try (BatchGradients mse = new BatchGradients(g, 1, 1)) {
      assertThrows(IllegalStateException.class, () -> mse.refinementStatistics(batch));
    }
  }

  /**
   * The refinement stage fitted per group of consecutive items (patches of one picture): gradients
   * match finite differences for 1 and 2 threads, and fitting each group on its own is never worse
   * than one fit for the whole batch.
   */
  @Test
  void groupedRefinementLossMatchesFiniteDifferences() {
    SplittableRandom r = new SplittableRandom(13);
    Graph g = twoHypothesisGraph(r);
    List<Sample> batch = texturedBatch(r, 4);
    try (BatchGradients bg = new BatchGradients(g, 1, 1, BatchGradients.Loss.BATCH_REFINEMENT, 2).fitGroup(2);
        BatchGradients two = new BatchGradients(g, 2, 1, BatchGradients.Loss.BATCH_REFINEMENT, 2).fitGroup(2);
        BatchGradients whole = new BatchGradients(g, 1, 1, BatchGradients.Loss.BATCH_REFINEMENT, 2)) {
      double l0 = bg.compute(batch);
      assertTrue(l0 > 0);
      assertTrue(l0 <= whole.compute(batch) + 1e-12, "per group " + l0 + " worse than one fit for the batch");
      assertGradientsMatchAndThreadIndependent(g, bg, two, batch, l0, 1e-4, 2e-2);
    }
  }

  /**
   * The gradients {@code bg} left for {@code batch} (loss {@code l0}) equal those of {@code two} (two
   * threads) exactly and match finite differences (every 7th parameter value; tolerance {@code tol}
   * plus {@code rel} of the difference quotient).
   */
  private static void assertGradientsMatchAndThreadIndependent(Graph g, BatchGradients bg, BatchGradients two,
      List<Sample> batch, double l0, double tol, double rel) {
    Grads an = new Grads(g.params());
    an.copyFrom(bg.gradients());
    assertEquals(l0, two.compute(batch));
    int checked = 0;
    for (Param p : g.params()) {
      assertArrayEquals(an.of(p), two.gradients().of(p), p.name());
      for (int j = 0; j < p.size(); j += 7) {
        double fd = finiteDifference(p, j, () -> bg.compute(batch), 1e-4);
        assertEquals(fd, an.of(p)[j], tol + rel * Math.abs(fd), p.name() + "[" + j + "]");
        checked++;
      }
    }
    assertTrue(checked > 30);
  }

  /**
   * {@code n} 8x8 patches of 6 channels with samples on the 8-bit grid in [0, 1) and texture, so that
   * several refinement classes occur; targets the samples plus noise of up to 0.025.
   */
  private static List<Sample> texturedBatch(SplittableRandom r, int n) {
    List<Sample> batch = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      Tensor in = new Tensor(6, 8, 8);
      Tensor t = new Tensor(6, 8, 8);
      for (int c = 0; c < 6; c++) {
        for (int y = 0; y < 8; y++) {
          for (int x = 0; x < 8; x++) {
            float v = (float) (Math.round(255 * (0.5 + 0.4 * Math.sin(x * (c + 1) * 0.7 + y * (i + 1) * 1.3))) / 256.0);
            in.set(c, y, x, v);
            t.set(c, y, x, (float) (v + (r.nextDouble() - 0.5) * 0.05));
          }
        }
      }
      batch.add(Sample.of(in, t));
    }
    return batch;
  }

  /** Conv 6 -> 4, LeakyReLU, conv 4 -> 12: two raw residual hypotheses for each of 6 components. */
  private static Graph twoHypothesisGraph(SplittableRandom r) {
    Graph.Builder b = Graph.builder();
    int in = b.input("in", 6);
    int c1 = b.op("c1", new ConvOp(3, 6, 4, param(r, "c1.w", 4 * 6 * 9, -0.5, 0.5), param(r, "c1.b", 4, -0.1, 0.1)), in);
    int a1 = b.op("a1", new LeakyReluOp(0.1f), c1);
    int c2 = b.op("c2", new ConvOp(3, 4, 12, param(r, "c2.w", 12 * 4 * 9, -0.5, 0.5), param(r, "c2.b", 12, -0.1, 0.1)), a1);
    return b.build(c2);
  }
}
