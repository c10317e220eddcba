package org.nnpf.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nnpf.bitstream.BitstreamException;
import org.nnpf.bitstream.carriage.ExtractedAccessUnit;
import org.nnpf.bitstream.carriage.NnpfUnit;
import org.nnpf.bitstream.carriage.NnpfUnitExtractor;
import org.nnpf.bitstream.filter.FilterSignalling;
import org.nnpf.bitstream.nal.AnnexBWriter;
import org.nnpf.bitstream.nal.NalCodec;
import org.nnpf.bitstream.nal.NalUnit;
import org.nnpf.bitstream.nal.NalUnitStream;
import org.nnpf.bitstream.nnpf.NnpfMessageWriter;
import org.nnpf.bitstream.nnpf.NnpfParameterSet;
import org.nnpf.bitstream.nnpf.NnpfRefinementSet;
import org.nnpf.common.codec.BaseCodec;
import org.nnpf.common.nn.Conv2d;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.ModelFile;
import org.nnpf.common.nn.ModelStore;
import org.nnpf.common.nn.integer.FixedPoint;
import org.nnpf.common.nn.integer.IntegerNetwork;
import org.nnpf.common.nn.integer.IntegerReference;
import org.nnpf.common.nn.quant.QuantizationParams;
import org.nnpf.common.nn.refine.ComponentRefinement;
import org.nnpf.common.nn.refine.FirShape;
import org.nnpf.common.nn.refine.Refinement;
import org.nnpf.common.picture.Picture;
import org.nnpf.decoder.NnpfDecoder;

/**
 * Rules of docs/bitstream-syntax.md and docs/integer-inference.md that the conformance streams pin,
 * shown to be pinned: a decoder that breaks the rule gets another result.
 */
class PinnedRulesTest {

  private static byte[] read(java.nio.file.Path p) throws Exception {
    return Files.readAllBytes(p);
  }

  private static List<NnpfDecoder.OutputPicture> decode(BaseCodec codec, byte[] stream, ModelStore models) {
    List<NnpfDecoder.OutputPicture> out = new ArrayList<>();
    try (NnpfDecoder d = new NnpfDecoder(codec, models, NnpfDecoder.Options.defaults(), "test")) {
      d.decode(stream, out::add);
    }
    return out;
  }

  /**
   * NNPF18_BIAS_CLIPPING: its layer-0 biases exceed the 24-bit accumulator. The correct process clips
   * them to 24 bits (docs/integer-inference.md 3); a decoder that clips them to 32 bits (the BIAS
   * quantizer's width) and then wraps the accumulation to 24 bits (4.2) — emulated here, outside the
   * normative code, by a model whose bias is that wrapped value, which the correct process then
   * reproduces exactly (the two channels have no weights, so the accumulation is the bias alone) —
   * outputs other pictures, and the YUV MD5 differs from the committed one.
   */
  @Test
  void theBiasClippingStreamTellsClippingAtPFromClippingAt32Bits() throws Exception {
    String name = "NNPF18_BIAS_CLIPPING";
    byte[] stream = read(SuiteFiles.bitstream(Dirs.suite(), name));
    NnpfParameterSet ps = null;
    for (ExtractedAccessUnit au : NnpfUnitExtractor.extractAll(stream, NalCodec.AVC)) {
      for (NnpfUnit u : au.nnpfUnits()) {
        if (u.message() instanceof NnpfParameterSet p) {
          ps = p;
        }
      }
    }
    assertTrue(ps != null, "the stream carries a parameter set");
    Model model = ModelFile.fromBytes(ps.model().inBandModel().orElseThrow(), name);
    QuantizationParams q = FilterSignalling.toQuantizationParams(ps, model);
    IntegerNetwork right = IntegerNetwork.quantize(model, q);
    int p = right.layer(0).accumulatorBits();
    assertEquals(24, p, "layer 0 declares a 24-bit accumulator");
    int s = q.layerInput(0).fracBits() + q.layer(0).weights().fracBits();

    Conv2d c0 = model.conv(0);
    float[] bias = c0.bias();
    int clippedHigh = 0;
    int clippedLow = 0;
    for (int co = 0; co < bias.length; co++) {
      long exact = FixedPoint.quantize(bias[co], s, Long.MIN_VALUE / 4, Long.MAX_VALUE / 4);
      long at32 = FixedPoint.clip3(Integer.MIN_VALUE, Integer.MAX_VALUE, exact);
      if (at32 == right.layer(0).bias(co)) {
        continue;  // fits P: both rules agree
      }
      assertEquals(exact, at32, "the bias fits 32 bits, so clipping at 32 bits is no clipping at all");
      long wrapped = FixedPoint.wrap(at32, p);
      assertNotEquals(right.layer(0).bias(co), wrapped);
      if (exact > 0) {
        assertEquals((1L << (p - 1)) - 1, right.layer(0).bias(co));
        clippedHigh++;
      } else {
        assertEquals(-(1L << (p - 1)), right.layer(0).bias(co));
        clippedLow++;
      }
      bias[co] = (float) Math.scalb((double) wrapped, -s);  // exact: |wrapped| < 2^23
    }
    assertEquals(1, clippedHigh, "one bias clipped at the top of the 24-bit range");
    assertEquals(1, clippedLow, "one bias clipped at the bottom");
    Model wrongModel = model.toBuilder().set(0, c0.toBuilder().bias(bias).build()).build();
    IntegerNetwork wrong = IntegerNetwork.quantize(wrongModel, q);
    for (int co = 0; co < bias.length; co++) {
      long at32 = FixedPoint.clip3(Integer.MIN_VALUE, Integer.MAX_VALUE,
          FixedPoint.quantize(c0.bias()[co], s, Long.MIN_VALUE / 4, Long.MAX_VALUE / 4));
      assertEquals(FixedPoint.wrap(at32, p), wrong.layer(0).bias(co), "the emulated wrong rule, channel " + co);
    }

    List<NnpfDecoder.OutputPicture> pics = decode(BaseCodec.AVC, stream, ModelStore.empty());
    int aux = ps.auxDefaultValue();
    List<Picture> wrongPictures = new ArrayList<>();
    for (NnpfDecoder.OutputPicture pic : pics) {
      assertTrue(pic.filtered());
      assertEquals(pic.output(), IntegerReference.run(right, pic.decoded(), aux).output(), "the decoder is the reference");
      Picture w = IntegerReference.run(wrong, pic.decoded(), aux).output();
      assertNotEquals(pic.output(), w, "output picture " + pic.outputIndex() + " under the wrong clipping rule");
      wrongPictures.add(w);
    }
    assertEquals(SuiteFiles.readMd5(Dirs.suite(), name), YuvMd5.of(pics.stream().map(NnpfDecoder.OutputPicture::output).toList()));
    assertNotEquals(SuiteFiles.readMd5(Dirs.suite(), name), YuvMd5.of(wrongPictures));
  }

  /**
   * NNPF22_SUFFIX_SEI: without its suffix SEI NAL units (a decoder that reads prefix SEI only) the
   * stream is not the same stream: access unit 0 activates a parameter set that is only in a suffix
   * SEI, so such a decoder fails at nnpfa_target_id.
   */
  @Test
  void theSuffixSeiStreamFailsForADecoderThatIgnoresSuffixSei() throws Exception {
    byte[] stream = read(SuiteFiles.bitstream(Dirs.suite(), "NNPF22_SUFFIX_SEI"));
    ByteBuf out = Unpooled.buffer(stream.length);
    int removed = 0;
    for (NalUnit u : NalUnitStream.split(stream, NalCodec.HEVC)) {
      if (u.type() == 40) {
        removed++;
      } else {
        AnnexBWriter.write(u, out);
      }
    }
    assertEquals(4, removed, "suffix SEI NAL units in access units 0 to 3");
    byte[] prefixOnly = new byte[out.readableBytes()];
    out.readBytes(prefixOnly);
    BitstreamException e = assertThrows(BitstreamException.class,
        () -> decode(BaseCodec.HEVC, prefixOnly, ModelStore.empty()));
    assertEquals("nnpfa_target_id", e.syntaxElement());
    assertEquals(5, decode(BaseCodec.HEVC, stream, ModelStore.empty()).size());
  }

  /** A refinement set that reads no network output: Y 5x5 FIR only, Cb and Cr unfiltered. */
  private static byte[] firOnlyRefinementSei(int id) {
    Refinement r = new Refinement(0, List.of(
        ComponentRefinement.refined(0, 6, FirShape.DIAMOND5, false, new int[0], new int[][] {{3, -2, 1, 1, 0, -1}}),
        ComponentRefinement.unfiltered(), ComponentRefinement.unfiltered()));
    assertFalse(r.usesNetwork(), "a decoder need not run the network");
    return NnpfMessageWriter.toBytes(new NnpfRefinementSet(id, r));
  }

  private static byte[] withRefinement(byte[] stream) {
    return RawUnits.insert(stream, NalCodec.HEVC,
        Map.of(0, List.of(RawUnits.sei(NalCodec.HEVC, 0, firOnlyRefinementSei(Carrier.ID)))));
  }

  /**
   * docs/bitstream-syntax.md 6.1 and docs/integer-inference.md 4.5: the conditions for applying a
   * parameter set are checked even when the refinement set stored with it reads no network output
   * and the network is not run: NEG28 (input order 0) and NEG20 (model not held) with a FIR-only
   * refinement set added are the same errors.
   */
  @Test
  void theConditionsForApplyingAParameterSetHoldWhenTheNetworkNeedNotRun() throws Exception {
    ModelStore models = new SuiteRunner(NnpfDecoder.Options.defaults(), List.of()).models(Dirs.negative());
    byte[] neg28 = withRefinement(read(SuiteFiles.bitstream(Dirs.negative(), "NEG28_INPUT_ORDER_NOT_POLYPHASE")));
    BitstreamException e = assertThrows(BitstreamException.class, () -> decode(BaseCodec.HEVC, neg28, models));
    assertEquals("nnpfps_inp_order_idc", e.syntaxElement());

    byte[] neg20 = withRefinement(read(SuiteFiles.bitstream(Dirs.negative(), "NEG20_MODEL_NOT_HELD")));
    e = assertThrows(BitstreamException.class, () -> decode(BaseCodec.HEVC, neg20, ModelStore.empty()));
    assertEquals("nnpfps_model_hash", e.syntaxElement());
    assertTrue(e.getMessage().contains("which this decoder does not hold"), e.getMessage());
    // with the model, the same stream decodes: the refinement set alone makes the output
    List<NnpfDecoder.OutputPicture> pics = decode(BaseCodec.HEVC, neg20, models);
    assertEquals(3, pics.size());
    assertTrue(pics.stream().allMatch(NnpfDecoder.OutputPicture::filtered));
  }

  /** NEG20's error names nnpfps_model_hash and the stream offset of the parameter set message. */
  @Test
  void aModelNotHeldIsAnErrorAtTheModelHashOfTheParameterSet() throws Exception {
    byte[] stream = read(SuiteFiles.bitstream(Dirs.negative(), "NEG20_MODEL_NOT_HELD"));
    BitstreamException e = assertThrows(BitstreamException.class, () -> decode(BaseCodec.HEVC, stream, ModelStore.empty()));
    assertEquals("nnpfps_model_hash", e.syntaxElement());
    assertEquals(0, stream[(int) e.byteOffset()], "the offset is that of the parameter set's nnpf_message_type (0)");
    assertEquals(1, stream[(int) e.byteOffset() + 1], "nnpf_version_major");
  }

  /**
   * NNPF23_ARITHMETIC_CODED_MULTIPLIERS: its parameter sets are version 1.2, code every multiplier
   * tensor with td_coding_idc 2 at steps 0, 1, 2, and exercise the greater-than flags and the bypass
   * remainder with both signs.
   */
  @Test
  void nnpf23CodesItsMultipliersArithmeticallyAtThreeSteps() throws Exception {
    List<NnpfParameterSet> sets = parameterSets("NNPF23_ARITHMETIC_CODED_MULTIPLIERS");
    for (NnpfParameterSet ps : sets) {
      assertEquals(2, NnpfMessageWriter.versionMinor(ps));
      List<Integer> steps = new ArrayList<>();
      int largest = 0;
      boolean negative = false;
      for (org.nnpf.bitstream.nnpf.Layer l : ps.layers()) {
        org.nnpf.bitstream.nnpf.TensorData d = l.multipliers().orElseThrow();
        assertEquals(org.nnpf.bitstream.nnpf.TensorCoding.DELTA_AC, d.coding());
        steps.add(d.log2Step());
        for (int v : d.values()) {
          largest = Math.max(largest, Math.abs(v));
          negative |= v < -org.nnpf.bitstream.nnpf.TensorArithmeticCode.NUM_GT_FLAGS;
        }
      }
      assertEquals(List.of(0, 1, 2), steps);
      assertTrue(largest > org.nnpf.bitstream.nnpf.TensorArithmeticCode.NUM_GT_FLAGS + 1, "remainder > 0");
      assertTrue(negative);
    }
    assertEquals(2, sets.size());
  }

  /** The parameter sets of suite stream {@code name}, in stream order. */
  private static List<NnpfParameterSet> parameterSets(String name) throws Exception {
    List<NnpfParameterSet> r = new ArrayList<>();
    for (ExtractedAccessUnit au : NnpfUnitExtractor.extractAll(read(SuiteFiles.bitstream(Dirs.suite(), name)), NalCodec.HEVC)) {
      for (NnpfUnit u : au.nnpfUnits()) {
        if (u.message() instanceof NnpfParameterSet ps) {
          r.add(ps);
        }
      }
    }
    return r;
  }

  /**
   * NNPF24_BIAS_UPDATES: its parameter sets are read as version 1.3 and carry a bias update on every
   * layer, in the three codings (absolute, Exp-Golomb differences, arithmetic-coded differences at
   * a step above 0); decoded without the updates (the base model's biases) it gives other pictures.
   */
  @Test
  void nnpf24SignalsBiasUpdatesInEveryCodingAndTheyChangeThePictures() throws Exception {
    List<NnpfParameterSet> sets = parameterSets("NNPF24_BIAS_UPDATES");
    for (NnpfParameterSet ps : sets) {
      assertEquals(org.nnpf.bitstream.nnpf.NnpfLimits.VERSION_MINOR_BIAS_UPDATE, ps.versionMinorRead().getAsInt());
      List<org.nnpf.bitstream.nnpf.TensorCoding> codings = new ArrayList<>();
      for (org.nnpf.bitstream.nnpf.Layer l : ps.layers()) {
        org.nnpf.bitstream.nnpf.TensorData d = l.biasUpdate().orElseThrow();
        codings.add(d.coding());
        if (d.coding() == org.nnpf.bitstream.nnpf.TensorCoding.DELTA_AC) {
          assertTrue(d.log2Step() > 0, "a step above 0");
        }
      }
      assertEquals(List.of(org.nnpf.bitstream.nnpf.TensorCoding.ABSOLUTE, org.nnpf.bitstream.nnpf.TensorCoding.DELTA_TO_BASE,
          org.nnpf.bitstream.nnpf.TensorCoding.DELTA_AC), codings);
      // the same parameter set without its bias updates computes another network
      org.nnpf.common.nn.Model model = ConformanceModels.leaky();
      List<org.nnpf.bitstream.nnpf.Layer> plain = new ArrayList<>();
      for (org.nnpf.bitstream.nnpf.Layer l : ps.layers()) {
        plain.add(new org.nnpf.bitstream.nnpf.Layer(l.kind(), l.inChannels(), l.outChannels(), l.kernelHeight(),
            l.kernelWidth(), l.tensors(), l.qpSetIndex(), l.qpSetOverrides(), l.multipliers(), java.util.Optional.empty(),
            l.weightUpdate()));
      }
      var with = org.nnpf.common.nn.integer.IntegerNetwork.quantize(model,
          org.nnpf.bitstream.filter.FilterSignalling.toQuantizationParams(ps, model));
      var without = org.nnpf.common.nn.integer.IntegerNetwork.quantize(model,
          org.nnpf.bitstream.filter.FilterSignalling.toQuantizationParams(ps.toBuilder().layers(plain).build(), model));
      assertTrue(!with.computesSameAs(without), "the bias updates change the network");
    }
    assertEquals(2, sets.size());
  }
}
