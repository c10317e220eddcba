package org.nnpf.evaluation.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CubicFitTest {
  private static double cubic(double x) {
    return 2 - 0.5 * x + 0.03 * x * x - 0.0004 * x * x * x;
  }

  @Test
  void fourPointsGiveTheCubicThroughThem() {
    double[] x = {27.95, 31.17, 34.44, 38.11};
    double[] y = new double[4];
    for (int i = 0; i < 4; i++) {
      y[i] = cubic(x[i]);
    }
    CubicFit f = new CubicFit(x, y);
    for (double at = 28; at < 38; at += 0.37) {
      assertEquals(cubic(at), f.value(at), 1e-11);
    }
    // ∫ cubic = 2x − x²/4 + 0.01x³ − 0.0001x⁴
    double exact = (2 * 38 - 38 * 38 / 4.0 + 0.01 * Math.pow(38, 3) - 0.0001 * Math.pow(38, 4))
        - (2 * 30 - 30 * 30 / 4.0 + 0.01 * Math.pow(30, 3) - 0.0001 * Math.pow(30, 4));
    assertEquals(exact, f.integral(30, 38), 1e-10);
  }

  @Test
  void morePointsOnACubicGiveThatCubic() {
    double[] x = {20, 22.5, 26, 29, 31, 35.5, 40};
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = cubic(x[i]);
    }
    CubicFit f = new CubicFit(x, y);
    assertEquals(cubic(33.3), f.value(33.3), 1e-11);
  }

  @Test
  void morePointsGiveTheLeastSquaresCubic() {
    // Six points near y = x³: the least-squares residual is orthogonal to 1, x, x², x³ (normal equations).
    double[] x = {-2, -1, 0, 1, 2, 3};
    double[] y = {-8.1, -0.9, 0.2, 0.8, 8.3, 26.7};
    CubicFit f = new CubicFit(x, y);
    for (int k = 0; k < 4; k++) {
      double dot = 0;
      for (int i = 0; i < x.length; i++) {
        dot += Math.pow(x[i], k) * (f.value(x[i]) - y[i]);
      }
      assertEquals(0, dot, 1e-10, "normal equation " + k);
    }
  }
}
