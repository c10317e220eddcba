package org.nnpf.bitstream.nnpf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nnpf.bitstream.BitstreamException;
import org.nnpf.bitstream.Hex;
import org.nnpf.common.nn.refine.BlockMap;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;

/** The block map syntax (docs/bitstream-syntax.md 4.6) and its application to a picture. */
class NnpfBlockMapTest {

  @Test
  void goldenVectorWrittenByHandFromTheSyntaxTable() {
    // type 5, version 1.1 | nbm_target_id 0 | log2 size 5: ue 1 "010" | chroma "1"
    // Y: present "1", first 0 "0", 2 closed runs ue "011", runs 3 (ue 2 "011") and 1 (ue 0 "1")
    // Cb: present "0" | Cr: present "1", first 1 "1", 0 closed runs ue "1"
    // 010 1 1 0 011 011 1 0 1 1 1 -> 0101 1001 1011 1000 0 -> 59 BB 80
    NnpfBlockMap m = new NnpfBlockMap(0, new BlockMap(5, List.of(
        Optional.of(new BlockMap.Runs(false, new int[] {3, 1})), Optional.empty(),
        Optional.of(new BlockMap.Runs(true, new int[0])))));
    byte[] golden = Hex.bytes("05 01 01 00 59 BB 80");
    assertEquals(Hex.of(golden), Hex.of(NnpfMessageWriter.toBytes(m)));
    assertEquals(m, NnpfMessageReader.read(golden));
  }

  @Test
  void randomMapsSurviveTheMirroredWriterAndReaderAndExpandToTheirFlags() {
    Random rnd = new Random(3);
    for (int i = 0; i < 300; i++) {
      int blocks = 1 + rnd.nextInt(200);
      int comps = rnd.nextBoolean() ? 3 : 1;
      boolean[][] flags = new boolean[comps][];
      for (int c = 0; c < comps; c++) {
        if (rnd.nextInt(3) > 0) {
          flags[c] = new boolean[blocks];
          double p = rnd.nextDouble();
          for (int b = 0; b < blocks; b++) {
            flags[c][b] = rnd.nextDouble() < p;
          }
        }
      }
      BlockMap map = BlockMap.of(4 + rnd.nextInt(5), flags);
      NnpfBlockMap m = new NnpfBlockMap(rnd.nextInt(256), map);
      NnpfBlockMap back = (NnpfBlockMap) NnpfMessageReader.read(NnpfMessageWriter.toBytes(m));
      assertEquals(m, back);
      for (int c = 0; c < comps; c++) {
        if (flags[c] != null) {
          assertArrayEquals(flags[c], back.map().runs(c).orElseThrow().expand(blocks));
        }
      }
    }
  }

  @Test
  void bytesAfterABlockMapAreSkippedAndTheMapIsRead() {
    NnpfMessage plain = NnpfMessageReader.read(Hex.bytes("05 01 01 00 59 BB 80"));
    assertEquals(plain, NnpfMessageReader.read(Hex.bytes("05 01 01 00 59 BB 80 E0 E1")));
  }

  @Test
  void closedRunsReachingMaxBlocksAreAnErrorAtTheRunThatReachesIt() {
    // docs/bitstream-syntax.md 5.6: runs 2^20 - 1 and 1 cover 2^20 blocks: error at the second run, parse time
    org.nnpf.bitstream.rbsp.BitWriter w = new org.nnpf.bitstream.rbsp.BitWriter();
    w.u(8, 5).u(8, 1).u(8, 1).u(8, 0).ue(0).flag(false).flag(true).flag(false).ue(2)
        .ue((1 << 20) - 2).ue(0).zeroAlignment();
    BitstreamException e = assertThrows(BitstreamException.class, () -> NnpfMessageReader.read(w.toByteArray()));
    assertEquals("nbm_run_length_minus1[0][1]", e.syntaxElement());
    // one block fewer is fine
    org.nnpf.bitstream.rbsp.BitWriter ok = new org.nnpf.bitstream.rbsp.BitWriter();
    ok.u(8, 5).u(8, 1).u(8, 1).u(8, 0).ue(0).flag(false).flag(true).flag(false).ue(2)
        .ue((1 << 20) - 3).ue(0).zeroAlignment();
    assertInstanceOf(NnpfBlockMap.class, NnpfMessageReader.read(ok.toByteArray()));
  }

  @Test
  void aMapInAVersion10MessageOrWithRunsBeyondTheLimitIsAnError() {
    BitstreamException e = assertThrows(BitstreamException.class, () -> NnpfMessageReader.read(Hex.bytes("05 01 00 00 59 BB 80")));
    assertEquals("nnpf_message_type", e.syntaxElement());
    // log2 size 9: ue 5 = "00110"
    e = assertThrows(BitstreamException.class, () -> NnpfMessageReader.read(Hex.bytes("05 01 01 00 30 00")));
    assertEquals("nbm_log2_block_size_minus4", e.syntaxElement());
    // 2^21 closed runs announced: outside the range; 1000 announced in a short message: rejected before any allocation
    for (long runs : new long[] {1L << 21, 1000}) {
      org.nnpf.bitstream.rbsp.BitWriter w = new org.nnpf.bitstream.rbsp.BitWriter();
      w.u(8, 5).u(8, 1).u(8, 1).u(8, 0).ue(0).flag(false).flag(true).flag(false).ue(runs).zeroAlignment();
      e = assertThrows(BitstreamException.class, () -> NnpfMessageReader.read(w.toByteArray()));
      assertEquals(runs > 1000 ? "nbm_num_runs_minus1[0]" : "nbm_run_length_minus1[0]", e.syntaxElement());
    }
  }

  @Test
  void offBlocksTakeTheDecodedSamplesWithHalfSizedChromaBlocksAndClippedEdgeBlocks() {
    // 40x20 4:2:0, 16x16 luma blocks: 3 x 2 blocks, the right column and bottom row clipped
    Picture dec = new Picture(40, 20, 8, ChromaFormat.CF420);
    Picture filt = new Picture(40, 20, 8, ChromaFormat.CF420);
    for (int c = 0; c < 3; c++) {
      dec.plane(c).fill(10);
      filt.plane(c).fill(200);
    }
    // luma: block 1 (x 16..31, y 0..15) and block 5 (x 32..39, y 16..19) off; Cr: block 3 off (chroma x 0..7, y 8..9)
    BlockMap map = BlockMap.of(4, new boolean[] {true, false, true, true, true, false}, null,
        new boolean[] {true, true, true, false, true, true});
    Picture out = map.apply(dec, filt);
    for (int y = 0; y < 20; y++) {
      for (int x = 0; x < 40; x++) {
        boolean off = (y < 16 && x >= 16 && x < 32) || (y >= 16 && x >= 32);
        assertEquals(off ? 10 : 200, out.plane(0).get(x, y), x + "," + y);
      }
    }
    for (int y = 0; y < 10; y++) {
      for (int x = 0; x < 20; x++) {
        assertEquals(200, out.plane(1).get(x, y));
        assertEquals(y >= 8 && x < 8 ? 10 : 200, out.plane(2).get(x, y), x + "," + y);
      }
    }
    // the closed runs must leave a block for the open last run
    BlockMap tooLong = new BlockMap(4, List.of(Optional.of(new BlockMap.Runs(true, new int[] {6})), Optional.empty(),
        Optional.empty()));
    assertThrows(IllegalArgumentException.class, () -> tooLong.apply(dec, filt));
  }
}
