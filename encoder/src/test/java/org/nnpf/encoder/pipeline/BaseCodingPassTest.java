package org.nnpf.encoder.pipeline;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nnpf.common.codec.BaseCodec;
import org.nnpf.common.codec.BaseDecoder;
import org.nnpf.common.codec.CodingStructure;
import org.nnpf.common.codec.EncoderConfig;
import org.nnpf.common.content.SyntheticSource;
import org.nnpf.common.io.SequenceInfo;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;

class BaseCodingPassTest {
  private static List<Picture> sequence(int n) {
    SequenceInfo info = new SequenceInfo(64, 48, 8, ChromaFormat.CF420, 30, 1, n);
    List<Picture> l = new ArrayList<>();
    try (SyntheticSource src = new SyntheticSource(info, 3)) {
      for (Picture p = src.next(); p != null; p = src.next()) {
        l.add(p);
      }
    }
    return l;
  }

  private static EncoderConfig config(int qp, List<Picture> seq) {
    return EncoderConfig.builder().codec(BaseCodec.HEVC).qp(qp).structure(CodingStructure.RANDOM_ACCESS)
        .sequence(new SequenceInfo(64, 48, 8, ChromaFormat.CF420, 30, 1, seq.size())).build();
  }

  @Test
  void decodedPicturesAreTheBaseStreamsInOutputOrderWithCodingOrderTables() {
    List<Picture> seq = sequence(9);
    int[] progress = {0};
    try (Resources owned = new Resources()) {
      BaseCodingPass.Result r = BaseCodingPass.run(config(37, seq), seq, n -> progress[0] = n, owned);
      assertEquals(9, progress[0]);
      assertEquals(BaseDecoder.decodeAll(r.stream().bytes(), BaseCodec.HEVC, 1), r.decoded(),
          "the decoded pictures (from their temporary file) are the stream's");
      int[] sorted = r.codingIndexOf().clone();
      java.util.Arrays.sort(sorted);
      assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8}, sorted, "coding indices: a permutation");
      assertTrue(r.codingIndexOf()[8] < 8, "random access codes a later picture before an earlier one");
      long bits = 0;
      for (int d = 0; d < 9; d++) {
        assertNotNull(r.sliceOf()[d]);
        bits += r.bitsOf()[d];
      }
      assertTrue(bits > 0 && bits <= r.stream().bytes().length * 8L, bits + " bits");
    }
  }

  @Test
  void measuredLambdaIsTheSlopeOfTheBaseCodecsRdCurveAroundTheQp() {
    List<Picture> seq = sequence(5);
    double[] lo = LambdaPass.rdPoint(config(30, seq), seq);
    double[] hi = LambdaPass.rdPoint(config(34, seq), seq);
    assertTrue(lo[0] > hi[0] && lo[1] < hi[1], "fewer bits, more distortion at the higher QP");
    assertEquals((hi[1] - lo[1]) / (lo[0] - hi[0]), LambdaPass.measuredLambda(config(32, seq), seq), 1e-9);
  }
}
