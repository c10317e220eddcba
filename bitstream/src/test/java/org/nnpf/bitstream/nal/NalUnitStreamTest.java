package org.nnpf.bitstream.nal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.nnpf.bitstream.BitstreamException;
import org.nnpf.bitstream.Hex;

class NalUnitStreamTest {

  @Test
  void splitsThreeAndFourByteStartCodesAndKeepsZeroBytes() {
    byte[] s = Hex.bytes("00 00 00 01 40 01 0C  00 00 01 42 01 01  00 00 00 00 01 44 01 C1  00 00");
    List<NalUnit> units = NalUnitStream.split(s, NalCodec.HEVC);
    assertEquals(3, units.size());
    assertEquals(32, units.get(0).type());
    assertEquals(33, units.get(1).type());
    assertEquals(34, units.get(2).type());
    assertEquals(1, units.get(0).leadingZeroBytes());
    assertEquals(0, units.get(1).leadingZeroBytes());
    assertEquals(2, units.get(2).leadingZeroBytes());
    assertEquals(2, units.get(2).trailingZeroBytes());
    assertArrayEquals(Hex.bytes("44 01 C1"), units.get(2).toByteArray());
    assertEquals(4, units.get(0).streamOffset());
    assertEquals(18, units.get(2).streamOffset());
    assertArrayEquals(s, AnnexBWriter.toByteArray(units));
  }

  @Test
  void parsesTheHeadersOfTheThreeCodecs() {
    NalUnit h = NalUnitStream.split(Hex.bytes("00 00 01 4E 0B 05"), NalCodec.HEVC).get(0);
    assertEquals(39, h.type());
    assertEquals(1, h.layerId());
    assertEquals(2, h.temporalId());
    NalUnit a = NalUnitStream.split(Hex.bytes("00 00 01 65 88"), NalCodec.AVC).get(0);
    assertEquals(5, a.type());
    assertEquals(3, a.refIdc());
    NalUnit v = NalUnitStream.split(Hex.bytes("00 00 01 02 99 07"), NalCodec.VVC).get(0);
    assertEquals(19, v.type());
    assertEquals(2, v.layerId());
    assertEquals(0, v.temporalId());
  }

  @Test
  void anEmptyStreamHasNoUnits() {
    assertEquals(0, NalUnitStream.split(new byte[0], NalCodec.HEVC).size());
  }

  @Test
  void bytesBeforeTheFirstStartCodeAreRejected() {
    BitstreamException e = assertThrows(BitstreamException.class,
        () -> NalUnitStream.split(Hex.bytes("05 00 00 01 40 01"), NalCodec.HEVC));
    assertEquals("start_code_prefix_one_3bytes", e.syntaxElement());
    assertEquals(0, e.byteOffset());
  }

  @Test
  void aStreamOfZerosIsRejected() {
    assertThrows(BitstreamException.class, () -> NalUnitStream.split(new byte[8], NalCodec.AVC));
  }

  @Test
  void anEmptyNalUnitIsRejected() {
    BitstreamException e = assertThrows(BitstreamException.class,
        () -> NalUnitStream.split(Hex.bytes("00 00 01 00 00 01 40 01 01"), NalCodec.HEVC));
    assertEquals("nal_unit", e.syntaxElement());
    assertEquals(3, e.byteOffset());
  }

  @Test
  void aTruncatedNalUnitHeaderIsRejected() {
    BitstreamException e = assertThrows(BitstreamException.class,
        () -> NalUnitStream.split(Hex.bytes("00 00 01 40 01 0C 00 00 01 40"), NalCodec.HEVC));
    assertEquals("nal_unit_header", e.syntaxElement());
    assertEquals(9, e.byteOffset());
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void forbiddenZeroBitMustBeZero() {
    BitstreamException e = assertThrows(BitstreamException.class,
        () -> NalUnitStream.split(Hex.bytes("00 00 01 E5 88"), NalCodec.AVC));
    assertEquals("forbidden_zero_bit", e.syntaxElement());
  }

  @Test
  void temporalIdPlusOneMustNotBeZero() {
    BitstreamException e = assertThrows(BitstreamException.class,
        () -> NalUnitStream.split(Hex.bytes("00 00 01 40 00 0C"), NalCodec.HEVC));
    assertEquals("nuh_temporal_id_plus1", e.syntaxElement());
    assertEquals(4, e.byteOffset());
  }

  @Test
  void nonStartCodeBytesAfterZerosBetweenUnitsAreRejected() {
    BitstreamException e = assertThrows(BitstreamException.class,
        () -> NalUnitStream.split(Hex.bytes("00 00 01 40 01 0C 00 00 00 05 11"), NalCodec.HEVC));
    assertEquals(9, e.byteOffset());
  }

  @Property(tries = 300)
  void anyStreamOfUnitsSplitsBackIntoTheSameUnitsAndBytes(@ForAll("unitLists") List<NalUnit> units) {
    byte[] s = AnnexBWriter.toByteArray(units);
    List<NalUnit> back = NalUnitStream.split(s, NalCodec.HEVC);
    assertEquals(units, back);
    assertArrayEquals(s, AnnexBWriter.toByteArray(back));
  }

  @Provide
  Arbitrary<List<NalUnit>> unitLists() {
    Arbitrary<byte[]> payload = Arbitraries.bytes().between((byte) 0, (byte) 4)
        .array(byte[].class).ofMinSize(0).ofMaxSize(20)
        .map(b -> {
          byte[] c = java.util.Arrays.copyOf(b, b.length + 1);
          c[b.length] = (byte) 0x80;
          return c;
        });
    Arbitrary<NalUnit> unit = Combinators.combine(
            Arbitraries.integers().between(0, 63),
            Arbitraries.integers().between(1, 7),
            payload,
            Arbitraries.integers().between(0, 3))
        .as((type, tid, p, zeros) -> NalUnit.create(NalCodec.HEVC, type, 0, tid, 0, p).withZeroBytes(zeros, 0));
    return unit.list().ofMinSize(1).ofMaxSize(8).flatMap(list ->
        Arbitraries.integers().between(0, 3).map(trailing -> {
          List<NalUnit> l = new ArrayList<>(list);
          NalUnit last = l.get(l.size() - 1);
          l.set(l.size() - 1, last.withZeroBytes(last.leadingZeroBytes(), trailing));
          return l;
        }));
  }
}
