package org.nnpf.bitstream.carriage;

import java.util.Optional;
import java.util.OptionalInt;
import org.nnpf.bitstream.nnpf.NnpfParameterSet;
import org.nnpf.bitstream.nnpf.NnpfPictureHash;
import org.nnpf.common.nn.refine.BlockMap;
import org.nnpf.common.nn.refine.Refinement;

/**
 * What the decoder does with the picture of one access unit.
 *
 * @param accessUnitIndex the access unit (decoding order)
 * @param filter the parameter set of the post-filter's network, or empty when no filter applies or
 *     the filter is a stand-alone refinement set (no network)
 * @param targetId the id of the filter applied (-1 without a filter)
 * @param auxValue the sample value of the auxiliary input plane (empty without a filter or without
 *     an auxiliary input)
 * @param refinement the refinement set stored under {@code targetId}, whose stage follows the network
 *     (empty: the network's output is the filter's output)
 * @param blockMap the block map of the access unit: which blocks keep the filter's output (empty:
 *     all)
 * @param expectedHash the hash the output picture must have, if the access unit carries one
 * @param offsets where in the stream the messages behind this decision start, for errors found
 *     when the decision is carried out
 */
public record PictureDecision(
    int accessUnitIndex,
    Optional<NnpfParameterSet> filter,
    int targetId,
    OptionalInt auxValue,
    Optional<Refinement> refinement,
    Optional<BlockMap> blockMap,
    Optional<NnpfPictureHash> expectedHash,
    Offsets offsets) {

  /**
   * Stream byte offsets of the first byte of the messages a decision uses ({@code nnpf_message_type}),
   * -1 for a message the decision does not use.
   */
  public record Offsets(long parameterSet, long refinementSet, long blockMap, long pictureHash) {
    public static final Offsets NONE = new Offsets(-1, -1, -1, -1);
  }

  /** A decision without message offsets. */
  public PictureDecision(int accessUnitIndex, Optional<NnpfParameterSet> filter, int targetId, OptionalInt auxValue,
      Optional<Refinement> refinement, Optional<BlockMap> blockMap, Optional<NnpfPictureHash> expectedHash) {
    this(accessUnitIndex, filter, targetId, auxValue, refinement, blockMap, expectedHash, Offsets.NONE);
  }

  /** Whether a filter (a network, a refinement stage, or both) applies to the picture. */
  public boolean filtered() {
    return targetId >= 0;
  }
}
