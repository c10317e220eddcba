package org.nnpf.bitstream.carriage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.nnpf.bitstream.BitstreamException;
import org.nnpf.bitstream.Hex;
import org.nnpf.bitstream.SyntheticStreams;
import org.nnpf.bitstream.nal.NalCodec;
import org.nnpf.bitstream.nnpf.NnpfActivation;
import org.nnpf.bitstream.nnpf.NnpfMessage;
import org.nnpf.bitstream.nnpf.NnpfParameterSet;
import org.nnpf.bitstream.nnpf.NnpfPictureHash;
import org.nnpf.bitstream.nnpf.NnpfRefinementSet;
import org.nnpf.common.nn.refine.ComponentRefinement;
import org.nnpf.common.nn.refine.Refinement;
import org.nnpf.bitstream.nnpf.PictureHashType;
import org.nnpf.bitstream.nnpf.RandomStructures;

class NnpfDecoderStateTest {

  private static NnpfParameterSet ps(int id, int seed) {
    return RandomStructures.parameterSet(new Random(seed)).toBuilder().id(id).noAuxInput().build();
  }

  private static NnpfPictureHash hash(int b) {
    return new NnpfPictureHash(PictureHashType.CRC, List.of(new byte[] {0, (byte) b}));
  }

  private static byte[] stream;

  private static List<PictureDecision> decide(Map<Integer, List<NnpfMessage>> m, int pictures) {
    stream = new NnpfUnitInserter(NalCodec.HEVC).insert(
        SyntheticStreams.stream(SyntheticStreams.hevcUnits(pictures)), m, Carriage.APS);
    NnpfDecoderState state = new NnpfDecoderState();
    List<PictureDecision> out = new ArrayList<>();
    for (ExtractedAccessUnit au : NnpfUnitExtractor.extractAll(stream, NalCodec.HEVC)) {
      out.add(state.accept(au));
    }
    return out;
  }

  private static List<Integer> filters(List<PictureDecision> d) {
    return d.stream().map(PictureDecision::targetId).toList();
  }

  @Test
  void persistentActivationAppliesUntilCancelledAndOneShotActivationsOverrideItForOnePicture() {
    Map<Integer, List<NnpfMessage>> m = new TreeMap<>();
    m.put(0, List.of(ps(3, 1), NnpfActivation.activate(3, true), hash(7)));
    m.put(2, List.of(ps(4, 2), NnpfActivation.activate(4, false)));
    m.put(4, List.of(NnpfActivation.cancel(4)));
    m.put(5, List.of(NnpfActivation.cancel(3)));
    m.put(7, List.of(NnpfActivation.activate(4, false)));
    List<PictureDecision> d = decide(m, 9);
    assertEquals(List.of(3, 3, 4, 3, 3, -1, -1, 4, -1), filters(d));
    assertEquals(Optional.of(hash(7)), d.get(0).expectedHash());
    assertEquals(Optional.empty(), d.get(1).expectedHash());
    assertEquals(Optional.empty(), d.get(6).filter());
  }

  @Test
  void aReplacedParameterSetAppliesToThePersistentActivation() {
    NnpfParameterSet first = ps(3, 1);
    NnpfParameterSet second = ps(3, 5);
    Map<Integer, List<NnpfMessage>> m = new TreeMap<>();
    m.put(0, List.of(first, NnpfActivation.activate(3, true)));
    m.put(2, List.of(second));
    List<PictureDecision> d = decide(m, 4);
    assertEquals(first, d.get(1).filter().orElseThrow());
    assertEquals(second, d.get(2).filter().orElseThrow());
    assertEquals(second, d.get(3).filter().orElseThrow());
  }

  @Test
  void auxiliaryValueComesFromTheActivationOrTheParameterSetDefault() {
    NnpfParameterSet p = ps(1, 3).toBuilder().auxInput(100).build();
    Map<Integer, List<NnpfMessage>> m = new TreeMap<>();
    m.put(0, List.of(p, NnpfActivation.activate(1, true)));
    m.put(1, List.of(NnpfActivation.activate(1, false, 7)));
    List<PictureDecision> d = decide(m, 3);
    assertEquals(OptionalInt.of(100), d.get(0).auxValue());
    assertEquals(OptionalInt.of(7), d.get(1).auxValue());
    assertEquals(OptionalInt.of(100), d.get(2).auxValue());
  }

  @Test
  void anActivationOfAParameterSetNeverSentIsRejectedAtItsTargetId() {
    Map<Integer, List<NnpfMessage>> m = new TreeMap<>();
    m.put(0, List.of(ps(3, 1)));
    m.put(1, List.of(NnpfActivation.activate(9, true)));
    BitstreamException e = assertThrows(BitstreamException.class, () -> decide(m, 2));
    assertEquals("nnpfa_target_id", e.syntaxElement());
    assertEquals(9, stream[(int) e.byteOffset()]);
    assertTrue(e.detail().contains("never received"), e.detail());
  }

  @Test
  void twoActivationsOrTwoHashesInOneAccessUnitAreRejected() {
    Map<Integer, List<NnpfMessage>> m = new TreeMap<>();
    m.put(0, List.of(ps(3, 1), NnpfActivation.activate(3, true), NnpfActivation.activate(3, false)));
    BitstreamException second = assertThrows(BitstreamException.class, () -> decide(m, 1));
    // docs/bitstream-syntax.md 8: the second activation's nnpfa_cancel_flag, byte 4 bit 0 of its message
    assertEquals("nnpfa_cancel_flag", second.syntaxElement());
    assertEquals(0, second.bitOffset());
    assertEquals(NnpfMessage.TYPE_ACTIVATION, stream[(int) second.byteOffset() - 4]);
    assertEquals(3, stream[(int) second.byteOffset() - 1]);
    assertEquals(0, stream[(int) second.byteOffset()] & 0x80, "the cancel flag of the second activation is 0");
    Map<Integer, List<NnpfMessage>> m2 = Map.of(0, List.of(hash(1), hash(2)));
    assertEquals("ph_hash_type", assertThrows(BitstreamException.class, () -> decide(m2, 1)).syntaxElement());
  }

  @Test
  void unsupportedMessagesOfLaterVersionsAreIgnored() {
    // an SEI with a version 1.1 message of reserved type 9, then a normal activation in the next picture
    byte[] payload = Hex.bytes("f2 21 12 0c e9 06 48 d6 89 99 0e d3 74 4a 7f b0 09 01 01 55");
    org.nnpf.bitstream.nal.NalUnit sei = org.nnpf.bitstream.nal.NalUnit.create(NalCodec.HEVC, 39, 0, 1, 0,
        org.nnpf.bitstream.sei.SeiRbsp.write(List.of(org.nnpf.bitstream.sei.SeiMessage.of(5, payload))));
    List<org.nnpf.bitstream.nal.NalUnit> units = new ArrayList<>(SyntheticStreams.hevcUnits(1));
    units.add(4, sei);
    List<ExtractedAccessUnit> aus = NnpfUnitExtractor.extractAll(SyntheticStreams.stream(units), NalCodec.HEVC);
    assertEquals(1, aus.get(0).nnpfUnits().size());
    PictureDecision d = new NnpfDecoderState().accept(aus.get(0));
    assertEquals(Optional.empty(), d.filter());
  }

  private static NnpfRefinementSet refinement(int psId, int weight) {
    return new NnpfRefinementSet(psId, new Refinement(1, List.of(ComponentRefinement.refined(1, 6,
        org.nnpf.common.nn.refine.FirShape.NONE, false, new int[0], new int[][] {{weight}}))));
  }

  @Test
  void refinementSetsFollowTheirParameterSetUntilReplacedAndAreDroppedWithIt() {
    NnpfParameterSet p = ps(3, 1);
    Map<Integer, List<NnpfMessage>> m = new TreeMap<>();
    m.put(0, List.of(p, refinement(3, 40), NnpfActivation.activate(3, true)));
    m.put(2, List.of(refinement(3, 50)));          // a per-picture update: from this access unit on
    m.put(4, List.of(ps(3, 1)));                   // a new parameter set drops the refinement
    m.put(5, List.of(ps(3, 1), refinement(3, 60))); // both in one access unit: the refinement applies
    List<PictureDecision> d = decide(m, 7);
    assertEquals(List.of(40, 40, 50, 50, -1, 60, 60), d.stream().map(x -> x.refinement()
        .map(r -> r.component(0).coefficients(0)[0]).orElse(-1)).toList());
    assertEquals(List.of(3, 3, 3, 3, 3, 3, 3), filters(d));
  }

  @Test
  void aStandAloneRefinementSetMustNotReadTheNetworkAndTwoForOneIdAreRejected() {
    Map<Integer, List<NnpfMessage>> m = new TreeMap<>();
    m.put(0, List.of(refinement(3, 40)));
    BitstreamException e = assertThrows(BitstreamException.class, () -> decide(m, 1));
    assertEquals("nnpfrs_num_hypotheses", e.syntaxElement());
    assertTrue(e.detail().contains("filter on its own"), e.detail());
    Map<Integer, List<NnpfMessage>> m2 = Map.of(0, List.of(ps(3, 1), refinement(3, 1), refinement(3, 2)));
    e = assertThrows(BitstreamException.class, () -> decide(m2, 1));
    assertTrue(e.detail().contains("second refinement set"), e.detail());
  }

  @Test
  void aStandAloneRefinementSetIsAFilterUntilAParameterSetTakesItsId() {
    NnpfRefinementSet alone = new NnpfRefinementSet(7, new Refinement(0, List.of(ComponentRefinement.refined(0, 6,
        org.nnpf.common.nn.refine.FirShape.DIAMOND5, false, new int[0], new int[][] {{1, 2, 3, 4, 5, 6}}))));
    Map<Integer, List<NnpfMessage>> m = new TreeMap<>();
    m.put(0, List.of(alone, NnpfActivation.activate(7, true)));
    m.put(2, List.of(ps(7, 1)));
    List<PictureDecision> d = decide(m, 3);
    assertEquals(List.of(7, 7, 7), filters(d));
    assertTrue(d.get(0).filtered() && d.get(0).filter().isEmpty());
    assertEquals(Optional.of(alone.refinement()), d.get(1).refinement());
    assertTrue(d.get(2).filter().isPresent() && d.get(2).refinement().isEmpty(), "the parameter set removes the refinement");
  }
}
