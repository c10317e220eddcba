package org.nnpf.bitstream.carriage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.nnpf.bitstream.BitstreamException;
import org.nnpf.bitstream.SyntheticStreams;
import org.nnpf.bitstream.nal.NalCodec;
import org.nnpf.bitstream.nnpf.ComplexityInfo;
import org.nnpf.bitstream.nnpf.H274Activation;
import org.nnpf.bitstream.nnpf.H274Characteristics;
import org.nnpf.bitstream.nnpf.H274Format;
import org.nnpf.bitstream.nnpf.ModelHashType;
import org.nnpf.bitstream.nnpf.ModelReference;
import org.nnpf.bitstream.nnpf.NnpfActivation;
import org.nnpf.bitstream.nnpf.NnpfMessage;
import org.nnpf.bitstream.nnpf.NnpfParameterSet;
import org.nnpf.bitstream.nnpf.NnpfRefinementSet;
import org.nnpf.bitstream.nnpf.PaddingType;
import org.nnpf.bitstream.nnpf.RandomStructures;
import org.nnpf.bitstream.nnpf.SampleFormat;
import org.nnpf.common.nn.refine.ComponentRefinement;
import org.nnpf.common.nn.refine.Refinement;

class H274CarriageTest {
  static final byte[] MODEL = "a model file".getBytes();
  static final ComplexityInfo COMPLEXITY = new ComplexityInfo(0, 1, 7, 20, 110);

  static NnpfParameterSet ps(int id, ModelHashType hash) {
    return RandomStructures.parameterSet(new Random(id)).toBuilder().id(id)
        .model(ModelReference.byHashOf(hash, MODEL)).input(SampleFormat.polyphase420(8))
        .output(SampleFormat.polyphase420(8)).auxInput(0).patch(64, 32, 4).padding(PaddingType.ZERO).noComplexity()
        .build();
  }

  @Test
  void theModelUriNamesTheModelsSha256AndReadsBack() {
    ModelReference full = ModelReference.byHashOf(ModelHashType.SHA256, MODEL);
    ModelReference half = ModelReference.byHashOf(ModelHashType.SHA256_128, MODEL);
    assertTrue(H274Carriage.modelUri(full).startsWith("ni:///sha-256;"));
    assertTrue(H274Carriage.modelUri(half).startsWith("ni:///sha-256-128;"));
    assertEquals(18 + 22, H274Carriage.modelUri(half).length());
    assertArrayEquals(full.hash(), H274Carriage.uriHash(H274Carriage.modelUri(full)).orElseThrow());
    assertArrayEquals(half.hash(), H274Carriage.uriHash(H274Carriage.modelUri(half)).orElseThrow());
    assertEquals(Optional.empty(), H274Carriage.uriHash("https://example.com/model.onnx"));
    assertEquals(Optional.empty(), H274Carriage.uriHash("ni:///sha-256-128;AAAA"));
    assertThrows(IllegalArgumentException.class,
        () -> H274Carriage.modelUri(ModelReference.byHashOf(ModelHashType.MD5, MODEL)));
  }

  @Test
  void theCharacteristicsOfAParameterSetAreConsistentWithIt() {
    NnpfParameterSet p = ps(3, ModelHashType.SHA256_128);
    H274Characteristics c = H274Carriage.characteristics(p, COMPLEXITY);
    assertEquals(3, c.id());
    assertEquals(H274Carriage.TAG_URI, c.tagUri());
    H274Format f = c.format().orElseThrow();
    assertEquals(3, f.inpOrderIdc());
    assertEquals(1, f.auxInpIdc());
    assertEquals(63, f.patchWidthMinus1());
    assertEquals(Optional.of(COMPLEXITY), f.complexity());
    H274Carriage.checkConsistent(c, p, 100);
    // the full SHA-256 in the URI names the same model as its first 16 bytes in the parameter set
    H274Carriage.checkConsistent(H274Carriage.characteristics(ps(3, ModelHashType.SHA256), COMPLEXITY), p, 100);
  }

  @Test
  void anInconsistentPairIsAnErrorNamingTheNnpfcElement() {
    NnpfParameterSet p = ps(3, ModelHashType.SHA256_128);
    NnpfParameterSet otherPatch = p.toBuilder().patch(32, 32, 4).build();
    BitstreamException e = assertThrows(BitstreamException.class,
        () -> H274Carriage.checkConsistent(H274Carriage.characteristics(otherPatch, COMPLEXITY), p, 1234));
    assertEquals("nnpfc_patch_width_minus1", e.syntaxElement());
    assertEquals(1234, e.byteOffset());
    NnpfParameterSet otherModel = p.toBuilder().model(ModelReference.byHashOf(ModelHashType.SHA256_128, new byte[5]))
        .build();
    assertEquals("nnpfc_uri", assertThrows(BitstreamException.class,
        () -> H274Carriage.checkConsistent(H274Carriage.characteristics(otherModel, COMPLEXITY), p, 0)).syntaxElement());
    NnpfParameterSet noAux = p.toBuilder().noAuxInput().build();
    assertEquals("nnpfc_auxiliary_inp_idc", assertThrows(BitstreamException.class,
        () -> H274Carriage.checkConsistent(H274Carriage.characteristics(noAux, COMPLEXITY), p, 0)).syntaxElement());
  }

  @Test
  void translateWritesNnpfcBeforeTheExtensionAndNnpfaForActivations() {
    NnpfParameterSet p = ps(0, ModelHashType.SHA256_128);
    Map<Integer, List<NnpfMessage>> plan = new TreeMap<>();
    plan.put(0, List.of(p, NnpfActivation.activate(0, true, 37)));
    Map<Integer, List<NnpfMessage>> out = H274Carriage.translate(plan, q -> COMPLEXITY, Set.of());
    List<NnpfMessage> au = out.get(0);
    assertEquals(3, au.size());
    H274Characteristics c = assertInstanceOf(H274Characteristics.class, au.get(0));
    NnpfParameterSet q = assertInstanceOf(NnpfParameterSet.class, au.get(1));
    assertEquals(37, q.auxDefaultValue());
    assertEquals(H274Activation.activate(0, true), au.get(2));
    H274Carriage.checkConsistent(c, q, 0);
  }

  @Test
  void translateKeepsExtensionActivationsWhereH274HasNoFilter() {
    NnpfParameterSet p = ps(0, ModelHashType.SHA256_128);
    NnpfRefinementSet alone = new NnpfRefinementSet(5, new Refinement(0, List.of(ComponentRefinement.unfiltered())));
    Map<Integer, List<NnpfMessage>> plan = new TreeMap<>();
    plan.put(0, List.of(p, alone, NnpfActivation.activate(5, false)));
    plan.put(1, List.of(NnpfActivation.activate(0, false, 30)));
    plan.put(2, List.of(NnpfActivation.activate(0, false, 31)));
    Map<Integer, List<NnpfMessage>> out = H274Carriage.translate(plan, q -> COMPLEXITY, Set.of());
    // different aux values: no NNPFC can carry them, the extension's activations stay
    assertEquals(plan.get(0), out.get(0));
    assertEquals(plan.get(1), out.get(1));
  }

  @Test
  void translateRepeatsTheFilterAtEveryNewCodedLayerVideoSequence() {
    NnpfParameterSet p = ps(0, ModelHashType.SHA256_128);
    Map<Integer, List<NnpfMessage>> plan = new TreeMap<>();
    plan.put(0, List.of(p, NnpfActivation.activate(0, true, 37)));
    Map<Integer, List<NnpfMessage>> out = H274Carriage.translate(plan, q -> COMPLEXITY, Set.of(0, 4));
    assertEquals(out.get(0), out.get(4));
  }

  // ------------------------------------------------------------------------------ decoding process

  private static List<String> notes;

  private static List<PictureDecision> decide(Map<Integer, List<NnpfMessage>> m, int pictures, Predicate<ModelReference> held) {
    byte[] stream = new NnpfUnitInserter(NalCodec.HEVC).insert(
        SyntheticStreams.stream(SyntheticStreams.hevcUnits(pictures)), m, Carriage.H274);
    NnpfDecoderState state = new NnpfDecoderState(held);
    List<PictureDecision> out = new ArrayList<>();
    notes = new ArrayList<>();
    for (ExtractedAccessUnit au : NnpfUnitExtractor.extractAll(stream, NalCodec.HEVC)) {
      out.add(state.accept(au));
      notes.addAll(state.drainNotes());
    }
    return out;
  }

  private static Map<Integer, List<NnpfMessage>> standardPlan(NnpfParameterSet p) {
    Map<Integer, List<NnpfMessage>> m = new TreeMap<>();
    m.put(0, List.of(H274Carriage.characteristics(p, COMPLEXITY), p, H274Activation.activate(p.id(), true)));
    m.put(2, List.of(H274Activation.cancel(p.id())));
    m.put(3, List.of(H274Activation.activate(p.id(), false)));
    return m;
  }

  @Test
  void nnpfaActivatesAndCancelsTheFilterItsNnpfcDescribes() {
    NnpfParameterSet p = ps(7, ModelHashType.SHA256_128);
    List<PictureDecision> d = decide(standardPlan(p), 5, r -> true);
    assertEquals(List.of(7, 7, -1, 7, -1), d.stream().map(PictureDecision::targetId).toList());
    assertEquals(p, d.get(0).filter().orElseThrow());
    assertEquals(List.of(), notes);
  }

  @Test
  void aFilterWhoseModelIsNotHeldIsReportedAndIgnored() {
    NnpfParameterSet p = ps(7, ModelHashType.SHA256_128);
    List<PictureDecision> d = decide(standardPlan(p), 5, r -> false);
    assertTrue(d.stream().noneMatch(PictureDecision::filtered));
    assertTrue(notes.get(0).contains("does not hold"), notes.toString());
    assertTrue(notes.stream().anyMatch(n -> n.contains("NNPFA of filter 7 ignored")), notes.toString());
  }

  @Test
  void anNnpfcOfAnotherFormatIsReportedAndIgnoredWithItsActivations() {
    H274Characteristics onnx = new H274Characteristics(1, 9, true, 1, "tag:example.com,2024:onnx",
        "https://example.com/filter.onnx", Optional.empty(), new byte[0]);
    Map<Integer, List<NnpfMessage>> m = new TreeMap<>();
    m.put(0, List.of(onnx, H274Activation.activate(9, true)));
    List<PictureDecision> d = decide(m, 3, r -> true);
    assertTrue(d.stream().noneMatch(PictureDecision::filtered));
    assertTrue(notes.get(0).contains("tag:example.com,2024:onnx is not " + H274Carriage.TAG_URI), notes.get(0));
    assertTrue(notes.get(0).contains("nothing is fetched"), notes.get(0));
  }

  @Test
  void anNnpfcWithAReservedValueIsReportedOnceAndIgnoredWithItsExtensionAndActivation() {
    NnpfParameterSet p = ps(7, ModelHashType.SHA256_128);
    H274Characteristics c = H274Carriage.characteristics(p, COMPLEXITY);
    H274Format f = c.format().orElseThrow();
    H274Characteristics reserved = new H274Characteristics(1, 7, true, 1, c.tagUri(), c.uri(), Optional.of(
        new H274Format(0, false, 1, 1, 3, 0, 0, 1, 3, 0, 0, false, false, f.overlap(), true, f.patchWidthMinus1(),
            f.patchHeightMinus1(), 9, 0, 0, 0, f.complexity(), 0)), new byte[0]);
    Map<Integer, List<NnpfMessage>> m = new TreeMap<>();
    m.put(0, List.of(reserved, p, H274Activation.activate(7, true)));
    List<PictureDecision> d = decide(m, 3, r -> true);
    assertTrue(d.stream().noneMatch(PictureDecision::filtered));
    assertEquals(2, notes.size(), notes.toString());
    assertTrue(notes.get(0).contains("NNPFC ignored (H.274: nnpfc_padding_type value 9 is reserved)"), notes.get(0));
    assertTrue(notes.get(1).contains("NNPFA of filter 7 ignored"), notes.get(1));
  }

  @Test
  void anNnpfaForAnUnknownIdIsAnError() {
    Map<Integer, List<NnpfMessage>> m = new TreeMap<>();
    m.put(1, List.of(H274Activation.activate(4, false)));
    BitstreamException e = assertThrows(BitstreamException.class, () -> decide(m, 3, r -> true));
    assertEquals("nnpfa_target_id", e.syntaxElement());
    assertTrue(e.getMessage().contains("no NNPFC with that nnpfc_id"), e.getMessage());
  }

  @Test
  void anNnpfcOfTheProjectWithoutItsParameterSetOrInconsistentWithItIsAnError() {
    NnpfParameterSet p = ps(7, ModelHashType.SHA256_128);
    Map<Integer, List<NnpfMessage>> m = new TreeMap<>();
    m.put(0, List.of(H274Carriage.characteristics(p, COMPLEXITY)));
    assertEquals("nnpfc_id", assertThrows(BitstreamException.class, () -> decide(m, 2, r -> true)).syntaxElement());
    m.put(0, List.of(H274Carriage.characteristics(p.toBuilder().patch(16, 16, 4).build(), COMPLEXITY), p));
    BitstreamException e = assertThrows(BitstreamException.class, () -> decide(m, 2, r -> true));
    assertEquals("nnpfc_patch_width_minus1", e.syntaxElement());
    assertTrue(e.byteOffset() > 0);
  }

  @Test
  void todaysCarriagesAreDecodedAsBefore() {
    NnpfParameterSet p = ps(7, ModelHashType.SHA256_128);
    Map<Integer, List<NnpfMessage>> m = new TreeMap<>();
    m.put(0, List.of(p, NnpfActivation.activate(7, true)));
    byte[] stream = new NnpfUnitInserter(NalCodec.HEVC).insert(
        SyntheticStreams.stream(SyntheticStreams.hevcUnits(3)), m, Carriage.SEI);
    NnpfDecoderState state = new NnpfDecoderState(r -> false);
    for (ExtractedAccessUnit au : NnpfUnitExtractor.extractAll(stream, NalCodec.HEVC)) {
      assertEquals(7, state.accept(au).targetId());
      assertFalse(au.nnpfUnits().isEmpty() && state.drainNotes().size() > 0);
    }
  }

  @Test
  void aParameterSetWithAnArithmeticCodedTensorTravelsAsTheExtension() {
    NnpfParameterSet p0 = ps(7, ModelHashType.SHA256_128);
    List<org.nnpf.bitstream.nnpf.Layer> layers = new ArrayList<>();
    for (org.nnpf.bitstream.nnpf.Layer l : p0.layers()) {
      int[] d = new int[l.outChannels()];
      for (int c = 0; c < d.length; c++) {
        d[c] = c % 3 == 0 ? c - 7 : 0;
      }
      // no bias update (which would make the message version 1.3)
      org.nnpf.bitstream.nnpf.Layer b = new org.nnpf.bitstream.nnpf.Layer(l.kind(), l.inChannels(), l.outChannels(),
          l.kernelHeight(), l.kernelWidth(), l.tensors(), l.qpSetIndex(), l.qpSetOverrides(), l.multipliers(),
          java.util.Optional.empty(), l.weightUpdate());
      layers.add(b.has(org.nnpf.bitstream.nnpf.TensorRole.MULTIPLIER)
          ? b.withMultipliers(org.nnpf.bitstream.nnpf.TensorData.arithmetic(2, d)) : b);
    }
    NnpfParameterSet p = p0.toBuilder().layers(layers).build();
    assertEquals(2, org.nnpf.bitstream.nnpf.NnpfMessageWriter.versionMinor(p));
    List<PictureDecision> d = decide(standardPlan(p), 5, r -> true);
    assertEquals(List.of(7, 7, -1, 7, -1), d.stream().map(PictureDecision::targetId).toList());
    assertEquals(p, d.get(0).filter().orElseThrow());
    assertEquals(List.of(), notes);
  }
}
