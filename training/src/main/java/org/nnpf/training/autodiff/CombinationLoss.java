package org.nnpf.training.autodiff;

import com.google.common.base.Preconditions;

/**
 * The loss of a network with several residual hypotheses per component, each combined by the
 * least-squares weights of its patch (the refinement stage's weights, docs/integer-inference.md
 * 4.5, solved per patch in closed form): for a 4:2:0 polyphase output of {@code 6 H} channels
 * (hypothesis h in channels {@code 6h .. 6h + 5}), per component (luma: channels 0..3 together;
 * Cb: 4; Cr: 5), the weights {@code w} minimise {@code sum (T - X - sum_h w_h R_h)^2} over the loss
 * region, with {@code X} the unfiltered samples (the input's first 6 channels), {@code T} the
 * target and {@code R_h} the hypotheses; the loss is that minimum.
 *
 * <p>Gradient: because {@code w} minimises the loss, its derivative with respect to {@code w} is 0
 * (envelope theorem), so {@code dL/dR_h = -2 w_h e} with {@code e} the combination's error, exactly
 * (the ridge term {@link #RIDGE}, relative to the diagonal, only keeps a singular system solvable).
 * With {@code H = 1} this is the loss of the single residual scaled by its per-patch least-squares
 * weight.
 */
public final class CombinationLoss {
  /** Ridge regularisation relative to the mean diagonal of the normal equations. */
  public static final double RIDGE = 1e-9;
  private static final int[][] COMPONENTS = {{0, 1, 2, 3}, {4}, {5}};

  private CombinationLoss() {}

  /**
   * Returns the combined squared error over {@code region} (null: 0) and, when {@code gout} is not
   * null, writes {@code scale * dL/dout} there (zero elsewhere).
   *
   * @param out the network's raw output, {@code 6 * hypotheses} channels
   * @param input the network input; channels 0..5 are the unfiltered samples
   * @param target the original, 6 channels
   */
  public static double loss(Tensor out, Tensor input, Tensor target, int hypotheses, Sample.Region region, float scale,
      Tensor gout) {
    int h = hypotheses;
    Preconditions.checkArgument(out.channels() == 6 * h && target.channels() == 6 && input.channels() >= 6,
        "output %s, input %s, target %s for %s hypotheses", out, input, target, h);
    if (gout != null) {
      gout.zero();
    }
    if (region == null) {
      return 0;
    }
    double total = 0;
    for (int[] comp : COMPONENTS) {
      double[][] a = new double[h][h];
      double[] b = new double[h];
      for (int c : comp) {
        for (int y = region.top(); y < region.bottom(); y++) {
          for (int x = region.left(); x < region.right(); x++) {
            double d = target.get(c, y, x) - input.get(c, y, x);
            for (int i = 0; i < h; i++) {
              double ri = out.get(6 * i + c, y, x);
              b[i] += ri * d;
              for (int j = 0; j <= i; j++) {
                a[i][j] += ri * out.get(6 * j + c, y, x);
              }
            }
          }
        }
      }
      double[] w = solve(a, b);
      for (int c : comp) {
        for (int y = region.top(); y < region.bottom(); y++) {
          for (int x = region.left(); x < region.right(); x++) {
            double e = target.get(c, y, x) - input.get(c, y, x);
            for (int i = 0; i < h; i++) {
              e -= w[i] * out.get(6 * i + c, y, x);
            }
            total += e * e;
            if (gout != null) {
              for (int i = 0; i < h; i++) {
                gout.set(6 * i + c, y, x, (float) (scale * -2 * w[i] * e));
              }
            }
          }
        }
      }
    }
    return total;
  }

  /**
   * As {@link #loss} with given weights {@code w[component][h]} (components luma, Cb, Cr) instead of
   * the patch's own: the loss of a combination fitted over several patches (see {@link
   * Accumulator#weights}); the gradient is exact when {@code w} minimises the summed loss of those
   * patches.
   */
  public static double lossWithWeights(Tensor out, Tensor input, Tensor target, int hypotheses, double[][] w,
      Sample.Region region, float scale, Tensor gout) {
    int h = hypotheses;
    if (gout != null) {
      gout.zero();
    }
    if (region == null) {
      return 0;
    }
    double total = 0;
    for (int k = 0; k < 3; k++) {
      for (int c : COMPONENTS[k]) {
        for (int y = region.top(); y < region.bottom(); y++) {
          for (int x = region.left(); x < region.right(); x++) {
            double e = target.get(c, y, x) - input.get(c, y, x);
            for (int i = 0; i < h; i++) {
              e -= w[k][i] * out.get(6 * i + c, y, x);
            }
            total += e * e;
            if (gout != null) {
              for (int i = 0; i < h; i++) {
                gout.set(6 * i + c, y, x, (float) (scale * -2 * w[k][i] * e));
              }
            }
          }
        }
      }
    }
    return total;
  }

  /**
   * Normal equations of the combination over many patches, per component: {@link #add} each
   * patch, then {@link #sse} the squared error of the one combination (one weight vector per
   * component) that fits all of them best, as an encoder that signals one set of weights would.
   */
  public static final class Accumulator {
    private final int h;
    private final double[][][] a;
    private final double[][] b;
    private final double[] dd;

    public Accumulator(int hypotheses) {
      this.h = hypotheses;
      this.a = new double[3][h][h];
      this.b = new double[3][h];
      this.dd = new double[3];
    }

    /** Adds the region of one patch (the arguments of {@link CombinationLoss#loss}). */
    public void add(Tensor out, Tensor input, Tensor target, Sample.Region region) {
      if (region == null) {
        return;
      }
      for (int k = 0; k < 3; k++) {
        for (int c : COMPONENTS[k]) {
          for (int y = region.top(); y < region.bottom(); y++) {
            for (int x = region.left(); x < region.right(); x++) {
              double d = target.get(c, y, x) - input.get(c, y, x);
              dd[k] += d * d;
              for (int i = 0; i < h; i++) {
                double ri = out.get(6 * i + c, y, x);
                b[k][i] += ri * d;
                for (int j = 0; j <= i; j++) {
                  a[k][i][j] += ri * out.get(6 * j + c, y, x);
                }
              }
            }
          }
        }
      }
    }

    /** The squared error of the best common combination: |d|^2 - 2 w.b + w'Aw per component, summed. */
    public double sse() {
      double total = 0;
      for (int k = 0; k < 3; k++) {
        double[] w = solve(a[k], b[k]);
        double e = dd[k];
        for (int i = 0; i < h; i++) {
          e -= 2 * w[i] * b[k][i];
          for (int j = 0; j < h; j++) {
            e += w[i] * w[j] * (i >= j ? a[k][i][j] : a[k][j][i]);
          }
        }
        total += e;
      }
      return total;
    }

    /** The best common weights, per component (luma, Cb, Cr). */
    public double[][] weights() {
      double[][] w = new double[3][];
      for (int k = 0; k < 3; k++) {
        w[k] = solve(a[k], b[k]);
      }
      return w;
    }

    /** Adds another accumulator's equations. */
    public void add(Accumulator o) {
      for (int k = 0; k < 3; k++) {
        dd[k] += o.dd[k];
        for (int i = 0; i < h; i++) {
          b[k][i] += o.b[k][i];
          for (int j = 0; j < h; j++) {
            a[k][i][j] += o.a[k][i][j];
          }
        }
      }
    }

    /** The number of hypotheses. */
    public int hypotheses() {
      return h;
    }

    /** The unfiltered squared error of the added patches. */
    public double identitySse() {
      return dd[0] + dd[1] + dd[2];
    }
  }

  /** The weights: (A + ridge) w = b with A symmetric (lower triangle given), by Gaussian elimination. */
  public static double[] solve(double[][] lower, double[] b) {
    int n = b.length;
    double[][] m = new double[n][n + 1];
    double diag = 0;
    for (int i = 0; i < n; i++) {
      diag += lower[i][i];
    }
    double ridge = RIDGE * Math.max(diag / n, 1e-30);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        m[i][j] = i >= j ? lower[i][j] : lower[j][i];
      }
      m[i][i] += ridge;
      m[i][n] = b[i];
    }
    for (int col = 0; col < n; col++) {
      int p = col;
      for (int r = col + 1; r < n; r++) {
        if (Math.abs(m[r][col]) > Math.abs(m[p][col])) {
          p = r;
        }
      }
      double[] t = m[p];
      m[p] = m[col];
      m[col] = t;
      if (m[col][col] == 0) {
        continue;
      }
      for (int r = col + 1; r < n; r++) {
        double f = m[r][col] / m[col][col];
        for (int k = col; k <= n; k++) {
          m[r][k] -= f * m[col][k];
        }
      }
    }
    double[] w = new double[n];
    for (int i = n - 1; i >= 0; i--) {
      double s = m[i][n];
      for (int k = i + 1; k < n; k++) {
        s -= m[i][k] * w[k];
      }
      w[i] = m[i][i] == 0 ? 0 : s / m[i][i];
    }
    return w;
  }
}
