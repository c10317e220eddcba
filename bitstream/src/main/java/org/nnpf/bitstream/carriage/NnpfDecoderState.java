package org.nnpf.bitstream.carriage;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.nnpf.bitstream.BitstreamException;
import org.nnpf.bitstream.nnpf.NnpfActivation;
import org.nnpf.bitstream.nnpf.NnpfBlockMap;
import org.nnpf.bitstream.nnpf.NnpfParameterSet;
import org.nnpf.bitstream.nnpf.NnpfPictureHash;
import org.nnpf.bitstream.nnpf.NnpfRefinementSet;
import org.nnpf.common.nn.refine.Refinement;

/**
 * The decoder-side state of docs/bitstream-syntax.md, "Decoding process": the table of parameter
 * sets by id and the persistent activation. Feed it every access unit in decoding order; it says
 * for each picture which filter applies and which hash the output must have.
 *
 * <p>For each access unit, in this order:
 *
 * <ol>
 *   <li>every parameter set of the access unit is stored under its id, replacing an earlier one and
 *       removing the refinement set stored under that id; then every refinement set of the access
 *       unit is stored under its id (at most one per id and access unit), replacing an earlier one;
 *       a refinement set whose id names no stored parameter set is a filter on its own and must
 *       not read the network's output;
 *   <li>every cancelling activation whose target id equals that of the persistent activation ends
 *       it;
 *   <li>at most one non-cancelling activation may be present; its target id must name a stored
 *       parameter set or refinement set. It applies to this picture; if its persistence flag is 1 it becomes the
 *       persistent activation (replacing any other), else the persistent activation, if any, is
 *       kept for the following pictures;
 *   <li>without a non-cancelling activation, the persistent activation (if any) applies, with the
 *       parameter set now stored under its target id;
 *   <li>at most one block map may be present; it shall name the filter applied to the picture, and
 *       says which of its blocks keep the filter's output;
 *   <li>at most one picture hash may be present; it is the expected hash of the output picture.
 * </ol>
 *
 * Messages of unsupported later versions are ignored.
 */
public final class NnpfDecoderState {
  private final Map<Integer, NnpfParameterSet> parameterSets = new HashMap<>();
  private final Map<Integer, NnpfRefinementSet> refinements = new HashMap<>();
  private final Map<Integer, Long> parameterSetOffsets = new HashMap<>();
  private final Map<Integer, Long> refinementOffsets = new HashMap<>();
  private NnpfActivation persistent;

  /**
   * Updates the state with the messages of {@code au} and decides on its picture.
   *
   * @throws BitstreamException if an activation names a parameter set never received, or an access
   *     unit has two non-cancelling activations or two picture hashes
   */
  public PictureDecision accept(ExtractedAccessUnit au) {
    for (NnpfUnit u : au.nnpfUnits()) {
      if (u.message() instanceof NnpfParameterSet p) {
        parameterSets.put(p.id(), p);
        parameterSetOffsets.put(p.id(), u.messageOffset());
        refinements.remove(p.id());
        refinementOffsets.remove(p.id());
      }
    }
    java.util.Set<Integer> refined = new java.util.HashSet<>();
    for (NnpfUnit u : au.nnpfUnits()) {
      if (u.message() instanceof NnpfRefinementSet rs) {
        if (!parameterSets.containsKey(rs.psId()) && rs.refinement().readsNetwork()) {
          throw new BitstreamException(
              "nnpfrs_num_hypotheses", u.messageOffset() + 4, 0, "stream",
              "a refinement set for id " + rs.psId() + ", under which no parameter set is stored, is a filter on its own"
                  + " and shall read no network output (no hypothesis, no component in mode 1) (access unit "
                  + au.index() + ")");
        }
        if (!refined.add(rs.psId())) {
          throw new BitstreamException(
              "nnpfrs_ps_id", u.messageOffset() + 3, 0, "stream",
              "access unit " + au.index() + " has a second refinement set for parameter set " + rs.psId());
        }
        refinements.put(rs.psId(), rs);
        refinementOffsets.put(rs.psId(), u.messageOffset());
      }
    }
    for (NnpfUnit u : au.nnpfUnits()) {
      if (u.message() instanceof NnpfActivation a && a.cancel() && persistent != null && persistent.targetId() == a.targetId()) {
        persistent = null;
      }
    }
    NnpfActivation current = null;
    NnpfPictureHash hash = null;
    long hashOffset = -1;
    NnpfBlockMap blockMap = null;
    NnpfUnit blockMapUnit = null;
    for (NnpfUnit u : au.nnpfUnits()) {
      if (u.message() instanceof NnpfActivation a && !a.cancel()) {
        if (current != null) {
          throw new BitstreamException(
              "nnpfa_cancel_flag", u.messageOffset() + 4, 0, "stream",
              "access unit " + au.index() + " has a second activation that is not a cancel");
        }
        if (!parameterSets.containsKey(a.targetId()) && !refinements.containsKey(a.targetId())) {
          throw new BitstreamException(
              "nnpfa_target_id", u.messageOffset() + 3, 0, "stream",
              "parameter set " + a.targetId() + " was never received (access unit " + au.index() + ")");
        }
        current = a;
      } else if (u.message() instanceof NnpfBlockMap bm) {
        if (blockMap != null) {
          throw new BitstreamException(
              "nbm_target_id", u.messageOffset() + 3, 0, "stream",
              "access unit " + au.index() + " has a second block map");
        }
        blockMap = bm;
        blockMapUnit = u;
      } else if (u.message() instanceof NnpfPictureHash h) {
        if (hash != null) {
          throw new BitstreamException(
              "ph_hash_type", u.messageOffset() + 3, 0, "stream",
              "access unit " + au.index() + " has a second picture hash");
        }
        hash = h;
        hashOffset = u.messageOffset();
      }
    }
    NnpfActivation applied = current;
    if (current != null && current.persistent()) {
      persistent = current;
    }
    if (applied == null) {
      applied = persistent;
    }
    if (blockMap != null && (applied == null || applied.targetId() != blockMap.targetId())) {
      throw new BitstreamException(
          "nbm_target_id", blockMapUnit.messageOffset() + 3, 0, "stream",
          "the block map of access unit " + au.index() + " is for filter " + blockMap.targetId() + ", but "
              + (applied == null ? "no filter" : "filter " + applied.targetId()) + " applies to its picture");
    }
    if (applied == null) {
      return new PictureDecision(au.index(), Optional.empty(), -1, OptionalInt.empty(), Optional.empty(),
          Optional.empty(), Optional.ofNullable(hash), new PictureDecision.Offsets(-1, -1, -1, hashOffset));
    }
    NnpfParameterSet ps = parameterSets.get(applied.targetId());
    if (ps == null && !refinements.containsKey(applied.targetId())) {
      // a stand-alone refinement set was replaced by nothing: only a parameter set removes one, so
      // this cannot happen; kept as a guard of the invariant
      throw new IllegalStateException("no filter stored under " + applied.targetId());
    }
    OptionalInt aux = ps == null || ps.auxInputIdc() == 0
        ? OptionalInt.empty()
        : OptionalInt.of(applied.auxValue().orElse(ps.auxDefaultValue()));
    Optional<Refinement> refinement = Optional.ofNullable(refinements.get(applied.targetId()))
        .map(NnpfRefinementSet::refinement);
    int id = applied.targetId();
    PictureDecision.Offsets offsets = new PictureDecision.Offsets(
        ps == null ? -1 : parameterSetOffsets.getOrDefault(id, -1L),
        refinement.isEmpty() ? -1 : refinementOffsets.getOrDefault(id, -1L),
        blockMapUnit == null ? -1 : blockMapUnit.messageOffset(), hashOffset);
    return new PictureDecision(au.index(), Optional.ofNullable(ps), applied.targetId(), aux, refinement,
        Optional.ofNullable(blockMap).map(NnpfBlockMap::map), Optional.ofNullable(hash), offsets);
  }

  /** The parameter set stored under {@code id}, if any. */
  public Optional<NnpfParameterSet> parameterSet(int id) {
    return Optional.ofNullable(parameterSets.get(id));
  }
}
