package org.nnpf.encoder.pipeline;

import java.util.List;
import org.nnpf.bitstream.nnpf.NnpfParameterSet;
import org.nnpf.bitstream.nnpf.NnpfRefinementSet;
import org.nnpf.common.picture.Picture;

/** One candidate filter: its parameter set, outputs, picture decisions and RD cost change. */
record Candidate(String label, NnpfParameterSet ps, NnpfRefinementSet refinement, List<Picture> filtered, boolean[] on,
    int onCount, double cost) {
  /** This candidate with its outputs (a partial form's are made once it is chosen). */
  Candidate withOutputs(List<Picture> f) {
    return new Candidate(label, ps, refinement, f, on, onCount, cost);
  }

  /**
   * Picture decisions and {@code cost = -sum(gain of filtered pictures) + lambda * bits}, where
   * bits are those of the parameter set and of the activations the decisions need. With {@code
   * decide}, the cheaper of two ways is taken: every picture filtered under one persistent
   * activation, or only the pictures whose gain pays for an activation of their own; without,
   * every picture is filtered.
   */
  static Candidate of(String label, NnpfParameterSet ps, long psBits, List<Picture> filtered, double[] gain, double lambda,
      boolean decide) {
    return of(label, ps, null, psBits, filtered, gain, lambda, decide);
  }

  /** As above, with a refinement set whose bits are counted in {@code psBits}. */
  static Candidate of(String label, NnpfParameterSet ps, NnpfRefinementSet rs, long psBits, List<Picture> filtered,
      double[] gain, double lambda, boolean decide) {
    boolean[] all = new boolean[gain.length];
    java.util.Arrays.fill(all, true);
    double gAll = java.util.Arrays.stream(gain).sum();
    double costAll = -gAll + lambda * (psBits + ContainerBits.ACTIVATION_BITS);
    if (!decide) {
      return new Candidate(label, ps, rs, filtered, all, gain.length, costAll);
    }
    boolean[] on = new boolean[gain.length];
    int n = 0;
    double g = 0;
    for (int i = 0; i < gain.length; i++) {
      on[i] = gain[i] > lambda * ContainerBits.ACTIVATION_BITS;
      if (on[i]) {
        n++;
        g += gain[i];
      }
    }
    long actBits = n == gain.length ? ContainerBits.ACTIVATION_BITS : (long) n * ContainerBits.ACTIVATION_BITS;
    double costSel = -g + lambda * (psBits + actBits);
    return costAll <= costSel
        ? new Candidate(label, ps, rs, filtered, all, gain.length, costAll)
        : new Candidate(label, ps, rs, filtered, on, n, costSel);
  }
}
