package org.nnpf.training.autodiff;

import com.google.common.base.Preconditions;
import org.nnpf.common.nn.refine.FirShape;
import org.nnpf.common.nn.refine.RefinementProcess;
import org.nnpf.common.picture.Plane;

/**
 * The loss of a network whose residual hypotheses feed the refinement stage
 * (docs/integer-inference.md 4.5): per component (luma: the four polyphase channels as one plane;
 * Cb; Cr) and per class of 4x4 blocks (the 15 classes of {@link RefinementProcess#classify}, from
 * the unfiltered samples), the least-squares weights of the H hypotheses and of the 12
 * second-difference taps of the 7x7 diamond FIR; the loss is the squared error left, what an
 * encoder fitting one classified refinement set with every hypothesis and the largest FIR gets.
 * The FIR terms and classes do not depend on the network: the network is trained for what they
 * cannot do.
 *
 * <p>Gradient: the weights minimise the loss, so {@code dL/dR_h = -2 w_h e} (envelope theorem; see
 * {@link CombinationLoss}), with the weights of the sample's component and class. Samples are in
 * tensor units (sample / 2^bitDepth); the classes are computed on the samples rounded to {@code
 * bitDepth} bits.
 */
public final class RefinementLoss {
  public static final int CLASSES = RefinementProcess.NUM_CLASSES;
  static final FirShape SHAPE = FirShape.DIAMOND7;
  public static final int TAPS = SHAPE.taps();

  private RefinementLoss() {}

  /** The network-independent part of a patch: per component, each counted sample's tensor position, class, FIR terms and target residual. */
  public static final class Features {
    final int[][] ch = new int[3][];
    final int[][] ty = new int[3][];
    final int[][] tx = new int[3][];
    final int[][] cls = new int[3][];
    final float[][] fir = new float[3][];
    final float[][] d = new float[3][];
  }

  /**
   * The features of one patch: {@code input} channels 0..5 the unfiltered samples (4:2:0
   * polyphase), {@code target} the original, {@code region} the counted tensor positions (null:
   * none).
   */
  public static Features features(Tensor input, Tensor target, Sample.Region region, int bitDepth) {
    Preconditions.checkArgument(input.channels() >= 6 && target.channels() == 6, "input %s, target %s", input, target);
    Features f = new Features();
    int th = input.height();
    int tw = input.width();
    for (int c = 0; c < 3; c++) {
      int sub = c == 0 ? 2 : 1;
      int w = tw * sub;
      int h = th * sub;
      Plane p = new Plane(w, h);
      int max = (1 << bitDepth) - 1;
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          float v = input.get(channel(c, x, y), c == 0 ? y >> 1 : y, c == 0 ? x >> 1 : x);
          p.set(x, y, Math.max(0, Math.min(max, Math.round(v * (1 << bitDepth)))));
        }
      }
      RefinementProcess.PaddedPlane pp = new RefinementProcess.PaddedPlane(p);
      int[] classes = RefinementProcess.classify(pp, bitDepth);
      int[] taps = RefinementProcess.tapOffsets(SHAPE, pp.stride);
      int bw = (w + RefinementProcess.BLOCK - 1) / RefinementProcess.BLOCK;
      int n = region == null ? 0 : (int) region.area() * sub * sub;
      f.ch[c] = new int[n];
      f.ty[c] = new int[n];
      f.tx[c] = new int[n];
      f.cls[c] = new int[n];
      f.fir[c] = new float[n * TAPS];
      f.d[c] = new float[n];
      if (region == null) {
        continue;
      }
      float unit = 1f / (1 << bitDepth);
      int k = 0;
      for (int y = region.top() * sub; y < region.bottom() * sub; y++) {
        for (int x = region.left() * sub; x < region.right() * sub; x++, k++) {
          int ch = channel(c, x, y);
          int yy = c == 0 ? y >> 1 : y;
          int xx = c == 0 ? x >> 1 : x;
          f.ch[c][k] = ch;
          f.ty[c][k] = yy;
          f.tx[c][k] = xx;
          f.cls[c][k] = classes[(y >> 2) * bw + (x >> 2)];
          int i = pp.index(x, y);
          int v = pp.v[i];
          for (int t = 0; t < TAPS; t++) {
            f.fir[c][k * TAPS + t] = (pp.v[i + taps[t]] + pp.v[i - taps[t]] - 2 * v) * unit;
          }
          f.d[c][k] = target.get(ch, yy, xx) - input.get(ch, yy, xx);
        }
      }
    }
    return f;
  }

  /** The tensor channel of component c's sample (x, y): luma phase 2 (y & 1) + (x & 1), Cb 4, Cr 5. */
  private static int channel(int c, int x, int y) {
    return c == 0 ? 2 * (y & 1) + (x & 1) : 3 + c;
  }

  /** Normal equations per component and class over one or more patches. */
  public static final class Accumulator {
    private final int h;
    private final int n;
    private final double[][][][] a;
    private final double[][][] b;
    private final double[][] dd;

    public Accumulator(int hypotheses) {
      this.h = hypotheses;
      this.n = hypotheses + TAPS;
      this.a = new double[3][CLASSES][n][n];
      this.b = new double[3][CLASSES][n];
      this.dd = new double[3][CLASSES];
    }

    /** Adds one patch: its network output {@code out} (6·H raw residual channels) and features. */
    public void add(Tensor out, Features f) {
      Preconditions.checkArgument(out.channels() == 6 * h, "output %s for %s hypotheses", out, h);
      double[] v = new double[n];
      for (int c = 0; c < 3; c++) {
        int[] cls = f.cls[c];
        for (int k = 0; k < cls.length; k++) {
          features(out, f, c, k, v);
          double e = f.d[c][k];
          double[][] ak = a[c][cls[k]];
          double[] bk = b[c][cls[k]];
          dd[c][cls[k]] += e * e;
          for (int p = 0; p < n; p++) {
            double fp = v[p];
            bk[p] += fp * e;
            double[] row = ak[p];
            for (int q = 0; q <= p; q++) {
              row[q] += fp * v[q];
            }
          }
        }
      }
    }

    private void features(Tensor out, Features f, int c, int k, double[] v) {
      for (int i = 0; i < h; i++) {
        v[i] = out.get(6 * i + f.ch[c][k], f.ty[c][k], f.tx[c][k]);
      }
      for (int t = 0; t < TAPS; t++) {
        v[h + t] = f.fir[c][k * TAPS + t];
      }
    }

    /** Adds another accumulator's equations. */
    public void add(Accumulator o) {
      for (int c = 0; c < 3; c++) {
        for (int k = 0; k < CLASSES; k++) {
          dd[c][k] += o.dd[c][k];
          for (int p = 0; p < n; p++) {
            b[c][k][p] += o.b[c][k][p];
            for (int q = 0; q <= p; q++) {
              a[c][k][p][q] += o.a[c][k][p][q];
            }
          }
        }
      }
    }

    public int hypotheses() {
      return h;
    }

    /** The unfiltered squared error of the added patches. */
    public double identitySse() {
      double s = 0;
      for (double[] r : dd) {
        for (double v : r) {
          s += v;
        }
      }
      return s;
    }

    /**
     * The squared error left by the best weights per component and class using the hypotheses
     * ({@code useHypotheses}) and the FIR taps ({@code useFir}); neither: the unfiltered error.
     */
    public double sse(boolean useHypotheses, boolean useFir) {
      int[] idx = new int[n];
      int m = 0;
      for (int p = 0; p < n; p++) {
        if (p < h ? useHypotheses : useFir) {
          idx[m++] = p;
        }
      }
      double total = 0;
      for (int c = 0; c < 3; c++) {
        for (int k = 0; k < CLASSES; k++) {
          double e = dd[c][k];
          if (m > 0 && e > 0) {
            double[][] lower = new double[m][m];
            double[] bb = new double[m];
            for (int p = 0; p < m; p++) {
              bb[p] = b[c][k][idx[p]];
              for (int q = 0; q <= p; q++) {
                lower[p][q] = a[c][k][idx[p]][idx[q]];
              }
            }
            double[] w = CombinationLoss.solve(lower, bb);
            for (int p = 0; p < m; p++) {
              e -= 2 * w[p] * bb[p];
              for (int q = 0; q < m; q++) {
                e += w[p] * w[q] * (p >= q ? lower[p][q] : lower[q][p]);
              }
            }
          }
          total += Math.max(e, 0);
        }
      }
      return total;
    }

    /** The least-squares weights {@code [component][class][H hypotheses, then the taps]}. */
    public double[][][] weights() {
      double[][][] w = new double[3][CLASSES][];
      for (int c = 0; c < 3; c++) {
        for (int k = 0; k < CLASSES; k++) {
          w[c][k] = CombinationLoss.solve(a[c][k], b[c][k]);
        }
      }
      return w;
    }
  }

  /**
   * The squared error of the patch under weights {@code w} (of {@link Accumulator#weights}) and,
   * when {@code gout} is not null, {@code scale * dL/dout} written there (zero elsewhere).
   */
  public static double lossWithWeights(Tensor out, Features f, int hypotheses, double[][][] w, float scale, Tensor gout) {
    if (gout != null) {
      gout.zero();
    }
    int h = hypotheses;
    double total = 0;
    for (int c = 0; c < 3; c++) {
      int[] cls = f.cls[c];
      for (int k = 0; k < cls.length; k++) {
        double[] wk = w[c][cls[k]];
        double e = f.d[c][k];
        int ch = f.ch[c][k];
        int y = f.ty[c][k];
        int x = f.tx[c][k];
        for (int i = 0; i < h; i++) {
          e -= wk[i] * out.get(6 * i + ch, y, x);
        }
        for (int t = 0; t < TAPS; t++) {
          e -= wk[h + t] * f.fir[c][k * TAPS + t];
        }
        total += e * e;
        if (gout != null) {
          for (int i = 0; i < h; i++) {
            gout.set(6 * i + ch, y, x, (float) (scale * -2 * wk[i] * e));
          }
        }
      }
    }
    return total;
  }

  /** The squared error of the patch with its own best weights (an oracle), and its gradient. */
  public static double loss(Tensor out, Features f, int hypotheses, float scale, Tensor gout) {
    Accumulator a = new Accumulator(hypotheses);
    a.add(out, f);
    return lossWithWeights(out, f, hypotheses, a.weights(), scale, gout);
  }
}
