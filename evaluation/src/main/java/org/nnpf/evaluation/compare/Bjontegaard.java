package org.nnpf.evaluation.compare;

import com.google.common.base.Preconditions;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;

/**
 * BD-rate and BD-PSNR of a test RD curve against an anchor (Bjøntegaard, VCEG-M33; JVET CTC
 * template for {@link BdMethod#PCHIP}).
 *
 * <p>Each curve is a set of points (rate R in kbit/s, PSNR D in dB), at least {@value #MIN_POINTS},
 * with positive, finite, distinct rates and finite PSNR (else {@link IllegalArgumentException}). The
 * points are sorted by rate. With r = log10 R:
 *
 * <pre>
 * BD-rate: fit r_A(D), r_T(D) with the method; L = max(min D_A, min D_T), H = min(max D_A, max D_T)
 *          ΔR = (∫_L^H r_T dD − ∫_L^H r_A dD) / (H − L);   BD-rate = (10^ΔR − 1) · 100  [%]
 * BD-PSNR: fit D_A(r), D_T(r);  L = max(min r_A, min r_T), H = min(max r_A, max r_T)
 *          BD-PSNR = (∫_L^H D_T dr − ∫_L^H D_A dr) / (H − L)  [dB]
 * </pre>
 *
 * Negative BD-rate / positive BD-PSNR: the test needs fewer bits / gives more PSNR. The result is
 * {@linkplain BdOutcome#unavailable unavailable}, with the reason, when L ≥ H (the ranges do not
 * overlap, or touch in one value) or when a curve's PSNR does not strictly increase with its rate.
 */
public final class Bjontegaard {
  /** Fewest points per curve: a cubic has four coefficients. */
  public static final int MIN_POINTS = 4;

  private Bjontegaard() {}

  /** BD-rate in percent. */
  public static BdOutcome bdRate(BdMethod method, double[] anchorKbps, double[] anchorPsnr, double[] testKbps, double[] testPsnr) {
    Curve a = Curve.of("anchor", anchorKbps, anchorPsnr);
    Curve t = Curve.of("test", testKbps, testPsnr);
    String bad = a.notIncreasing() != null ? a.notIncreasing() : t.notIncreasing();
    if (bad != null) {
      return BdOutcome.unavailable(bad);
    }
    double lo = Math.max(a.psnr[0], t.psnr[0]);
    double hi = Math.min(a.psnr[a.n() - 1], t.psnr[t.n() - 1]);
    if (!(lo < hi)) {
      return BdOutcome.unavailable(String.format(Locale.ROOT,
          "the PSNR ranges do not overlap (anchor %.4f to %.4f dB, test %.4f to %.4f dB)",
          a.psnr[0], a.psnr[a.n() - 1], t.psnr[0], t.psnr[t.n() - 1]));
    }
    double ia = method.fit(a.psnr, a.logRate).integral(lo, hi);
    double it = method.fit(t.psnr, t.logRate).integral(lo, hi);
    double avg = (it - ia) / (hi - lo);
    return BdOutcome.of((Math.pow(10, avg) - 1) * 100);
  }

  /** BD-PSNR in dB. */
  public static BdOutcome bdPsnr(BdMethod method, double[] anchorKbps, double[] anchorPsnr, double[] testKbps, double[] testPsnr) {
    Curve a = Curve.of("anchor", anchorKbps, anchorPsnr);
    Curve t = Curve.of("test", testKbps, testPsnr);
    String bad = a.notIncreasing() != null ? a.notIncreasing() : t.notIncreasing();
    if (bad != null) {
      return BdOutcome.unavailable(bad);
    }
    double lo = Math.max(a.logRate[0], t.logRate[0]);
    double hi = Math.min(a.logRate[a.n() - 1], t.logRate[t.n() - 1]);
    if (!(lo < hi)) {
      return BdOutcome.unavailable(String.format(Locale.ROOT,
          "the rate ranges do not overlap (anchor %.4f to %.4f kbps, test %.4f to %.4f kbps)",
          a.kbps[0], a.kbps[a.n() - 1], t.kbps[0], t.kbps[t.n() - 1]));
    }
    double ia = method.fit(a.logRate, a.psnr).integral(lo, hi);
    double it = method.fit(t.logRate, t.psnr).integral(lo, hi);
    return BdOutcome.of((it - ia) / (hi - lo));
  }

  /** One curve sorted by rate. */
  private record Curve(String name, double[] kbps, double[] logRate, double[] psnr) {
    static Curve of(String name, double[] kbps, double[] psnr) {
      Preconditions.checkArgument(kbps.length == psnr.length, "%s: %s rates but %s PSNR values", name, kbps.length, psnr.length);
      int n = kbps.length;
      Preconditions.checkArgument(n >= MIN_POINTS, "%s: %s points, at least %s are needed", name, n, MIN_POINTS);
      Integer[] order = new Integer[n];
      for (int i = 0; i < n; i++) {
        Preconditions.checkArgument(Double.isFinite(kbps[i]) && kbps[i] > 0, "%s: rate %s is not positive and finite", name, kbps[i]);
        Preconditions.checkArgument(Double.isFinite(psnr[i]), "%s: PSNR %s is not finite", name, psnr[i]);
        order[i] = i;
      }
      Arrays.sort(order, Comparator.comparingDouble(i -> kbps[i]));
      double[] r = new double[n];
      double[] lr = new double[n];
      double[] d = new double[n];
      for (int i = 0; i < n; i++) {
        r[i] = kbps[order[i]];
        lr[i] = Math.log10(r[i]);
        d[i] = psnr[order[i]];
        Preconditions.checkArgument(
            i == 0 || (r[i] > r[i - 1] && lr[i] > lr[i - 1]), "%s: two points have the rate %s kbps", name, r[i]);
      }
      return new Curve(name, r, lr, d);
    }

    int n() {
      return kbps.length;
    }

    /** Why PSNR does not strictly increase with rate, or null. */
    String notIncreasing() {
      for (int i = 1; i < n(); i++) {
        if (!(psnr[i] > psnr[i - 1])) {
          return String.format(Locale.ROOT,
              "the %s PSNR does not increase with the rate (%.4f dB at %.4f kbps, then %.4f dB at %.4f kbps)",
              name, psnr[i - 1], kbps[i - 1], psnr[i], kbps[i]);
        }
      }
      return null;
    }
  }
}
