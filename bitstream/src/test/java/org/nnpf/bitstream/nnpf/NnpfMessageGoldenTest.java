package org.nnpf.bitstream.nnpf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nnpf.bitstream.Hex;

/**
 * Byte vectors written by hand from the syntax tables of docs/bitstream-syntax.md; each is checked
 * in both directions (the writer produces it, the reader gives back the structure).
 */
class NnpfMessageGoldenTest {

  private static void assertGolden(byte[] expected, NnpfMessage m) {
    assertEquals(Hex.of(expected), Hex.of(NnpfMessageWriter.toBytes(m)));
    assertEquals(m, NnpfMessageReader.read(expected));
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  @Test
  void persistentActivation() {
    // type 1, version 1.0 | nnpfa_target_id u(8) = 5 | cancel 0, persistence 1, aux present 0, 5 zero bits
    assertGolden(Hex.bytes("01 01 00 05 40"), NnpfActivation.activate(5, true));
  }

  @Test
  void cancellingActivation() {
    // target 0 | cancel 1, 7 alignment zero bits
    assertGolden(Hex.bytes("01 01 00 00 80"), NnpfActivation.cancel(0));
  }

  @Test
  void activationWithAnAuxiliaryValue() {
    // target 0 | cancel 0, persistence 0, aux present 1, aux u(16) = 1000 = 0000001111101000, 5 zeros
    // bits: 001 0000001111101000 00000 = 0010 0000 | 0111 1101 | 0000 0000
    assertGolden(Hex.bytes("01 01 00 00 20 7D 00"), NnpfActivation.activate(0, false, 1000));
  }

  @Test
  void crcPictureHashOfThreePlanes() {
    // type 2, version 1.0 | ph_hash_type 1 | chroma present 1 + 7 zero bits | 3 x u(16)
    NnpfPictureHash h = new NnpfPictureHash(PictureHashType.CRC,
        List.of(Hex.bytes("12 34"), Hex.bytes("AB CD"), Hex.bytes("00 01")));
    assertGolden(Hex.bytes("02 01 00 01 80 12 34 AB CD 00 01"), h);
  }

  @Test
  void md5PictureHashOfALumaOnlyPicture() {
    byte[] md5 = Hex.bytes("00112233445566778899AABBCCDDEEFF");
    NnpfPictureHash h = new NnpfPictureHash(PictureHashType.MD5, List.of(md5));
    assertGolden(concat(Hex.bytes("02 01 00 00 00"), md5), h);
  }

  @Test
  void checksumPictureHash() {
    NnpfPictureHash h = new NnpfPictureHash(PictureHashType.CHECKSUM, List.of(Hex.bytes("DE AD BE EF")));
    assertGolden(Hex.bytes("02 01 00 02 00 DE AD BE EF"), h);
  }

  static final byte[] HASH = Hex.bytes("00112233445566778899AABBCCDDEEFF");

  /** One 3x3 convolution 6 -> 6 with multipliers coded as differences, 10-bit 4:2:0 input and output. */
  static NnpfParameterSet oneLayerParameterSet() {
    QpSet set = new QpSet(32, Map.of(
        TensorRole.WEIGHTS, new TensorQuantizer(16, 12),
        TensorRole.BIAS, new TensorQuantizer(32, 22),
        TensorRole.MULTIPLIER, new TensorQuantizer(16, 8),
        TensorRole.OUTPUT, new TensorQuantizer(16, 10)));
    Layer conv = Layer.convolution(1, 7, 6, 3, 0)
        .withMultipliers(new TensorData(TensorCoding.DELTA_TO_BASE, 0, new int[] {0, 1, -1, 2, 0, 0}));
    return NnpfParameterSet.builder()
        .id(7)
        .model(ModelReference.byHash(ModelHashType.MD5, HASH))
        .input(SampleFormat.polyphase420(10))
        .auxInput(512)
        .output(SampleFormat.polyphase420(10))
        .patch(64, 64, 4)
        .padding(PaddingType.REPLICATION)
        .inputQuantizer(new TensorQuantizer(16, 10))
        .addQpSet(set)
        .addLayer(conv)
        .build();
  }

  @Test
  void parameterSetReferringToABaseModelByHash() {
    byte[] expected = concat(
        Hex.bytes("00 01 00"), // nnpf_message_type 0, version 1.0
        Hex.bits("00000111" // nnpfps_id u(8) = 7
            + " 00 10 0000"), // model_idc 0, hash type 2 (MD5), reserved
        HASH, // nnpfps_model_hash b(8) x 16
        Hex.bits(
            "00100 011 011" // inp order ue(3), luma ue(2), chroma ue(2)
                + " 010 0000001000000000" // aux_inp_idc ue(1), aux default u(16) = 512
                + " 00100 011 011" // out order ue(3), luma ue(2), chroma ue(2)
                + " 0000001000000 0000001000000" // patch width / height minus1 ue(63)
                + " 00101 010 0" // overlap ue(4), padding ue(1) replication, no complexity info
                + " 01 000010100" // input bit width idc 1 (16), input frac bits se(10)
                + " 1" // num_qp_sets_minus1 ue(0)
                + " 10" // qps_accumulator_precision_idc 2 (32 bits)
                + " 1 01 000011000" // weights: present, 16 bits, se(12)
                + " 1 10 00000101100" // bias: present, 32 bits, se(22)
                + " 1 01 000010000" // multiplier: present, 16 bits, se(8)
                + " 0" // slope: absent
                + " 1 01 000010100" // output: present, 16 bits, se(10)
                + " 1 00" // num_layers_minus1 ue(0), assignment idc 0 (per layer)
                + " 00000001 00111 00110" // layer_kind 1 (conv2d), in channels minus1 ue(6) (6 samples + QP plane), out ue(5)
                + " 10111" // layer_tensor_flags: output, multiplier, bias, weights
                + " 011 011" // kernel height / width minus1 ue(2)
                + " 1" // layer_num_qp_overrides ue(0)
                + " 1 01 1" // multiplier present, td_coding_idc 1 (delta), td_eg_order ue(0)
                + " 1 010 011 00100 1 1" // se(v): 0 1 -1 2 0 0
                + " 0 0" // no bias update, no weight update
                + " 000000")); // nnpf_alignment_zero_bit
    assertGolden(expected, oneLayerParameterSet());
  }

  static final byte[] MODEL = Hex.bytes("4D 4F 44");

  /**
   * An in-band model, fixed padding, complexity information, explicit QP set assignment with an
   * override, a negative shift and an absolute weight update coded with Exp-Golomb order 2.
   */
  static NnpfParameterSet inBandParameterSet() {
    QpSet s0 = new QpSet(16, Map.of(
        TensorRole.WEIGHTS, new TensorQuantizer(8, 7),
        TensorRole.OUTPUT, new TensorQuantizer(8, 4)));
    QpSet s1 = new QpSet(24, Map.of(TensorRole.SLOPE, new TensorQuantizer(8, -3)));
    Layer l0 = new Layer(0x11, 1, 1, 1, 1, EnumSet.of(TensorRole.WEIGHTS, TensorRole.OUTPUT), 0, Map.of(),
        Optional.empty(), Optional.empty(), Optional.of(new TensorData(TensorCoding.ABSOLUTE, 2, new int[] {-5})));
    Layer l1 = new Layer(0x22, 1, 1, 0, 0, EnumSet.of(TensorRole.SLOPE, TensorRole.OUTPUT), 1,
        Map.of(TensorRole.OUTPUT, 0), Optional.empty(), Optional.empty(), Optional.empty());
    return NnpfParameterSet.builder()
        .id(1)
        .model(ModelReference.inBand(ModelHashType.SHA256_128, MODEL))
        .input(new SampleFormat(TensorOrder.LUMA, 8, 8))
        .output(new SampleFormat(TensorOrder.LUMA, 8, 8))
        .patch(1, 1, 0)
        .fixedPadding(16, 128, 128)
        .complexity(new ComplexityInfo(0, 1, 5, 15, 0))
        .inputQuantizer(new TensorQuantizer(8, 0))
        .qpSets(List.of(s0, s1))
        .qpSetAssignment(QpSetAssignment.EXPLICIT)
        .layers(List.of(l0, l1))
        .build();
  }

  @Test
  void parameterSetWithAnInBandModelAndExplicitQpSets() {
    byte[] expected = concat(
        Hex.bytes("00 01 00"),
        Hex.bits("00000001 01 01 0000"), // id 1, model_idc 1 (in-band), hash type 1 (SHA-256/128)
        ModelHashType.SHA256_128.hash(MODEL), // nnpfps_model_hash
        Hex.bytes("00 00 00 03 4D 4F 44"), // nnpfps_model_length u(32) = 3, model bytes
        Hex.bits(
            "1 1 1 1" // inp order ue(0) luma, depths ue(0) ue(0), aux_inp_idc ue(0)
                + " 1 1 1" // out order, depths
                + " 1 1 1" // patch 1x1, overlap 0
                + " 00101 00010000 10000000 10000000" // padding ue(4) fixed: 16, 128, 128 in u(8)
                + " 1 00 01 000101 000010000 1" // complexity: integer, 16-bit, idc 5, kMAC ue(15), kB ue(0)
                + " 00 1" // input: 8 bits, frac se(0)
                + " 010" // num_qp_sets_minus1 ue(1)
                + " 00 1 00 0001110 0 0 0 1 00 0001000" // set 0: acc 16; weights 8 bits se(7); output 8 bits se(4)
                + " 01 0 0 0 1 00 00111 0" // set 1: acc 24; slope 8 bits se(-3)
                + " 010 10" // num_layers_minus1 ue(1), assignment idc 2 (explicit)
                + " 00010001 1 1 10001 1 1 0 1" // layer 0: kind 0x11, 1 -> 1, weights+output, 1x1, set u(1)=0, no overrides
                + " 00100010 1 1 11000 1 010 100 0" // layer 1: kind 0x22, slope+output, set 1, 1 override: output -> set 0
                + " 1 00 011 01110" // layer 0 weight update: absolute, k = ue(2), sek2(-5)
                + " 00000")); // alignment
    assertGolden(expected, inBandParameterSet());
  }
}
