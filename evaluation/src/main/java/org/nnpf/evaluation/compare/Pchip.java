package org.nnpf.evaluation.compare;

import com.google.common.base.Preconditions;

/**
 * Piecewise cubic Hermite interpolation with shape-preserving slopes (Fritsch–Carlson; the slopes
 * of MATLAB {@code pchip} and of the JVET / JCT-VC BD-rate template). For knots
 * x<sub>0</sub> &lt; … &lt; x<sub>n−1</sub> with values y<sub>k</sub>:
 *
 * <pre>
 * h_k = x_{k+1} − x_k,  δ_k = (y_{k+1} − y_k) / h_k                       k = 0 … n−2
 * d_k = 0                                  if δ_{k−1}·δ_k ≤ 0            k = 1 … n−2
 *     = (w1 + w2) / (w1/δ_{k−1} + w2/δ_k)  otherwise, w1 = 2h_k + h_{k−1}, w2 = h_k + 2h_{k−1}
 * d_0 = ((2h_0 + h_1)·δ_0 − h_0·δ_1) / (h_0 + h_1), then
 *       0 if sign(d_0) ≠ sign(δ_0); else 3δ_0 if sign(δ_0) ≠ sign(δ_1) and |d_0| &gt; |3δ_0|
 * d_{n−1}: the same with h_{n−2}, h_{n−3}, δ_{n−2}, δ_{n−3}
 * on [x_k, x_{k+1}], s = x − x_k:  y = y_k + d_k·s + c_k·s² + b_k·s³
 *   c_k = (3δ_k − 2d_k − d_{k+1}) / h_k,  b_k = (d_k − 2δ_k + d_{k+1}) / h_k²
 * </pre>
 *
 * Two knots give the straight line. The integral is the exact integral of these cubics, summed over
 * the pieces clipped to the range of integration, as the template does.
 */
final class Pchip implements Interpolant {
  private final double[] x;
  private final double[] y;
  private final double[] d;
  private final double[] c;
  private final double[] b;

  Pchip(double[] x, double[] y) {
    int n = x.length;
    Preconditions.checkArgument(n >= 2 && y.length == n, "need >= 2 points with one y per x (%s x, %s y)", n, y.length);
    for (int k = 0; k + 1 < n; k++) {
      Preconditions.checkArgument(x[k] < x[k + 1], "x is not strictly increasing at %s", k);
    }
    this.x = x.clone();
    this.y = y.clone();
    double[] h = new double[n - 1];
    double[] delta = new double[n - 1];
    for (int k = 0; k + 1 < n; k++) {
      h[k] = x[k + 1] - x[k];
      delta[k] = (y[k + 1] - y[k]) / h[k];
    }
    d = new double[n];
    if (n == 2) {
      d[0] = delta[0];
      d[1] = delta[0];
    } else {
      for (int k = 1; k + 1 < n; k++) {
        if (delta[k - 1] * delta[k] <= 0) {
          d[k] = 0;
        } else {
          double w1 = 2 * h[k] + h[k - 1];
          double w2 = h[k] + 2 * h[k - 1];
          d[k] = (w1 + w2) / (w1 / delta[k - 1] + w2 / delta[k]);
        }
      }
      d[0] = endSlope(h[0], h[1], delta[0], delta[1]);
      d[n - 1] = endSlope(h[n - 2], h[n - 3], delta[n - 2], delta[n - 3]);
    }
    c = new double[n - 1];
    b = new double[n - 1];
    for (int k = 0; k + 1 < n; k++) {
      c[k] = (3 * delta[k] - 2 * d[k] - d[k + 1]) / h[k];
      b[k] = (d[k] - 2 * delta[k] + d[k + 1]) / (h[k] * h[k]);
    }
  }

  /** The one-sided three-point slope at an end, made shape-preserving. */
  private static double endSlope(double h1, double h2, double del1, double del2) {
    double dd = ((2 * h1 + h2) * del1 - h1 * del2) / (h1 + h2);
    if (Math.signum(dd) != Math.signum(del1)) {
      return 0;
    }
    if (Math.signum(del1) != Math.signum(del2) && Math.abs(dd) > Math.abs(3 * del1)) {
      return 3 * del1;
    }
    return dd;
  }

  /** Slope at knot {@code k} (for tests). */
  double slope(int k) {
    return d[k];
  }

  @Override
  public double value(double at) {
    int k = 0;
    while (k + 2 < x.length && at > x[k + 1]) {
      k++;
    }
    double s = at - x[k];
    return y[k] + s * (d[k] + s * (c[k] + s * b[k]));
  }

  @Override
  public double integral(double from, double to) {
    Preconditions.checkArgument(from <= to, "from %s > to %s", from, to);
    double sum = 0;
    for (int k = 0; k + 1 < x.length; k++) {
      double s0 = Math.min(Math.max(x[k], from), to) - x[k];
      double s1 = Math.min(Math.max(x[k + 1], from), to) - x[k];
      if (s1 > s0) {
        sum += y[k] * (s1 - s0)
            + d[k] * (s1 * s1 - s0 * s0) / 2
            + c[k] * (s1 * s1 * s1 - s0 * s0 * s0) / 3
            + b[k] * (s1 * s1 * s1 * s1 - s0 * s0 * s0 * s0) / 4;
      }
    }
    return sum;
  }
}
