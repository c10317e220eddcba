package org.nnpf.common.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nnpf.common.NnpfException;
import org.nnpf.common.io.SequenceInfo;
import org.nnpf.common.picture.ChromaFormat;

class EncoderConfigTest {
  private static EncoderConfig.Builder sized() {
    return EncoderConfig.builder().size(64, 64);
  }

  private static String error(EncoderConfig.Builder b) {
    return assertThrows(NnpfException.class, b::build).getMessage();
  }

  @Test
  void defaultsAreHevcQp32RandomAccessMediumOneThread8Bit420At30Fps() {
    EncoderConfig c = sized().build();
    assertEquals(BaseCodec.HEVC, c.codec());
    assertEquals(32, c.qp());
    assertEquals(CodingStructure.RANDOM_ACCESS, c.structure());
    assertEquals("medium", c.preset());
    assertEquals(1, c.threads());
    assertEquals(8, c.bitDepth());
    assertEquals(ChromaFormat.CF420, c.chromaFormat());
    assertEquals(30.0, c.fps());
    assertEquals(32, c.intraPeriod());
    assertEquals(0, c.decodedPictureHash());
  }

  @Test
  void randomAccessIntraPeriodIsTheMultipleOf8NearestOneSecond() {
    Map<Integer, Integer> expected = Map.of(30, 32, 25, 24, 24, 24, 50, 48, 60, 64, 10, 8, 1, 8);
    expected.forEach(
        (fps, period) -> assertEquals(period, sized().frameRate(fps).build().intraPeriod(), "at " + fps + " fps"));
    assertEquals(32, sized().frameRate(30000, 1001).build().intraPeriod());
    assertEquals(16, sized().intraPeriod(16).build().intraPeriod());
  }

  @Test
  void lowDelayCodesOnlyTheFirstPictureIntraUnlessAskedAndAllIntraEveryPicture() {
    assertEquals(-1, sized().structure(CodingStructure.LOW_DELAY_B).build().intraPeriod());
    assertEquals(20, sized().structure(CodingStructure.LOW_DELAY_B).intraPeriod(20).build().intraPeriod());
    assertEquals(1, sized().structure(CodingStructure.ALL_INTRA).build().intraPeriod());
    assertTrue(error(sized().structure(CodingStructure.ALL_INTRA).intraPeriod(8)).contains("all-intra"));
  }

  @Test
  void outOfRangeOptionsAreRejectedByName() {
    assertTrue(error(sized().qp(52)).contains("qp 52"));
    assertTrue(error(sized().qp(-1)).contains("qp -1"));
    assertTrue(error(sized().preset("turbo")).contains("preset 'turbo'"));
    assertTrue(error(sized().threads(0)).contains("threads 0"));
    assertTrue(error(sized().frameRate(0, 1)).contains("frame rate 0/1"));
    assertTrue(error(EncoderConfig.builder()).contains("picture size 0x0"));
    assertTrue(error(sized().intraPeriod(-2)).contains("intra period -2"));
    assertTrue(error(sized().decodedPictureHash(4)).contains("decoded picture hash 4"));
  }

  @Test
  void vvcCannotBeEncoded() {
    assertTrue(error(sized().codec(BaseCodec.VVC)).contains("VVC: there is no encoder"));
  }

  @Test
  void decodedPictureHashIsHevcOnly() {
    assertEquals(1, sized().decodedPictureHash(1).build().decodedPictureHash());
    assertTrue(error(sized().codec(BaseCodec.AVC).decodedPictureHash(1)).contains("only the HEVC encoder"));
  }

  @Test
  void formatsTheEncoderLacksAreRejectedNamingCodecAndFormat() {
    String m = error(sized().codec(BaseCodec.AVC).bitDepth(12));
    assertTrue(m.contains("AVC (libx264) cannot encode 420 12-bit"), m);
    assertTrue(m.contains("420 10-bit"), "lists what it takes: " + m);
    assertTrue(error(sized().bitDepth(9)).contains("HEVC (libx265) cannot encode 420 9-bit"));
    assertTrue(error(sized().bitDepth(16).chromaFormat(ChromaFormat.CF444)).contains("444 16-bit"));
  }

  @Test
  void sizesTheBitstreamCannotRepresentAreRejected() {
    String odd = error(EncoderConfig.builder().size(177, 99));
    assertTrue(odd.contains("177x99") && odd.contains("420") && odd.contains("multiple of 2x2"), odd);
    assertTrue(error(EncoderConfig.builder().size(33, 17).chromaFormat(ChromaFormat.CF422)).contains("multiple of 2x1"));
    EncoderConfig.builder().size(33, 17).chromaFormat(ChromaFormat.CF444).build();
    EncoderConfig.builder().size(33, 17).chromaFormat(ChromaFormat.CF400).build();
    assertTrue(error(EncoderConfig.builder().size(8, 64)).contains("at least 16"));
    EncoderConfig.builder().codec(BaseCodec.AVC).size(8, 8).build();
  }

  @Test
  void sequenceInfoSetsSizeFormatAndRate() {
    EncoderConfig c =
        EncoderConfig.builder().sequence(new SequenceInfo(176, 144, 10, ChromaFormat.CF444, 50, 1, 7)).build();
    assertEquals(176, c.width());
    assertEquals(144, c.height());
    assertEquals(10, c.bitDepth());
    assertEquals(ChromaFormat.CF444, c.chromaFormat());
    assertEquals(50, c.fpsNum());
    assertEquals(48, c.intraPeriod());
    assertEquals(new SequenceInfo(176, 144, 10, ChromaFormat.CF444, 50, 1, -1), c.sequenceInfo());
  }

  @Test
  void toBuilderRebuildsAnEqualConfiguration() {
    EncoderConfig c = sized().codec(BaseCodec.AVC).qp(27).structure(CodingStructure.LOW_DELAY_B).preset("FAST").threads(2).build();
    assertEquals("fast", c.preset());
    assertEquals(c, c.toBuilder().build());
    assertEquals(c.hashCode(), c.toBuilder().build().hashCode());
    EncoderConfig ai = sized().structure(CodingStructure.ALL_INTRA).build();
    assertEquals(ai, ai.toBuilder().build());
  }

  @Test
  void encoderOptionsPinEverythingTheBitstreamCouldDependOnBesidesTheConfiguration() {
    Map<String, String> x265 = EncoderOptions.x265(sized().threads(4).build());
    assertEquals("1", x265.get("frame-threads"));
    assertEquals("4", x265.get("pools"));
    assertEquals("0", x265.get("lookahead-slices"));
    assertEquals("1", x265.get("wpp"));
    assertEquals("0", x265.get("info"));
    assertEquals("7", x265.get("bframes"));
    assertEquals("0", x265.get("b-adapt"));
    assertEquals("0", x265.get("scenecut"));
    assertEquals("0", x265.get("open-gop"));
    assertEquals("32", x265.get("keyint"));
    Map<String, String> x264 = EncoderOptions.x264(sized().codec(BaseCodec.AVC).threads(4).bitDepth(10).qp(30).build());
    assertEquals("1", x264.get("threads"));
    assertEquals("42", x264.get("qp"), "x264 takes 10-bit QPs in its extended range");
    assertEquals("infinite", EncoderOptions.x264(sized().codec(BaseCodec.AVC).structure(CodingStructure.LOW_DELAY_B).build()).get("keyint"));
    assertEquals("0", EncoderOptions.x264(sized().codec(BaseCodec.AVC).structure(CodingStructure.LOW_DELAY_B).build()).get("bframes"));
  }

  @Test
  void namesParseLikeHmAndFfmpegSpellThem() {
    assertEquals(BaseCodec.HEVC, BaseCodec.parse("H265"));
    assertEquals(BaseCodec.AVC, BaseCodec.parse("h.264"));
    assertEquals(BaseCodec.VVC, BaseCodec.parse("vvc"));
    assertEquals(CodingStructure.LOW_DELAY_B, CodingStructure.parse("LDB"));
    assertEquals(CodingStructure.RANDOM_ACCESS, CodingStructure.parse("random-access"));
    assertThrows(IllegalArgumentException.class, () -> BaseCodec.parse("vp9"));
    assertThrows(IllegalArgumentException.class, () -> CodingStructure.parse("gop"));
  }
}
