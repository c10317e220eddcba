package org.nnpf.encoder.refine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.nnpf.bitstream.nnpf.NnpfMessageWriter;
import org.nnpf.common.nn.refine.ComponentRefinement;
import org.nnpf.common.nn.refine.FirShape;
import org.nnpf.common.nn.refine.RefinementProcess;

/**
 * The encoder's choice of a component's refinement (docs/encoder.md, "Refinement stage"): regularised
 * least squares on the exact statistics of the sequence ({@link RefinementStats}) for every form the
 * syntax offers — network residual weight alone, with a 5x5 or 7x7 diamond FIR, the FIR alone; one
 * filter or the 15 block classes merged greedily into 1..15 filters — each quantized at every weight
 * precision {@code 2^-S}, S in {@link #SCALES}; the rate-distortion cost {@code J = weight · SSE + λ ·
 * bits} of each is estimated from the quadratic form of the statistics (the quantized weights' exact
 * squared error before the output's rounding, plus the rounding's 1/12 per sample), with the exact
 * bits of its syntax. The form of least J is returned.
 */
public final class RefinementFitter {
  private RefinementFitter() {}

  /** Weight precisions tried (log2 of the scale). */
  public static final int[] SCALES = {4, 5, 6, 7, 8, 9, 10, 11};

  /**
   * A fitted component.
   *
   * @param component the refinement (mode REFINED)
   * @param sse the estimated squared error of the refined component over the sequence
   * @param bits the bits of its syntax in the refinement set
   * @param label what it is, for the log
   */
  public record Fit(ComponentRefinement component, double sse, long bits, String label) {
    public double cost(double weight, double lambda) {
      return weight * sse + lambda * bits;
    }
  }

  /** The squared error of the component left unfiltered (the target's energy). */
  public static double unfilteredSse(RefinementStats s) {
    double e = 0;
    for (long v : s.energy) {
      e += v;
    }
    return e;
  }

  /**
   * The best refined form of a component.
   *
   * @param numHypotheses the network's hypotheses the refinement set weighs (features 0..numHypotheses−1
   *     of the statistics), 0 without a network
   * @param weight the distortion weight of the component (1 luma, 1/6 chroma)
   * @param lambda the Lagrangian, in weighted squared error per bit
   */
  public static Fit fit(RefinementStats s, int numHypotheses, double weight, double lambda) {
    return fit(s, numHypotheses, weight, lambda, EnumSet.allOf(RefinementTool.class));
  }

  /** As above, with only the forms that {@code tools} allow; null when they allow none. */
  public static Fit fit(RefinementStats s, int numHypotheses, double weight, double lambda, Set<RefinementTool> tools) {
    return fit(s, numHypotheses, weight, lambda, tools, true);
  }

  /**
   * As above; {@code rdoq} false quantizes each weight by rounding alone (no rate-distortion search
   * of the integer weights, {@link #rdoQuantize}).
   */
  public static Fit fit(RefinementStats s, int numHypotheses, double weight, double lambda, Set<RefinementTool> tools,
      boolean rdoq) {
    Fit best = null;
    List<FirShape> shapes = tools.contains(RefinementTool.FIR)
        ? List.of(FirShape.NONE, FirShape.DIAMOND5, FirShape.DIAMOND7) : List.of(FirShape.NONE);
    com.google.common.base.Preconditions.checkArgument(numHypotheses <= s.hyp, "%s hypotheses weighed, the statistics have %s",
        numHypotheses, s.hyp);
    // hypotheses used by the component: all the set weighs, hypothesis 0 alone (the others' weights
    // 0), or none (all 0)
    List<Integer> uses = new ArrayList<>();
    if (numHypotheses > 0 && tools.contains(RefinementTool.WEIGHT)) {
      uses.add(numHypotheses);
      if (numHypotheses > 1) {
        uses.add(1);
      }
    }
    uses.add(0);
    for (int used : uses) {
      for (FirShape shape : shapes) {
        if (used == 0 && shape == FirShape.NONE) {
          continue;
        }
        int[] feats = features(used, s.hyp, shape);
        List<int[]> groupings = tools.contains(RefinementTool.CLASSES) ? groupings(s, feats) : List.of(new int[0]);
        for (int[] grouping : groupings) {
          Fit f = fitGrouping(s, feats, numHypotheses, used, shape, grouping, weight, lambda, rdoq);
          if (f != null && (best == null || f.cost(weight, lambda) < best.cost(weight, lambda))) {
            best = f;
          }
        }
      }
    }
    return best;
  }

  /** Feature indices of a form with one hypothesis feature: 0 (network residual) if used, then the shape's taps. */
  static int[] features(boolean useHyp, FirShape shape) {
    return features(useHyp ? 1 : 0, 1, shape);
  }

  /**
   * Feature indices of a form: hypotheses 0..used−1, then the shape's taps (at {@code hyp + t} in
   * statistics of {@code hyp} hypothesis features).
   */
  static int[] features(int used, int hyp, FirShape shape) {
    int[] f = new int[used + shape.taps()];
    int n = 0;
    for (int h = 0; h < used; h++) {
      f[n++] = h;
    }
    for (int t = 0; t < shape.taps(); t++) {
      f[n++] = hyp + t;
    }
    return f;
  }

  /** Accumulated normal equations of a set of classes restricted to some features. */
  private static final class Group {
    final double[][] a;
    final double[] b;
    double e;
    long n;

    Group(int m) {
      a = new double[m][m];
      b = new double[m];
    }

    void add(RefinementStats s, int k, int[] feats) {
      int m = feats.length;
      for (int i = 0; i < m; i++) {
        b[i] += s.cross[k][feats[i]];
        for (int j = 0; j < m; j++) {
          int lo = Math.min(feats[i], feats[j]);
          int hi = Math.max(feats[i], feats[j]);
          a[i][j] += s.gram[k][lo * s.f + hi];
        }
      }
      e += s.energy[k];
      n += s.count[k];
    }

    Group plus(Group o) {
      int m = b.length;
      Group g = new Group(m);
      for (int i = 0; i < m; i++) {
        g.b[i] = b[i] + o.b[i];
        for (int j = 0; j < m; j++) {
          g.a[i][j] = a[i][j] + o.a[i][j];
        }
      }
      g.e = e + o.e;
      g.n = n + o.n;
      return g;
    }

    double[] solve() {
      return RidgeSolver.solve(a, b, RidgeSolver.DEFAULT_RIDGE);
    }

    /** Squared error with real weights {@code w}: E − 2 wᵀb + wᵀAw. */
    double sse(double[] w) {
      double s = e;
      for (int i = 0; i < w.length; i++) {
        s -= 2 * w[i] * b[i];
        for (int j = 0; j < w.length; j++) {
          s += w[i] * a[i][j] * w[j];
        }
      }
      return s;
    }

    double lsError() {
      return sse(solve());
    }
  }

  /**
   * Class-to-filter maps to try: one filter for all classes (an empty array: no classification), then
   * the greedy merge of the classes that occur, from as many filters as occurring classes down to 1
   * (each step merges the two groups whose union adds the least least-squares error).
   */
  static List<int[]> groupings(RefinementStats s, int[] feats) {
    List<int[]> out = new ArrayList<>();
    out.add(new int[0]);
    List<Group> groups = new ArrayList<>();
    List<List<Integer>> members = new ArrayList<>();
    for (int k = 0; k < RefinementProcess.NUM_CLASSES; k++) {
      if (s.count[k] > 0) {
        Group g = new Group(feats.length);
        g.add(s, k, feats);
        groups.add(g);
        members.add(new ArrayList<>(List.of(k)));
      }
    }
    if (groups.size() <= 1) {
      return out;
    }
    double[] err = groups.stream().mapToDouble(Group::lsError).toArray();
    List<Double> errs = new ArrayList<>();
    for (double v : err) {
      errs.add(v);
    }
    while (groups.size() > 1) {
      out.add(mapOf(members));
      int bi = -1;
      int bj = -1;
      double bestDelta = Double.POSITIVE_INFINITY;
      Group bestG = null;
      for (int i = 0; i < groups.size(); i++) {
        for (int j = i + 1; j < groups.size(); j++) {
          Group g = groups.get(i).plus(groups.get(j));
          double d = g.lsError() - errs.get(i) - errs.get(j);
          if (d < bestDelta) {
            bestDelta = d;
            bi = i;
            bj = j;
            bestG = g;
          }
        }
      }
      groups.set(bi, bestG);
      errs.set(bi, bestG.lsError());
      members.get(bi).addAll(members.get(bj));
      groups.remove(bj);
      errs.remove(bj);
      members.remove(bj);
    }
    return out;
  }

  private static int[] mapOf(List<List<Integer>> members) {
    int[] map = new int[RefinementProcess.NUM_CLASSES];
    for (int g = 0; g < members.size(); g++) {
      for (int k : members.get(g)) {
        map[k] = g;
      }
    }
    return map;
  }

  private static Fit fitGrouping(RefinementStats s, int[] feats, int numHyp, int used, FirShape shape,
      int[] grouping, double weight, double lambda, boolean rdoq) {
    boolean classified = grouping.length > 0;
    int numFilters = classified ? Arrays.stream(grouping).max().getAsInt() + 1 : 1;
    Group[] g = new Group[numFilters];
    for (int f = 0; f < numFilters; f++) {
      g[f] = new Group(feats.length);
    }
    for (int k = 0; k < RefinementProcess.NUM_CLASSES; k++) {
      g[classified ? grouping[k] : 0].add(s, k, feats);
    }
    double[][] w = new double[numFilters][];
    for (int f = 0; f < numFilters; f++) {
      w[f] = g[f].solve();
    }
    Fit best = null;
    for (int scale : SCALES) {
      int[][] co = new int[numFilters][numHyp + shape.taps()];
      int[][] v = new int[numFilters][feats.length];
      for (int f = 0; f < numFilters; f++) {
        for (int i = 0; i < feats.length; i++) {
          long r = Math.round(w[f][i] * (1 << scale));
          v[f][i] = (int) Math.max(RefinementProcess.MIN_COEFF, Math.min(RefinementProcess.MAX_COEFF, r));
        }
      }
      if (rdoq) {
        rdoQuantize(g, v, (numHyp - used) * numFilters, scale, weight, lambda);
      }
      double sse = 0;
      for (int f = 0; f < numFilters; f++) {
        double[] q = new double[feats.length];
        for (int i = 0; i < feats.length; i++) {
          q[i] = v[f][i] / (double) (1 << scale);
          int slot = i < used ? i : numHyp + i - used;
          co[f][slot] = v[f][i];
        }
        sse += g[f].sse(q) + g[f].n / 12.0;
      }
      ComponentRefinement cr = ComponentRefinement.refined(numHyp, scale, shape, classified, grouping, co);
      long bits = NnpfMessageWriter.componentBits(cr);
      Fit fit = new Fit(cr, sse, bits, String.format(java.util.Locale.ROOT, "%s%s, %s, S=%d",
          used == 0 ? "no network" : used == 1 ? "network residual weight" : used + " hypothesis weights", shape == FirShape.NONE ? "" : " + " + shape.name().toLowerCase(java.util.Locale.ROOT)
              .replace("diamond", "diamond ").replace("5", "5x5").replace("7", "7x7"),
          classified ? numFilters + " filters over 15 classes" : "1 filter", scale));
      if (best == null || fit.cost(weight, lambda) < best.cost(weight, lambda)) {
        best = fit;
      }
    }
    return best;
  }

  /** Passes of {@link #rdoQuantize} at most. */
  static final int RDOQ_MAX_PASSES = 8;

  /**
   * Rate-distortion search of the integer weights (as VTM's ALF encoder searches its coefficients):
   * starting from the rounded least-squares weights {@code v} (per filter, in feature order, units of
   * {@code 2^-scale}), each weight in turn moves by −1 or +1 when that lowers {@code J = weight · SSE
   * + λ · bits}: the SSE change exactly from the filter's quadratic form, the bits from the
   * {@code sek(v)} code word at the Exp-Golomb order the writer would choose for the weights at the
   * start of the pass ({@code zeros} more zero weights are coded: those of the hypotheses the
   * component does not use). Passes repeat until no weight moves, at most {@link #RDOQ_MAX_PASSES}.
   * Every move lowers J at the pass's order, and each new pass (and the writer) takes the order of
   * fewest bits, so J never exceeds that of the rounded weights.
   */
  static void rdoQuantize(Group[] g, int[][] v, int zeros, int scale, double weight, double lambda) {
    double step = 1.0 / (1 << scale);
    int m = v[0].length;
    // the coded weights as the writer sees them: v's rows (shared, updated in place) and the zeros
    int[][] withZeros = Arrays.copyOf(v, v.length + 1);
    withZeros[v.length] = new int[zeros];
    // A·q per filter, kept up to date
    double[][] aq = new double[v.length][m];
    for (int f = 0; f < v.length; f++) {
      for (int i = 0; i < m; i++) {
        for (int j = 0; j < m; j++) {
          aq[f][i] += g[f].a[i][j] * v[f][j] * step;
        }
      }
    }
    for (int pass = 0; pass < RDOQ_MAX_PASSES; pass++) {
      int k = NnpfMessageWriter.refinementEgOrder(withZeros);
      boolean moved = false;
      for (int f = 0; f < v.length; f++) {
        for (int i = 0; i < m; i++) {
          int cur = v[f][i];
          int bitsNow = NnpfMessageWriter.sekBits(k, cur);
          double bestDelta = 0;
          int bestD = 0;
          for (int d = -1; d <= 1; d += 2) {
            int nv = cur + d;
            if (nv < RefinementProcess.MIN_COEFF || nv > RefinementProcess.MAX_COEFF) {
              continue;
            }
            double dw = d * step;
            // SSE(q + dw·e_i) − SSE(q) = 2·dw·((A q)_i − b_i) + dw²·A_ii
            double dSse = 2 * dw * (aq[f][i] - g[f].b[i]) + dw * dw * g[f].a[i][i];
            double dJ = weight * dSse + lambda * (NnpfMessageWriter.sekBits(k, nv) - bitsNow);
            if (dJ < bestDelta - 1e-9 * Math.abs(lambda)) {
              bestDelta = dJ;
              bestD = d;
            }
          }
          if (bestD != 0) {
            v[f][i] = cur + bestD;
            double dw = bestD * step;
            for (int r = 0; r < m; r++) {
              aq[f][r] += g[f].a[r][i] * dw;
            }
            moved = true;
          }
        }
      }
      if (!moved) {
        return;
      }
    }
  }
}
