package org.nnpf.bitstream.nnpf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nnpf.bitstream.BitstreamException;
import org.nnpf.bitstream.Hex;

/**
 * {@code td_coding_idc} 2 (version 1.2): the arithmetic code of docs/bitstream-syntax.md 6.3, its
 * golden vectors (section 10), exact bit counts, the choice of the cheapest coding, the version the
 * writer gives the message and the reader's errors.
 */
class TensorArithmeticCodeTest {

  /** The worked example of docs/bitstream-syntax.md section 10. */
  static final int[] GOLDEN_VALUES = {0, 1, -1, 0, 0, 3, -7, 0, 2, 40};

  static final byte[] GOLDEN_BYTES = Hex.bytes("4F CE 55 AD 88 20");

  private static int[] decode(byte[] bytes, int n) throws TensorArithmeticCode.ValueOutOfRange {
    TensorArithmeticCode.Decoder d = new TensorArithmeticCode.Decoder(bytes);
    int[] v = new int[n];
    for (int i = 0; i < n; i++) {
      v[i] = d.next();
    }
    return v;
  }

  @Test
  void goldenVector() throws Exception {
    assertEquals(Hex.of(GOLDEN_BYTES), Hex.of(TensorArithmeticCode.encode(GOLDEN_VALUES)));
    assertArrayEquals(GOLDEN_VALUES, decode(GOLDEN_BYTES, GOLDEN_VALUES.length));
  }

  @Test
  void zerosCodeInNoByteAndSmallValuesInFewBits() throws Exception {
    assertEquals(0, TensorArithmeticCode.encode(new int[1000]).length);
    assertArrayEquals(new int[1000], decode(new byte[0], 1000));
    assertEquals(0, TensorArithmeticCode.encode(new int[0]).length);
    // 600 of 1000 values zero, the others +-1: under half a byte per ten values
    Random rnd = new Random(3);
    int[] v = new int[1000];
    for (int i = 0; i < v.length; i++) {
      int r = rnd.nextInt(10);
      v[i] = r < 6 ? 0 : r < 8 ? 1 : -1;
    }
    byte[] b = TensorArithmeticCode.encode(v);
    assertTrue(b.length < 200, b.length + " bytes");
    TensorData eg = TensorData.deltaToBase(v, new int[v.length]);
    assertTrue(8L * b.length < eg.bitCount(0) * 4 / 5, b.length + " bytes vs " + eg.bitCount(0) + " bits");
  }

  /** Random tensors of every kind: small, large, the extremes of 32 bits. */
  static int[] randomTensor(Random rnd) {
    int n = rnd.nextInt(5) == 0 ? rnd.nextInt(1001) : rnd.nextInt(40);
    int[] v = new int[n];
    int mode = rnd.nextInt(5);
    for (int i = 0; i < n; i++) {
      switch (mode) {
        case 0:
          v[i] = rnd.nextInt(10) < 7 ? 0 : rnd.nextInt(3) - 1;
          break;
        case 1:
          v[i] = (int) Math.round(rnd.nextGaussian() * 6);
          break;
        case 2:
          v[i] = rnd.nextInt();
          break;
        case 3:
          int[] extremes = {Integer.MIN_VALUE, Integer.MAX_VALUE, Integer.MIN_VALUE + 1, -5, 5, 4, -4, 0, 1 << 30};
          v[i] = extremes[rnd.nextInt(extremes.length)];
          break;
        default:
          v[i] = (int) Math.round(rnd.nextGaussian() * 300);
          break;
      }
    }
    return v;
  }

  @Test
  void randomTensorsRoundTripFromExactlyTheBytesWritten() throws Exception {
    Random rnd = new Random(2026);
    for (int t = 0; t < 3000; t++) {
      int[] v = randomTensor(rnd);
      byte[] b = TensorArithmeticCode.encode(v);
      // the decoder gets exactly the td_ac_num_bytes bytes written (beyond them it reads 0): the
      // encoder never needs more than it writes
      assertArrayEquals(v, decode(b, v.length), "tensor " + t);
      assertEquals(b.length, TensorArithmeticCode.byteCount(v));
      // trailing zero bytes are never written (the decoder reads them anyway)
      assertTrue(b.length == 0 || b[b.length - 1] != 0, "tensor " + t);
      // and no encoder output starts with four 0xFF bytes (the one decoder error of the engine)
      assertTrue(b.length < 4 || !(b[0] == -1 && b[1] == -1 && b[2] == -1 && b[3] == -1));
    }
  }

  @Test
  void theExtremesOfThirtyTwoBitsRoundTrip() throws Exception {
    int[] v = {Integer.MIN_VALUE, Integer.MAX_VALUE, 0, Integer.MIN_VALUE + 1, -Integer.MAX_VALUE, 5, -5, 4, -4};
    assertArrayEquals(v, decode(TensorArithmeticCode.encode(v), v.length));
    // differences after the subtraction limit of deltaToBase: 32767 - (-32768) and back
    TensorData d = TensorData.arithmetic(0, TensorData.deltaToBase(
        new int[] {Integer.MAX_VALUE, Integer.MIN_VALUE, 32767, -32768, 0, 1},
        new int[] {0, 0, -32768, 32767, 0, 0}).values());
    NnpfMessage m = oneLayer(d);
    assertEquals(m, NnpfMessageReader.read(NnpfMessageWriter.toBytes(m)));
  }

  @Test
  void theWritersBitsEqualTheExactCountAtEveryPosition() {
    Random rnd = new Random(7);
    for (int t = 0; t < 500; t++) {
      int[] v = randomTensor(rnd);
      TensorData[] all = {
        TensorData.arithmetic(rnd.nextInt(31), v),
        TensorData.deltaToBase(v, new int[v.length]),
        new TensorData(TensorCoding.DELTA_TO_BASE, rnd.nextInt(17), v)
      };
      for (TensorData d : all) {
        for (int p = 0; p < 16; p++) {
          assertEquals(NnpfMessageWriter.writtenTensorBits(d, p), d.bitCount(p), d + " at bit " + p);
        }
      }
    }
  }

  @Test
  void theCheapestCodingIsTheOneWithTheFewestBits() {
    Random rnd = new Random(11);
    int arithmetic = 0;
    for (int t = 0; t < 500; t++) {
      int[] v = randomTensor(rnd);
      int[] base = new int[v.length];
      for (int i = 0; i < v.length; i++) {
        base[i] = rnd.nextInt(1000) - 500;
        v[i] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, (long) v[i] + base[i]));
      }
      long start = rnd.nextInt(64);
      TensorData best = TensorData.cheapestDeltaToBase(v, base, start);
      TensorData eg = TensorData.deltaToBase(v, base);
      TensorData ac = TensorData.arithmetic(0, eg.values());
      assertEquals(Math.min(eg.bitCount(start), ac.bitCount(start)), best.bitCount(start));
      assertArrayEquals(eg.values(), best.values());
      if (best.coding() == TensorCoding.DELTA_AC) {
        arithmetic++;
        assertTrue(ac.bitCount(start) < eg.bitCount(start));
      }
      assertArrayEquals(v, best.reconstruct(base, 33 > 32 ? 32 : 16));
    }
    assertTrue(arithmetic > 20 && arithmetic < 480, arithmetic + " of 500 chose the arithmetic code");
    // overfitted multipliers, 0 and +-1 differences: from about a hundred channels on (here 256)
    // the arithmetic code is cheaper; with 16..64 channels Exp-Golomb still is (docs/bitstream-syntax.md 6.3)
    int[] d = new int[256];
    for (int i = 0; i < d.length; i++) {
      d[i] = i % 5 == 0 ? 1 : i % 7 == 0 ? -1 : 0;
    }
    assertEquals(TensorCoding.DELTA_AC, TensorData.cheapestDeltaToBase(d, new int[256], 0).coding());
    // a handful of values: Exp-Golomb (the arithmetic code's length and alignment cost more)
    assertEquals(TensorCoding.DELTA_TO_BASE,
        TensorData.cheapestDeltaToBase(new int[] {0, 1, -1, 2, 0, 0}, new int[6], 0).coding());
    assertEquals(TensorCoding.DELTA_TO_BASE, TensorData.cheapestDeltaToBase(Arrays.copyOf(d, 64), new int[64], 0).coding());
  }

  @Test
  void aStepMultipliesTheDifference() {
    TensorData d = TensorData.arithmetic(3, new int[] {1, -2, 0, Integer.MAX_VALUE});
    int[] base = {100, 100, 100, 0};
    assertEquals(108, d.element(0, base));
    assertEquals(84, d.element(1, base));
    assertEquals(100, d.element(2, base));
    assertEquals((long) Integer.MAX_VALUE << 3, d.element(3, base));
    assertThrows(IllegalArgumentException.class, () -> d.reconstruct(base, 16));
    assertArrayEquals(new int[] {108, 84, 100}, TensorData.arithmetic(3, new int[] {1, -2, 0}).reconstruct(
        new int[] {100, 100, 100}, 16));
    assertThrows(IllegalArgumentException.class, () -> TensorData.arithmetic(31, new int[1]));
    assertThrows(IllegalArgumentException.class, () -> new TensorData(TensorCoding.DELTA_AC, 0, new int[1]));
  }

  // ------------------------------------------------------------------------------ messages

  /** The one-layer parameter set of section 10 with the given multipliers. */
  static NnpfParameterSet oneLayer(TensorData multipliers) {
    NnpfParameterSet p = NnpfMessageGoldenTest.oneLayerParameterSet();
    return p.toBuilder().layers(List.of(p.layers().get(0).withMultipliers(multipliers))).build();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] b : parts) {
      out.writeBytes(b);
    }
    return out.toByteArray();
  }

  /** The parameter-set example of docs/bitstream-syntax.md section 10 with arithmetic-coded multipliers. */
  static final byte[] GOLDEN_MESSAGE = concat(
      Hex.bytes("00 01 02 07 20"), // type 0, version 1.2 | id 7 | model idc 0, MD5, reserved
      NnpfMessageGoldenTest.HASH,
      // the bits of the version 1.0 example up to layer_num_qp_overrides, then 1 (multipliers
      // present) 10 (td_coding_idc 2) 010 (td_log2_step 1) 00100 (td_ac_num_bytes 3) 0000000
      // (td_ac_alignment_zero_bit)
      Hex.bytes("23 68 08 00 8D 81 00 08 05 44 29 A8 63 02 CA 10 50 A4 01 39 AE DF 22 00"),
      Hex.bytes("50 D5 C0"), // td_ac_byte[0..2]: the values 0 1 -1 6 0 -2
      Hex.bytes("00")); // no bias update, no weight update, alignment

  @Test
  void goldenParameterSetOfVersion12() {
    TensorData d = TensorData.arithmetic(1, new int[] {0, 1, -1, 6, 0, -2});
    assertEquals(Hex.of(Hex.bytes("50 D5 C0")), Hex.of(d.arithmeticBytes()));
    NnpfParameterSet p = oneLayer(d);
    assertEquals(Hex.of(GOLDEN_MESSAGE), Hex.of(NnpfMessageWriter.toBytes(p)));
    assertEquals(p, NnpfMessageReader.read(GOLDEN_MESSAGE));
    assertEquals(2, NnpfMessageWriter.versionMinor(p));
    assertEquals(8L * 5 + 8 * 16 + 174 + 1, NnpfMessageWriter.tensorStarts(p, org.nnpf.bitstream.nnpf.TensorRole.MULTIPLIER)[0]);
  }

  @Test
  void onlyAParameterSetThatUsesTheArithmeticCodeIsVersion12() {
    NnpfParameterSet eg = NnpfMessageGoldenTest.oneLayerParameterSet();
    assertEquals(0, NnpfMessageWriter.toBytes(eg)[2]);
    assertEquals(0, NnpfMessageWriter.versionMinor(eg));
    assertEquals(0, NnpfMessageWriter.versionMinor(NnpfActivation.activate(1, true)));
  }

  @Test
  void anArithmeticCodedTensorInAVersion10MessageIsAnErrorAndInVersion11Ignored() {
    byte[] m = GOLDEN_MESSAGE.clone();
    m[2] = 0;
    BitstreamException e = assertThrows(BitstreamException.class, () -> NnpfMessageReader.read(m));
    assertEquals("td_coding_idc (multiplier[0])", e.syntaxElement());
    assertTrue(e.getMessage().contains("reserved value 2"), e.getMessage());
    m[2] = 1;
    UnsupportedNnpfMessage u = assertInstanceOf(UnsupportedNnpfMessage.class, NnpfMessageReader.read(m));
    assertEquals(1, u.versionMinor());
    // a later minor version reads it (its extension bytes skipped)
    byte[] later = Arrays.copyOf(GOLDEN_MESSAGE, GOLDEN_MESSAGE.length + 2);
    later[2] = 3;
    assertEquals(oneLayer(TensorData.arithmetic(1, new int[] {0, 1, -1, 6, 0, -2})), NnpfMessageReader.read(later));
  }

  /** Where td_ac_byte[0] is in the golden message; the byte before it ends with the alignment bits. */
  private static final int NUM_BYTES_AT = 5 + 16 + 24;

  @Test
  void moreBytesThanTheMessageHasIsAnErrorAtTdAcNumBytes() {
    // cut the message inside the arithmetic-coded bytes: 3 announced, 1 left
    byte[] m = Arrays.copyOf(GOLDEN_MESSAGE, NUM_BYTES_AT + 1);
    BitstreamException e = assertThrows(BitstreamException.class, () -> NnpfMessageReader.read(m));
    assertEquals("td_ac_num_bytes (multiplier[0])", e.syntaxElement());
    assertTrue(e.getMessage().contains("more than the 1 bytes left"), e.getMessage());
    // a huge count is refused before anything is allocated
    NnpfParameterSet p = oneLayer(TensorData.arithmetic(1, new int[] {0, 1, -1, 6, 0, -2}));
    byte[] huge = NnpfMessageWriter.toBytes(p);
    // td_ac_num_bytes starts at bit 4 of byte NUM_BYTES_AT - 2: 0000 | 0000000 1 ... = a ue(v) of at least 2047
    huge[NUM_BYTES_AT - 2] = 0x20;
    huge[NUM_BYTES_AT - 1] = 0x01;
    assertEquals("td_ac_num_bytes (multiplier[0])",
        assertThrows(BitstreamException.class, () -> NnpfMessageReader.read(huge)).syntaxElement());
  }

  @Test
  void aNonZeroAlignmentBitIsAnError() {
    byte[] m = GOLDEN_MESSAGE.clone();
    m[NUM_BYTES_AT - 1] |= 0x01;
    BitstreamException e = assertThrows(BitstreamException.class, () -> NnpfMessageReader.read(m));
    assertEquals("td_ac_alignment_zero_bit (multiplier[0])", e.syntaxElement());
    assertEquals(NUM_BYTES_AT - 1, e.byteOffset());
    assertEquals(7, e.bitOffset());
  }

  @Test
  void aValueBeyond32BitsIsAnErrorAtTdValue() {
    // sig 1, sign 1, gt1..gt4 1 with the code value exactly at the bottom of each bin's interval,
    // then the code value 0: the bypass bins are 0 for ever, a remainder code with > 31 leading zeros
    NnpfParameterSet p = oneLayer(TensorData.arithmetic(0, new int[6]));
    byte[] base = NnpfMessageWriter.toBytes(p);
    assertEquals(0, base[NUM_BYTES_AT - 1] & 0x0F); // 0 bytes: ue(0) = 1 then alignment
    byte[] m = concat(Arrays.copyOf(GOLDEN_MESSAGE, NUM_BYTES_AT), Hex.bytes("FB FF FC 00"));
    BitstreamException e = assertThrows(BitstreamException.class, () -> NnpfMessageReader.read(m));
    assertEquals("td_value[0] (multiplier[0])", e.syntaxElement());
    assertEquals(NUM_BYTES_AT, e.byteOffset());
    // first four bytes all 0xFF: a code value no encoder writes
    byte[] ff = concat(Arrays.copyOf(GOLDEN_MESSAGE, NUM_BYTES_AT), Hex.bytes("FF FF FF FF 00"));
    ff[NUM_BYTES_AT - 1] = (byte) 0x80; // td_ac_num_bytes 00101 = 4
    assertThrows(IllegalArgumentException.class, () -> new TensorArithmeticCode.Decoder(Hex.bytes("FF FF FF FF")));
    assertEquals("td_ac_byte[0] (multiplier[0])",
        assertThrows(BitstreamException.class, () -> NnpfMessageReader.read(ff)).syntaxElement());
  }

  @Test
  void tooManyArithmeticCodedElementsInOneMessageAreAnError() {
    // two layers of 1024 channels with 1024 x 1024 x 1 x 1 weights each, arithmetic coded: the
    // second passes MaxAcElements before its bytes are read
    QpSet set = new QpSet(32, Map.of(TensorRole.WEIGHTS, new TensorQuantizer(16, 12),
        TensorRole.OUTPUT, new TensorQuantizer(16, 10)));
    Layer l = new Layer(1, 1024, 1024, 1, 1, java.util.EnumSet.of(TensorRole.WEIGHTS, TensorRole.OUTPUT), 0, Map.of(),
        java.util.Optional.empty(), java.util.Optional.empty(),
        java.util.Optional.of(TensorData.arithmetic(0, new int[1024 * 1024])));
    NnpfParameterSet p = NnpfMessageGoldenTest.oneLayerParameterSet().toBuilder().noAuxInput()
        .qpSets(List.of(set)).qpSetAssignment(QpSetAssignment.SHARED).layers(List.of(l, l)).build();
    BitstreamException e = assertThrows(BitstreamException.class,
        () -> NnpfMessageReader.read(NnpfMessageWriter.toBytes(p)));
    assertEquals("td_coding_idc (weights[1])", e.syntaxElement());
    NnpfParameterSet one = p.toBuilder().layers(List.of(l)).qpSets(List.of(set)).build();
    assertEquals(one, NnpfMessageReader.read(NnpfMessageWriter.toBytes(one)));
  }

  @Test
  void garbageAndTruncationEndInBitstreamExceptionsOnly() {
    Random rnd = new Random(99);
    for (int t = 0; t < 3000; t++) {
      int[] v = randomTensor(rnd);
      NnpfParameterSet p = oneLayer(TensorData.arithmetic(rnd.nextInt(31), Arrays.copyOf(v, 6)));
      byte[] m = NnpfMessageWriter.toBytes(p);
      assertEquals(p, NnpfMessageReader.read(m));
      byte[] bad = t % 3 == 0 ? Arrays.copyOf(m, rnd.nextInt(m.length)) : m.clone();
      for (int k = 0; k < 1 + rnd.nextInt(4) && bad.length > NUM_BYTES_AT - 3; k++) {
        int at = NUM_BYTES_AT - 3 + rnd.nextInt(bad.length - NUM_BYTES_AT + 3);
        bad[at] = (byte) rnd.nextInt(256);
      }
      try {
        NnpfMessage back = NnpfMessageReader.read(bad);
        if (!(back instanceof UnsupportedNnpfMessage)) {
          assertEquals(back, NnpfMessageReader.read(NnpfMessageWriter.toBytes(back)));
        }
      } catch (BitstreamException e) {
        assertTrue(e.syntaxElement() != null && !e.syntaxElement().isEmpty());
      }
    }
  }

  @Test
  void theDecoderReadsNoMoreThanFourBytesBeyondTheEnd() throws Exception {
    Random rnd = new Random(5);
    for (int t = 0; t < 500; t++) {
      int[] v = randomTensor(rnd);
      byte[] b = TensorArithmeticCode.encode(v);
      TensorArithmeticCode.Decoder d = new TensorArithmeticCode.Decoder(b);
      for (int x : v) {
        assertEquals(x, d.next());
      }
      assertTrue(d.bytesRead() <= b.length + 4, d.bytesRead() + " of " + b.length);
      assertNotEquals(-1, d.bytesRead());
    }
  }
}
