package org.nnpf.common.nn.refine;

import com.google.common.base.Preconditions;
import java.util.List;

/**
 * The refinement stage of a post-filter (docs/integer-inference.md, "Refinement stage"): one
 * {@link ComponentRefinement} per colour component (one for 4:0:0, three otherwise), applied to the
 * decoded picture and the network's hypothesis pictures.
 *
 * @param numHypotheses the number of network hypotheses each refined filter weighs ({@code
 *     nnpfrs_num_hypotheses}); 0 for a refinement that never reads the network
 */
public record Refinement(int numHypotheses, List<ComponentRefinement> components) {
  public Refinement {
    components = List.copyOf(components);
    Preconditions.checkArgument(components.size() == 1 || components.size() == 3, "%s components", components.size());
    Preconditions.checkArgument(numHypotheses >= 0 && numHypotheses <= RefinementProcess.MAX_HYPOTHESES,
        "%s hypotheses", numHypotheses);
    for (ComponentRefinement c : components) {
      Preconditions.checkArgument(c.mode() != ComponentMode.REFINED || c.numHypotheses() == numHypotheses,
          "a component weighs %s hypotheses, the refinement %s", c.numHypotheses(), numHypotheses);
    }
  }

  /** Whether any component reads the network's output (else the decoder need not run the network). */
  public boolean usesNetwork() {
    return components.stream().anyMatch(ComponentRefinement::usesNetwork);
  }

  /**
   * Whether the refinement refers to the network at all (hypotheses weighed, or a component in mode
   * NETWORK), whatever the weights' values; a refinement set that stands alone must not.
   */
  public boolean readsNetwork() {
    return numHypotheses > 0 || components.stream().anyMatch(c -> c.mode() == ComponentMode.NETWORK);
  }

  public ComponentRefinement component(int c) {
    return components.get(c);
  }
}
