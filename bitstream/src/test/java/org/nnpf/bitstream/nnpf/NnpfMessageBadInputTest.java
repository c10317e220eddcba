package org.nnpf.bitstream.nnpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.function.Consumer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.nnpf.bitstream.BitstreamException;
import org.nnpf.bitstream.Hex;
import org.nnpf.bitstream.rbsp.BitWriter;

/**
 * Malformed messages: each must end with a {@link BitstreamException} that names the syntax
 * element and where it starts, before any allocation sized by the bad value.
 */
class NnpfMessageBadInputTest {

  private static BitstreamException fails(byte[] message) {
    return assertThrows(BitstreamException.class, () -> NnpfMessageReader.read(message));
  }

  /**
   * A parameter set message: header, id 0, MD5 model hash of zeros, then the elements {@code
   * tail} writes (starting with nnpfps_inp_order_idc), then alignment.
   */
  private static byte[] parameterSet(Consumer<BitWriter> tail) {
    BitWriter w = new BitWriter();
    w.u(8, 0).u(8, 1).u(8, 0); // message type 0, version 1.0
    w.u(8, 0).u(2, 0).u(2, 2).u(4, 0).bytes(new byte[16]);
    tail.accept(w);
    w.zeroAlignment();
    return w.toByteArray();
  }

  /** Formats, patch, padding and complexity of a valid parameter set (luma, 8 bits, 8x8, zero padding). */
  private static void formats(BitWriter w) {
    w.ue(0).ue(0).ue(0).ue(0); // input luma 8/8, no aux
    w.ue(0).ue(0).ue(0); // output
    w.ue(7).ue(7).ue(0).ue(0).flag(false); // patch 8x8, overlap 0, zero padding, no complexity
    w.u(2, 0).se(0); // input quantizer
  }

  /** One QP set with all roles at 16 bits and frac {@code frac}. */
  private static void qpSet(BitWriter w, int frac) {
    w.u(2, 2);
    for (int r = 0; r < 5; r++) {
      w.flag(true).u(2, 1).se(frac);
    }
  }

  /** A conv layer descriptor with all roles but slope. */
  private static void convLayer(BitWriter w, long inMinus1, long outMinus1, int kernelMinus1) {
    w.u(8, 0).ue(inMinus1).ue(outMinus1).u(5, 0b10111).ue(kernelMinus1).ue(kernelMinus1).ue(0);
  }

  @Test
  void theValidBaseOfTheseCasesParses() {
    byte[] ok = parameterSet(w -> {
      formats(w);
      w.ue(0);
      qpSet(w, 8);
      w.ue(0).u(2, 0);
      convLayer(w, 2, 3, 2);
      w.flag(false).flag(false).flag(false);
    });
    NnpfParameterSet p = (NnpfParameterSet) NnpfMessageReader.read(ok);
    assertEquals(3, p.layers().get(0).inChannels());
    assertEquals(4, p.layers().get(0).outChannels());
  }

  @Test
  void unknownMajorVersionIsRejected() {
    BitstreamException e = fails(Hex.bytes("01 02 00 05 40"));
    assertEquals("nnpf_version_major", e.syntaxElement());
    assertEquals(1, e.byteOffset());
    assertTrue(e.detail().contains("unsupported version 2"), e.detail());
  }

  @Test
  void reservedMessageTypeIsAnErrorInVersion1_0() {
    BitstreamException e = fails(Hex.bytes("07 01 00 AA"));
    assertEquals("nnpf_message_type", e.syntaxElement());
    assertEquals(0, e.byteOffset());
  }

  @Test
  void reservedMessageTypeOfALaterMinorVersionIsIgnorable() {
    NnpfMessage m = NnpfMessageReader.read(Hex.bytes("07 01 01 AA BB"));
    UnsupportedNnpfMessage u = assertInstanceOf(UnsupportedNnpfMessage.class, m);
    assertEquals(7, u.messageType());
    assertEquals(1, u.versionMinor());
    assertEquals(2, u.bodyLength());
  }

  @Test
  void reservedValueOfALaterMinorVersionMakesTheMessageIgnorable() {
    assertInstanceOf(UnsupportedNnpfMessage.class, NnpfMessageReader.read(Hex.bytes("02 01 01 09 00")));
    BitstreamException e = fails(Hex.bytes("02 01 00 09 00"));
    assertEquals("ph_hash_type", e.syntaxElement());
    assertEquals(3, e.byteOffset());
  }

  @Test
  void extensionBytesOfALaterMinorVersionAreSkipped() {
    assertEquals(NnpfActivation.activate(5, true), NnpfMessageReader.read(Hex.bytes("01 01 03 05 40 FF FF")));
  }

  @Test
  void bytesAfterAVersion1_0MessageAreRejected() {
    BitstreamException e = fails(Hex.bytes("01 01 00 05 40 FF"));
    assertEquals("nnpf_extension_byte", e.syntaxElement());
    assertEquals(5, e.byteOffset());
  }

  @Test
  void nonZeroAlignmentBitsAreRejected() {
    BitstreamException e = fails(Hex.bytes("01 01 00 05 41"));
    assertEquals("nnpf_alignment_zero_bit", e.syntaxElement());
    assertEquals(7, e.bitOffset());
  }

  @Test
  void aChannelCountThatWouldAllocateGigabytesIsRejected() {
    byte[] m = parameterSet(w -> {
      formats(w);
      w.ue(0);
      qpSet(w, 8);
      w.ue(0).u(2, 0);
      convLayer(w, 1_000_000, 0, 0);
    });
    BitstreamException e = fails(m);
    assertEquals("layer_in_channels_minus1[0]", e.syntaxElement());
    assertTrue(e.detail().contains("1000000"), e.detail());
  }

  @Test
  void aLayerCountAboveTheLimitIsRejected() {
    byte[] m = parameterSet(w -> {
      formats(w);
      w.ue(0);
      qpSet(w, 8);
      w.ue(100_000);
    });
    assertEquals("nnpfps_num_layers_minus1", fails(m).syntaxElement());
  }

  @Test
  void aShiftAbove31IsRejected() {
    byte[] m = parameterSet(w -> {
      formats(w);
      w.ue(0);
      w.u(2, 2).flag(true).u(2, 1).se(40);
    });
    BitstreamException e = fails(m);
    assertEquals("qps_frac_bits[0][0]", e.syntaxElement());
    assertTrue(e.detail().contains("40"), e.detail());
  }

  @Test
  void aUeLongerThan32BitsIsRejected() {
    byte[] m = parameterSet(w -> {
      formats(w);
      w.u(32, 0).u(8, 1); // nnpfps_num_qp_sets_minus1 with 32 leading zero bits
    });
    BitstreamException e = fails(m);
    assertEquals("nnpfps_num_qp_sets_minus1", e.syntaxElement());
    assertTrue(e.detail().contains("leading zero"), e.detail());
  }

  @Test
  void aHugeWeightUpdateIsRejectedBeforeAllocating() {
    // 1024 x 1024 x 15 x 15 weights = 236 million values announced in a message of a few bytes
    byte[] m = parameterSet(w -> {
      formats(w);
      w.ue(0);
      qpSet(w, 8);
      w.ue(0).u(2, 0);
      convLayer(w, 1023, 1023, 14);
      w.flag(false).flag(false).flag(true).u(2, 1).ue(0).se(1);
    });
    BitstreamException e = fails(m);
    assertTrue(e.syntaxElement().startsWith("td_value (weights[0]"), e.syntaxElement());
    assertTrue(e.detail().contains("needs at least 235929600 more bits"), e.detail());
  }

  @Test
  void anAbsoluteValueOutsideItsBitWidthIsRejected() {
    byte[] m = parameterSet(w -> {
      formats(w);
      w.ue(0);
      w.u(2, 2);
      for (int r = 0; r < 5; r++) {
        w.flag(true).u(2, 0).se(4); // 8-bit tensors
      }
      w.ue(0).u(2, 0);
      convLayer(w, 0, 1, 0);
      w.flag(true).u(2, 0).ue(0).se(3).se(200);
    });
    BitstreamException e = fails(m);
    assertEquals("td_value[1] (multiplier[0])", e.syntaxElement());
  }

  @Test
  void perLayerAssignmentNeedsAsManyQpSetsAsLayers() {
    byte[] m = parameterSet(w -> {
      formats(w);
      w.ue(0);
      qpSet(w, 8);
      w.ue(1).u(2, 0);
    });
    assertEquals("nnpfps_qp_set_assignment_idc", fails(m).syntaxElement());
  }

  @Test
  void aTensorWhoseQpSetLacksItsRoleIsRejected() {
    byte[] m = parameterSet(w -> {
      formats(w);
      w.ue(0);
      w.u(2, 2).flag(true).u(2, 1).se(3).flag(false).flag(false).flag(false).flag(false); // weights only
      w.ue(0).u(2, 0);
      convLayer(w, 0, 0, 0);
    });
    BitstreamException e = fails(m);
    assertEquals("layer_num_qp_overrides[0]", e.syntaxElement());
    assertTrue(e.detail().contains("BIAS"), e.detail());
  }

  @Test
  void anOverrideOfARoleTheLayerLacksIsRejected() {
    byte[] m = parameterSet(w -> {
      formats(w);
      w.ue(0);
      qpSet(w, 8);
      w.ue(0).u(2, 0);
      w.u(8, 0).ue(0).ue(0).u(5, 0b10000).ue(1).u(3, 3); // output only; override of slope
    });
    assertEquals("layer_override_role[0][0]", fails(m).syntaxElement());
  }

  @Test
  void anInBandModelMustMatchItsHash() {
    BitWriter w = new BitWriter();
    w.u(8, 0).u(8, 1).u(8, 0).u(8, 0).u(2, 1).u(2, 2).u(4, 0).bytes(new byte[16]).u(32, 3).bytes(Hex.bytes("01 02 03"));
    BitstreamException e = fails(w.toByteArray());
    assertEquals("nnpfps_model_hash", e.syntaxElement());
    assertEquals(5, e.byteOffset());
  }

  @Test
  void anInBandModelLongerThanTheMessageIsRejected() {
    BitWriter w = new BitWriter();
    w.u(8, 0).u(8, 1).u(8, 0).u(8, 0).u(2, 1).u(2, 2).u(4, 0).bytes(new byte[16]).u(32, 60_000_000).bytes(Hex.bytes("01 02 03"));
    BitstreamException e = fails(w.toByteArray());
    assertEquals("nnpfps_model_byte", e.syntaxElement());
    assertEquals(25, e.byteOffset());
    BitWriter w2 = new BitWriter();
    w2.u(8, 0).u(8, 1).u(8, 0).u(8, 0).u(2, 1).u(2, 2).u(4, 0).bytes(new byte[16]).u(32, 0xFFFF_FFFFL);
    assertEquals("nnpfps_model_length", fails(w2.toByteArray()).syntaxElement());
  }

  @Test
  void anActivationTargetIdIsOneByte() {
    BitstreamException e = fails(Hex.bytes("01 01 00"));
    assertEquals("nnpfa_target_id", e.syntaxElement());
    assertEquals(3, e.byteOffset());
  }

  @Property(tries = 200)
  void everyTruncationOfAValidMessageIsRejectedCleanly(@ForAll @IntRange(min = 0, max = 100_000) int seed) {
    Random rnd = new Random(seed);
    byte[] full = NnpfMessageWriter.toBytes(RandomStructures.message(rnd));
    int cut = rnd.nextInt(full.length);
    assertThrows(BitstreamException.class, () -> NnpfMessageReader.read(Arrays.copyOf(full, cut)));
  }

  @Property(tries = 500)
  void corruptedMessagesParseOrFailWithABitstreamException(@ForAll @IntRange(min = 0, max = 100_000) int seed) {
    Random rnd = new Random(seed);
    byte[] bytes = NnpfMessageWriter.toBytes(RandomStructures.message(rnd));
    int flips = 1 + rnd.nextInt(4);
    for (int i = 0; i < flips; i++) {
      int pos = 3 + rnd.nextInt(Math.max(1, bytes.length - 3));
      if (pos < bytes.length) {
        bytes[pos] ^= (byte) (1 << rnd.nextInt(8));
      }
    }
    try {
      NnpfMessageReader.read(bytes);
    } catch (BitstreamException e) {
      assertTrue(e.byteOffset() >= 0 && e.byteOffset() <= bytes.length, e.getMessage());
    }
  }
}
