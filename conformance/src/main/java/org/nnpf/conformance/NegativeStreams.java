package org.nnpf.conformance;

import org.nnpf.bitstream.nnpf.NnpfMessage;
import org.nnpf.bitstream.nnpf.NnpfBlockMap;
import org.nnpf.bitstream.nnpf.NnpfRefinementSet;
import org.nnpf.common.nn.refine.BlockMap;
import org.nnpf.common.nn.refine.ComponentRefinement;
import org.nnpf.common.nn.refine.FirShape;
import org.nnpf.common.nn.refine.Refinement;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import org.nnpf.bitstream.carriage.Container;
import org.nnpf.bitstream.carriage.NnpfNalUnits;
import org.nnpf.bitstream.carriage.NnpfUnitInserter.Placed;
import org.nnpf.bitstream.nal.NalUnit;
import org.nnpf.bitstream.nal.NalUnitStream;
import org.nnpf.bitstream.nnpf.ModelHashType;
import org.nnpf.bitstream.nnpf.ModelReference;
import org.nnpf.bitstream.nnpf.NnpfActivation;
import org.nnpf.bitstream.nnpf.NnpfMessageWriter;
import org.nnpf.bitstream.nnpf.NnpfParameterSet;
import org.nnpf.bitstream.nnpf.NnpfPictureHash;
import org.nnpf.bitstream.nnpf.PictureHashType;
import org.nnpf.bitstream.nnpf.PictureHasher;
import org.nnpf.bitstream.nnpf.SampleFormat;
import org.nnpf.bitstream.nnpf.TensorOrder;
import org.nnpf.bitstream.rbsp.BitWriter;
import org.nnpf.common.codec.BaseCodec;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.ModelFile;
import org.nnpf.common.nn.fp.ActivationStatistics;
import org.nnpf.common.nn.fp.FloatInference;
import org.nnpf.common.nn.quant.QuantizationParams;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;
import org.nnpf.conformance.QuantizationRecipe.LayerRecipe;

/**
 * The negative streams: each one is a small valid stream ({@link Carrier}) with exactly one thing
 * wrong, and a documented expected result. Written beside each other as {@code NAME.bit}, {@code
 * NAME.txt} (whose header holds the expected result) and, for the streams that decode, {@code
 * NAME_yuv.md5}.
 */
public final class NegativeStreams {
  private NegativeStreams() {}

  /** What a decoder must do with a negative stream. */
  public enum Kind {
    /** Stop with an error whose message contains {@link Expected#message()}; exit status 1. */
    ERROR("error"),
    /** Decode, but report a picture hash mismatch; exit status 1. */
    HASH_MISMATCH("hash mismatch"),
    /**
     * Decode normally (every hash matches, exit status 0: the decoding process defines the output
     * by wrap-around); in checking mode report accumulations outside the declared precision (exit
     * status 1).
     */
    ACCUMULATOR_VIOLATION("accumulator violation");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    /** The kind with this label. */
    public static Kind of(String label) {
      for (Kind k : values()) {
        if (k.label.equals(label)) {
          return k;
        }
      }
      throw new IllegalArgumentException("unknown expected result '" + label + "'");
    }
  }

  /** The expected result: its kind and the text the error message must contain. */
  public record Expected(Kind kind, String message) {
    public String summary() {
      return kind == Kind.ERROR ? "error: " + message : kind.label();
    }
  }

  /** A stream and, when it decodes, its output pictures (output order). */
  public record Built(byte[] stream, Optional<List<Picture>> outputs) {}

  /**
   * One negative case.
   *
   * @param name file name stem
   * @param title what is wrong, in one line
   * @param why why the expected result is what it is (with the section of the specification)
   * @param codec the carrier's codec
   * @param expected the expected result
   * @param modelsGiven whether the decoder is given the model files of the directory's {@code
   *     models} subdirectory
   * @param build makes the stream from the carrier
   */
  public record Case(String name, String title, String why, BaseCodec codec, Expected expected, boolean modelsGiven,
      Function<Carrier, Built> build) {}

  /** A written case. */
  public record Written(Path bitstream, int bytes) {}

  private static Expected error(String element) {
    return new Expected(Kind.ERROR, element);
  }

  /** Every negative case, in order. */
  public static List<Case> cases() {
    List<Case> l = new ArrayList<>();
    l.add(new Case("NEG01_TRUNCATED_IN_NNPF_SEI", "The stream ends in the middle of the SEI NAL unit holding the parameter set",
        "The SEI message's payloadSize runs past the end of its NAL unit (docs/bitstream-syntax.md 3.1, 8).",
        BaseCodec.HEVC, error("payloadSize"), true, c -> {
          byte[] s = valid(c, false);
          NalUnit sei = firstNnpfSei(c, s);
          return new Built(Arrays.copyOf(s, (int) sei.streamOffset() + 40), Optional.empty());
        }));
    l.add(new Case("NEG02_TRUNCATED_NNPF_MESSAGE", "A parameter set cut after 15 bytes inside well-formed SEI framing",
        "nnpf_parameter_set() ends inside nnpfps_model_hash: reading past the end of the message is an error (8).",
        BaseCodec.HEVC, error("nnpfps_model_hash"), true, c -> {
          byte[] ps = NnpfMessageWriter.toBytes(c.parameterSet(false));
          return withRaw(c, 0, RawUnits.sei(c.nal(), c.temporalId(0), Arrays.copyOf(ps, 15)), true);
        }));
    l.add(new Case("NEG03_PAYLOAD_SIZE_PAST_NAL_UNIT", "An NNPF SEI message whose payloadSize is 40 bytes larger than the data",
        "A payloadSize that runs past the end of the SEI NAL unit is an error (3.1, 8).",
        BaseCodec.HEVC, error("payloadSize"), true, c -> {
          byte[] act = NnpfMessageWriter.toBytes(NnpfActivation.activate(Carrier.ID, true));
          BitWriter w = new BitWriter();
          w.u(8, 5).u(8, 16 + act.length + 40).bytes(NnpfNalUnits.uuid()).bytes(act).rbspTrailingBits();
          NalUnit u = NalUnit.create(c.nal(), c.nal().prefixSeiType(), 0, c.temporalId(0) + 1, 0, w.toByteArray());
          return withRaw(c, 0, RawUnits.verbatim(u.toByteArray(), false), true);
        }));
    l.add(syntax("NEG04_CHANNELS_OUT_OF_RANGE", "layer_in_channels_minus1[0] = 1000000",
        "layer_in_channels_minus1 shall be in 0..MaxChannels - 1 = 0..1023 (5.2, 7).",
        "layer_in_channels_minus1[0]", 1000000));
    l.add(syntax("NEG05_FRAC_BITS_OUT_OF_RANGE", "qps_frac_bits[0][0] = 40",
        "Fractional bits shall be in -31..31 (5.2, 7).", "qps_frac_bits[0][0]", 40));
    l.add(syntax("NEG06_PATCH_TOO_LARGE", "nnpfps_patch_width_minus1 = 4096",
        "nnpfps_patch_width_minus1 shall be in 0..MaxPatchSize - 1 = 0..4095 (5.2, 7).",
        "nnpfps_patch_width_minus1", 4096));
    l.add(syntax("NEG07_EXP_GOLOMB_TOO_LONG", "nnpfps_inp_order_idc coded with 32 leading zero bits",
        "A ue(v) code word with more than 31 leading zero bits is an error (1).",
        "nnpfps_inp_order_idc", 0xFFFFFFFFL));
    l.add(message("NEG08_UNKNOWN_MAJOR_VERSION", "An activation of nnpf_version_major 2",
        "A major version other than 1 cannot be interpreted and is an error, not ignored (8).",
        error("nnpf_version_major"),
        new SyntaxWriter().set("nnpf_version_major", 2).write(NnpfActivation.activate(Carrier.ID, true))));
    l.add(message("NEG09_EXTENSION_BYTES_IN_VERSION_1_0", "An activation of version 1.0 followed by two extension bytes",
        "nnpf_extension_byte shall not be present when nnpf_version_minor is 0 (5.1, 8).",
        error("nnpf_extension_byte"), concat(NnpfMessageWriter.toBytes(NnpfActivation.activate(Carrier.ID, true)),
            new byte[] {0x12, 0x34})));
    l.add(message("NEG10_RESERVED_HASH_TYPE_IN_VERSION_1_0", "A picture hash with ph_hash_type 5 (reserved) in version 1.0",
        "A reserved value in a version 1.0 message is an error (8); only later minor versions are ignored.",
        error("ph_hash_type"), new SyntaxWriter().set("ph_hash_type", 5).write(
            Carrier.md5(new Picture(2, 2, 8, ChromaFormat.CF420)))));
    l.add(new Case("NEG11_MISSING_APS", "Activation of parameter set 200, whose APS is missing",
        "A non-cancelling activation shall name a parameter set received before (5.3, 6 step 3): "
            + "\"parameter set never received\".",
        BaseCodec.HEVC, error("nnpfa_target_id"), true, c -> {
          Map<Integer, List<Placed>> m = messages(c, null, true);
          m.get(0).removeIf(p -> p.message() instanceof NnpfParameterSet);
          return new Built(c.stream(m, Map.of()), Optional.empty());
        }));
    l.add(new Case("NEG12_ACTIVATION_OF_UNKNOWN_ID", "Parameter set 200 sent, parameter set 17 activated",
        "A non-cancelling activation shall name a parameter set received before (5.3, 6 step 3).",
        BaseCodec.AVC, error("nnpfa_target_id"), true, c -> {
          Map<Integer, List<Placed>> m = messages(c, null, false);
          m.get(0).removeIf(p -> p.message() instanceof NnpfActivation);
          m.get(0).add(1, new Placed(NnpfActivation.activate(17, true), Container.SEI));
          return new Built(c.stream(m, Map.of()), Optional.empty());
        }));
    l.add(new Case("NEG13_TWO_ACTIVATIONS", "Two non-cancelling activations in one access unit",
        "At most one non-cancelling activation may be present in an access unit (6 step 3).",
        BaseCodec.HEVC, error("nnpfa_cancel_flag"), true, c -> {
          Map<Integer, List<Placed>> m = messages(c, null, false);
          m.get(1).add(0, new Placed(NnpfActivation.activate(Carrier.ID, false), Container.SEI));
          m.get(1).add(0, new Placed(NnpfActivation.activate(Carrier.ID, true), Container.SEI));
          return new Built(c.stream(m, Map.of()), Optional.empty());
        }));
    l.add(new Case("NEG14_TWO_PICTURE_HASHES", "Two picture hashes in one access unit",
        "At most one picture hash may be present in an access unit (6 step 6).",
        BaseCodec.AVC, error("ph_hash_type"), true, c -> {
          Map<Integer, List<Placed>> m = messages(c, null, false);
          m.get(2).add(m.get(2).get(m.get(2).size() - 1));
          return new Built(c.stream(m, Map.of()), Optional.empty());
        }));
    l.add(new Case("NEG15_WRONG_PICTURE_HASH", "Access unit 1 carries the hash of the unfiltered picture",
        "The output picture shall have the signalled hash; a mismatch is a decoder error reported per picture (5.4, 6 step 6).",
        BaseCodec.HEVC, new Expected(Kind.HASH_MISMATCH, "do not match their hash"), true, c -> {
          Map<Integer, List<Placed>> m = messages(c, null, false);
          List<Placed> au1 = m.get(1);
          au1.set(au1.size() - 1, new Placed(Carrier.md5(c.decoded(1)), Container.SEI));
          return new Built(c.stream(m, Map.of()), Optional.empty());
        }));
    l.add(new Case("NEG16_BROKEN_EMULATION_PREVENTION", "The byte sequence 0x000002 inside an NNPF SEI NAL unit",
        "0x000000, 0x000001 and 0x000002 shall not occur inside a NAL unit (1, 8): emulation prevention is violated.",
        BaseCodec.HEVC, error("emulation_prevention_three_byte"), true, c -> {
          byte[] header = NalUnit.create(c.nal(), c.nal().prefixSeiType(), 0, c.temporalId(0) + 1, 0,
              new byte[] {(byte) 0x80}).toByteArray();
          byte[] body = concat(new byte[] {5, 21}, NnpfNalUnits.uuid(), new byte[] {1, 1, 0, 5, 0, 0, 2, (byte) 0x80});
          return withRaw(c, 0, RawUnits.verbatim(concat(Arrays.copyOf(header, 2), body), false), true);
        }));
    l.add(new Case("NEG17_APS_WITHOUT_TRAILING_BITS", "An NNPF APS whose last byte is 0x01 instead of rbsp_trailing_bits",
        "An NNPF APS whose last non-zero RBSP byte is not 0x80 is an error (3.2).",
        BaseCodec.HEVC, error("rbsp_stop_one_bit"), true, c -> {
          BitWriter w = new BitWriter();
          w.u(32, NnpfNalUnits.APS_SIGNATURE).bytes(NnpfMessageWriter.toBytes(c.parameterSet(false))).u(8, 1);
          NalUnit u = NalUnit.create(c.nal(), c.nal().defaultApsType(), 0, c.temporalId(0) + 1, 0, w.toByteArray());
          Map<Integer, List<Placed>> m = messages(c, null, false);
          m.get(0).removeIf(p -> p.message() instanceof NnpfParameterSet);
          return new Built(c.stream(m, Map.of(0, List.of(RawUnits.verbatim(u.toByteArray(), false)))), Optional.empty());
        }));
    l.add(message("NEG18_UUID_WITHOUT_MESSAGE", "user_data_unregistered with the NNPF UUID and nothing after it (payloadSize 16)",
        "A message with the NNPF UUID and payloadSize equal to 16 is an error (3.1).",
        error("nnpf_message_type"), new byte[0]));
    l.add(new Case("NEG19_IN_BAND_MODEL_HASH_MISMATCH", "An in-band model whose nnpfps_model_hash does not match its bytes",
        "With nnpfps_model_idc 1 the hash of the in-band model bytes shall equal nnpfps_model_hash (5.2).",
        BaseCodec.HEVC, error("nnpfps_model_hash"), false, c -> {
          byte[] ps = NnpfMessageWriter.toBytes(c.parameterSet(true));
          ps[5] ^= 0x01;
          return withRaw(c, 0, RawUnits.sei(c.nal(), c.temporalId(0), ps), true);
        }));
    l.add(new Case("NEG20_MODEL_NOT_HELD", "A valid stream whose model (by hash) the decoder is not given",
        "With nnpfps_model_idc 0 a decoder that holds no model with the hash cannot apply the filter (5.2); "
            + "the reference decoder stops with an error naming the hash and the --model option.",
        BaseCodec.HEVC, error("which this decoder does not hold"), false, c -> {
          QuantizationParams q = c.params(ConformanceSuite.int16(c.model()));
          return new Built(c.stream(messages(c, q, false), Map.of()), Optional.empty());
        }));
    l.add(new Case("NEG21_PARAMETER_SET_DOES_NOT_FIT_MODEL", "A parameter set for 8-channel layers that names the 4-channel model",
        "The layers of a parameter set correspond one to one to the model's; a decoder checks channel counts and "
            + "treats a mismatch as an error (5.2, nnpfps_num_layers_minus1).",
        BaseCodec.HEVC, error("layer_out_channels_minus1[0]"), true, c -> {
          FilterSpec leaky = FilterSpec.of("leaky", ConformanceModels.leaky(),
              ConformanceSuite.int16(ConformanceModels.leaky()), Carrier.ID).auxDefault(Carrier.QP);
          ActivationStatistics stats = new ActivationStatistics(leaky.model());
          new FloatInference(leaky.model()).run(c.decoded(0), Carrier.QP, stats);
          NnpfParameterSet ps = StreamGenerator.parameterSet(leaky, leaky.recipe().design(leaky.model(), stats), 8)
              .toBuilder().model(ModelReference.byHashOf(ModelHashType.SHA256, ModelFile.toBytes(c.model()))).build();
          Map<Integer, List<Placed>> m = messages(c, null, false);
          m.get(0).set(0, new Placed(ps, Container.SEI));
          return new Built(c.stream(m, Map.of()), Optional.empty());
        }));
    l.add(new Case("NEG22_BIT_DEPTH_MISMATCH", "A parameter set for 10-bit input on an 8-bit stream",
        "The filter takes pictures of nnpfps_inp_bitdepth_luma_minus8 + 8 bits (5.2); the decoder cannot apply "
            + "it to 8-bit pictures and stops.",
        BaseCodec.AVC, error("nnpfps_inp_bitdepth_luma_minus8"), true, c -> {
          NnpfParameterSet ps = c.parameterSet(false).toBuilder()
              .input(SampleFormat.polyphase420(10)).output(SampleFormat.polyphase420(10)).build();
          Map<Integer, List<Placed>> m = messages(c, null, false);
          m.get(0).set(0, new Placed(ps, Container.SEI));
          return new Built(c.stream(m, Map.of()), Optional.empty());
        }));
    l.add(new Case("NEG23_ACCUMULATOR_VIOLATION", "Layer 1 declares a 16-bit accumulator but its accumulations need up to 28 bits",
        "The accumulator precision is a conformance requirement on the encoder (docs/integer-inference.md 5); the "
            + "decoding process still defines the output (two's-complement wrap-around to P bits), so a normal "
            + "decoder outputs the pictures the encoder hashed. In checking mode the violations are reported.",
        BaseCodec.HEVC, new Expected(Kind.ACCUMULATOR_VIOLATION, ""), true, c -> {
          QuantizationRecipe r = new QuantizationRecipe(16, List.of(LayerRecipe.of(16, 16, 32),
              new LayerRecipe(16, 16, 16, 32), LayerRecipe.of(16, 16, 32)), 1.25, 0);
          QuantizationParams q = c.params(r);
          List<Picture> out = new ArrayList<>();
          for (int au = 0; au < c.accessUnits(); au++) {
            out.add(c.filtered(au, q));
          }
          return new Built(c.stream(messages(c, q, false), Map.of()), Optional.of(c.inOutputOrder(out)));
        }));
    l.add(syntax("NEG24_MULTIPLIER_OUT_OF_RANGE", "A multiplier difference that takes the multiplier beyond 16 bits",
        "With td_coding_idc 1 the element Pred + td_value shall lie in the range of the tensor's quantizer "
            + "(int16 for multipliers), checked by the decoder, which holds the model (5.2).",
        "td_value[0] (multiplier[0])", 40000));
    l.add(syntax("NEG25_MULTIPLIER_DIFFERENCE_OVERFLOW", "A multiplier difference of 2^31 - 1",
        "Pred + td_value is far outside int16 (5.2); the sum itself overflows 32 bits, which a decoder must "
            + "handle as the range error it is.",
        "td_value[0] (multiplier[0])", Integer.MAX_VALUE));
    l.add(syntax("NEG26_NEGATIVE_SHIFT",
        "Layer 2 signals multipliers with 0 and its output with 31 fractional bits: a negative requantization shift",
        "The shift s = q_l + qw_l + qm_l - q_(l+1) shall lie in 0..62 (docs/integer-inference.md 2); a parameter set "
            + "that implies another shift cannot be decoded.",
        Map.of("qps_frac_bits[2][2]", 0L, "qps_frac_bits[2][4]", 31L), "shift"));
    l.add(new Case("NEG27_LUMA_ONLY_PICTURE_HASH", "A picture hash of the luma plane only for a 4:2:0 picture",
        "ph_chroma_present_flag shall match the output picture: 1 unless 4:0:0 (5.4).",
        BaseCodec.HEVC, error("ph_chroma_present_flag"), true, c -> {
          Map<Integer, List<Placed>> m = messages(c, null, false);
          List<Placed> au1 = m.get(1);
          Picture out = c.filtered(1, c.params(ConformanceSuite.int16(c.model())));
          au1.set(au1.size() - 1, new Placed(new NnpfPictureHash(PictureHashType.MD5,
              List.of(PictureHasher.planeDigest(out.plane(0), out.bitDepth(), PictureHashType.MD5))), Container.SEI));
          return new Built(c.stream(m, Map.of()), Optional.empty());
        }));
    l.add(new Case("NEG28_INPUT_ORDER_NOT_POLYPHASE", "A parameter set whose input tensor is the luma plane only (nnpfps_inp_order_idc 0)",
        "The integer decoding process takes 4:2:0 polyphase tensors (docs/integer-inference.md 4.1, order 3); a "
            + "parameter set describing another arrangement cannot be applied.",
        BaseCodec.HEVC, error("nnpfps_inp_order_idc"), true, c -> {
          NnpfParameterSet ps = c.parameterSet(false).toBuilder().input(new SampleFormat(TensorOrder.LUMA, 8, 8)).build();
          Map<Integer, List<Placed>> m = messages(c, null, false);
          m.get(0).set(0, new Placed(ps, Container.SEI));
          return new Built(c.stream(m, Map.of()), Optional.empty());
        }));
    l.add(new Case("NEG29_OUTPUT_BIT_DEPTH_DIFFERS", "A parameter set producing 10-bit output from 8-bit input",
        "The integer decoding process produces samples of the input bit depth (docs/integer-inference.md 4.4); "
            + "nnpfps_out_bitdepth_luma_minus8 + 8 must be that depth.",
        BaseCodec.AVC, error("nnpfps_out_bitdepth_luma_minus8"), true, c -> {
          NnpfParameterSet ps = c.parameterSet(false).toBuilder().output(SampleFormat.polyphase420(10)).build();
          Map<Integer, List<Placed>> m = messages(c, null, false);
          m.get(0).set(0, new Placed(ps, Container.SEI));
          return new Built(c.stream(m, Map.of()), Optional.empty());
        }));
    l.add(message("NEG30_REFINEMENT_SET_IN_VERSION_1_0", "A refinement set (nnpf_message_type 4) in a version 1.0 message",
        "Message type 4 is defined from version 1.1 on; in a version 1.0 message it is a reserved value, an error (5.1, 8).",
        error("nnpf_message_type"), version10(NnpfMessageWriter.toBytes(refinementSet(Carrier.ID, 1, 64)))));
    l.add(message("NEG31_REFINEMENT_WEIGHT_OUT_OF_RANGE", "A refinement weight of 40000",
        "nnpfrs_coeff shall be in -32768..32767 (5.5).",
        error("nnpfrs_coeff[0][0][0]"), refinementWithWeight40000()));
    l.add(new Case("NEG32_STAND_ALONE_REFINEMENT_READS_NETWORK",
        "A refinement set for an id with no parameter set that weighs a network hypothesis",
        "A refinement set under whose id no parameter set is stored is a filter on its own and shall read no network "
            + "output: nnpfrs_num_hypotheses 0 and no component in mode 1 (5.5, 6 step 1).",
        BaseCodec.HEVC, error("nnpfrs_num_hypotheses"), true, c -> {
          Map<Integer, List<Placed>> m = messages(c, null, false);
          m.get(0).removeIf(p -> p.message() instanceof NnpfParameterSet);
          m.get(0).add(0, new Placed(refinementSet(Carrier.ID, 1, 64), Container.SEI));
          return new Built(c.stream(m, Map.of()), Optional.empty());
        }));
    l.add(new Case("NEG33_TWO_REFINEMENT_SETS_FOR_ONE_ID", "Two refinement sets for parameter set 200 in one access unit",
        "At most one refinement set per nnpfrs_ps_id may be present in an access unit (6 step 1).",
        BaseCodec.AVC, error("nnpfrs_ps_id"), true, c -> {
          Map<Integer, List<Placed>> m = messages(c, null, false);
          m.get(0).add(1, new Placed(refinementSet(Carrier.ID, 1, 64), Container.SEI));
          m.get(0).add(1, new Placed(refinementSet(Carrier.ID, 1, 60), Container.SEI));
          return new Built(c.stream(m, Map.of()), Optional.empty());
        }));
    l.add(new Case("NEG34_REFINEMENT_OF_TWO_HYPOTHESES", "A refinement set weighing 2 hypotheses of a network that outputs 1",
        "nnpfrs_num_hypotheses shall not exceed the network's hypotheses, 1 for every model of model format version 1 (5.5).",
        BaseCodec.HEVC, error("nnpfrs_num_hypotheses"), true, c -> {
          Map<Integer, List<Placed>> m = messages(c, null, false);
          m.get(0).add(1, new Placed(new NnpfRefinementSet(Carrier.ID, new Refinement(2, List.of(
              ComponentRefinement.refined(2, 6, FirShape.NONE, false, new int[0], new int[][] {{64, 0}}),
              ComponentRefinement.network(), ComponentRefinement.network()))), Container.SEI));
          return new Built(c.stream(m, Map.of()), Optional.empty());
        }));
    l.add(new Case("NEG35_REFINEMENT_OF_LUMA_ONLY", "A luma-only refinement set (nnpfrs_chroma_present_flag 0) for 4:2:0 pictures",
        "nnpfrs_chroma_present_flag shall match the output picture: 1 unless 4:0:0 (5.5).",
        BaseCodec.AVC, error("nnpfrs_chroma_present_flag"), true, c -> {
          Map<Integer, List<Placed>> m = messages(c, null, false);
          m.get(0).add(1, new Placed(new NnpfRefinementSet(Carrier.ID, new Refinement(1, List.of(
              ComponentRefinement.refined(1, 6, FirShape.NONE, false, new int[0], new int[][] {{64}})))), Container.SEI));
          return new Built(c.stream(m, Map.of()), Optional.empty());
        }));
    l.add(new Case("NEG36_BLOCK_MAP_FOR_ANOTHER_FILTER", "A block map for filter 17 in a picture that filter 200 applies to",
        "A block map shall name the filter applied to its access unit's picture (5.6, 6 step 5).",
        BaseCodec.HEVC, error("nbm_target_id"), true, c -> {
          Map<Integer, List<Placed>> m = messages(c, null, false);
          m.get(1).add(0, new Placed(new NnpfBlockMap(17, BlockMap.of(4, new boolean[] {false, true})), Container.SEI));
          return new Built(c.stream(m, Map.of()), Optional.empty());
        }));
    l.add(new Case("NEG37_BLOCK_MAP_RUNS_BEYOND_PICTURE", "A block map whose closed runs cover more blocks than the picture has",
        "The closed runs of a block map shall cover fewer than NumBlocks blocks, leaving at least one for the open last run (5.6).",
        BaseCodec.AVC, error("nbm_num_runs_minus1"), true, c -> {
          Map<Integer, List<Placed>> m = messages(c, null, false);
          m.get(1).add(0, new Placed(new NnpfBlockMap(Carrier.ID, new BlockMap(4, List.of(
              Optional.of(new BlockMap.Runs(true, new int[] {5000})), Optional.empty(), Optional.empty()))), Container.SEI));
          return new Built(c.stream(m, Map.of()), Optional.empty());
        }));
    l.add(new Case("NEG38_REFINEMENT_BEYOND_THE_HYPOTHESES", "A refinement set weighing 4 hypotheses of a network that outputs 3",
        "nnpfrs_num_hypotheses shall not exceed the network's hypotheses, num_hypotheses of its model file (5.5).",
        BaseCodec.HEVC, error("nnpfrs_num_hypotheses"), false, c -> {
          Map<Integer, List<Placed>> m = messages(c, null, false);
          m.get(0).set(0, new Placed(hypothesesParameterSet(c, ModelFile.toBytes(ConformanceModels.hypotheses())),
              Container.SEI));
          m.get(0).add(1, new Placed(new NnpfRefinementSet(Carrier.ID, new Refinement(4, List.of(
              ComponentRefinement.refined(4, 6, FirShape.NONE, false, new int[0], new int[][] {{16, 16, 16, 16}}),
              ComponentRefinement.network(), ComponentRefinement.network()))), Container.SEI));
          return new Built(c.stream(m, Map.of()), Optional.empty());
        }));
    l.add(new Case("NEG39_MODEL_VERSION_2_OF_ONE_HYPOTHESIS",
        "An in-band model file of format version 2 with num_hypotheses 1 (a second byte string for a version-1 model)",
        "num_hypotheses is 2..16: a model of one hypothesis is written in format version 1 only, so that its bytes, "
            + "and its hash, are unique (docs/model-format.md 2).",
        BaseCodec.HEVC, error("num_hypotheses"), false, c -> {
          byte[] file = ModelFile.toBytes(ConformanceModels.hypotheses());
          file[9] = 1;  // num_hypotheses; the last layer still outputs 18 channels
          java.util.zip.CRC32 crc = new java.util.zip.CRC32();
          crc.update(file, 0, file.length - 4);
          java.nio.ByteBuffer.wrap(file).putInt(file.length - 4, (int) crc.getValue());
          Map<Integer, List<Placed>> m = messages(c, null, false);
          m.get(0).set(0, new Placed(hypothesesParameterSet(c, file), Container.SEI));
          return new Built(c.stream(m, Map.of()), Optional.empty());
        }));
    l.add(acSyntax("NEG40_AC_NUM_BYTES_PAST_THE_MESSAGE",
        "An arithmetic-coded multiplier tensor (version 1.2) whose td_ac_num_bytes is 1000, more than the bytes left",
        "td_ac_num_bytes shall not exceed the bytes left in the message after the alignment; it is checked before "
            + "the bytes are read or anything is allocated (5.2, 7).",
        Map.of("td_ac_num_bytes (multiplier[0])", 1000L), "td_ac_num_bytes (multiplier[0])"));
    l.add(new Case("NEG41_AC_ALIGNMENT_BIT_ONE",
        "An arithmetic-coded multiplier tensor (version 1.2) with a td_ac_alignment_zero_bit equal to 1",
        "td_ac_alignment_zero_bit shall be 0 (4.2, 5.2).",
        BaseCodec.HEVC, error("td_ac_alignment_zero_bit (multiplier[" + alignedLayer() + "])"), true, c -> {
          byte[] ps = new SyntaxWriter().set("td_ac_alignment_zero_bit (multiplier[" + alignedLayer() + "])", 1)
              .write(arithmeticParameterSet(c));
          return withRaw(c, 0, RawUnits.sei(c.nal(), c.temporalId(0), ps), true);
        }));
    l.add(new Case("NEG42_AC_MULTIPLIER_OUT_OF_RANGE",
        "An arithmetic-coded multiplier with td_log2_step 16 and td_value 1: Pred + 65536 is beyond 16 bits",
        "With td_coding_idc 2 the element Pred + (td_value << td_log2_step) shall lie in the range of the tensor's "
            + "quantizer (int16 for multipliers), checked by the decoder when it applies the parameter set (5.2, 6.1).",
        BaseCodec.HEVC, error("td_value[0] (multiplier[0])"), true, c -> withLayer0(c, arithmeticParameterSet(c),
            x -> x.withMultipliers(org.nnpf.bitstream.nnpf.TensorData.arithmetic(16, unit(x.outChannels(), 1))))));
    l.add(acSyntax("NEG43_AC_IN_VERSION_1_0",
        "A parameter set with arithmetic-coded multipliers (td_coding_idc 2) written with nnpf_version_minor 0",
        "td_coding_idc 2 is defined from version 1.2 on; in a version 1.0 message it is a reserved value, an error "
            + "(8; a version 1.1 message would be ignored).",
        Map.of("nnpf_version_minor", 0L), "td_coding_idc (multiplier[0])"));
    l.add(new Case("NEG44_BIAS_OUT_OF_RANGE",
        "A bias update (version 1.3) with td_coding_idc 2, td_log2_step 30 and td_value 4: Pred + 2^32 does not fit "
            + "the layer's accumulator",
        "A signalled bias (Pred + difference) shall fit the layer's accumulator precision P bits; it is not clipped, "
            + "and the decoder checks it when it applies the parameter set (5.2, 6.1).",
        BaseCodec.HEVC, error("td_value[0] (bias[0])"), true, c -> withLayer0(c, c.parameterSet(false),
            x -> x.withBiasUpdate(org.nnpf.bitstream.nnpf.TensorData.arithmetic(30, unit(x.outChannels(), 4))))));
    l.add(new Case("NEG45_BIAS_UPDATE_IN_VERSION_1_2",
        "A parameter set with a bias update written with nnpf_version_minor 2",
        "Bias updates have a decoding process from version 1.3 on; in a message of an earlier minor version "
            + "layer_bias_update_flag shall be 0 when the parameter set is applied (5.2, 6.1).",
        BaseCodec.HEVC, error("layer_bias_update_flag[0]"), true, c -> {
          NnpfParameterSet ps = layer0(c.parameterSet(false), x -> x.withBiasUpdate(
              org.nnpf.bitstream.nnpf.TensorData.deltaToBase(unit(x.outChannels(), 1), new int[x.outChannels()])));
          byte[] bytes = new SyntaxWriter().set("nnpf_version_minor", 2).write(ps);
          return withRaw(c, 0, RawUnits.sei(c.nal(), c.temporalId(0), bytes), true);
        }));
    return List.copyOf(l);
  }

  /** {@code n} values, the first {@code v} and the others 0. */
  private static int[] unit(int n, int v) {
    int[] r = new int[n];
    r[0] = v;
    return r;
  }

  /** {@code ps} with its layer 0 replaced by {@code f} of it. */
  private static NnpfParameterSet layer0(NnpfParameterSet ps,
      java.util.function.UnaryOperator<org.nnpf.bitstream.nnpf.Layer> f) {
    List<org.nnpf.bitstream.nnpf.Layer> layers = new ArrayList<>(ps.layers());
    layers.set(0, f.apply(layers.get(0)));
    return ps.toBuilder().layers(layers).build();
  }

  /** The carrier's stream with {@link #layer0} of {@code ps} as the parameter set of access unit 0 (SEI). */
  private static Built withLayer0(Carrier c, NnpfParameterSet ps,
      java.util.function.UnaryOperator<org.nnpf.bitstream.nnpf.Layer> f) {
    Map<Integer, List<Placed>> m = messages(c, null, false);
    m.get(0).set(0, new Placed(layer0(ps, f), Container.SEI));
    return new Built(c.stream(m, Map.of()), Optional.empty());
  }

  /**
   * The carrier's parameter set (by hash) with every layer's multipliers as the same differences in the
   * arithmetic code, step 0 (version 1.2).
   */
  static NnpfParameterSet arithmeticParameterSet(Carrier c) {
    NnpfParameterSet ps = c.parameterSet(false);
    List<org.nnpf.bitstream.nnpf.Layer> layers = new ArrayList<>();
    for (org.nnpf.bitstream.nnpf.Layer l : ps.layers()) {
      layers.add(l.multipliers().isPresent()
          ? l.withMultipliers(org.nnpf.bitstream.nnpf.TensorData.arithmetic(0, l.multipliers().get().values())) : l);
    }
    return ps.toBuilder().layers(layers).build();
  }

  /**
   * The layer of the carrier's arithmetic-coded parameter set whose multiplier tensor gets the alignment bit
   * 1: layer 0 has alignment bits before its bytes (the SyntaxWriter refuses the override otherwise, so
   * regeneration would fail if the carrier changed).
   */
  static int alignedLayer() {
    return 0;
  }

  /** As {@link #syntax(String, String, String, Map, String)} on {@link #arithmeticParameterSet}. */
  private static Case acSyntax(String name, String title, String why, Map<String, Long> values, String message) {
    return new Case(name, title, why, BaseCodec.HEVC, error(message), true, c -> {
      SyntaxWriter w = new SyntaxWriter();
      values.forEach(w::set);
      byte[] ps = w.write(arithmeticParameterSet(c));
      return withRaw(c, 0, RawUnits.sei(c.nal(), c.temporalId(0), ps), true);
    });
  }

  /** A refinement set for {@code id}: luma weighs {@code numHyp} hypotheses (the first with {@code weight} at S = 6), chroma unfiltered. */
  static NnpfRefinementSet refinementSet(int id, int numHyp, int weight) {
    int[] w = new int[numHyp + FirShape.DIAMOND5.taps()];
    if (numHyp > 0) {
      w[0] = weight;
    }
    w[numHyp] = 3;
    return new NnpfRefinementSet(id, new Refinement(numHyp, List.of(
        ComponentRefinement.refined(numHyp, 6, FirShape.DIAMOND5, false, new int[0], new int[][] {w}),
        ComponentRefinement.unfiltered(), ComponentRefinement.unfiltered())));
  }

  /** {@code message} with {@code nnpf_version_minor} 0. */
  private static byte[] version10(byte[] message) {
    byte[] b = message.clone();
    b[2] = 0;
    return b;
  }

  /** A version 1.1 refinement set whose only weight (luma, one hypothesis, no FIR) is 40000, written bit by bit. */
  private static byte[] refinementWithWeight40000() {
    BitWriter w = new BitWriter();
    w.u(8, NnpfMessage.TYPE_REFINEMENT_SET).u(8, 1).u(8, 1);
    w.u(8, Carrier.ID).ue(1).flag(false).u(2, 2).ue(6).ue(0).flag(false).ue(0).sek(0, 40000);
    w.zeroAlignment();
    return w.toByteArray();
  }

  /**
   * A case made by one syntax element of the carrier's parameter set set to {@code value}; the
   * error must name the element.
   */
  private static Case syntax(String name, String title, String why, String element, long value) {
    return syntax(name, title, why, element, value, element);
  }

  /** As {@link #syntax(String, String, String, String, long)}, the error message containing {@code message}. */
  private static Case syntax(String name, String title, String why, String element, long value, String message) {
    return syntax(name, title, why, Map.of(element, value), message);
  }

  /** A case made by setting elements of the carrier's parameter set; the error message contains {@code message}. */
  private static Case syntax(String name, String title, String why, Map<String, Long> values, String message) {
    return new Case(name, title, why, BaseCodec.HEVC, error(message), true, c -> {
      SyntaxWriter w = new SyntaxWriter();
      values.forEach(w::set);
      byte[] ps = w.write(c.parameterSet(false));
      return withRaw(c, 0, RawUnits.sei(c.nal(), c.temporalId(0), ps), true);
    });
  }

  private static Case message(String name, String title, String why, Expected expected, byte[] message) {
    return new Case(name, title, why, BaseCodec.HEVC, expected, true,
        c -> withRaw(c, 0, RawUnits.sei(c.nal(), c.temporalId(0), message), false));
  }

  /**
   * The valid messages of the carrier: parameter set (by hash) and persistent activation in access
   * unit 0, the MD5 hash of the filtered picture in every access unit. {@code q} null: the carrier's
   * default quantization.
   */
  static Map<Integer, List<Placed>> messages(Carrier c, QuantizationParams q, boolean psInAps) {
    QuantizationParams params = q != null ? q : c.params(ConformanceSuite.int16(c.model()));
    NnpfParameterSet ps = c.parameterSet(params);
    Map<Integer, List<Placed>> m = new TreeMap<>();
    for (int au = 0; au < c.accessUnits(); au++) {
      List<Placed> list = new ArrayList<>();
      if (au == 0) {
        list.add(new Placed(ps, psInAps ? Container.APS : Container.SEI));
        list.add(new Placed(NnpfActivation.activate(Carrier.ID, true), Container.SEI));
      }
      list.add(new Placed(Carrier.md5(c.filtered(au, params)), Container.SEI));
      m.put(au, list);
    }
    return m;
  }

  /**
   * A parameter set of the three-hypothesis conformance model for the carrier, with {@code modelFile}
   * (that model's bytes, or altered ones) in band under its own SHA-256.
   */
  static NnpfParameterSet hypothesesParameterSet(Carrier c, byte[] modelFile) {
    Model hyp = ConformanceModels.hypotheses();
    FilterSpec f = FilterSpec.of("hypotheses", hyp, ConformanceSuite.int16(hyp), Carrier.ID).auxDefault(Carrier.QP);
    ActivationStatistics stats = new ActivationStatistics(hyp);
    new FloatInference(hyp).run(c.decoded(0), Carrier.QP, stats);
    return StreamGenerator.parameterSet(f, f.recipe().design(hyp, stats), 8)
        .toBuilder().model(ModelReference.inBand(ModelHashType.SHA256, modelFile)).build();
  }

  /** The valid stream. */
  static byte[] valid(Carrier c, boolean psInAps) {
    return c.stream(messages(c, null, psInAps), Map.of());
  }

  /**
   * The valid stream without its parameter set and activation ({@code replaceFilter}) or complete,
   * plus {@code unit} in access unit {@code au}; when the filter is replaced, the unit comes with a
   * persistent activation of {@link Carrier#ID}.
   */
  private static Built withRaw(Carrier c, int au, RawUnits.Unit unit, boolean replaceFilter) {
    Map<Integer, List<Placed>> m = messages(c, null, false);
    if (replaceFilter) {
      m.get(0).removeIf(p -> p.message() instanceof NnpfParameterSet);
    }
    return new Built(c.stream(m, Map.of(au, List.of(unit))), Optional.empty());
  }

  /** The first NAL unit of {@code stream} that is an NNPF SEI NAL unit. */
  private static NalUnit firstNnpfSei(Carrier c, byte[] stream) {
    for (NalUnit u : NalUnitStream.split(stream, c.nal())) {
      if (c.nal().isSei(u.type()) && NnpfNalUnits.parse(u).isPresent()) {
        return u;
      }
    }
    throw new IllegalStateException("no NNPF SEI NAL unit");
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  /**
   * Builds case {@code c} and writes it into {@code dir}: the stream, its description (with the
   * expected result in the header), the MD5 of its output when it decodes, and the model files.
   */
  public static Written write(Path dir, Case c, Map<BaseCodec, Carrier> carriers, String software) {
    Carrier carrier = carriers.computeIfAbsent(c.codec(), Carrier::of);
    Built b = c.build().apply(carrier);
    SuiteFiles.writeAtomically(SuiteFiles.bitstream(dir, c.name()), b.stream());
    SuiteFiles.writeAtomically(dir.resolve(SuiteFiles.MODELS).resolve(SuiteFiles.modelFileName(carrier.model())),
        ModelFile.toBytes(carrier.model()));
    b.outputs().ifPresent(o -> SuiteFiles.writeText(SuiteFiles.md5File(dir, c.name()),
        YuvMd5.of(o) + "  " + c.name() + ".yuv\n"));
    SuiteFiles.writeText(SuiteFiles.textFile(dir, c.name()), describe(c, b, carrier, software));
    return new Written(SuiteFiles.bitstream(dir, c.name()), b.stream().length);
  }

  static String describe(Case c, Built b, Carrier carrier, String software) {
    String model = "--model conformance/negative/" + SuiteFiles.MODELS + "/" + SuiteFiles.modelFileName(carrier.model());
    String decode = "bin/decoder -b conformance/negative/" + c.name() + ".bit" + (c.modelsGiven() ? " " + model : "");
    StringBuilder t = new StringBuilder();
    t.append("Name: ").append(c.name()).append('\n');
    t.append("Title: ").append(c.title()).append('\n');
    t.append("Base codec: ").append(c.codec()).append('\n');
    t.append("Expected result: ").append(c.expected().kind().label()).append('\n');
    if (c.expected().kind() != Kind.ACCUMULATOR_VIOLATION) {
      t.append("Expected message: ").append(c.expected().message()).append('\n');
    }
    t.append("Models given to the decoder: ").append(c.modelsGiven() ? "yes" : "no").append('\n');
    switch (c.expected().kind()) {
      case ERROR:
      case HASH_MISMATCH:
        t.append("Exit status: 1 (").append(decode).append(")\n");
        break;
      default:
        t.append("Exit status: 0 (").append(decode).append("), 1 (").append(decode).append(" --check-accumulators)\n");
        b.outputs().ifPresent(o -> t.append("Decoded YUV MD5: ").append(YuvMd5.of(o)).append('\n'));
        break;
    }
    t.append("Stream bytes: ").append(b.stream().length).append('\n');
    t.append("Regenerate with: bin/conformance --regenerate --only ").append(c.name()).append('\n');
    t.append("Software: ").append(software).append('\n');
    t.append('\n').append(c.title()).append(".\n\n").append(c.why()).append('\n');
    t.append("\nCarrier: ").append(c.codec()).append(" ").append(Carrier.WIDTH).append('x').append(Carrier.HEIGHT)
        .append(" 8-bit, 3 pictures, low delay, QP ").append(Carrier.QP)
        .append("; filter: parameter set ").append(Carrier.ID).append(" for model ").append(carrier.model().name())
        .append(" (by hash), persistent activation in access unit 0, MD5 picture hashes.\n");
    return t.toString();
  }
}
