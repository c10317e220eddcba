package org.nnpf.bitstream.carriage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nnpf.bitstream.BitstreamException;
import org.nnpf.bitstream.Hex;
import org.nnpf.bitstream.nal.AnnexBWriter;
import org.nnpf.bitstream.nal.NalCodec;
import org.nnpf.bitstream.nal.NalUnit;
import org.nnpf.bitstream.nal.NalUnitStream;
import org.nnpf.bitstream.nnpf.NnpfActivation;
import org.nnpf.bitstream.nnpf.NnpfPictureHash;
import org.nnpf.bitstream.nnpf.PictureHashType;
import org.nnpf.bitstream.sei.SeiMessage;
import org.nnpf.bitstream.sei.SeiRbsp;

class NnpfNalUnitsTest {
  static final String UUID = "f2 21 12 0c e9 06 48 d6 89 99 0e d3 74 4a 7f b0";

  private static NalUnit reparse(NalUnit u) {
    return NalUnitStream.split(AnnexBWriter.toByteArray(List.of(u)), u.codec()).get(0);
  }

  @Test
  void hevcSeiUnitGolden() {
    // prefix SEI header 4E 01 (type 39, layer 0, TemporalId 0) | payloadType 5 | payloadSize 21 |
    // UUID | nnpf_message 01 01 00 05 40 | rbsp_trailing_bits 80
    NalUnit u = NnpfNalUnits.seiUnit(NalCodec.HEVC, List.of(NnpfActivation.activate(5, true)), 0);
    assertEquals("4e 01 05 15 " + UUID + " 01 01 00 05 40 80", Hex.of(u.toByteArray()));
    assertEquals(1, u.leadingZeroBytes());
  }

  @Test
  void avcSeiUnitGoldenHasNalRefIdcZero() {
    NalUnit u = NnpfNalUnits.seiUnit(NalCodec.AVC, List.of(NnpfActivation.activate(5, true)), 0);
    assertEquals("06 05 15 " + UUID + " 01 01 00 05 40 80", Hex.of(u.toByteArray()));
  }

  @Test
  void seiUnitTakesTheTemporalIdOfItsAccessUnit() {
    NalUnit u = NnpfNalUnits.seiUnit(NalCodec.HEVC, List.of(NnpfActivation.cancel(1)), 2);
    assertEquals(0x03, u.byteAt(1));
    assertEquals(2, u.temporalId());
  }

  @Test
  void hevcApsUnitGolden() {
    // type 51: 66 01 | signature 4E 4E 50 46 | nnpf_message 01 01 00 00 80 | trailing 80
    NalUnit u = NnpfNalUnits.apsUnit(NalCodec.HEVC, 51, NnpfActivation.cancel(0), 0);
    assertEquals("66 01 4e 4e 50 46 01 01 00 00 80 80", Hex.of(u.toByteArray()));
  }

  @Test
  void avcApsUnitGoldenHasNalRefIdcThree() {
    NalUnit u = NnpfNalUnits.apsUnit(NalCodec.AVC, 30, NnpfActivation.cancel(0), 0);
    assertEquals("7e 4e 4e 50 46 01 01 00 00 80 80", Hex.of(u.toByteArray()));
  }

  @Test
  void emulationPreventionAppliesToNnpfPayloads() {
    NnpfPictureHash h = new NnpfPictureHash(PictureHashType.CRC,
        List.of(Hex.bytes("00 00"), Hex.bytes("00 01"), Hex.bytes("00 02")));
    NalUnit u = NnpfNalUnits.seiUnit(NalCodec.HEVC, List.of(h), 0);
    // message 02 01 00 01 80 00 00 00 01 00 02: a 03 goes after the first two zero bytes of the CRCs
    assertEquals("4e 01 05 1b " + UUID + " 02 01 00 01 80 00 00 03 00 01 00 02 80", Hex.of(u.toByteArray()));
    NnpfNalUnits.Parsed p = NnpfNalUnits.parse(reparse(u)).orElseThrow();
    assertEquals(h, p.messages().get(0).message());
  }

  @Test
  void parseRecoversMessagesOfBothContainersWithTheirStreamOffsets() {
    NalUnit sei = NnpfNalUnits.seiUnit(NalCodec.HEVC, List.of(NnpfActivation.activate(9, false), NnpfActivation.cancel(2)), 0);
    byte[] stream = AnnexBWriter.toByteArray(List.of(sei));
    NnpfNalUnits.Parsed p = NnpfNalUnits.parse(NalUnitStream.split(stream, NalCodec.HEVC).get(0)).orElseThrow();
    assertEquals(Container.SEI, p.container());
    assertTrue(p.onlyNnpf());
    assertEquals(2, p.messages().size());
    // stream: 00 00 00 01 | 4E 01 | 05 15 | UUID (16) | message 1 at 4 + 2 + 2 + 16 = 24
    assertEquals(24, p.messages().get(0).offset());
    assertEquals(9, stream[(int) p.messages().get(0).offset() + 3]);
    assertEquals(24 + 5 + 2 + 16, p.messages().get(1).offset()); // after message 1, framing, UUID

    NalUnit aps = NnpfNalUnits.apsUnit(NalCodec.AVC, 24, NnpfActivation.activate(7, true), 0);
    byte[] s2 = AnnexBWriter.toByteArray(List.of(aps));
    NnpfNalUnits.Parsed q = NnpfNalUnits.parse(NalUnitStream.split(s2, NalCodec.AVC).get(0)).orElseThrow();
    assertEquals(Container.APS, q.container());
    assertEquals(NnpfActivation.activate(7, true), q.messages().get(0).message());
    assertEquals(4 + 1 + 4, q.messages().get(0).offset());
  }

  @Test
  void anSeiUnitMixingOtherMessagesStaysABaseUnit() {
    byte[] x264 = new byte[20];
    x264[0] = (byte) 0xdc;
    SeiMessage other = SeiMessage.of(5, x264);
    SeiMessage ours = NnpfNalUnits.seiMessage(NnpfActivation.activate(1, true));
    NalUnit u = reparse(NalUnit.create(NalCodec.AVC, 6, 0, 1, 0, SeiRbsp.write(List.of(other, ours))));
    NnpfNalUnits.Parsed p = NnpfNalUnits.parse(u).orElseThrow();
    assertFalse(p.onlyNnpf());
    assertEquals(NnpfActivation.activate(1, true), p.messages().get(0).message());
  }

  @Test
  void unitsWithoutNnpfDataAreNotNnpfUnits() {
    NalUnit foreignAps = reparse(NalUnit.create(NalCodec.HEVC, 51, 0, 1, 0, Hex.bytes("4E 4E 50 47 01 80")));
    assertEquals(Optional.empty(), NnpfNalUnits.parse(foreignAps));
    NalUnit shortUnit = reparse(NalUnit.create(NalCodec.HEVC, 52, 0, 1, 0, Hex.bytes("80")));
    assertEquals(Optional.empty(), NnpfNalUnits.parse(shortUnit));
    NalUnit otherSei = reparse(NalUnit.create(NalCodec.HEVC, 39, 0, 1, 0, SeiRbsp.write(List.of(SeiMessage.of(1, Hex.bytes("01 02"))))));
    assertEquals(Optional.empty(), NnpfNalUnits.parse(otherSei));
  }

  @Test
  void brokenEmulationPreventionInsideAnNnpfUnitIsRejected() {
    // an APS whose message bytes contain 00 00 03 07: 0x03 may only precede 0x00..0x03
    byte[] stream = Hex.bytes("00 00 00 01 66 01 4E 4E 50 46 02 01 00 02 00 00 03 07 80");
    NalUnit u = NalUnitStream.split(stream, NalCodec.HEVC).get(0);
    BitstreamException e = assertThrows(BitstreamException.class, () -> NnpfNalUnits.parse(u));
    assertEquals("emulation_prevention_three_byte", e.syntaxElement());
    assertEquals(16, e.byteOffset());
  }

  @Test
  void aStreamCutInsideAnNnpfSeiUnitIsRejected() {
    NalUnit sei = NnpfNalUnits.seiUnit(NalCodec.HEVC, List.of(NnpfActivation.activate(5, true)), 0);
    byte[] full = AnnexBWriter.toByteArray(List.of(sei));
    byte[] cut = java.util.Arrays.copyOf(full, full.length - 4);
    NalUnit u = NalUnitStream.split(cut, NalCodec.HEVC).get(0);
    BitstreamException e = assertThrows(BitstreamException.class, () -> NnpfNalUnits.parse(u));
    assertEquals("payloadSize", e.syntaxElement());
    assertEquals(7, e.byteOffset());
  }

  @Test
  void anApsWithoutByteAlignedTrailingBitsIsRejected() {
    NalUnit u = reparse(NalUnit.create(NalCodec.HEVC, 51, 0, 1, 0, Hex.bytes("4E 4E 50 46 01 01 00 00 80 40")));
    BitstreamException e = assertThrows(BitstreamException.class, () -> NnpfNalUnits.parse(u));
    assertEquals("rbsp_stop_one_bit", e.syntaxElement());
  }

  @Test
  void theNnpfUuidWithoutAMessageIsRejected() {
    byte[] payload = Hex.bytes(UUID);
    NalUnit u = reparse(NalUnit.create(NalCodec.HEVC, 39, 0, 1, 0, SeiRbsp.write(List.of(SeiMessage.of(5, payload)))));
    BitstreamException e = assertThrows(BitstreamException.class, () -> NnpfNalUnits.parse(u));
    assertEquals("nnpf_message_type", e.syntaxElement());
  }

  @Test
  void errorsInsideANnpfMessageGiveStreamOffsetsAcrossEmulationPrevention() {
    // CRC hash with a reserved-bits error placed after an emulation prevention byte:
    // message 02 01 00 01 80 00 00 00 01 00 02 with ph_reserved_zero_7bits = 1 -> 81
    byte[] rbsp = SeiRbsp.write(List.of(SeiMessage.of(5, concat(Hex.bytes(UUID), Hex.bytes("02 01 00 01 81 00 00")))));
    byte[] stream = AnnexBWriter.toByteArray(List.of(NalUnit.create(NalCodec.HEVC, 39, 0, 1, 0, rbsp)));
    NalUnit u = NalUnitStream.split(stream, NalCodec.HEVC).get(0);
    BitstreamException e = assertThrows(BitstreamException.class, () -> NnpfNalUnits.parse(u));
    assertEquals("ph_reserved_zero_7bits", e.syntaxElement());
    // 4 start code + 2 header + 2 SEI framing + 16 UUID + 4 bytes into the message, bit 1
    assertEquals(28, e.byteOffset());
    assertEquals(1, e.bitOffset());
    assertArrayEquals(Hex.bytes("81"), new byte[] {stream[28]});
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  /** Readers accept NNPF messages in suffix SEI NAL units (HEVC 40), bitstream-syntax.md 3.1. */
  @Test
  void suffixSeiUnitsCarryNnpfMessagesToo() {
    SeiMessage ours = NnpfNalUnits.seiMessage(NnpfActivation.activate(3, true));
    NalUnit u = reparse(NalUnit.create(NalCodec.HEVC, 40, 0, 1, 0, SeiRbsp.write(List.of(ours))));
    NnpfNalUnits.Parsed p = NnpfNalUnits.parse(u).orElseThrow();
    assertEquals(NnpfActivation.activate(3, true), p.messages().get(0).message());
  }
}
