package org.nnpf.bitstream.sei;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nnpf.bitstream.BitstreamException;
import org.nnpf.bitstream.Hex;
import org.nnpf.bitstream.rbsp.Rbsp;

class SeiRbspTest {

  @Test
  void typesAndSizesFrom255OnUseFfExtensionBytes() {
    byte[] big = new byte[255];
    Arrays.fill(big, (byte) 0x11);
    byte[] rbsp = SeiRbsp.write(List.of(SeiMessage.of(5, Hex.bytes("AA BB")), SeiMessage.of(300, big)));
    // 05 02 AA BB | FF 2D (300 = 255 + 45) FF 00 (255 = 255 + 0) 255 x 11 | 80
    assertEquals(4 + 4 + 255 + 1, rbsp.length);
    assertArrayEquals(Hex.bytes("05 02 AA BB FF 2D FF 00"), Arrays.copyOf(rbsp, 8));
    assertEquals((byte) 0x80, rbsp[rbsp.length - 1]);
    List<SeiMessage> back = SeiRbsp.read(Rbsp.of(rbsp, "t"));
    assertEquals(2, back.size());
    assertEquals(300, back.get(1).payloadType());
    assertArrayEquals(big, back.get(1).payload());
    assertEquals(SeiMessage.of(5, Hex.bytes("AA BB")), back.get(0));
  }

  @Test
  void payloadSizeBeyondTheNalUnitIsRejectedNamingPayloadSize() {
    BitstreamException e = assertThrows(BitstreamException.class,
        () -> SeiRbsp.read(Rbsp.of(Hex.bytes("05 10 AA BB 80"), "SEI NAL unit", 1000)));
    assertEquals("payloadSize", e.syntaxElement());
    assertEquals(1001, e.byteOffset());
    assertTrue(e.detail().contains("16"), e.detail());
  }

  @Test
  void truncatedPayloadTypeIsRejected() {
    BitstreamException e = assertThrows(BitstreamException.class,
        () -> SeiRbsp.read(Rbsp.of(Hex.bytes("FF FF"), "t")));
    assertEquals("payload_type_byte", e.syntaxElement());
  }

  @Test
  void missingTrailingBitsAreRejected() {
    BitstreamException e = assertThrows(BitstreamException.class,
        () -> SeiRbsp.read(Rbsp.of(Hex.bytes("05 01 AA 00"), "t")));
    assertEquals("rbsp_stop_one_bit", e.syntaxElement());
  }

  @Test
  void payloadReaderReportsPositionsInTheEnclosingData() {
    List<SeiMessage> m = SeiRbsp.read(Rbsp.of(Hex.bytes("05 02 AA BB 80"), "unit", 40));
    var r = m.get(0).reader(1);
    r.u(8, "x");
    BitstreamException e = assertThrows(BitstreamException.class, () -> r.u(1, "y"));
    assertEquals(44, e.byteOffset());
  }
}
