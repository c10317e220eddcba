package org.nnpf.encoder.refine;

/**
 * Regularised least squares: solves {@code (A + r·diag(A)) w = b} for a symmetric positive
 * semi-definite {@code A} by Cholesky decomposition. The ridge term {@code r} is relative to each
 * feature's own energy, so it does not depend on the features' scales; a zero feature (zero diagonal)
 * gets weight 0. If the regularised matrix is still not positive definite (numerically singular),
 * the ridge is raised tenfold until it is.
 */
public final class RidgeSolver {
  private RidgeSolver() {}

  /** Default relative ridge. */
  public static final double DEFAULT_RIDGE = 1e-6;

  /** The solution {@code w}; {@code a} and {@code b} are not modified. */
  public static double[] solve(double[][] a, double[] b, double ridge) {
    int n = b.length;
    double[] w = new double[n];
    // drop features with no energy
    int[] keep = new int[n];
    int m = 0;
    for (int i = 0; i < n; i++) {
      if (a[i][i] > 0) {
        keep[m++] = i;
      }
    }
    if (m == 0) {
      return w;
    }
    for (double r = ridge; ; r = r == 0 ? 1e-12 : r * 10) {
      double[][] l = new double[m][m];
      boolean ok = true;
      for (int i = 0; i < m && ok; i++) {
        for (int j = 0; j <= i; j++) {
          double s = a[keep[i]][keep[j]];
          if (i == j) {
            s += r * a[keep[i]][keep[i]];
          }
          for (int k = 0; k < j; k++) {
            s -= l[i][k] * l[j][k];
          }
          if (i == j) {
            if (!(s > 1e-12 * a[keep[i]][keep[i]])) {
              ok = false;
              break;
            }
            l[i][i] = Math.sqrt(s);
          } else {
            l[i][j] = s / l[j][j];
          }
        }
      }
      if (!ok) {
        if (r > 1e3) {
          return w; // hopeless: no fit
        }
        continue;
      }
      double[] y = new double[m];
      for (int i = 0; i < m; i++) {
        double s = b[keep[i]];
        for (int k = 0; k < i; k++) {
          s -= l[i][k] * y[k];
        }
        y[i] = s / l[i][i];
      }
      for (int i = m - 1; i >= 0; i--) {
        double s = y[i];
        for (int k = i + 1; k < m; k++) {
          s -= l[k][i] * w[keep[k]];
        }
        w[keep[i]] = s / l[i][i];
      }
      return w;
    }
  }
}
