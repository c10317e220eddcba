package org.nnpf.encoder.refine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nnpf.common.nn.refine.ComponentMode;
import org.nnpf.common.nn.refine.ComponentRefinement;
import org.nnpf.common.nn.refine.FirShape;
import org.nnpf.common.nn.refine.Refinement;
import org.nnpf.common.nn.refine.RefinementProcess;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;
import org.nnpf.common.picture.Plane;

/** The least-squares solver, the exact statistics and the fit of the refinement stage. */
class RefinementFitTest {

  @Test
  void solverFindsAKnownSolution() {
    double[][] a = {{4, 1, 0}, {1, 3, 1}, {0, 1, 2}};
    double[] w = {1, -2, 0.5};
    double[] b = new double[3];
    for (int i = 0; i < 3; i++) {
      for (int j = 0; j < 3; j++) {
        b[i] += a[i][j] * w[j];
      }
    }
    assertArrayEquals(w, RidgeSolver.solve(a, b, 0), 1e-12);
  }

  @Test
  void solverHandlesSingularSystemsAndZeroFeatures() {
    // two identical features: any split of the weight is a solution; the ridge picks the even split
    double[][] a = {{2, 2, 0}, {2, 2, 0}, {0, 0, 0}};
    double[] b = {4, 4, 0};
    double[] w = RidgeSolver.solve(a, b, 1e-9);
    assertEquals(2.0, w[0] + w[1], 1e-6);
    assertEquals(w[0], w[1], 1e-6);
    assertEquals(0.0, w[2]);
    assertArrayEquals(new double[2], RidgeSolver.solve(new double[2][2], new double[2], 0));
  }

  private static Plane noise(Random rnd, int w, int h) {
    Plane p = new Plane(w, h);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        p.set(x, y, 60 + rnd.nextInt(120));
      }
    }
    return p;
  }

  @Test
  void statisticsEqualABruteForceSum() {
    Random rnd = new Random(5);
    Plane x = noise(rnd, 13, 9);
    Plane n = noise(rnd, 13, 9);
    Plane o = noise(rnd, 13, 9);
    RefinementStats s = new RefinementStats();
    s.add(x, n, o, 8);
    int[] cls = RefinementProcess.classify(new RefinementProcess.PaddedPlane(x), 8);
    long[][] g = new long[RefinementProcess.NUM_CLASSES][RefinementStats.F * RefinementStats.F];
    long[] e = new long[RefinementProcess.NUM_CLASSES];
    for (int y = 0; y < 9; y++) {
      for (int xx = 0; xx < 13; xx++) {
        long[] phi = new long[RefinementStats.F];
        phi[0] = n.get(xx, y) - x.get(xx, y);
        for (int t = 0; t < 12; t++) {
          int dx = FirShape.DIAMOND7.dx(t);
          int dy = FirShape.DIAMOND7.dy(t);
          phi[1 + t] = at(x, xx + dx, y + dy) + at(x, xx - dx, y - dy) - 2L * x.get(xx, y);
        }
        int k = cls[(y / 4) * 4 + xx / 4];
        for (int a = 0; a < RefinementStats.F; a++) {
          for (int b = a; b < RefinementStats.F; b++) {
            g[k][a * RefinementStats.F + b] += phi[a] * phi[b];
          }
        }
        long t = o.get(xx, y) - x.get(xx, y);
        e[k] += t * t;
      }
    }
    for (int k = 0; k < RefinementProcess.NUM_CLASSES; k++) {
      assertArrayEquals(g[k], s.gram[k], "class " + k);
      assertEquals(e[k], s.energy[k]);
    }
  }

  private static int at(Plane p, int x, int y) {
    return p.get(Math.min(Math.max(x, 0), p.width() - 1), Math.min(Math.max(y, 0), p.height() - 1));
  }

  @Test
  void fitRecoversTheFilterThatMadeTheTarget() {
    // the original is the decoded picture refined with known integer weights: the fit must find them
    Random rnd = new Random(9);
    int[] known = {48, -3, 5, 0, 2, 1, -1}; // hypothesis weight 0.75, then the 5x5 diamond's 6 taps, S = 6
    ComponentRefinement truth = ComponentRefinement.refined(1, 6, FirShape.DIAMOND5, false, new int[0], new int[][] {known});
    RefinementStats s = new RefinementStats();
    for (int i = 0; i < 3; i++) {
      Picture x = new Picture(64, 48, 8, ChromaFormat.CF400, noise(rnd, 64, 48));
      Picture n = new Picture(64, 48, 8, ChromaFormat.CF400, noise(rnd, 64, 48));
      Picture o = RefinementProcess.apply(x, List.of(n), new Refinement(1, List.of(truth)));
      s.add(x.plane(0), n.plane(0), o.plane(0), 8);
    }
    RefinementFitter.Fit fit = RefinementFitter.fit(s, 1, 1.0, 1e-6);
    ComponentRefinement c = fit.component();
    assertEquals(ComponentMode.REFINED, c.mode());
    int[] got = c.coefficients(0);
    double scale = 1 << c.log2Scale();
    assertEquals(known[0] / 64.0, got[0] / scale, 2.0 / scale);
    for (int t = 0; t < 6; t++) {
      assertEquals(known[1 + t] / 64.0, got[1 + t] / scale, 2.0 / scale, "tap " + t);
    }
    // its estimated error is the rounding's, about 1/12 per sample
    assertTrue(fit.sse() < 3 * 64 * 48 * 0.2, "sse " + fit.sse());
  }

  @Test
  void expensiveBitsChooseTheSimplestForm() {
    Random rnd = new Random(1);
    RefinementStats s = new RefinementStats();
    Plane x = noise(rnd, 32, 32);
    Plane o = noise(rnd, 32, 32);
    s.add(x, x, o, 8);
    // at a huge lambda the cheapest syntax wins: one filter, fewest coefficients
    RefinementFitter.Fit fit = RefinementFitter.fit(s, 1, 1.0, 1e9);
    assertEquals(1, fit.component().numFilters());
    assertEquals(FirShape.NONE, fit.component().shape());
  }

  @Test
  void rateDistortionSearchOfTheWeightsNeverCostsMoreThanRounding() {
    // noisy targets: the least-squares weights are small and irregular, where the search pays
    Random rnd = new Random(21);
    int lowered = 0;
    for (int trial = 0; trial < 6; trial++) {
      RefinementStats s = new RefinementStats(2);
      for (int i = 0; i < 2; i++) {
        Picture x = new Picture(48, 40, 8, ChromaFormat.CF400, noise(rnd, 48, 40));
        Plane n0 = noise(rnd, 48, 40);
        Plane n1 = noise(rnd, 48, 40);
        Plane o = new Plane(48, 40);
        for (int y = 0; y < 40; y++) {
          for (int xx = 0; xx < 48; xx++) {
            int t = x.plane(0).get(xx, y) + (n0.get(xx, y) - x.plane(0).get(xx, y)) / 3 + rnd.nextInt(41) - 20;
            o.set(xx, y, Math.max(0, Math.min(255, t)));
          }
        }
        s.add(x.plane(0), List.of(n0, n1), o, 8);
      }
      for (double lambda : new double[] {1, 30, 300, 3000}) {
        for (var tools : List.of(java.util.EnumSet.allOf(RefinementTool.class),
            java.util.EnumSet.of(RefinementTool.FIR, RefinementTool.CLASSES))) {
          RefinementFitter.Fit rounded = RefinementFitter.fit(s, 2, 1.0, lambda, tools, false);
          RefinementFitter.Fit searched = RefinementFitter.fit(s, 2, 1.0, lambda, tools, true);
          double jr = rounded.cost(1.0, lambda);
          double js = searched.cost(1.0, lambda);
          assertTrue(js <= jr + 1e-6 * Math.abs(jr), "trial " + trial + " lambda " + lambda + ": " + js + " > " + jr);
          // the fit's bits are those the writer spends on the component
          assertEquals(org.nnpf.bitstream.nnpf.NnpfMessageWriter.componentBits(searched.component()), searched.bits());
          if (js < jr - 1e-6 * Math.abs(jr)) {
            lowered++;
          }
        }
      }
    }
    assertTrue(lowered >= 12, "the search lowered J in " + lowered + " of 48 fits");
  }
}
