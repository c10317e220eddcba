package org.nnpf.encoder.train;

import org.nnpf.common.nn.refine.FirShape;
import org.nnpf.common.nn.refine.RefinementProcess;
import org.nnpf.common.picture.Picture;
import org.nnpf.common.picture.Plane;
import org.nnpf.encoder.train.autodiff.CombinationLoss;
import org.nnpf.encoder.train.autodiff.Tensor;

/**
 * Normal equations of the refinement stage (docs/integer-inference.md 4.5) in float: per
 * component and per class of 4x4 blocks (the 15 classes of {@link RefinementProcess#classify}),
 * the least-squares weights of the H residual hypotheses and the 12 second-difference taps of the
 * 7x7 diamond — what an encoder that signals one refinement set, classified, with the largest FIR
 * shape and all hypotheses, can fit to the data added. Weights are not quantized and their rate
 * is not counted: it bounds what the refinement stage gets from a network's hypotheses, with and
 * without them (the FIR alone).
 */
public final class RefinementStatistics {
  static final FirShape SHAPE = FirShape.DIAMOND7;
  private static final int CLASSES = RefinementProcess.NUM_CLASSES;

  private final int h;
  private final int n;
  private final double[][][][] a;
  private final double[][][] b;
  private final double[][] dd;

  public RefinementStatistics(int hypotheses) {
    this.h = hypotheses;
    this.n = hypotheses + SHAPE.taps();
    this.a = new double[3][CLASSES][n][n];
    this.b = new double[3][CLASSES][n];
    this.dd = new double[3][CLASSES];
  }

  public int hypotheses() {
    return h;
  }

  /**
   * Adds the {@code size x size} luma patch of {@code pair} at ({@code x0}, {@code y0}) (even, no
   * transform), with the network's raw residuals {@code out} of that patch (6·H channels,
   * polyphase 4:2:0, in units of 2^-bitDepth), counting the samples at least {@code margin} tensor
   * samples inside the patch.
   */
  public void add(Picture original, Picture reconstruction, int x0, int y0, int size, Tensor out, int margin) {
    int d = reconstruction.bitDepth();
    double unit = 1 << d;
    for (int c = 0; c < 3; c++) {
      int sub = c == 0 ? 1 : 2;
      int s = size / sub;
      int m = c == 0 ? 2 * margin : margin;
      Plane x = crop(reconstruction.plane(c), x0 / sub, y0 / sub, s);
      Plane t = crop(original.plane(c), x0 / sub, y0 / sub, s);
      RefinementProcess.PaddedPlane px = new RefinementProcess.PaddedPlane(x);
      int[] cls = RefinementProcess.classify(px, d);
      int[] taps = RefinementProcess.tapOffsets(SHAPE, px.stride);
      int bw = (s + RefinementProcess.BLOCK - 1) / RefinementProcess.BLOCK;
      double[] f = new double[n];
      for (int yy = m; yy < s - m; yy++) {
        for (int xx = m; xx < s - m; xx++) {
          int k = cls[(yy >> 2) * bw + (xx >> 2)];
          int i = px.index(xx, yy);
          int v = px.v[i];
          for (int hh = 0; hh < h; hh++) {
            int ch = c == 0 ? 6 * hh + 2 * (yy & 1) + (xx & 1) : 6 * hh + 3 + c;
            int ty = c == 0 ? yy >> 1 : yy;
            int tx = c == 0 ? xx >> 1 : xx;
            f[hh] = out.get(ch, ty, tx) * unit;
          }
          for (int p = 0; p < taps.length; p++) {
            f[h + p] = px.v[i + taps[p]] + px.v[i - taps[p]] - 2 * v;
          }
          double e = t.get(xx, yy) - v;
          dd[c][k] += e * e;
          double[][] ak = a[c][k];
          double[] bk = b[c][k];
          for (int p = 0; p < n; p++) {
            bk[p] += f[p] * e;
            double fp = f[p];
            double[] row = ak[p];
            for (int q = 0; q <= p; q++) {
              row[q] += fp * f[q];
            }
          }
        }
      }
    }
  }

  private static Plane crop(Plane p, int x0, int y0, int s) {
    Plane c = new Plane(s, s);
    short[] src = p.samples();
    short[] dst = c.samples();
    for (int y = 0; y < s; y++) {
      System.arraycopy(src, (y0 + y) * p.width() + x0, dst, y * s, s);
    }
    return c;
  }

  /** Adds another accumulator's equations. */
  public void add(RefinementStatistics o) {
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

  /** The unfiltered squared error (sample units). */
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
   * The squared error after the best weights per component and class, using the hypotheses
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
}
