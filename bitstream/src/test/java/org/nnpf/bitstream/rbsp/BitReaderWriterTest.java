package org.nnpf.bitstream.rbsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.nnpf.bitstream.BitstreamException;
import org.nnpf.bitstream.Hex;

class BitReaderWriterTest {

  @Test
  void ueCodeWordsMatchTheTableOfH265Clause9_2() {
    // codeNum 0..8: 1, 010, 011, 00100, 00101, 00110, 00111, 0001000, 0001001
    BitWriter w = new BitWriter();
    for (int v = 0; v <= 8; v++) {
      w.ue(v);
    }
    w.zeroAlignment();
    assertArrayEquals(
        Hex.bits("1 010 011 00100 00101 00110 00111 0001000 0001001 0000000"), w.toByteArray());
  }

  @Test
  void seMapsCodeNumbersToAlternatingSigns() {
    // se(v): 0 -> 1, 1 -> 010, -1 -> 011, 2 -> 00100, -2 -> 00101
    BitWriter w = new BitWriter();
    for (int v : new int[] {0, 1, -1, 2, -2}) {
      w.se(v);
    }
    w.zeroAlignment();
    assertArrayEquals(Hex.bits("1 010 011 00100 00101 0000000"), w.toByteArray());
    BitReader r = BitReader.of(w.toByteArray(), "t");
    for (int v : new int[] {0, 1, -1, 2, -2}) {
      assertEquals(v, r.se("v", -10, 10));
    }
  }

  @Test
  void secondOrderExpGolombHasTwoMoreSuffixBits() {
    // EG2: value 0 -> 1 00, 3 -> 1 11, 4 -> 01 000 ; sek with k=2: 1 -> c=1 -> 1 01 ; -1 -> c=2 -> 1 10
    BitWriter w = new BitWriter();
    w.uek(2, 0).uek(2, 3).uek(2, 4).sek(2, 1).sek(2, -1);
    w.zeroAlignment();
    assertArrayEquals(Hex.bits("100 111 01000 101 110 0000000"), w.toByteArray());
    BitReader r = BitReader.of(w.toByteArray(), "t");
    assertEquals(0, r.uek(2, "a"));
    assertEquals(3, r.uek(2, "b"));
    assertEquals(4, r.uek(2, "c"));
    assertEquals(1, r.sekLong(2, "d"));
    assertEquals(-1, r.sekLong(2, "e"));
  }

  @Property(tries = 300)
  void unsignedExpGolombOfAnyOrderRoundTripsEveryValueBelow2To32(
      @ForAll @LongRange(min = 0, max = 0xFFFF_FFFEL) long raw, @ForAll @IntRange(min = 0, max = 16) int k) {
    long v = raw % ((1L << 32) - (1L << k));
    BitWriter w = new BitWriter().uek(k, v).byteAlignment();
    BitReader r = BitReader.of(w.toByteArray(), "t");
    assertEquals(v, r.uek(k, "v"));
    r.byteAlignment();
    assertEquals(0, r.bitsLeft());
  }

  @Property(tries = 500)
  void signedExpGolombOfAnyOrderRoundTripsEveryIntValue(
      @ForAll int v, @ForAll @IntRange(min = 0, max = 16) int k) {
    BitWriter w = new BitWriter().sek(k, v).byteAlignment();
    BitReader r = BitReader.of(w.toByteArray(), "t");
    assertEquals(v, r.sekLong(k, "v"));
  }

  @Property(tries = 200)
  void fixedLengthValuesRoundTrip(@ForAll @IntRange(min = 1, max = 32) int n, @ForAll long raw) {
    long v = n == 32 ? raw & 0xFFFF_FFFFL : raw & ((1L << n) - 1);
    BitWriter w = new BitWriter().u(n, v).zeroAlignment();
    assertEquals(v, BitReader.of(w.toByteArray(), "t").uLong(n, "v"));
  }

  @Test
  void largestUeValueUsesThirtyOneLeadingZeros() {
    BitWriter w = new BitWriter().ue(0xFFFF_FFFEL);
    assertEquals(63, w.bitPosition());
    w.zeroAlignment();
    assertEquals(0xFFFF_FFFEL, BitReader.of(w.toByteArray(), "t").ueLong("v"));
  }

  @Test
  void ueLongerThan32BitsIsRejectedNamingTheElementAndItsPosition() {
    // one 0xFF byte, then 32 zero bits and a one: the code starts at byte 1, bit 0
    byte[] b = Hex.bytes("FF 00 00 00 00 80");
    BitReader r = BitReader.of(b, "test data");
    r.u(8, "pad");
    BitstreamException e = assertThrows(BitstreamException.class, () -> r.ueLong("layer_in_channels_minus1"));
    assertEquals("layer_in_channels_minus1", e.syntaxElement());
    assertEquals(1, e.byteOffset());
    assertEquals(0, e.bitOffset());
    assertTrue(e.getMessage().contains("longer"), e.getMessage());
  }

  @Test
  void truncatedExpGolombCodeIsRejected() {
    BitReader r = BitReader.of(Hex.bytes("00"), "t");
    BitstreamException e = assertThrows(BitstreamException.class, () -> r.ueLong("nnpfps_overlap"));
    assertEquals("nnpfps_overlap", e.syntaxElement());
    assertTrue(e.detail().contains("truncated"));
  }

  @Test
  void readPastTheEndNamesTheElementAtItsStart() {
    BitReader r = BitReader.of(Hex.bytes("AB"), "t");
    r.u(5, "a");
    BitstreamException e = assertThrows(BitstreamException.class, () -> r.u(8, "b"));
    assertEquals("b", e.syntaxElement());
    assertEquals(0, e.byteOffset());
    assertEquals(5, e.bitOffset());
  }

  @Test
  void valuesOutsideTheAllowedRangeAreRejected() {
    BitReader r = BitReader.of(new BitWriter().ue(300).zeroAlignment().toByteArray(), "t");
    BitstreamException e = assertThrows(BitstreamException.class, () -> r.ue("nnpfps_num_layers_minus1", 255));
    assertTrue(e.detail().contains("300"), e.detail());
  }

  @Test
  void moreRbspDataStopsAtTheStopBit() {
    // 1 0 1 | stop bit 1 and zeros: 1011 0000 -> data bits "101"
    BitReader r = BitReader.of(Hex.bits("1011 0000"), "t");
    assertTrue(r.moreRbspData());
    r.u(3, "x");
    assertFalse(r.moreRbspData());
    r.rbspTrailingBits();
    assertEquals(0, r.bitsLeft());
  }

  @Test
  void rbspTrailingBitsMustStartWithAOneBit() {
    BitReader r = BitReader.of(Hex.bits("0100 0000"), "t");
    BitstreamException e = assertThrows(BitstreamException.class, r::rbspTrailingBits);
    assertEquals("rbsp_stop_one_bit", e.syntaxElement());
  }

  @Test
  void nonZeroDataAfterTrailingBitsIsRejected() {
    BitReader r = BitReader.of(Hex.bytes("80 01"), "t");
    assertThrows(BitstreamException.class, r::rbspTrailingBits);
  }

  @Test
  void bytesChecksTheLengthBeforeAllocating() {
    BitReader r = BitReader.of(new byte[4], "t");
    BitstreamException e = assertThrows(BitstreamException.class, () -> r.bytes(Integer.MAX_VALUE, "nnpfps_model_byte"));
    assertEquals("nnpfps_model_byte", e.syntaxElement());
  }

  @Test
  void writerRejectsValuesThatDoNotFit() {
    assertThrows(IllegalArgumentException.class, () -> new BitWriter().u(3, 8));
    assertThrows(IllegalArgumentException.class, () -> new BitWriter().ue(0xFFFF_FFFFL));
    assertThrows(IllegalArgumentException.class, () -> new BitWriter().ue(-1));
  }

  @Test
  void errorOffsetsMapBackOverRemovedEmulationPreventionBytes() {
    // escaped: 00 00 03 01 FF ; RBSP: 00 00 01 FF. RBSP byte 3 (0xFF) is escaped byte 4.
    Rbsp rbsp = EmulationPrevention.unescape(Hex.bytes("00 00 03 01 FF"), 0, 5, "unit", 100);
    assertArrayEquals(Hex.bytes("00 00 01 FF"), rbsp.bytes());
    BitReader r = new BitReader(rbsp);
    r.u(24, "x");
    r.u(4, "y");
    BitstreamException e = assertThrows(BitstreamException.class, () -> r.u(8, "z"));
    assertEquals(104, e.byteOffset());
    assertEquals(4, e.bitOffset());
    assertEquals("unit", e.context());
  }
}
