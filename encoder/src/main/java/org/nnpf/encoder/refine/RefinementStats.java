package org.nnpf.encoder.refine;

import org.nnpf.common.nn.refine.FirShape;
import org.nnpf.common.nn.refine.RefinementProcess;
import org.nnpf.common.nn.refine.RefinementProcess.PaddedPlane;
import org.nnpf.common.picture.Plane;

/**
 * Exact second-order statistics of one colour component for the least-squares fit of the refinement
 * stage, per block class: the Gram matrix of the features, their correlation with the target and the
 * target's energy, in 64-bit integers (so the sums do not depend on the order of accumulation).
 *
 * <p>Feature 0 is the network's residual {@code P_0 − X} (0 when there is no network output) — with a
 * network of H hypotheses features 0..H−1 are {@code P_h − X}; the 12 features after them are the tap-pair terms {@code X(+d) + X(−d) − 2X} of {@link FirShape#DIAMOND7} in its tap
 * order, whose first 6 are those of {@link FirShape#DIAMOND5}. The target is {@code O − X}. These are
 * the quantities the integer refinement process of the decoder computes, so the fit is made on what
 * the integer decoder actually produces.
 */
public final class RefinementStats {
  /** Number of features with one hypothesis. */
  public static final int F = 1 + FirShape.DIAMOND7.taps();

  /** Hypothesis features H (at least 1; features 0..H−1 are P_h − X, then the 12 tap terms). */
  final int hyp;
  /** Number of features, {@code hyp + 12}. */
  final int f;
  final long[][] gram;
  final long[][] cross;
  final long[] energy = new long[RefinementProcess.NUM_CLASSES];
  final long[] count = new long[RefinementProcess.NUM_CLASSES];

  /** Statistics with one hypothesis feature (the network's output P_0, or 0 without a network). */
  public RefinementStats() {
    this(1);
  }

  /**
   * Statistics with {@code hypotheses} hypothesis features (a network of several hypotheses,
   * docs/model-format.md): feature h is {@code P_h − X}, the tap terms follow at {@code hypotheses + t}.
   */
  public RefinementStats(int hypotheses) {
    this.hyp = Math.max(1, hypotheses);
    this.f = hyp + FirShape.DIAMOND7.taps();
    this.gram = new long[RefinementProcess.NUM_CLASSES][f * f];
    this.cross = new long[RefinementProcess.NUM_CLASSES][f];
  }

  /** Hypothesis features (at least 1). */
  public int hypotheses() {
    return hyp;
  }

  /**
   * Adds one picture's component.
   *
   * @param decoded the decoded plane X
   * @param network the network's output plane P_0, or null
   * @param original the original plane O
   */
  public void add(Plane decoded, Plane network, Plane original, int bitDepth) {
    add(decoded, network == null ? java.util.List.of() : java.util.List.of(network), original, bitDepth);
  }

  /**
   * Adds one picture's component.
   *
   * @param decoded the decoded plane X
   * @param hypotheses the network's hypothesis planes P_0, P_1, … (at most {@link #hypotheses()};
   *     empty without a network: those features are 0)
   * @param original the original plane O
   */
  public void add(Plane decoded, java.util.List<Plane> hypotheses, Plane original, int bitDepth) {
    com.google.common.base.Preconditions.checkArgument(hypotheses.size() <= hyp, "%s hypothesis planes, at most %s",
        hypotheses.size(), hyp);
    final int F = f;
    PaddedPlane px = new PaddedPlane(decoded);
    int[] cls = RefinementProcess.classify(px, bitDepth);
    int w = decoded.width();
    int h = decoded.height();
    int bw = (w + RefinementProcess.BLOCK - 1) / RefinementProcess.BLOCK;
    int[] off = RefinementProcess.tapOffsets(FirShape.DIAMOND7, px.stride);
    short[][] ns = new short[hypotheses.size()][];
    for (int p = 0; p < ns.length; p++) {
      ns[p] = hypotheses.get(p).samples();
    }
    short[] os = original.samples();
    int[] v = px.v;
    long[] phi = new long[F];
    for (int y = 0; y < h; y++) {
      int i = px.index(0, y);
      for (int x = 0; x < w; x++, i++) {
        int k = cls[(y / RefinementProcess.BLOCK) * bw + x / RefinementProcess.BLOCK];
        int o = y * w + x;
        int c = v[i];
        for (int p = 0; p < hyp; p++) {
          phi[p] = p < ns.length ? (ns[p][o] & 0xFFFF) - c : 0;
        }
        for (int t = 0; t < off.length; t++) {
          phi[hyp + t] = v[i + off[t]] + v[i - off[t]] - 2 * c;
        }
        long e = (os[o] & 0xFFFF) - c;
        long[] g = gram[k];
        long[] b = cross[k];
        for (int a = 0; a < F; a++) {
          long pa = phi[a];
          if (pa == 0) {
            continue;
          }
          b[a] += pa * e;
          int row = a * F;
          for (int bb = a; bb < F; bb++) {
            g[row + bb] += pa * phi[bb];
          }
        }
        energy[k] += e * e;
        count[k]++;
      }
    }
  }

  /**
   * The statistics these pictures give without a network ({@code new RefinementStats(0)} added the
   * same planes with no hypothesis): the tap features' sums, which do not depend on the network, are
   * copied; the hypothesis feature is 0. Exactly what the pass without a network would accumulate,
   * without the pass.
   */
  public RefinementStats withoutNetwork() {
    RefinementStats r = new RefinementStats(0);
    int taps = FirShape.DIAMOND7.taps();
    for (int k = 0; k < RefinementProcess.NUM_CLASSES; k++) {
      for (int a = 0; a < taps; a++) {
        r.cross[k][r.hyp + a] = cross[k][hyp + a];
        for (int b = a; b < taps; b++) {
          r.gram[k][(r.hyp + a) * r.f + r.hyp + b] = gram[k][(hyp + a) * f + hyp + b];
        }
      }
      r.energy[k] = energy[k];
      r.count[k] = count[k];
    }
    return r;
  }

  /** Adds {@code o}'s sums to these. */
  public void addAll(RefinementStats o) {
    com.google.common.base.Preconditions.checkArgument(o.hyp == hyp, "statistics of %s and %s hypotheses", o.hyp, hyp);
    for (int k = 0; k < RefinementProcess.NUM_CLASSES; k++) {
      for (int i = 0; i < f * f; i++) {
        gram[k][i] += o.gram[k][i];
      }
      for (int i = 0; i < f; i++) {
        cross[k][i] += o.cross[k][i];
      }
      energy[k] += o.energy[k];
      count[k] += o.count[k];
    }
  }

  /** Samples counted in class {@code k}. */
  public long count(int k) {
    return count[k];
  }
}
