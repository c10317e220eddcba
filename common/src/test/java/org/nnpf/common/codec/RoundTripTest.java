package org.nnpf.common.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;

/** Encode then decode generated content with every codec, bit depth and coding structure. */
class RoundTripTest {
  private static final int W = 96;
  private static final int H = 64;
  private static final int FRAMES = 17;

  static Stream<Arguments> combinations() {
    List<Arguments> out = new ArrayList<>();
    for (BaseCodec codec : List.of(BaseCodec.HEVC, BaseCodec.AVC)) {
      for (int bitDepth : new int[] {8, 10}) {
        for (CodingStructure s : CodingStructure.values()) {
          out.add(Arguments.of(codec, bitDepth, s));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {1}-bit {2}")
  @MethodSource("combinations")
  void encodeDecodeGivesEveryPictureInOrderAndTheSameBitsWithAnyThreadCount(
      BaseCodec codec, int bitDepth, CodingStructure s) {
    List<Picture> src = CodecTestSupport.pattern(W, H, bitDepth, ChromaFormat.CF420, FRAMES);
    EncoderConfig one = CodecTestSupport.config(codec, W, H, bitDepth).structure(s).threads(1).build();
    EncodedStream a = BaseEncoder.encode(one, src);
    EncodedStream again = BaseEncoder.encode(one, src);
    EncodedStream twoThreads = BaseEncoder.encode(one.toBuilder().threads(2).build(), src);

    assertArrayEquals(a.bytes(), again.bytes(), "second run");
    assertArrayEquals(a.bytes(), twoThreads.bytes(), "2 encoder threads");

    List<DecodedPicture> dec = new ArrayList<>();
    BaseDecoder.decode(a.bytes(), codec, 1, "test", dec::add);
    List<Picture> out1 = dec.stream().map(DecodedPicture::picture).toList();
    List<Picture> out2 = BaseDecoder.decodeAll(a.bytes(), codec, 2);
    assertEquals(FRAMES, out1.size(), "pictures decoded");
    assertEquals(CodecTestSupport.md5(out1), CodecTestSupport.md5(out2), "2 decoder threads");

    for (int i = 0; i < FRAMES; i++) {
      Picture p = out1.get(i);
      assertEquals(i, dec.get(i).outputIndex());
      assertTrue(p.sameFormat(src.get(i)), "format of picture " + i + ": " + p);
      double own = CodecTestSupport.psnr(src.get(i), p);
      if (i > 0) {
        assertTrue(own > CodecTestSupport.psnr(src.get(i - 1), p), "picture " + i + " is nearer its source than the previous one");
      }
      if (i + 1 < FRAMES) {
        assertTrue(own > CodecTestSupport.psnr(src.get(i + 1), p), "picture " + i + " is nearer its source than the next one");
      }
    }
    double psnr = CodecTestSupport.lumaPsnr(src, out1);
    assertTrue(psnr > 30 && psnr < 50, "luma PSNR at QP 32: " + psnr);

    SliceType[] byDisplay = new SliceType[FRAMES];
    for (CodedPictureInfo info : a.pictures()) {
      byDisplay[(int) info.displayIndex()] = info.sliceType();
    }
    for (int i = 0; i < FRAMES; i++) {
      SliceType expected =
          switch (s) {
            case ALL_INTRA -> SliceType.I;
            case LOW_DELAY_B -> i == 0 ? SliceType.I : SliceType.P;
            case RANDOM_ACCESS -> i == 0 ? SliceType.I : i % 8 == 0 ? SliceType.P : SliceType.B;
          };
      assertEquals(expected, byDisplay[i], "encoder's slice type of picture " + i);
      assertEquals(expected, dec.get(i).sliceType(), "decoder's slice type of picture " + i);
    }
  }
}
