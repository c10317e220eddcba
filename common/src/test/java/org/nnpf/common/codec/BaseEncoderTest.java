package org.nnpf.common.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nnpf.common.NnpfException;
import org.nnpf.common.io.PictureSource;
import org.nnpf.common.io.SequenceInfo;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;

class BaseEncoderTest {
  private static final List<Picture> SRC = CodecTestSupport.pattern(96, 64, 8, ChromaFormat.CF420, 17);

  /** NAL unit types of the NAL units in {@code data[from, to)}. */
  static List<Integer> nalTypes(byte[] data, int from, int to, BaseCodec codec) {
    List<Integer> types = new ArrayList<>();
    for (int i = from; i + 3 < to; i++) {
      if (data[i] == 0 && data[i + 1] == 0 && data[i + 2] == 1) {
        int b = data[i + 3] & 0xFF;
        types.add(codec == BaseCodec.HEVC ? (b >> 1) & 0x3F : b & 0x1F);
        i += 2;
      }
    }
    return types;
  }

  @ParameterizedTest
  @EnumSource(value = BaseCodec.class, names = {"HEVC", "AVC"})
  void accessUnitsAreContiguousAnnexBWithParameterSetsBeforeEveryIntraPicture(BaseCodec codec) {
    EncodedStream s = BaseEncoder.encode(CodecTestSupport.config(codec, 96, 64, 8).intraPeriod(8).build(), SRC);
    byte[] b = s.bytes();
    long offset = 0;
    Set<Long> display = new HashSet<>();
    for (CodedPictureInfo p : s.pictures()) {
      assertEquals(offset, p.offset(), "offset of access unit " + p.codingIndex());
      int o = (int) p.offset();
      assertTrue(b[o] == 0 && b[o + 1] == 0 && (b[o + 2] == 1 || (b[o + 2] == 0 && b[o + 3] == 1)),
          "access unit " + p.codingIndex() + " starts with a start code");
      List<Integer> types = nalTypes(b, o, o + p.size(), codec);
      if (p.sliceType() == SliceType.I) {
        List<Integer> paramSets = codec == BaseCodec.HEVC ? List.of(32, 33, 34) : List.of(7, 8);
        assertTrue(types.containsAll(paramSets), "parameter sets in intra access unit " + p.codingIndex() + ": " + types);
        assertEquals(0, p.displayIndex() % 8, "intra period 8");
      }
      offset += p.size();
      display.add(p.displayIndex());
    }
    assertEquals(b.length, offset, "sizes add up to the stream length");
    assertEquals(17, display.size());
    assertEquals(16L, display.stream().mapToLong(Long::longValue).max().orElseThrow());
    assertEquals(b.length * 8.0 * 30 / 1000 / 17, s.bitrateKbps(), 1e-9);
  }

  @Test
  void anOutputStreamReceivesTheSameBytesAsTheInMemoryEncoder() {
    EncoderConfig c = CodecTestSupport.config(BaseCodec.HEVC, 96, 64, 8).build();
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    try (BaseEncoder enc = new BaseEncoder(c, sink)) {
      SRC.forEach(enc::encode);
      enc.flush();
      assertEquals(17, enc.pictures().size());
      assertEquals(sink.size(), enc.bytesOut());
      assertThrows(IllegalStateException.class, enc::stream);
    }
    assertArrayEquals(BaseEncoder.encode(c, SRC).bytes(), sink.toByteArray());
  }

  @Test
  void lowerQpGivesMoreBitsAndHigherPsnrInAPlausibleRange() {
    for (BaseCodec codec : List.of(BaseCodec.HEVC, BaseCodec.AVC)) {
      EncodedStream q22 = BaseEncoder.encode(CodecTestSupport.config(codec, 96, 64, 8).qp(22).build(), SRC);
      EncodedStream q37 = BaseEncoder.encode(CodecTestSupport.config(codec, 96, 64, 8).qp(37).build(), SRC);
      double p22 = CodecTestSupport.lumaPsnr(SRC, BaseDecoder.decodeAll(q22.bytes(), codec, 1));
      double p37 = CodecTestSupport.lumaPsnr(SRC, BaseDecoder.decodeAll(q37.bytes(), codec, 1));
      assertTrue(p22 > p37 + 5, codec + ": QP 22 " + p22 + " dB vs QP 37 " + p37 + " dB");
      assertTrue(p22 > 40 && p22 < 55, codec + " QP 22: " + p22);
      assertTrue(p37 > 28 && p37 < 40, codec + " QP 37: " + p37);
      assertTrue(q22.size() > 2 * q37.size(), codec + ": " + q22.size() + " vs " + q37.size() + " bytes");
    }
  }

  @Test
  void tenBitEncodingAtTheSameQpGivesAboutTheSameQuality() {
    List<Picture> src10 = CodecTestSupport.pattern(96, 64, 10, ChromaFormat.CF420, 9);
    List<Picture> src8 = SRC.subList(0, 9);
    for (BaseCodec codec : List.of(BaseCodec.HEVC, BaseCodec.AVC)) {
      double p8 = CodecTestSupport.lumaPsnr(src8, BaseDecoder.decodeAll(
          BaseEncoder.encode(CodecTestSupport.config(codec, 96, 64, 8).build(), src8).bytes(), codec, 1));
      double p10 = CodecTestSupport.lumaPsnr(src10, BaseDecoder.decodeAll(
          BaseEncoder.encode(CodecTestSupport.config(codec, 96, 64, 10).build(), src10).bytes(), codec, 1));
      assertEquals(p8, p10, 1.5, codec + ": the QP means the same at both bit depths");
    }
  }

  @Test
  void decodedPictureHashSeiIsWrittenAndCheckedByTheDecoder() {
    EncodedStream s = BaseEncoder.encode(CodecTestSupport.config(BaseCodec.HEVC, 96, 64, 8).decodedPictureHash(1).build(), SRC);
    byte[] b = s.bytes();
    for (CodedPictureInfo p : s.pictures()) {
      assertTrue(nalTypes(b, (int) p.offset(), (int) (p.offset() + p.size()), BaseCodec.HEVC).contains(40),
          "suffix SEI in access unit " + p.codingIndex());
    }
    assertEquals(17, BaseDecoder.decodeAll(b, BaseCodec.HEVC, 1).size());
  }

  @Test
  void picturesNotMatchingTheConfigurationAreRejected() {
    try (BaseEncoder enc = new BaseEncoder(CodecTestSupport.config(BaseCodec.HEVC, 96, 64, 8).build())) {
      String m = assertThrows(NnpfException.class, () -> enc.encode(new Picture(64, 64, 8, ChromaFormat.CF420))).getMessage();
      assertTrue(m.contains("picture 0 is 64x64") && m.contains("96x64"), m);
      Picture hot = new Picture(96, 64, 8, ChromaFormat.CF420);
      hot.plane(2).set(5, 5, 256);
      m = assertThrows(NnpfException.class, () -> enc.encode(hot)).getMessage();
      assertTrue(m.contains("plane 2") && m.contains("8-bit maximum 255"), m);
    }
    try (BaseEncoder enc = new BaseEncoder(CodecTestSupport.config(BaseCodec.AVC, 96, 64, 10).build())) {
      Picture hot = new Picture(96, 64, 10, ChromaFormat.CF420);
      hot.plane(0).set(0, 0, 1024);
      assertTrue(assertThrows(NnpfException.class, () -> enc.encode(hot)).getMessage().contains("10-bit maximum 1023"));
    }
  }

  @Test
  void encodingAfterFlushOrCloseIsAnError() {
    BaseEncoder enc = new BaseEncoder(CodecTestSupport.config(BaseCodec.AVC, 96, 64, 8).build());
    enc.encode(SRC.get(0));
    enc.flush();
    assertThrows(IllegalStateException.class, () -> enc.encode(SRC.get(1)));
    assertEquals(1, enc.result().pictureCount());
    enc.close();
    enc.close();
    assertThrows(IllegalStateException.class, enc::flush);
  }

  @Test
  void aStreamIsWrittenToAFileWithoutLeavingATemporaryFile(@TempDir Path dir) throws IOException {
    EncodedStream s = BaseEncoder.encode(CodecTestSupport.config(BaseCodec.HEVC, 96, 64, 8).build(), SRC.subList(0, 3));
    Path f = dir.resolve("out.265");
    s.writeTo(f);
    assertArrayEquals(s.bytes(), Files.readAllBytes(f));
    try (var list = Files.list(dir)) {
      assertEquals(List.of(f), list.toList());
    }
    String m = assertThrows(NnpfException.class, () -> s.writeTo(dir.resolve("missing/out.265"))).getMessage();
    assertTrue(m.contains("missing/out.265"), m);
  }

  @Test
  void aPictureSourceIsEncodedUpToTheRequestedCount() throws IOException {
    Iterator<Picture> it = SRC.iterator();
    PictureSource src =
        new PictureSource() {
          @Override
          public SequenceInfo info() {
            return new SequenceInfo(96, 64, 8, ChromaFormat.CF420, 30, 1, SRC.size());
          }

          @Override
          public Picture next() {
            return it.hasNext() ? it.next() : null;
          }

          @Override
          public void close() {}
        };
    EncoderConfig c = EncoderConfig.builder().sequence(src.info()).preset("veryfast").build();
    assertEquals(10, BaseEncoder.encode(c, src, 10).pictureCount());
    assertEquals(7, BaseEncoder.encode(c, src, -1).pictureCount());
    assertFalse(it.hasNext());
  }
}
