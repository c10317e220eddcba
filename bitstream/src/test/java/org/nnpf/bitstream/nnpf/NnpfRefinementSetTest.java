package org.nnpf.bitstream.nnpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nnpf.bitstream.BitstreamException;
import org.nnpf.bitstream.Hex;
import org.nnpf.common.nn.refine.ComponentRefinement;
import org.nnpf.common.nn.refine.FirShape;
import org.nnpf.common.nn.refine.Refinement;
import org.nnpf.common.nn.refine.RefinementProcess;

/** The refinement set syntax (docs/bitstream-syntax.md 4.5): golden vector, mirrored round trips, bad input. */
class NnpfRefinementSetTest {

  @Test
  void goldenVectorWrittenByHandFromTheSyntaxTable() {
    // type 4, version 1.1 | nnpfrs_ps_id 0 | num_hypotheses ue 1 "010" | chroma present "1"
    // Y: mode "10", log2 scale ue 6 "00111", shape ue 0 "1", classified "0", eg order ue 7 "0001000",
    //    weight 64 as sek(7): codeNum 127 -> "1" + "1111111"
    // Cb: mode 1 "01" | Cr: mode 0 "00"  -> 32 bits 0101 1000 1111 0000 1000 1111 1111 0100
    NnpfRefinementSet rs = new NnpfRefinementSet(0, new Refinement(1, List.of(
        ComponentRefinement.refined(1, 6, FirShape.NONE, false, new int[0], new int[][] {{64}}),
        ComponentRefinement.network(), ComponentRefinement.unfiltered())));
    byte[] golden = Hex.bytes("04 01 01 00 58 F0 8F F4");
    assertEquals(Hex.of(golden), Hex.of(NnpfMessageWriter.toBytes(rs)));
    assertEquals(rs, NnpfMessageReader.read(golden));
  }

  static ComponentRefinement randomComponent(Random rnd, int numHyp) {
    int mode = rnd.nextInt(3);
    if (mode == 0) {
      return ComponentRefinement.unfiltered();
    }
    if (mode == 1) {
      return ComponentRefinement.network();
    }
    FirShape shape = FirShape.values()[numHyp == 0 ? 1 + rnd.nextInt(2) : rnd.nextInt(3)];
    boolean classified = rnd.nextBoolean();
    int filters = classified ? 1 + rnd.nextInt(RefinementProcess.NUM_CLASSES) : 1;
    int[] idx = new int[RefinementProcess.NUM_CLASSES];
    for (int k = 0; k < idx.length; k++) {
      idx[k] = rnd.nextInt(filters);
    }
    int[][] co = new int[filters][numHyp + shape.taps()];
    int range = rnd.nextInt(4) == 0 ? 65536 : 1 << (1 + rnd.nextInt(12));
    for (int[] f : co) {
      for (int i = 0; i < f.length; i++) {
        f[i] = Math.max(RefinementProcess.MIN_COEFF, Math.min(RefinementProcess.MAX_COEFF, rnd.nextInt(range) - range / 2));
      }
    }
    return ComponentRefinement.refined(numHyp, rnd.nextInt(RefinementProcess.MAX_LOG2_SCALE + 1), shape, classified, idx, co);
  }

  static NnpfRefinementSet randomSet(Random rnd) {
    int numHyp = rnd.nextInt(3);
    List<ComponentRefinement> comps = new ArrayList<>();
    int n = rnd.nextBoolean() ? 3 : 1;
    for (int c = 0; c < n; c++) {
      comps.add(randomComponent(rnd, numHyp));
    }
    return new NnpfRefinementSet(rnd.nextInt(256), new Refinement(numHyp, comps));
  }

  @Test
  void randomSetsSurviveTheMirroredWriterAndReader() {
    Random rnd = new Random(11);
    for (int i = 0; i < 500; i++) {
      NnpfRefinementSet rs = randomSet(rnd);
      byte[] b = NnpfMessageWriter.toBytes(rs);
      assertEquals(rs, NnpfMessageReader.read(b), "set " + i);
      // the bits each component takes, as the encoder counts them, add up to the message
      long bits = 24 + 8 + ueBits(rs.refinement().numHypotheses()) + 1;
      for (ComponentRefinement c : rs.refinement().components()) {
        bits += NnpfMessageWriter.componentBits(c);
      }
      assertEquals((bits + 7) / 8, b.length, "set " + i);
    }
  }

  private static long ueBits(int v) {
    return 2L * (31 - Integer.numberOfLeadingZeros(v + 1)) + 1;
  }

  @Test
  void aRefinementSetInAVersion10MessageIsAnError() {
    byte[] b = Hex.bytes("04 01 00 00 58 F0 8F F4");
    BitstreamException e = assertThrows(BitstreamException.class, () -> NnpfMessageReader.read(b));
    assertEquals("nnpf_message_type", e.syntaxElement());
  }

  @Test
  void reservedModeOrShapeMakesALaterVersionMessageIgnored() {
    // Y mode 3 (reserved): 010 1 11 ...
    assertInstanceOf(UnsupportedNnpfMessage.class, NnpfMessageReader.read(Hex.bytes("04 01 01 00 5C 00")));
    // Y refined, scale 0 ("1"), shape ue 3 "00100" (reserved)
    // 010 1 10 1 00100 -> 0101 1010 0100 0000
    assertInstanceOf(UnsupportedNnpfMessage.class, NnpfMessageReader.read(Hex.bytes("04 01 01 00 5A 40")));
  }

  @Test
  void everyShapeAboveTwoIsReservedUpToTheLargestUeValueNotARangeError() {
    // docs/bitstream-syntax.md 5.5, 8: nnpfrs_fir_shape_idc 3 and above are reserved; a version 1.1
    // message holding one is ignored, whatever the value (here 2^31 and 2^32 - 2)
    for (long shape : new long[] {3, 1L << 31, (1L << 32) - 2}) {
      org.nnpf.bitstream.rbsp.BitWriter w = new org.nnpf.bitstream.rbsp.BitWriter();
      w.u(8, 4).u(8, 1).u(8, 1).u(8, 0).ue(1).flag(false).u(2, 2).ue(0).ue(shape).zeroAlignment();
      NnpfMessage m = NnpfMessageReader.read(w.toByteArray());
      assertInstanceOf(UnsupportedNnpfMessage.class, m, "shape " + shape);
    }
  }

  @Test
  void bytesAfterARefinementSetAreSkippedAndTheSetIsRead() {
    // a refinement set always has nnpf_version_minor >= 1: bytes after its syntax are extension
    // bytes (section 8), never an error
    NnpfMessage plain = NnpfMessageReader.read(Hex.bytes("04 01 01 00 58 F0 8F F4"));
    assertEquals(plain, NnpfMessageReader.read(Hex.bytes("04 01 01 00 58 F0 8F F4 E0 E1 E2")));
    // the same at minor version 2
    assertEquals(plain, NnpfMessageReader.read(Hex.bytes("04 01 02 00 58 F0 8F F4 00")));
  }

  @Test
  void valuesOutsideTheirRangesAreErrorsNamingTheElement() {
    // log2 scale 16: ue codeNum 16 -> 000010001; 010 1 10 000010001 ...
    BitstreamException e = assertThrows(BitstreamException.class,
        () -> NnpfMessageReader.read(bits("010" + "1" + "10" + "000010001" + "1" + "0" + "1" + "1" + "00" + "00")));
    assertEquals("nnpfrs_log2_scale[0]", e.syntaxElement());
    // a filter index equal to the number of filters: 2 filters (ue 1 "010"), index u(1) = 1 is fine, so use 3 filters
    // (ue 2 "011") with 2-bit index 3
    String head = "010" + "0" + "10" + "1" + "1" + "1" + "011";
    e = assertThrows(BitstreamException.class, () -> NnpfMessageReader.read(bits(head + "11" + "0".repeat(40))));
    assertEquals("nnpfrs_filter_idx[0][0]", e.syntaxElement());
    // coefficient 40000 (order 0): codeNum 79999
    String coeff = "0".repeat(16) + "1" + String.format("%16s", Integer.toBinaryString(79999 + 1 - 65536)).replace(' ', '0');
    e = assertThrows(BitstreamException.class,
        () -> NnpfMessageReader.read(bits("010" + "0" + "10" + "1" + "1" + "0" + "1" + coeff + coeff)));
    assertTrue(e.syntaxElement().startsWith("nnpfrs_coeff[0][0]"), e.syntaxElement());
    // no hypothesis and no FIR: nothing to weigh
    e = assertThrows(BitstreamException.class,
        () -> NnpfMessageReader.read(bits("1" + "0" + "10" + "1" + "1" + "0" + "1")));
    assertEquals("nnpfrs_fir_shape_idc[0]", e.syntaxElement());
  }

  /** A version 1.1 refinement set for parameter set 0 whose body is {@code body} (padded with zero bits). */
  private static byte[] bits(String body) {
    String s = "00000100" + "00000001" + "00000001" + "00000000" + body;
    s += "0".repeat((8 - s.length() % 8) % 8);
    byte[] b = new byte[s.length() / 8];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) Integer.parseInt(s.substring(8 * i, 8 * i + 8), 2);
    }
    return b;
  }

  @Test
  void structuresOutsideTheRangesCannotBeBuilt() {
    assertThrows(IllegalArgumentException.class,
        () -> ComponentRefinement.refined(1, 16, FirShape.NONE, false, new int[0], new int[][] {{1}}));
    assertThrows(IllegalArgumentException.class,
        () -> ComponentRefinement.refined(1, 6, FirShape.NONE, false, new int[0], new int[][] {{40000}}));
    assertThrows(IllegalArgumentException.class,
        () -> ComponentRefinement.refined(1, 6, FirShape.DIAMOND5, false, new int[0], new int[][] {{1}}));
    assertThrows(IllegalArgumentException.class, () -> new Refinement(2, List.of(
        ComponentRefinement.refined(1, 6, FirShape.NONE, false, new int[0], new int[][] {{1}}))));
    assertThrows(IllegalArgumentException.class, () -> new NnpfRefinementSet(256,
        new Refinement(0, List.of(ComponentRefinement.unfiltered()))));
  }
}
