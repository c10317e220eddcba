package org.nnpf.bitstream.rbsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.nnpf.bitstream.BitstreamException;
import org.nnpf.bitstream.Hex;

class EmulationPreventionTest {

  @Test
  void threeByteIsInsertedBeforeEachByteUpTo3AfterTwoZeros() {
    assertArrayEquals(Hex.bytes("00 00 03 00 01 00 00 03 02 00 00 03 03 00 00 04"),
        EmulationPrevention.escape(Hex.bytes("00 00 00 01 00 00 02 00 00 03 00 00 04")));
  }

  @Test
  void rbspEndingWithTwoZerosGetsAFinalThreeByte() {
    assertArrayEquals(Hex.bytes("80 00 00 03"), EmulationPrevention.escape(Hex.bytes("80 00 00")));
    assertArrayEquals(Hex.bytes("80 00 00"),
        EmulationPrevention.unescape(Hex.bytes("80 00 00 03"), 0, 4, "t", 0).bytes());
  }

  @Test
  void rbspEndingWithASingleZeroCannotBeEscaped() {
    assertThrows(IllegalArgumentException.class, () -> EmulationPrevention.escape(Hex.bytes("80 00")));
  }

  @Test
  void threeByteFollowedByAByteAbove3IsBrokenEmulationPrevention() {
    BitstreamException e = assertThrows(BitstreamException.class,
        () -> EmulationPrevention.unescape(Hex.bytes("11 00 00 03 04"), 0, 5, "NAL unit", 50));
    assertEquals("emulation_prevention_three_byte", e.syntaxElement());
    assertEquals(53, e.byteOffset());
  }

  @Test
  void startCodeEmulationInsideANalUnitIsRejected() {
    for (String bad : new String[] {"22 00 00 00 05", "22 00 00 01 05", "22 00 00 02 05"}) {
      BitstreamException e = assertThrows(BitstreamException.class,
          () -> EmulationPrevention.unescape(Hex.bytes(bad), 0, 5, "NAL unit", 10));
      assertEquals(11, e.byteOffset(), bad);
      assertTrue(e.detail().contains("forbidden"), e.detail());
    }
  }

  @Property(tries = 500)
  void unescapeInvertsEscapeAndTheResultHasNoStartCodeEmulation(@ForAll("rbsps") byte[] rbsp) {
    byte[] escaped = EmulationPrevention.escape(rbsp);
    for (int i = 0; i + 2 < escaped.length; i++) {
      boolean emulation = escaped[i] == 0 && escaped[i + 1] == 0 && (escaped[i + 2] & 0xFF) <= 2;
      assertTrue(!emulation, "start code emulation at " + i);
    }
    Rbsp back = EmulationPrevention.unescape(escaped, 0, escaped.length, "t", 0);
    assertArrayEquals(rbsp, back.bytes());
    assertEquals(escaped.length - rbsp.length, back.origin().removedCount());
  }

  @Provide
  Arbitrary<byte[]> rbsps() {
    // bytes biased towards 0..3, ending with a non-zero byte (a valid RBSP never ends with one zero)
    Arbitrary<Byte> b = Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, Arbitraries.bytes().between((byte) 0, (byte) 3)),
        net.jqwik.api.Tuple.of(2, Arbitraries.bytes()));
    return b.array(byte[].class).ofMaxSize(64).map(a -> {
      byte[] c = java.util.Arrays.copyOf(a, a.length + 1);
      c[a.length] = (byte) 0x80;
      return c;
    });
  }
}
