package org.nnpf.bitstream.nnpf;

import java.util.Objects;
import org.nnpf.common.nn.refine.Refinement;

/**
 * A refinement set ({@code nnpf_refinement_set()}, message type 4, version 1.1): the integer
 * refinement stage that follows the network of the parameter set {@code psId} (docs/bitstream-syntax.md
 * section 4.5, docs/integer-inference.md "Refinement stage"). It is stored under {@code psId} and
 * applies to every picture filtered with that parameter set from its access unit on, until a
 * parameter set or another refinement set with the same id replaces it.
 *
 * @param psId {@code nnpfrs_ps_id}, 0..255
 * @param refinement the refinement stage: hypotheses weighed and one component refinement per plane
 */
public record NnpfRefinementSet(int psId, Refinement refinement) implements NnpfMessage {
  public NnpfRefinementSet {
    if (psId < 0 || psId > NnpfLimits.MAX_ID) {
      throw new IllegalArgumentException("parameter set id " + psId + " outside 0.." + NnpfLimits.MAX_ID);
    }
    Objects.requireNonNull(refinement);
  }

  @Override
  public int messageType() {
    return TYPE_REFINEMENT_SET;
  }
}
