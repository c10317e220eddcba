package org.nnpf.encoder.refine;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import org.nnpf.common.NnpfException;

/** The tools of the refinement stage the encoder may use (option {@code --refine-tools}). */
public enum RefinementTool {
  /** A least-squares weight of the network's residual per component (and filter). */
  WEIGHT,
  /** The 5x5 / 7x7 diamond FIR on the decoded picture. */
  FIR,
  /** Per 4x4 block classes of activity and direction, merged into several filters. */
  CLASSES;

  /** Parses a comma-separated list ({@code weight,fir,classes}; {@code none} for the empty set). */
  public static Set<RefinementTool> parse(String list, String option) {
    EnumSet<RefinementTool> s = EnumSet.noneOf(RefinementTool.class);
    if (list.trim().equalsIgnoreCase("none")) {
      return s;
    }
    for (String w : list.split(",")) {
      try {
        s.add(valueOf(w.trim().toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new NnpfException(option + ": '" + w.trim() + "' is not one of weight, fir, classes, none");
      }
    }
    return s;
  }
}
