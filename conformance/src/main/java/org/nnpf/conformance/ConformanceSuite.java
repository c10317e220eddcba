package org.nnpf.conformance;

import org.nnpf.common.nn.refine.BlockMap;
import org.nnpf.common.nn.refine.ComponentRefinement;
import org.nnpf.common.nn.refine.FirShape;
import org.nnpf.common.nn.refine.Refinement;
import org.nnpf.common.nn.refine.RefinementProcess;

import static org.nnpf.conformance.ScheduledMessage.cancel;
import static org.nnpf.conformance.ScheduledMessage.inSuffixSei;
import static org.nnpf.conformance.ScheduledMessage.persistent;
import static org.nnpf.conformance.ScheduledMessage.ps;
import static org.nnpf.conformance.ScheduledMessage.psInAps;
import static org.nnpf.conformance.ScheduledMessage.single;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.nnpf.bitstream.carriage.Container;
import org.nnpf.bitstream.nnpf.ModelHashType;
import org.nnpf.bitstream.nnpf.NnpfActivation;
import org.nnpf.bitstream.nnpf.NnpfMessageWriter;
import org.nnpf.bitstream.nnpf.PaddingType;
import org.nnpf.bitstream.nnpf.PictureHashType;
import org.nnpf.common.codec.BaseCodec;
import org.nnpf.common.codec.CodingStructure;
import org.nnpf.common.nn.Model;
import org.nnpf.conformance.FilterSpec.QpSetStyle;
import org.nnpf.conformance.QuantizationRecipe.LayerRecipe;

/**
 * The conformance suite: the definition of every stream ({@link #streams()}). Together they
 * exercise every syntax element of docs/bitstream-syntax.md that the reference decoder supports
 * and every path of the integer decoding process of docs/integer-inference.md; docs/conformance.md
 * lists them with their features.
 */
public final class ConformanceSuite {
  private ConformanceSuite() {}

  /** 16-bit activations and weights, 32-bit accumulators: the common case. */
  static QuantizationRecipe int16(Model m) {
    return QuantizationRecipe.uniform(m.layerCount(), 16, 16, 32);
  }

  /** 8-bit activations and weights, 16-bit accumulators everywhere. */
  static QuantizationRecipe int8(Model m) {
    return QuantizationRecipe.uniform(m.layerCount(), 8, 8, 16);
  }

  /**
   * For the four-layer activations model: 8-bit input; layer 0 8-bit weights, 16-bit output, P 16;
   * layer 1 16-bit weights, 8-bit output, P 24; layer 2 8-bit weights, 16-bit output, P 16; layer 3
   * 16-bit weights and output, P 32.
   */
  static QuantizationRecipe mixedPrecisions() {
    return new QuantizationRecipe(8, List.of(
        LayerRecipe.of(8, 16, 16),
        LayerRecipe.of(16, 8, 24),
        LayerRecipe.of(8, 16, 16),
        LayerRecipe.of(16, 16, 32)), 1.25, 0);
  }

  /** 16-bit activations, 8-bit weights, 24-bit accumulators where the input is 8 bits. */
  static QuantizationRecipe int16WithAcc24(Model m) {
    return QuantizationRecipe.uniform(m.layerCount(), 16, 8, 24);
  }

  /**
   * For {@link ConformanceModels#biasClip()}: 16-bit input, weights and outputs; layer 0 with a
   * 24-bit accumulator (its two constant channels' biases exceed it), layers 1 and 2 with 32 bits.
   */
  static QuantizationRecipe biasClipping() {
    return new QuantizationRecipe(16, List.of(
        LayerRecipe.of(16, 16, 24),
        LayerRecipe.of(16, 16, 32),
        LayerRecipe.of(16, 16, 32)), 1.25, 0);
  }

  /** Every stream of the suite, in order. */
  public static List<StreamSpec> streams() {
    Model leaky = ConformanceModels.leaky();
    Model clip = ConformanceModels.biasClip();
    Model hyp = ConformanceModels.hypotheses();
    Model acts = ConformanceModels.activations();
    Model direct = ConformanceModels.direct();
    Model hashed = ConformanceModels.byHash();
    return List.of(
        StreamSpec.builder("NNPF01_HEVC_SEI_8BIT")
            .title("Baseline: HEVC 8-bit, every message in SEI, one persistent activation")
            .feature("HEVC base (libx265), random access: decoding order differs from output order")
            .feature("SEI carriage (user_data_unregistered with the NNPF UUID) of parameter set, activation, hashes")
            .feature("model in-band (nnpfps_model_idc 1, SHA-256)")
            .feature("persistent activation from the first access unit to the end")
            .feature("16-bit activations and weights, 32-bit accumulators, LeakyReLU, QP plane from nnpfps_aux_default_value")
            .feature("MD5 picture hashes")
            .codec(BaseCodec.HEVC).size(176, 144).bitDepth(8).pictures(4).structure(CodingStructure.RANDOM_ACCESS).qp(37)
            .contentSeed(101)
            .filter(FilterSpec.of("F", leaky, int16(leaky), 0).auxDefault(37))
            .at(0, ps("F"), persistent(0))
            .hashType(PictureHashType.MD5)
            .build(),
        StreamSpec.builder("NNPF02_HEVC_APS_10BIT")
            .title("HEVC 10-bit, parameter set in an APS, every activation type")
            .feature("HEVC base, 10-bit 4:2:0, low delay; x265's own MD5 decoded-picture-hash SEI in the base stream")
            .feature("APS carriage: NNPF APS NAL unit type 51 (default), activation and hashes in SEI")
            .feature("ReLU, LeakyReLU(1/4), PReLU (per-channel slopes) and no activation, one per layer")
            .feature("nnpfa_aux_value present (32) in a persistent activation")
            .feature("CRC picture hashes")
            .codec(BaseCodec.HEVC).size(176, 144).bitDepth(10).pictures(4).structure(CodingStructure.LOW_DELAY_B).qp(32)
            .contentSeed(102).baseHash(1)
            .filter(FilterSpec.of("A", acts, int16(acts), 5))
            .at(0, psInAps("A"), persistent(5, 32))
            .hashType(PictureHashType.CRC)
            .build(),
        StreamSpec.builder("NNPF03_AVC_SEI_8BIT")
            .title("AVC 8-bit, every message in SEI")
            .feature("AVC base (libx264), random access, x264's own user-data SEI in the first access unit")
            .feature("SEI carriage in AVC SEI NAL units (type 6, nal_ref_idc 0)")
            .feature("persistent activation, aux value from nnpfps_aux_default_value (37)")
            .feature("checksum picture hashes")
            .codec(BaseCodec.AVC).size(176, 144).bitDepth(8).pictures(4).structure(CodingStructure.RANDOM_ACCESS).qp(37)
            .contentSeed(103)
            .filter(FilterSpec.of("F", leaky, int16(leaky), 1).auxDefault(37))
            .at(0, ps("F"), persistent(1))
            .hashType(PictureHashType.CHECKSUM)
            .build(),
        StreamSpec.builder("NNPF04_AVC_APS_10BIT")
            .title("AVC 10-bit, parameter set in an APS after the slices, single-picture activations")
            .feature("AVC base, 10-bit, low delay")
            .feature("APS carriage in AVC: NAL unit type 30 (nal_ref_idc 3) after the last VCL NAL unit")
            .feature("single-picture activations (nnpfa_persistence_flag 0) in every access unit, each with its own nnpfa_aux_value")
            .feature("16-bit activations, 8-bit weights, 24-bit accumulators")
            .feature("MD5 picture hashes")
            .codec(BaseCodec.AVC).size(176, 144).bitDepth(10).pictures(4).structure(CodingStructure.LOW_DELAY_B).qp(32)
            .contentSeed(104)
            .filter(FilterSpec.of("A", acts, int16WithAcc24(acts), 2))
            .at(0, psInAps("A"), single(2, 30))
            .at(1, single(2, 32))
            .at(2, single(2, 34))
            .at(3, single(2, 51))
            .hashType(PictureHashType.MD5)
            .build(),
        StreamSpec.builder("NNPF05_HEVC_ODD_SIZE")
            .title("HEVC 146x82 (odd tensor size 73x41), direct-output model without QP plane")
            .feature("picture size not a multiple of 8 or 16: 146x82, polyphase tensor 73x41 (odd in both directions)")
            .feature("all intra")
            .feature("model without QP plane (nnpfps_aux_inp_idc 0), DIRECT output, 1x1 and 5x5 kernels, a layer without bias, a layer without multipliers")
            .feature("signalled patch 20x12 with overlap 6 and replication padding (informative: 73x41 is not a multiple of it)")
            .feature("CRC picture hashes")
            .codec(BaseCodec.HEVC).size(146, 82).bitDepth(8).pictures(3).structure(CodingStructure.ALL_INTRA).qp(37)
            .contentSeed(105)
            .filter(FilterSpec.of("D", direct, int16(direct), 7).patch(20, 12, 6).padding(PaddingType.REPLICATION))
            .at(0, ps("D"), persistent(7))
            .hashType(PictureHashType.CRC)
            .build(),
        StreamSpec.builder("NNPF06_AVC_ODD_SIZE_10BIT")
            .title("AVC 10-bit 98x66 (tensor 49x33), fixed padding, no complexity information")
            .feature("picture size 98x66, polyphase tensor 49x33")
            .feature("AVC base, 10-bit, low delay")
            .feature("signalled patch 7x5, overlap 2, fixed padding values (nnpfps_padding_type 4), no complexity information")
            .feature("checksum picture hashes")
            .codec(BaseCodec.AVC).size(98, 66).bitDepth(10).pictures(3).structure(CodingStructure.LOW_DELAY_B).qp(30)
            .contentSeed(106)
            .filter(FilterSpec.of("F", leaky, int16(leaky), 0).patch(7, 5, 2).padding(PaddingType.FIXED)
                .noComplexityInfo().auxDefault(30))
            .at(0, ps("F"), persistent(0))
            .hashType(PictureHashType.CHECKSUM)
            .build(),
        StreamSpec.builder("NNPF07_PS_UPDATE")
            .title("A parameter set replaced in mid-stream while its activation persists")
            .feature("parameter set 3 sent in access unit 0 and activated persistently")
            .feature("parameter set 3 replaced in access unit 3 (explicit, overfitted-style multipliers, other bit allocation): it applies from access unit 3 on")
            .feature("parameter set 9 (another model) sent in an APS and never activated")
            .feature("MD5 picture hashes")
            .codec(BaseCodec.HEVC).size(176, 144).bitDepth(8).pictures(6).structure(CodingStructure.LOW_DELAY_B).qp(37)
            .contentSeed(107)
            .filter(FilterSpec.of("first", leaky, int16(leaky), 3).auxDefault(37))
            .filter(FilterSpec.of("update", leaky, new QuantizationRecipe(16, List.of(
                LayerRecipe.of(16, 8, 32), LayerRecipe.of(8, 16, 24), LayerRecipe.of(16, 16, 32)), 1.5, 0)
                .withMultiplierOffset(300), 3).auxDefault(37))
            .filter(FilterSpec.of("unused", acts, int16(acts), 9))
            .at(0, ps("first"), psInAps("unused"), persistent(3))
            .at(3, ps("update"))
            .hashType(PictureHashType.MD5)
            .build(),
        StreamSpec.builder("NNPF08_ACTIVATION_MODES")
            .title("Persistent, single-picture and cancelled activations in random access decoding order")
            .feature("random access: activations follow decoding order, not output order")
            .feature("AU 0: two parameter sets, no activation (picture not filtered)")
            .feature("AU 1: single-picture activation of 1; AU 2: persistent activation of 2; AU 3: cancel of 1 (not the persistent one: no effect); the activation of 2 persists")
            .feature("AU 4: single-picture activation of 1 while 2 persists; AU 5: cancel of 2 (picture not filtered)")
            .feature("MD5 picture hashes")
            .codec(BaseCodec.HEVC).size(176, 144).bitDepth(8).pictures(6).structure(CodingStructure.RANDOM_ACCESS).qp(37)
            .contentSeed(108)
            .filter(FilterSpec.of("P", leaky, int16(leaky), 1).auxDefault(37))
            .filter(FilterSpec.of("Q", acts, int16(acts), 2).auxDefault(37))
            .at(0, ps("P"), ps("Q"))
            .at(1, single(1))
            .at(2, persistent(2))
            .at(3, cancel(1))
            .at(4, single(1, 40))
            .at(5, cancel(2))
            .hashType(PictureHashType.MD5)
            .build(),
        StreamSpec.builder("NNPF09_NO_FILTER")
            .title("A parameter set that is never activated; pictures without hashes")
            .feature("AVC base, random access")
            .feature("parameter set sent, no activation: every output picture is the decoded picture")
            .feature("picture hashes (CRC) of the unfiltered pictures in access units 0 and 2 only")
            .codec(BaseCodec.AVC).size(176, 144).bitDepth(8).pictures(4).structure(CodingStructure.RANDOM_ACCESS).qp(37)
            .contentSeed(109)
            .filter(FilterSpec.of("F", leaky, int16(leaky), 4))
            .at(0, ps("F"))
            .noHashAt(1, 3)
            .hashType(PictureHashType.CRC)
            .build(),
        StreamSpec.builder("NNPF10_INT8_ACC16")
            .title("8-bit activations and weights with 16-bit accumulators")
            .feature("8-bit input, weights and outputs in every layer (qps_bit_width_idc 0)")
            .feature("16-bit accumulators (qps_accumulator_precision_idc 0) in every layer; weight shifts chosen so that no input can overflow them")
            .feature("explicit QP-set assignment: nnpfps_qp_set_assignment_idc 2 with layer_qp_set_idx in 2 bits (the generator merges identical sets; the three layers' sets differ here)")
            .feature("no multipliers signalled (layer_multiplier_present_flag 0): the decoder takes the model's, quantized with the signalled MULTIPLIER quantizer")
            .feature("checksum picture hashes")
            .codec(BaseCodec.HEVC).size(176, 144).bitDepth(8).pictures(4).structure(CodingStructure.LOW_DELAY_B).qp(37)
            .contentSeed(110)
            .filter(FilterSpec.of("F", leaky, int8(leaky), 0).auxDefault(37).qpSets(QpSetStyle.EXPLICIT_SHARED)
                .withMultipliersFromModel())
            .at(0, ps("F"), persistent(0))
            .hashType(PictureHashType.CHECKSUM)
            .build(),
        StreamSpec.builder("NNPF11_ACC_MIX")
            .title("Each accumulator precision and mixed 8/16-bit allocations in one network")
            .feature("HEVC 10-bit, random access")
            .feature("layer accumulators 16, 24, 16, 32 bits; 8-bit input; weights 8/16/8/16 bits; outputs 16/8/16/16 bits")
            .feature("QP-set overrides: each layer's OUTPUT quantizer from a shared output-only QP set (layer_num_qp_overrides, layer_override_role, layer_override_qp_set_idx)")
            .feature("MD5 picture hashes")
            .codec(BaseCodec.HEVC).size(176, 144).bitDepth(10).pictures(4).structure(CodingStructure.RANDOM_ACCESS).qp(32)
            .contentSeed(111)
            .filter(FilterSpec.of("A", acts, mixedPrecisions(), 11).auxDefault(32).qpSets(QpSetStyle.OUTPUT_OVERRIDES))
            .at(0, ps("A"), persistent(11))
            .hashType(PictureHashType.MD5)
            .build(),
        StreamSpec.builder("NNPF12_MODEL_BY_HASH")
            .title("Model referenced by its hash only (decode with --model)")
            .feature("nnpfps_model_idc 0: the decoder must hold model " + hashed.name()
                + " (models/" + SuiteFiles.modelFileName(hashed) + ", give it with --model)")
            .feature("parameter set 200 names it by SHA-256 (AU 0), parameter set 201 by MD5 (nnpfps_model_hash_type 2, AU 2, persistent from there)")
            .feature("explicit (overfitted-style) multipliers coded absolute (td_coding_idc 0)")
            .feature("APS carriage with NAL unit type 55 (not the default), no complexity information")
            .feature("CRC picture hashes")
            .codec(BaseCodec.HEVC).size(176, 144).bitDepth(10).pictures(4).structure(CodingStructure.LOW_DELAY_B).qp(32)
            .contentSeed(112).apsNalType(55)
            .filter(FilterSpec.of("H", hashed, int16(hashed).withMultiplierOffset(500), 200).byHash()
                .withAbsoluteMultipliers().noComplexityInfo().auxDefault(32))
            .filter(FilterSpec.of("M", hashed, int16(hashed), 201).byHash().modelHash(ModelHashType.MD5).auxDefault(32))
            .at(0, psInAps("H"), persistent(200))
            .at(2, psInAps("M"), persistent(201))
            .hashType(PictureHashType.CRC)
            .build(),
        StreamSpec.builder("NNPF13_MIXED_CARRIAGE")
            .title("SEI and APS containers mixed, activations in APS")
            .feature("AVC base, low delay")
            .feature("parameter set 0 in SEI (AU 0), parameter set 1 in an APS (AU 2), its in-band model identified by the first 16 bytes of its SHA-256 (nnpfps_model_hash_type 1)")
            .feature("activations carried in APS units (allowed: an APS carries any one message)")
            .feature("AU 0 persistent 0; AU 2 persistent 1 (replaces 0); AU 3 single-picture 0; AU 4 cancel 1 (not filtered)")
            .feature("MD5 picture hashes")
            .codec(BaseCodec.AVC).size(176, 144).bitDepth(8).pictures(5).structure(CodingStructure.LOW_DELAY_B).qp(35)
            .contentSeed(113)
            .filter(FilterSpec.of("F", leaky, int16(leaky), 0).auxDefault(35))
            .filter(FilterSpec.of("D", direct, int16(direct), 1).modelHash(ModelHashType.SHA256_128))
            .at(0, ps("F"), persistent(0))
            .at(2, psInAps("D"), new ScheduledMessage.Activate(1, true, OptionalInt.empty(), Container.APS))
            .at(3, new ScheduledMessage.Activate(0, false, OptionalInt.of(20), Container.APS))
            .at(4, cancel(1))
            .hashType(PictureHashType.MD5)
            .build(),
        StreamSpec.builder("NNPF14_FUTURE_VERSION")
            .title("Messages of a later minor version (1.1): extension bytes skipped, reserved values ignored")
            .feature("AU 1: a message of reserved type 3, version 1.1 (ignored)")
            .feature("AU 2: a picture hash of reserved type 9, version 1.1 (ignored; the access unit's version 1.0 hash is checked)")
            .feature("AU 2: cancel of 0, version 1.1, with 3 extension bytes (applied): picture not filtered")
            .feature("AU 3: single-picture activation of 0, version 1.1, with 2 extension bytes, in an SEI NAL unit that also holds a non-NNPF user_data_unregistered message")
            .feature("CRC picture hashes")
            .codec(BaseCodec.HEVC).size(176, 144).bitDepth(8).pictures(4).structure(CodingStructure.LOW_DELAY_B).qp(37)
            .contentSeed(114)
            .filter(FilterSpec.of("F", leaky, int16(leaky), 0).auxDefault(37))
            .at(0, ps("F"), persistent(0))
            .at(1, new ScheduledMessage.Raw(new byte[] {3, 1, 1, 0x42, 0x43}, Optional.empty(),
                "nnpf_message_type 3 (reserved), version 1.1", Container.SEI))
            .at(2, new ScheduledMessage.Raw(futureVersion(new byte[] {2, 1, 0, 9, (byte) 0x80, 1, 2, 3, 4}, 0),
                    Optional.empty(), "picture hash of reserved ph_hash_type 9, version 1.1", Container.SEI),
                new ScheduledMessage.Raw(futureVersion(NnpfMessageWriter.toBytes(NnpfActivation.cancel(0)), 3),
                    Optional.of(cancel(0)), "cancel of 0, version 1.1, 3 extension bytes", Container.SEI))
            .at(3, new ScheduledMessage.Raw(futureVersion(NnpfMessageWriter.toBytes(NnpfActivation.activate(0, false)), 2),
                Optional.of(single(0)), "single-picture activation of 0, version 1.1, 2 extension bytes", Container.SEI,
                true))
            .hashType(PictureHashType.CRC)
            .build(),
        StreamSpec.builder("NNPF15_REFINE_TOOLS")
            .title("Refinement stage (version 1.1): residual weights, 7x7 and 5x5 diamond FIRs, block classes")
            .feature("refinement set (nnpf_message_type 4, version 1.1) sent with its parameter set in AU 0")
            .feature("Y refined: hypothesis weight + 7x7 diamond, 15 classes mapped to 4 filters, S = 8")
            .feature("Cb refined: hypothesis weight + 5x5 diamond, one filter, S = 6; Cr: the network's output (mode 1)")
            .feature("random access: the refinement applies to every filtered picture in decoding order")
            .feature("MD5 picture hashes")
            .codec(BaseCodec.HEVC).size(176, 144).bitDepth(8).pictures(6).structure(CodingStructure.RANDOM_ACCESS).qp(37)
            .contentSeed(115)
            .filter(FilterSpec.of("F", leaky, int16(leaky), 0).auxDefault(37))
            .at(0, ps("F"), refine(0, "Y weight+7x7, 4 filters over 15 classes; Cb weight+5x5; Cr network",
                    new Refinement(1, List.of(
                        refined(1, 8, FirShape.DIAMOND7, 4, 1515),
                        refined(1, 6, FirShape.DIAMOND5, 1, 1516),
                        ComponentRefinement.network())), Container.SEI),
                persistent(0))
            .hashType(PictureHashType.MD5)
            .build(),
        StreamSpec.builder("NNPF16_REFINE_UPDATES")
            .title("Refinement updates per picture, FIR-only refinement, weight limits, odd size, AVC 10-bit")
            .feature("AVC 10-bit 98x66 (odd tensor 49x33, replicated borders of the FIR at odd picture edges), low delay")
            .feature("AU 0: FIR-only refinement (no hypothesis weighed: a decoder need not run the network): Y 7x7 at S = 7, Cb unfiltered (mode 0), Cr 5x5 with 15 classes on 15 filters")
            .feature("AU 2: a refinement update in an APS (params type 4): Y weight 1 at S = 0 (exactly the network), Cb network, Cr S = 15 with weights at the limits 32767 and -32768")
            .feature("AU 4: the parameter set sent again: the refinement is dropped (the network's output)")
            .feature("AU 5: a new refinement: Y weight + 5x5 diamond, 15 classes on 2 filters, S = 11")
            .feature("checksum picture hashes")
            .codec(BaseCodec.AVC).size(98, 66).bitDepth(10).pictures(7).structure(CodingStructure.LOW_DELAY_B).qp(30)
            .contentSeed(116)
            .filter(FilterSpec.of("F", leaky, int16(leaky), 2).auxDefault(30))
            .at(0, ps("F"), refine(2, "FIR only: Y 7x7; Cb off; Cr 5x5 on 15 classes", new Refinement(0, List.of(
                    refined(0, 7, FirShape.DIAMOND7, 1, 1601),
                    ComponentRefinement.unfiltered(),
                    refined(0, 9, FirShape.DIAMOND5, 15, 1602))), Container.SEI),
                persistent(2))
            .at(2, refine(2, "Y exactly the network, Cb network, Cr at the weight limits", new Refinement(1, List.of(
                    ComponentRefinement.refined(1, 0, FirShape.NONE, false, new int[0], new int[][] {{1}}),
                    ComponentRefinement.network(),
                    ComponentRefinement.refined(1, 15, FirShape.DIAMOND5, false, new int[0],
                        new int[][] {{32767, -32768, 2000, -1500, 0, 32767, -32768}}))), Container.APS))
            .at(4, ps("F"))
            .at(5, refine(2, "Y weight+5x5 on 2 filters", new Refinement(1, List.of(
                    refined(1, 11, FirShape.DIAMOND5, 2, 1603),
                    ComponentRefinement.network(),
                    ComponentRefinement.network())), Container.SEI))
            .hashType(PictureHashType.CHECKSUM)
            .build(),
        StreamSpec.builder("NNPF17_REFINE_ALONE")
            .title("A stand-alone refinement set (a FIR filter with no network), then a parameter set under its id")
            .feature("AU 0: refinement set 5 with no parameter set 5 (a filter on its own: no hypothesis, no component in mode 1): Y 7x7 diamond on 15 classes mapped to 3 filters, Cb 5x5, Cr unfiltered; persistent activation of 5")
            .feature("AU 3: parameter set 5 arrives: it removes the refinement set; the network's output from AU 3 on")
            .feature("AU 4: a refinement set for 5 that weighs the network (allowed now that parameter set 5 is stored)")
            .feature("HEVC 8-bit, random access, MD5 picture hashes")
            .codec(BaseCodec.HEVC).size(176, 144).bitDepth(8).pictures(6).structure(CodingStructure.RANDOM_ACCESS).qp(32)
            .contentSeed(117)
            .filter(FilterSpec.of("F", leaky, int16(leaky), 5).auxDefault(32))
            .at(0, refine(5, "stand-alone: Y 7x7 on 3 filters, Cb 5x5, Cr off", new Refinement(0, List.of(
                    refined(0, 8, FirShape.DIAMOND7, 3, 1701),
                    refined(0, 7, FirShape.DIAMOND5, 1, 1702),
                    ComponentRefinement.unfiltered())), Container.SEI),
                persistent(5))
            .at(3, ps("F"))
            .at(4, refine(5, "Y weight + 7x7, Cb and Cr network", new Refinement(1, List.of(
                    refined(1, 9, FirShape.DIAMOND7, 1, 1703),
                    ComponentRefinement.network(),
                    ComponentRefinement.network())), Container.SEI))
            .hashType(PictureHashType.MD5)
            .build(),
        StreamSpec.builder("NNPF18_BIAS_CLIPPING")
            .title("Biases beyond the accumulator precision: clipped to P bits, not to 32 bits")
            .feature("model conformance-bias-clip-C8-L3 in-band: layer 0 has two output channels without weights, with biases +"
                + (int) ConformanceModels.CLIPPED_BIAS + " and -" + (int) ConformanceModels.CLIPPED_BIAS)
            .feature("layer 0 declares a 24-bit accumulator (qps_accumulator_precision_idc 1): at its scale (q_0 + qw_0 fractional bits) both biases exceed 24 bits, so Bq = 2^23 - 1 and -2^23 (docs/integer-inference.md section 3); a decoder that clips them to 32 bits (the BIAS quantizer's width) and wraps the accumulation to 24 bits gets other constants, and other pictures")
            .feature("no accumulation leaves its declared precision: a channel without weights accumulates its clipped bias alone (the per-layer report below shows 25 bits used in layer 0 because it counts the magnitude 2^23 of the accumulation -2^23, which fits 24 bits)")
            .feature("AVC 8-bit, low delay; persistent activation; MD5 picture hashes")
            .codec(BaseCodec.AVC).size(176, 144).bitDepth(8).pictures(4).structure(CodingStructure.LOW_DELAY_B).qp(37)
            .contentSeed(118)
            .filter(FilterSpec.of("C", clip, biasClipping(), 0).auxDefault(37))
            .at(0, ps("C"), persistent(0))
            .hashType(PictureHashType.MD5)
            .build(),
        StreamSpec.builder("NNPF19_BLOCK_MAPS")
            .title("Block maps (version 1.1): blocks of a picture that keep the decoded samples")
            .feature("AU 0: parameter set, refinement set and persistent activation; block map of 16x16 luma blocks for Y only (odd and even runs, open last run)")
            .feature("AU 1: block map of 32x32 blocks for all three components (chroma blocks 16x16), first value 0")
            .feature("AU 2: block map of 64x64 blocks with a single open run of 0 for Cb (the whole component unfiltered)")
            .feature("AU 3: 256x256 blocks (one block covers the picture) for Cr; AU 4 without a map (every block filtered)")
            .feature("HEVC 8-bit 144x80 (block grids clipped at the right and bottom), low delay, CRC picture hashes")
            .codec(BaseCodec.HEVC).size(144, 80).bitDepth(8).pictures(5).structure(CodingStructure.LOW_DELAY_B).qp(34)
            .contentSeed(119)
            .filter(FilterSpec.of("F", leaky, int16(leaky), 1).auxDefault(34))
            .at(0, ps("F"), refine(1, "Y weight + 5x5, Cb and Cr network", new Refinement(1, List.of(
                    refined(1, 7, FirShape.DIAMOND5, 1, 1901), ComponentRefinement.network(), ComponentRefinement.network())),
                    Container.SEI),
                persistent(1),
                blockMap(1, "16x16, Y: 1 0 0 1 1 1 0, rest 1", BlockMap.of(4, new boolean[] {true, false, false, true, true,
                    true, false, true, true, true}, null, null)))
            .at(1, blockMap(1, "32x32, all components", BlockMap.of(5, new boolean[] {false, true, true, false, true, false, true,
                    true, true, true, true, true, true, true, true}, new boolean[] {true, false, true, true, true, true, false, true,
                    true, true, true, true, true, true, true}, new boolean[] {false, false, true, true, true, true, true, true, true,
                    true, true, true, true, true, true})))
            .at(2, blockMap(1, "64x64, Cb off everywhere", new BlockMap(6, List.of(Optional.empty(),
                    Optional.of(new BlockMap.Runs(false, new int[0])), Optional.empty()))))
            .at(3, blockMap(1, "256x256, Cr off", new BlockMap(8, List.of(Optional.empty(), Optional.empty(),
                    Optional.of(new BlockMap.Runs(false, new int[0]))))))
            .hashType(PictureHashType.CRC)
            .build(),
        StreamSpec.builder("NNPF20_AVC_MBAFF")
            .title("AVC interlaced frames (MBAFF, top field first) with the post-filter and a refinement set")
            .feature("x264 MBAFF: each access unit codes a frame of two interleaved fields; the post-filter applies to the frame (docs/bitstream-syntax.md 6.2)")
            .feature("random access, refinement set with the parameter set, persistent activation")
            .feature("MD5 picture hashes")
            .codec(BaseCodec.AVC).size(176, 144).bitDepth(8).pictures(5).structure(CodingStructure.RANDOM_ACCESS).qp(34)
            .interlaced()
            .contentSeed(120)
            .filter(FilterSpec.of("F", leaky, int16(leaky), 0).auxDefault(34))
            .at(0, ps("F"), refine(0, "Y weight + 7x7, Cb and Cr network", new Refinement(1, List.of(
                    refined(1, 8, FirShape.DIAMOND7, 1, 2001), ComponentRefinement.network(), ComponentRefinement.network())),
                    Container.SEI),
                persistent(0))
            .hashType(PictureHashType.MD5)
            .build(),
        StreamSpec.builder("NNPF21_HYPOTHESES")
            .title("A network of three residual hypotheses (model format version 2) weighed by refinement sets")
            .feature("in-band model file of format version 2: num_hypotheses 3, the last layer outputs 18 channels (3 x 6)")
            .feature("AU 0: refinement set weighing 3 hypotheses: Y 3 weights + 5x5 diamond on 15 classes mapped to 2 filters, S = 8; Cb 3 weights, S = 7; Cr the network's output (hypothesis 0, mode 1)")
            .feature("AU 2: refinement update (APS) weighing 2 of the 3 hypotheses: Y 2 weights + 7x7 diamond, S = 9; Cb unfiltered; Cr 2 weights, S = 6")
            .feature("HEVC 8-bit, low delay, MD5 picture hashes")
            .codec(BaseCodec.HEVC).size(176, 144).bitDepth(8).pictures(5).structure(CodingStructure.LOW_DELAY_B).qp(35)
            .contentSeed(121)
            .filter(FilterSpec.of("H", hyp, int16(hyp), 2).auxDefault(35))
            .at(0, ps("H"), refine(2, "Y 3 weights + 5x5 on 2 filters; Cb 3 weights; Cr network", new Refinement(3, List.of(
                    refined(3, 8, FirShape.DIAMOND5, 2, 2101),
                    refined(3, 7, FirShape.NONE, 1, 2102),
                    ComponentRefinement.network())), Container.SEI),
                persistent(2))
            .at(2, refine(2, "Y 2 weights + 7x7; Cb off; Cr 2 weights", new Refinement(2, List.of(
                    refined(2, 9, FirShape.DIAMOND7, 1, 2103),
                    ComponentRefinement.unfiltered(),
                    refined(2, 6, FirShape.NONE, 1, 2104))), Container.APS))
            .hashType(PictureHashType.MD5)
            .build(),
        StreamSpec.builder("NNPF22_SUFFIX_SEI")
            .title("NNPF messages in suffix SEI NAL units (after the last VCL NAL unit of their access unit)")
            .feature("HEVC suffix SEI NAL units (type 40) after the slices hold NNPF messages; a reader applies them exactly as prefix ones (docs/bitstream-syntax.md 3.1)")
            .feature("AU 0: the persistent activation of 0 in the prefix SEI, parameter set 0 in the suffix SEI: the activation precedes, in NAL unit order, the parameter set it names")
            .feature("AU 1: single-picture activation of 0 with nnpfa_aux_value 45 in a suffix SEI; AU 2: cancel of 0 in a suffix SEI (picture not filtered)")
            .feature("AU 3: a refinement set (version 1.1) and a persistent activation of 0 in one suffix SEI NAL unit; AU 4: no message, the activation and the refinement persist")
            .feature("picture hashes (CRC) in the prefix SEI NAL units")
            .codec(BaseCodec.HEVC).size(176, 144).bitDepth(8).pictures(5).structure(CodingStructure.LOW_DELAY_B).qp(35)
            .contentSeed(122)
            .filter(FilterSpec.of("F", leaky, int16(leaky), 0).auxDefault(35))
            .at(0, persistent(0), inSuffixSei(ps("F")))
            .at(1, inSuffixSei(single(0, 45)))
            .at(2, inSuffixSei(cancel(0)))
            .at(3, inSuffixSei(refine(0, "Y weight + 5x5, Cb weight, Cr network", new Refinement(1, List.of(
                    refined(1, 7, FirShape.DIAMOND5, 1, 2201),
                    refined(1, 6, FirShape.NONE, 1, 2202),
                    ComponentRefinement.network())), Container.SEI)),
                inSuffixSei(persistent(0)))
            .hashType(PictureHashType.CRC)
            .build(),
        StreamSpec.builder("NNPF23_ARITHMETIC_CODED_MULTIPLIERS")
            .title("Multipliers coded as differences in the arithmetic code (td_coding_idc 2, version 1.2)")
            .feature("parameter sets of nnpf_version_minor 2: every layer's multipliers as differences to the base model in the adaptive binary arithmetic code (docs/bitstream-syntax.md 6.3), differences 12 x {-2..2} per channel")
            .feature("layer 0 td_log2_step 0 (values +-12, +-24: all greater-than flags and bypass remainders 7 and 19); layer 1 step 1 (+-6, +-12); layer 2 step 2 (+-3, +-6: gt1..gt3 and the remainder 1)")
            .feature("AU 0: the parameter set (SEI) and a persistent activation; AU 2: the same filter re-sent in an APS with other differences (24 x {-2..2}; steps 0, 1, 2 again)")
            .feature("HEVC 8-bit, low delay, MD5 picture hashes")
            .codec(BaseCodec.HEVC).size(176, 144).bitDepth(8).pictures(4).structure(CodingStructure.LOW_DELAY_B).qp(36)
            .contentSeed(123)
            .filter(FilterSpec.of("A", leaky, int16(leaky).withMultiplierOffset(12), 0).auxDefault(36)
                .withArithmeticMultipliers())
            .filter(FilterSpec.of("B", leaky, int16(leaky).withMultiplierOffset(24), 0).auxDefault(36)
                .withArithmeticMultipliers())
            .at(0, ps("A"), persistent(0))
            .at(2, psInAps("B"))
            .hashType(PictureHashType.MD5)
            .build(),
        StreamSpec.builder("NNPF24_BIAS_UPDATES")
            .title("Bias updates (layer_bias_update_flag 1, version 1.3) in every coding of tensor_data()")
            .feature("parameter sets of nnpf_version_minor 3: every layer's integer biases signalled, each the base model's bias at the accumulator's scale (rounded at q + qw fractional bits, clipped to P) plus a difference (docs/bitstream-syntax.md 5.2)")
            .feature("differences of {-2..2} x the offset in real units, in multiples of 2^(q + qw - 8); layer 0 coded absolute (td_coding_idc 0), layer 1 as Exp-Golomb differences (1), layer 2 arithmetic coded in units of the largest common power-of-two step (2)")
            .feature("AU 0: filter A (bias offset 1/64, overfitted multipliers too) in an SEI and a persistent activation; AU 2: filter B (bias offset -3/128, the model's multipliers) in an APS replaces it")
            .feature("HEVC 8-bit, low delay, MD5 picture hashes")
            .codec(BaseCodec.HEVC).size(176, 144).bitDepth(8).pictures(4).structure(CodingStructure.LOW_DELAY_B).qp(36)
            .contentSeed(124)
            .filter(FilterSpec.of("A", leaky, int16(leaky).withMultiplierOffset(12).withBiasOffset(1.0 / 64), 0)
                .auxDefault(36))
            .filter(FilterSpec.of("B", leaky, int16(leaky).withBiasOffset(-3.0 / 128), 0).auxDefault(36))
            .at(0, ps("A"), persistent(0))
            .at(2, psInAps("B"))
            .hashType(PictureHashType.MD5)
            .build());
  }

  private static ScheduledMessage blockMap(int id, String what, BlockMap map) {
    return new ScheduledMessage.SendBlockMap(id, map, what, Container.SEI);
  }

  private static ScheduledMessage refine(int psId, String what, Refinement r, Container c) {
    return new ScheduledMessage.SendRefinement(psId, r, what, c);
  }

  /**
   * A refined component with deterministic pseudo-random weights of moderate size: hypothesis weights
   * near 1 / numHyp, tap weights within ±1/8, at {@code scale} fractional bits; with {@code filters > 1} the 15
   * classes are mapped onto the filters (class k to filter k mod filters).
   */
  static ComponentRefinement refined(int numHyp, int scale, FirShape shape, int filters, long seed) {
    java.util.Random rnd = new java.util.Random(seed);
    int[][] co = new int[filters][numHyp + shape.taps()];
    int one = 1 << scale;
    for (int[] f : co) {
      for (int h = 0; h < numHyp; h++) {
        f[h] = (one - one / 4 + rnd.nextInt(one / 2 + 1)) / numHyp;  // several hypotheses share the weight
      }
      for (int t = 0; t < shape.taps(); t++) {
        f[numHyp + t] = rnd.nextInt(one / 4 + 1) - one / 8;
      }
    }
    int[] idx = new int[RefinementProcess.NUM_CLASSES];
    for (int k = 0; k < idx.length; k++) {
      idx[k] = k % filters;
    }
    return ComponentRefinement.refined(numHyp, scale, shape, filters > 1, idx, co);
  }

  /** {@code message} with {@code nnpf_version_minor} 1 and {@code extensionBytes} bytes appended. */
  static byte[] futureVersion(byte[] message, int extensionBytes) {
    byte[] b = Arrays.copyOf(message, message.length + extensionBytes);
    b[2] = 1;
    for (int i = 0; i < extensionBytes; i++) {
      b[message.length + i] = (byte) (0xE0 + i);
    }
    return b;
  }

  /** The stream named {@code name}. */
  public static Optional<StreamSpec> stream(String name) {
    return streams().stream().filter(s -> s.name().equals(name)).findFirst();
  }
}
