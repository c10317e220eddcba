package org.nnpf.encoder.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.nnpf.bitstream.nnpf.NnpfMessageWriter;
import org.nnpf.bitstream.nnpf.NnpfParameterSet;
import org.nnpf.bitstream.nnpf.NnpfRefinementSet;
import org.nnpf.common.io.PictureStore;
import org.nnpf.common.nn.refine.ComponentMode;
import org.nnpf.common.nn.refine.ComponentRefinement;
import org.nnpf.common.nn.refine.Refinement;
import org.nnpf.common.nn.refine.RefinementProcess;
import org.nnpf.common.picture.Picture;
import org.nnpf.encoder.Workers;
import org.nnpf.encoder.refine.RefinementFitter;
import org.nnpf.encoder.refine.RefinementStats;
import org.nnpf.encoder.refine.RefinementTool;

/**
 * The refined form of a candidate (docs/encoder.md, "Refinement stage"): least-squares statistics
 * accumulated over the sequence, the fit of every form the syntax offers, the choice per
 * component, and the refined pictures exactly as a decoder makes them.
 */
final class RefinementPass {
  private RefinementPass() {}

  /**
   * The refined form of a candidate (docs/encoder.md, "Refinement stage"): for each component, the
   * least-squares refinement of least estimated RD cost ({@link RefinementFitter}), against the
   * network's output unchanged and the decoded component unfiltered (their costs measured exactly);
   * the chosen refinement is then applied exactly as a decoder does, and the per-picture gains are
   * measured on its output. Empty when every component keeps the network's output. With {@code
   * network} null, the stand-alone form: a refinement set with no parameter set (FIR only, no
   * network), {@code ps} null.
   */
  static Optional<Form> refinedForm(String label, NnpfParameterSet ps, int filterId, List<Picture> originals,
      List<Picture> decoded, List<List<Picture>> network, double lambda, Set<RefinementTool> tools, StringBuilder log,
      Resources owner, int threads) {
    return refinedForm(label, ps, filterId, originals, decoded, network, lambda, tools, log, owner, threads,
        statistics(originals, decoded, network, threads));
  }

  /** The least-squares statistics of the sequence per component, and the network's squared error per plane. */
  record Statistics(RefinementStats[] stats, double[] networkSse) {
    /** The statistics without a network ({@link RefinementStats#withoutNetwork}), for the stand-alone form. */
    Statistics withoutNetwork() {
      RefinementStats[] s = new RefinementStats[stats.length];
      double[] sse = new double[stats.length];
      for (int c = 0; c < s.length; c++) {
        s[c] = stats[c].withoutNetwork();
        sse[c] = Double.POSITIVE_INFINITY;
      }
      return new Statistics(s, sse);
    }
  }

  /** The statistics pass over the sequence ({@code network} null: without a network). */
  static Statistics statistics(List<Picture> originals, List<Picture> decoded, List<List<Picture>> network, int threads) {
    int planes = decoded.get(0).planeCount();
    int bitDepth = decoded.get(0).bitDepth();
    int numHyp = network == null ? 0 : network.size();
    int n = decoded.size();
    int workers = Math.max(1, Math.min(threads, n));
    // per worker statistics (exact integer sums: their total does not depend on the split)
    RefinementStats[][] part = new RefinementStats[workers][planes];
    for (RefinementStats[] ps1 : part) {
      for (int c = 0; c < planes; c++) {
        ps1[c] = new RefinementStats(numHyp);
      }
    }
    double[][] sseOf = new double[n][];
    try (Workers pool = new Workers(workers)) {
      pool.forEach(0, n, (w, i) -> {
        List<Picture> hyp = network == null ? List.of() : NetworkPass.hypothesesOf(network, i);
        Picture orig = originals.get(i);
        Picture dec = decoded.get(i);
        sseOf[i] = network == null ? null : Distortion.planeSse(orig, hyp.get(0));
        for (int c = 0; c < planes; c++) {
          int plane = c;
          part[w][c].add(dec.plane(c), hyp.stream().map(p -> p.plane(plane)).toList(), orig.plane(c), bitDepth);
        }
      });
    }
    RefinementStats[] stats = part[0];
    for (int w = 1; w < workers; w++) {
      for (int c = 0; c < planes; c++) {
        stats[c].addAll(part[w][c]);
      }
    }
    // floating-point sums in picture order, whatever the thread count
    double[] networkSse = new double[planes];
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < planes; c++) {
        networkSse[c] += sseOf[i] == null ? Double.POSITIVE_INFINITY : sseOf[i][c];
      }
    }
    return new Statistics(stats, networkSse);
  }

  /** As {@link #refinedForm}, with the statistics {@code st} of the sequence already accumulated. */
  static Optional<Form> refinedForm(String label, NnpfParameterSet ps, int filterId, List<Picture> originals,
      List<Picture> decoded, List<List<Picture>> network, double lambda, Set<RefinementTool> tools, StringBuilder log,
      Resources owner, int threads, Statistics st) {
    int planes = decoded.get(0).planeCount();
    int numHyp = network == null ? 0 : network.size();
    int n = decoded.size();
    int workers = Math.max(1, Math.min(threads, n));
    RefinementStats[] stats = st.stats();
    double[] networkSse = st.networkSse();
    List<ComponentRefinement> comps = new ArrayList<>();
    boolean refined = false;
    for (int c = 0; c < planes; c++) {
      double weight = c == 0 ? 1.0 : 1.0 / 6.0;
      double sse0 = RefinementFitter.unfilteredSse(stats[c]);
      long modeBits = NnpfMessageWriter.componentBits(ComponentRefinement.unfiltered());
      double jUnfiltered = weight * sse0 + lambda * modeBits;
      double jNetwork = weight * networkSse[c] + lambda * modeBits;
      RefinementFitter.Fit fit = RefinementFitter.fit(stats[c], numHyp, weight, lambda, tools);
      double jFit = fit == null ? Double.POSITIVE_INFINITY : fit.cost(weight, lambda);
      log.append(String.format(java.util.Locale.ROOT,
          "%n    refinement of %s, plane %d: unfiltered %.1f, network %.1f, %s: %.1f (%d bits) (costs in bits relative to"
              + " unfiltered)", label, c, 0.0, (jNetwork - jUnfiltered) / lambda, fit == null ? "no refined form" : fit.label(),
          (jFit - jUnfiltered) / lambda, fit == null ? 0 : fit.bits()));
      if (jFit < jNetwork && jFit < jUnfiltered) {
        comps.add(fit.component());
        refined = true;
      } else if (jNetwork <= jUnfiltered) {
        comps.add(ComponentRefinement.network());
      } else {
        comps.add(ComponentRefinement.unfiltered());
        refined = true;
      }
    }
    if (!refined || comps.stream().allMatch(x -> x.mode() == ComponentMode.UNFILTERED)) {
      return Optional.empty();
    }
    // weigh only the hypotheses some refined component uses (the others' weights would all be 0)
    int weighed = comps.stream().mapToInt(ComponentRefinement::hypothesesWeighed).max().orElse(0);
    if (network != null && weighed < numHyp) {
      List<ComponentRefinement> fewer = new ArrayList<>();
      for (ComponentRefinement c : comps) {
        fewer.add(c.mode() == ComponentMode.REFINED ? c.withHypotheses(weighed) : c);
      }
      comps = fewer;
      numHyp = weighed;
    }
    Refinement r = new Refinement(numHyp, comps);
    NnpfRefinementSet rs = new NnpfRefinementSet(filterId, r);
    PictureStore out = owner.store("refined pictures");
    double[] gain = new double[decoded.size()];
    // a batch of pictures refined in parallel, then stored in picture order
    Picture[] batch = new Picture[workers];
    try (Workers pool = new Workers(workers)) {
      for (int i0 = 0; i0 < n; i0 += workers) {
        int base = i0;
        pool.forEach(i0, Math.min(n, i0 + workers), (w, i) -> {
          Picture dec = decoded.get(i);
          Picture orig = originals.get(i);
          Picture p = RefinementProcess.apply(dec, network == null ? List.of() : NetworkPass.hypothesesOf(network, i), r);
          double[] a = Distortion.planeSse(orig, dec);
          double[] b = Distortion.planeSse(orig, p);
          for (int c = 0; c < 3; c++) {
            gain[i] += (a[c] - b[c]) / (c == 0 ? 1.0 : 6.0);
          }
          batch[i - base] = p;
        });
        for (int i = i0; i < Math.min(n, i0 + workers); i++) {
          out.add(batch[i - i0]);
          batch[i - i0] = null;
        }
      }
    }
    StringBuilder what = new StringBuilder(label).append(network == null ? " (" : ", refined (");
    for (int c = 0; c < planes; c++) {
      what.append(c == 0 ? "" : "; ").append("YUV".charAt(c)).append(": ").append(describe(comps.get(c)));
    }
    return Optional.of(new Form(what.append(")").toString(), ps, rs, gain, out.pictures()));
  }

  private static String describe(ComponentRefinement c) {
    return switch (c.mode()) {
      case UNFILTERED -> "off";
      case NETWORK -> "network";
      case REFINED -> (c.usesNetwork() ? "LS" + (c.hypothesesWeighed() > 1 ? " of " + c.hypothesesWeighed() + " hypotheses" : "")
          : "FIR only") + (c.shape().taps() > 0 ? "+" + c.shape().taps() + " taps" : "")
          + (c.classified() ? ", " + c.numFilters() + " filters" : "") + ", S=" + c.log2Scale();
    };
  }
}
