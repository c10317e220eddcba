package org.nnpf.evaluation.compare;

import com.google.common.base.Preconditions;

/**
 * The VCEG-M33 fit: the cubic polynomial y = a + b·x + c·x² + d·x³ that minimises the squared
 * error at the points (with four points it passes through them). Solved by Householder QR in the
 * centred and scaled variable t = (x − m) / r, m = (x_min + x_max) / 2, r = (x_max − x_min) / 2,
 * which gives the same polynomial with far better conditioning than powers of x. Needs at least
 * four distinct x.
 */
final class CubicFit implements Interpolant {
  private static final int TERMS = 4;
  private final double m;
  private final double r;
  /** Coefficients of 1, t, t², t³. */
  private final double[] p;

  CubicFit(double[] x, double[] y) {
    int n = x.length;
    Preconditions.checkArgument(n >= TERMS && y.length == n, "need >= 4 points with one y per x (%s x, %s y)", n, y.length);
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : x) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    Preconditions.checkArgument(max > min, "all x are equal");
    m = (min + max) / 2;
    r = (max - min) / 2;
    double[][] a = new double[n][TERMS];
    for (int i = 0; i < n; i++) {
      double t = (x[i] - m) / r;
      a[i][0] = 1;
      for (int j = 1; j < TERMS; j++) {
        a[i][j] = a[i][j - 1] * t;
      }
    }
    p = leastSquares(a, y.clone());
  }

  /** Solves min |A·p − y| by Householder QR; A is n × 4 of full column rank. */
  private static double[] leastSquares(double[][] a, double[] y) {
    int n = a.length;
    for (int j = 0; j < TERMS; j++) {
      double norm = 0;
      for (int i = j; i < n; i++) {
        norm = Math.hypot(norm, a[i][j]);
      }
      Preconditions.checkArgument(norm > 0, "fewer than 4 distinct x");
      double alpha = a[j][j] > 0 ? -norm : norm;
      double[] v = new double[n];
      for (int i = j; i < n; i++) {
        v[i] = a[i][j];
      }
      v[j] -= alpha;
      double vv = 0;
      for (int i = j; i < n; i++) {
        vv += v[i] * v[i];
      }
      if (vv == 0) {
        continue;
      }
      for (int k = j; k < TERMS; k++) {
        double dot = 0;
        for (int i = j; i < n; i++) {
          dot += v[i] * a[i][k];
        }
        double f = 2 * dot / vv;
        for (int i = j; i < n; i++) {
          a[i][k] -= f * v[i];
        }
      }
      double dot = 0;
      for (int i = j; i < n; i++) {
        dot += v[i] * y[i];
      }
      double f = 2 * dot / vv;
      for (int i = j; i < n; i++) {
        y[i] -= f * v[i];
      }
    }
    double[] p = new double[TERMS];
    for (int j = TERMS - 1; j >= 0; j--) {
      double s = y[j];
      for (int k = j + 1; k < TERMS; k++) {
        s -= a[j][k] * p[k];
      }
      Preconditions.checkArgument(Math.abs(a[j][j]) > 1e-12, "fewer than 4 distinct x");
      p[j] = s / a[j][j];
    }
    return p;
  }

  @Override
  public double value(double x) {
    double t = (x - m) / r;
    return p[0] + t * (p[1] + t * (p[2] + t * p[3]));
  }

  @Override
  public double integral(double from, double to) {
    Preconditions.checkArgument(from <= to, "from %s > to %s", from, to);
    return r * (antiderivative((to - m) / r) - antiderivative((from - m) / r));
  }

  private double antiderivative(double t) {
    return t * (p[0] + t * (p[1] / 2 + t * (p[2] / 3 + t * p[3] / 4)));
  }
}
