package org.nnpf.evaluation.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PchipTest {
  /**
   * Worked by hand: x = 0,1,2,3, y = 0,1,1,2. δ = 1,0,1, so both inner slopes are 0 (δ changes
   * sign through 0) and the end slopes are ((2·1+1)·1 − 1·0)/(1+1) = 1.5. On [0,1]: c = (3·1 −
   * 2·1.5 − 0)/1 = 0, b = (1.5 − 2 + 0)/1 = −0.5, so y(0.5) = 0.5·1.5 − 0.125·0.5 = 0.6875. Each
   * piece integrates to h(y_k + y_k+1)/2 + h²(d_k − d_k+1)/12: 0.625 + 1 + 1.375 = 3.
   */
  @Test
  void handWorkedExample() {
    Pchip p = new Pchip(new double[] {0, 1, 2, 3}, new double[] {0, 1, 1, 2});
    assertEquals(1.5, p.slope(0), 0);
    assertEquals(0, p.slope(1), 0);
    assertEquals(0, p.slope(2), 0);
    assertEquals(1.5, p.slope(3), 0);
    assertEquals(0.6875, p.value(0.5), 1e-15);
    assertEquals(1.0, p.value(1.5), 1e-15);
    assertEquals(3.0, p.integral(0, 3), 1e-15);
    assertEquals(0.625, p.integral(0, 1), 1e-15);
    assertEquals(1.0 + 1.375, p.integral(1, 3), 1e-15);
  }

  @Test
  void interiorSlopeIsTheWeightedHarmonicMean() {
    // h = 1, 2; δ = 1, 0.5: w1 = 2·2 + 1 = 5, w2 = 2 + 2 = 4, d1 = 9 / (5/1 + 4/0.5) = 9/13.
    Pchip p = new Pchip(new double[] {0, 1, 3}, new double[] {0, 1, 2});
    assertEquals(9.0 / 13, p.slope(1), 1e-15);
  }

  @Test
  void endSlopeIsClippedToThreeTimesTheSecantWhenTheDataTurns() {
    // δ = 1, −5: d0 = ((2+1)·1 − 1·(−5))/2 = 4 > 3·1, so d0 = 3.
    Pchip p = new Pchip(new double[] {0, 1, 2}, new double[] {0, 1, -4});
    assertEquals(3, p.slope(0), 0);
  }

  @Test
  void reproducesLinesAndPassesThroughTheKnots() {
    double[] x = {30.1, 32.7, 35.0, 38.4, 41.2};
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = 0.25 * x[i] - 4;
    }
    Pchip p = new Pchip(x, y);
    for (int i = 0; i < x.length; i++) {
      assertEquals(y[i], p.value(x[i]), 1e-12);
    }
    assertEquals(0.125 * (40 * 40 - 31 * 31) - 4 * 9, p.integral(31, 40), 1e-12);
  }

  @Test
  void staysMonotoneBetweenMonotoneData() {
    Pchip p = new Pchip(new double[] {0, 1, 2, 3, 4}, new double[] {0, 0.1, 0.2, 5, 5.1});
    double last = p.value(0);
    for (int i = 1; i <= 4000; i++) {
      double v = p.value(i / 1000.0);
      assertTrue(v >= last - 1e-12, "decreases at " + i / 1000.0);
      last = v;
    }
  }

  @Test
  void partialIntegralMatchesSimpsonRule() {
    Pchip p = new Pchip(new double[] {34.2911, 37.247, 40.3953, 43.6471}, new double[] {4.27, 4.53, 4.78, 5.03});
    double a = 35.0;
    double b = 42.9;
    int n = 20000;
    double h = (b - a) / n;
    double s = p.value(a) + p.value(b);
    for (int i = 1; i < n; i++) {
      s += (i % 2 == 0 ? 2 : 4) * p.value(a + i * h);
    }
    // Simpson is exact on each cubic piece; the only error is at the two knots inside [a, b].
    assertEquals(s * h / 3, p.integral(a, b), 1e-9);
  }
}
