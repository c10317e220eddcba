package org.nnpf.bitstream.carriage;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Predicate;
import org.nnpf.bitstream.BitstreamException;
import org.nnpf.bitstream.nnpf.H274Activation;
import org.nnpf.bitstream.nnpf.H274Characteristics;
import org.nnpf.bitstream.nnpf.H274Ignored;
import org.nnpf.bitstream.nnpf.ModelReference;
import org.nnpf.bitstream.nnpf.NnpfActivation;
import org.nnpf.bitstream.nnpf.NnpfBlockMap;
import org.nnpf.bitstream.nnpf.NnpfMessage;
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
 *
 * <p>H.274 carriage (docs/bitstream-syntax.md section 12.7), before step 1: every NNPFC of the
 * access unit is examined. One the project cannot apply — reserved values, another format tag, an
 * update, or a model the decoder does not hold — is reported ({@link #drainNotes()}) and ignored,
 * together with the extension messages of its id in the access unit; one with the project's tag
 * needs its associated parameter set in the access unit, consistent with it (else an error). An
 * NNPFA acts in steps 2 and 3 as an activation of its target id without auxiliary value; its target
 * must be the id of a received NNPFC (else an error), and an NNPFA of an ignored NNPFC is reported
 * and ignored.
 */
public final class NnpfDecoderState {
  private final Map<Integer, NnpfParameterSet> parameterSets = new HashMap<>();
  private final Map<Integer, NnpfRefinementSet> refinements = new HashMap<>();
  private final Map<Integer, Long> parameterSetOffsets = new HashMap<>();
  private final Map<Integer, Long> refinementOffsets = new HashMap<>();
  private NnpfActivation persistent;
  private final Predicate<ModelReference> modelHeld;
  /** Every {@code nnpfc_id} received: null when applicable, else why it is ignored. */
  private final Map<Long, String> nnpfcs = new HashMap<>();
  private final List<String> notes = new ArrayList<>();

  /** A state for a decoder that holds every model a stream names (a conformance checker). */
  public NnpfDecoderState() {
    this(ref -> true);
  }

  /**
   * A state for a decoder that holds the models {@code modelHeld} accepts; an NNPFC naming another
   * model is reported and ignored (a model carried in-band is always held).
   */
  public NnpfDecoderState(Predicate<ModelReference> modelHeld) {
    this.modelHeld = modelHeld;
  }

  /** The reports of ignored H.274 messages since the last call, one line each. */
  public List<String> drainNotes() {
    List<String> n = List.copyOf(notes);
    notes.clear();
    return n;
  }

  private void note(ExtractedAccessUnit au, NnpfUnit u, String what) {
    notes.add("access unit " + au.index() + ", SEI payload at byte " + u.messageOffset() + ": " + what);
  }

  /**
   * Examines the NNPFCs of {@code au}; returns the ids whose extension messages are ignored with
   * their NNPFC in this access unit.
   */
  private Set<Integer> examineCharacteristics(ExtractedAccessUnit au) {
    Set<Integer> suppressed = new HashSet<>();
    for (NnpfUnit u : au.nnpfUnits()) {
      if (u.message() instanceof H274Ignored g && g.payloadType() == H274Characteristics.PAYLOAD_TYPE) {
        note(au, u, "NNPFC ignored (H.274: " + g.element() + " " + g.reason() + ")");
        if (g.id().isPresent()) {
          nnpfcs.put(g.id().getAsLong(), "its NNPFC has a reserved value");
          if (g.id().getAsLong() <= 255) {
            suppressed.add((int) g.id().getAsLong());
          }
        }
      } else if (u.message() instanceof H274Characteristics c) {
        if (c.modeIdc() != 1 || !c.tagUri().equals(H274Carriage.TAG_URI)) {
          String why = c.modeIdc() == 0 ? "its network is an ISO/IEC 15938-17 bitstream (nnpfc_mode_idc 0)"
              : "its format tag " + c.tagUri() + " is not " + H274Carriage.TAG_URI;
          if (!c.baseFlag()) {
            note(au, u, "NNPFC update of filter " + c.id() + " ignored: " + why + "; the base filter is unchanged");
            continue;
          }
          note(au, u, "NNPFC with nnpfc_id " + c.id() + " ignored: " + why + " (nothing is fetched or run)");
          nnpfcs.put(c.id(), why);
          if (c.id() <= 255) {
            suppressed.add((int) c.id());
          }
          continue;
        }
        if (!c.baseFlag()) {
          note(au, u, "NNPFC update of filter " + c.id() + " ignored: " + H274Carriage.TAG_URI
              + " defines no update; the base filter is unchanged");
          continue;
        }
        if (c.id() > 255) {
          throw new BitstreamException("nnpfc_id", u.messageOffset(), 0, "stream",
              "nnpfc_id " + c.id() + " of a " + H274Carriage.TAG_URI + " filter is above 255: no NNPF parameter set"
                  + " (nnpfps_id 0..255) can be associated with it (access unit " + au.index() + ")");
        }
        NnpfParameterSet ps = null;
        for (NnpfUnit v : au.nnpfUnits()) {
          if (v.message() instanceof NnpfParameterSet p && p.id() == c.id()) {
            ps = p;
          }
        }
        if (ps == null) {
          throw new BitstreamException("nnpfc_id", u.messageOffset(), 0, "stream",
              "the NNPFC of " + H274Carriage.TAG_URI + " filter " + c.id() + " has no associated NNPF parameter set"
                  + " (nnpfps_id " + c.id() + ") in its access unit " + au.index());
        }
        H274Carriage.checkConsistent(c, ps, u.messageOffset());
        if (!ps.model().isInBand() && !modelHeld.test(ps.model())) {
          note(au, u, "NNPFC with nnpfc_id " + c.id() + " ignored: it names model " + c.uri() + " (" + ps.model().hashType()
              + " " + ps.model().hashHex() + "), which this decoder does not hold; nothing is fetched");
          nnpfcs.put(c.id(), "its model is not held");
          suppressed.add((int) c.id());
          continue;
        }
        nnpfcs.put(c.id(), null);
      }
    }
    return suppressed;
  }

  /**
   * The activation an NNPFA amounts to, or null when it is ignored.
   *
   * @throws BitstreamException when its target is no received NNPFC
   */
  private NnpfActivation fromNnpfa(ExtractedAccessUnit au, NnpfUnit u, H274Activation a) {
    if (!nnpfcs.containsKey(a.targetId())) {
      throw new BitstreamException("nnpfa_target_id", u.messageOffset(), 0, "stream",
          "NNPFA for filter " + a.targetId() + ", but no NNPFC with that nnpfc_id was received (access unit "
              + au.index() + ")");
    }
    String ignored = nnpfcs.get(a.targetId());
    if (ignored != null) {
      note(au, u, "NNPFA of filter " + a.targetId() + " ignored: " + ignored + "; the base picture is output");
      return null;
    }
    if (!a.cancel() && !a.targetBaseFlag()) {
      note(au, u, "NNPFA of the update of filter " + a.targetId() + " ignored (no update was applied)");
      return null;
    }
    return a.cancel() ? NnpfActivation.cancel((int) a.targetId())
        : NnpfActivation.activate((int) a.targetId(), a.persistence());
  }

  private static int idOf(NnpfMessage m) {
    if (m instanceof NnpfParameterSet p) {
      return p.id();
    }
    if (m instanceof NnpfRefinementSet r) {
      return r.psId();
    }
    return -1;
  }

  /**
   * Updates the state with the messages of {@code au} and decides on its picture.
   *
   * @throws BitstreamException if an activation names a parameter set never received, or an access
   *     unit has two non-cancelling activations or two picture hashes
   */
  public PictureDecision accept(ExtractedAccessUnit au) {
    Set<Integer> suppressed = examineCharacteristics(au);
    Map<NnpfUnit, NnpfActivation> nnpfa = new java.util.IdentityHashMap<>();
    for (NnpfUnit u : au.nnpfUnits()) {
      if (u.message() instanceof H274Activation a) {
        NnpfActivation x = fromNnpfa(au, u, a);
        if (x != null) {
          nnpfa.put(u, x);
        }
      } else if (u.message() instanceof H274Ignored g && g.payloadType() == H274Activation.PAYLOAD_TYPE) {
        note(au, u, "NNPFA ignored (H.274: " + g.element() + " " + g.reason() + ")");
      }
    }
    for (NnpfUnit u : au.nnpfUnits()) {
      if (suppressed.contains(idOf(u.message()))) {
        continue;
      }
      if (u.message() instanceof NnpfParameterSet p) {
        parameterSets.put(p.id(), p);
        parameterSetOffsets.put(p.id(), u.messageOffset());
        refinements.remove(p.id());
        refinementOffsets.remove(p.id());
      }
    }
    java.util.Set<Integer> refined = new java.util.HashSet<>();
    for (NnpfUnit u : au.nnpfUnits()) {
      if (suppressed.contains(idOf(u.message()))) {
        continue;
      }
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
      NnpfActivation a = activationOf(u, nnpfa);
      if (a != null && a.cancel() && persistent != null && persistent.targetId() == a.targetId()) {
        persistent = null;
      }
    }
    NnpfActivation current = null;
    NnpfPictureHash hash = null;
    long hashOffset = -1;
    NnpfBlockMap blockMap = null;
    NnpfUnit blockMapUnit = null;
    for (NnpfUnit u : au.nnpfUnits()) {
      NnpfActivation a = activationOf(u, nnpfa);
      boolean standard = u.message() instanceof H274Activation;
      if (a != null && !a.cancel()) {
        if (current != null) {
          throw new BitstreamException(
              "nnpfa_cancel_flag", u.messageOffset() + (standard ? 0 : 4), 0, "stream",
              "access unit " + au.index() + " has a second activation that is not a cancel");
        }
        if (!parameterSets.containsKey(a.targetId()) && !refinements.containsKey(a.targetId())) {
          throw new BitstreamException(
              "nnpfa_target_id", u.messageOffset() + (standard ? 0 : 3), 0, "stream",
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

  private static NnpfActivation activationOf(NnpfUnit u, Map<NnpfUnit, NnpfActivation> nnpfa) {
    if (u.message() instanceof NnpfActivation a) {
      return a;
    }
    return nnpfa.get(u);
  }

  /** The parameter set stored under {@code id}, if any. */
  public Optional<NnpfParameterSet> parameterSet(int id) {
    return Optional.ofNullable(parameterSets.get(id));
  }
}
