package org.nnpf.common.content;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nnpf.common.codec.BaseCodec;
import org.nnpf.common.codec.BaseDecoder;
import org.nnpf.common.codec.BaseEncoder;
import org.nnpf.common.codec.EncodedStream;
import org.nnpf.common.codec.EncoderConfig;
import org.nnpf.common.io.SequenceInfo;
import org.nnpf.common.metrics.PicturePsnr;
import org.nnpf.common.metrics.PsnrAccumulator;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;

/**
 * The synthetic content compresses like real video: HEVC at QP 37 gives the luma PSNR of natural
 * test sequences (real CIF/QCIF sequences give about 27..33 dB there, flat or pure-noise pictures
 * far above or below), and lower QPs give higher PSNR at higher rates.
 */
class SyntheticContentCodingTest {

  @ParameterizedTest(name = "{0}x{1} {2}-bit seed {3}")
  @CsvSource({"176, 144, 8, 3", "176, 144, 10, 4"})
  void hevcAtQp37GivesThePsnrOfNaturalVideoAndQp27DoesBetter(int w, int h, int bitDepth, long seed) {
    SequenceInfo info = new SequenceInfo(w, h, bitDepth, ChromaFormat.CF420, 30, 1, 9);
    List<Picture> src = new ArrayList<>();
    SyntheticSource s = new SyntheticSource(info, seed);
    for (Picture p = s.next(); p != null; p = s.next()) {
      src.add(p);
    }
    EncoderConfig.Builder cfg =
        EncoderConfig.builder().codec(BaseCodec.HEVC).sequence(info).preset("veryfast").threads(1);
    double[] psnr = new double[2];
    int[] bytes = new int[2];
    int[] qps = {37, 27};
    for (int k = 0; k < 2; k++) {
      EncodedStream stream = BaseEncoder.encode(cfg.qp(qps[k]).build(), src);
      List<Picture> rec = BaseDecoder.decodeAll(stream.bytes(), BaseCodec.HEVC, 1);
      PsnrAccumulator acc = new PsnrAccumulator();
      for (int i = 0; i < src.size(); i++) {
        acc.add(PicturePsnr.of(src.get(i), rec.get(i)));
      }
      psnr[k] = acc.averagePsnr(0);
      bytes[k] = stream.size();
    }
    assertTrue(psnr[0] > 29 && psnr[0] < 37, "luma PSNR at QP 37: " + psnr[0]);
    assertTrue(psnr[1] > psnr[0] + 3, "QP 27 " + psnr[1] + " vs QP 37 " + psnr[0]);
    assertTrue(bytes[1] > 2 * bytes[0], "bytes at QP 27 " + bytes[1] + " vs QP 37 " + bytes[0]);
  }
}
