package org.nnpf.common.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;

/** Every chroma format and bit depth each encoder takes, and sizes that are not multiples of 8. */
class ChromaFormatAndSizeTest {
  static Stream<Arguments> formats() {
    List<Arguments> out = new ArrayList<>();
    for (ChromaFormat cf : ChromaFormat.values()) {
      for (int bd : new int[] {8, 10, 12}) {
        out.add(Arguments.of(BaseCodec.HEVC, cf, bd));
        if (bd < 12) {
          out.add(Arguments.of(BaseCodec.AVC, cf, bd));
        }
      }
    }
    return out.stream();
  }

  private static void roundTrip(BaseCodec codec, int w, int h, int bd, ChromaFormat cf) {
    List<Picture> src = CodecTestSupport.pattern(w, h, bd, cf, 3);
    EncoderConfig c = CodecTestSupport.config(codec, w, h, bd).chromaFormat(cf).preset("ultrafast").build();
    List<Picture> out = BaseDecoder.decodeAll(BaseEncoder.encode(c, src).bytes(), codec, 1);
    assertEquals(3, out.size());
    for (Picture p : out) {
      assertTrue(p.sameFormat(src.get(0)), "decoded " + p + ", coded " + src.get(0));
    }
    for (int plane = 0; plane < cf.planeCount(); plane++) {
      double psnr = CodecTestSupport.planePsnr(src, out, plane);
      assertTrue(psnr > 25, codec + " " + cf + " " + bd + "-bit " + w + "x" + h + " plane " + plane + ": " + psnr);
    }
  }

  @ParameterizedTest(name = "{0} {1} {2}-bit")
  @MethodSource("formats")
  void everyFormatTheEncoderTakesComesBackInTheSameFormat(BaseCodec codec, ChromaFormat cf, int bd) {
    assertTrue(EncoderSupport.supports(codec, bd, cf), codec + " " + cf + " " + bd);
    roundTrip(codec, 64, 48, bd, cf);
  }

  @Test
  void sizesThatAreNotMultiplesOfTheBlockSizeAreCodedWithAConformanceWindow() {
    for (BaseCodec codec : List.of(BaseCodec.HEVC, BaseCodec.AVC)) {
      roundTrip(codec, 178, 98, 8, ChromaFormat.CF420);
      roundTrip(codec, 178, 98, 10, ChromaFormat.CF420);
      roundTrip(codec, 33, 17, 8, ChromaFormat.CF444);
      roundTrip(codec, 33, 17, 10, ChromaFormat.CF400);
      roundTrip(codec, 34, 17, 8, ChromaFormat.CF422);
    }
    roundTrip(BaseCodec.AVC, 2, 2, 8, ChromaFormat.CF420);
    roundTrip(BaseCodec.HEVC, 16, 16, 8, ChromaFormat.CF420);
  }

  @Test
  void theEncodersReportTheFormatsOfThisFfmpegBuild() {
    assertEquals(12, EncoderSupport.formatNames(BaseCodec.HEVC).size(), EncoderSupport.formatNames(BaseCodec.HEVC).toString());
    assertEquals(8, EncoderSupport.formatNames(BaseCodec.AVC).size(), EncoderSupport.formatNames(BaseCodec.AVC).toString());
    assertEquals(List.of(), EncoderSupport.formatNames(BaseCodec.VVC));
  }
}
