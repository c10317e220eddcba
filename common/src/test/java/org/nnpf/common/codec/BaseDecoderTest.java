package org.nnpf.common.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnpf.common.NnpfException;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;

class BaseDecoderTest {
  private static final List<Picture> SRC = CodecTestSupport.pattern(96, 64, 8, ChromaFormat.CF420, 9);
  private static final EncodedStream HEVC = BaseEncoder.encode(CodecTestSupport.config(BaseCodec.HEVC, 96, 64, 8).build(), SRC);
  private static final EncodedStream AVC = BaseEncoder.encode(CodecTestSupport.config(BaseCodec.AVC, 96, 64, 8).build(), SRC);

  private static String failure(byte[] data, BaseCodec codec, String name) {
    return assertThrows(NnpfException.class, () -> BaseDecoder.decode(data, codec, 1, name, p -> {})).getMessage();
  }

  @Test
  void garbageIsAnErrorNamingTheInputAndFfmpegsReason() {
    byte[] garbage = new byte[5000];
    new Random(7).nextBytes(garbage);
    String m = failure(garbage, BaseCodec.HEVC, "noise.bin");
    assertTrue(m.startsWith("noise.bin: HEVC decoding failed") && m.contains("Invalid data"), m);
    m = failure(garbage, BaseCodec.AVC, "noise.bin");
    assertTrue(m.startsWith("noise.bin: AVC decoding failed"), m);
    m = failure(garbage, null, "noise.bin");
    assertTrue(m.contains("noise.bin: not an Annex-B HEVC, AVC or VVC stream"), m);
  }

  @Test
  void aStreamCutInsideASliceIsAnErrorNamingTheAccessUnit() {
    EncodedStream hashed =
        BaseEncoder.encode(CodecTestSupport.config(BaseCodec.HEVC, 96, 64, 8).decodedPictureHash(1).build(), SRC);
    for (EncodedStream s : List.of(hashed, AVC)) {
      CodedPictureInfo p = s.pictures().get(4);
      byte[] cut = Arrays.copyOf(s.bytes(), (int) (p.offset() + p.size() / 2));
      String m = failure(cut, s.config().codec(), "cut.bin");
      assertTrue(m.startsWith("cut.bin: " + s.config().codec() + " decoding failed at access unit 4 "), m);
    }
  }

  @Test
  void anAccessUnitWithoutAPictureHashAfterOnesWithAHashIsAnError() {
    EncodedStream s =
        BaseEncoder.encode(CodecTestSupport.config(BaseCodec.HEVC, 96, 64, 8).decodedPictureHash(1).build(), SRC);
    byte[] b = s.bytes();
    CodedPictureInfo p = s.pictures().get(3);
    int end = (int) (p.offset() + p.size());
    int sei = end - 1;
    while (!(b[sei] == 0 && b[sei + 1] == 0 && b[sei + 2] == 1 && ((b[sei + 3] >> 1) & 0x3F) == 40)) {
      sei--;
    }
    while (b[sei - 1] == 0) {
      sei--;
    }
    byte[] without = new byte[b.length - (end - sei)];
    System.arraycopy(b, 0, without, 0, sei);
    System.arraycopy(b, end, without, sei, b.length - end);
    String m = failure(without, BaseCodec.HEVC, "nohash.265");
    assertTrue(m.startsWith("nohash.265: HEVC decoding failed at access unit 3 ") && m.contains("no decoded picture hash SEI"), m);
  }

  @Test
  void aDamagedPictureIsCaughtByTheDecodedPictureHash() {
    EncodedStream s = BaseEncoder.encode(CodecTestSupport.config(BaseCodec.HEVC, 96, 64, 8).decodedPictureHash(1).build(), SRC);
    byte[] b = s.bytes();
    CodedPictureInfo p = s.pictures().get(1);
    b[(int) (p.offset() + p.size() / 2)] ^= 0x10;
    String m = failure(b, BaseCodec.HEVC, "damaged.265");
    assertTrue(m.startsWith("damaged.265: HEVC decoding failed at access unit"), m);
  }

  @Test
  void emptyInputAndTheWrongCodecGiveNoPictureAndAnError() {
    assertTrue(failure(new byte[0], BaseCodec.HEVC, "empty").contains("empty: no HEVC picture decoded from 0 bytes"));
    assertTrue(failure(HEVC.bytes(), BaseCodec.AVC, "x.265").startsWith("x.265: AVC decoding failed"));
    assertTrue(failure(AVC.bytes(), BaseCodec.HEVC, "x.264").startsWith("x.264: HEVC decoding failed"));
    assertTrue(failure(HEVC.bytes(), BaseCodec.VVC, "x.265").contains("no VVC picture decoded"));
  }

  @Test
  void theCodecIsRecognisedFromTheFirstParameterSet() {
    assertEquals(Optional.of(BaseCodec.HEVC), BaseCodec.detect(HEVC.bytes(), HEVC.size()));
    assertEquals(Optional.of(BaseCodec.AVC), BaseCodec.detect(AVC.bytes(), AVC.size()));
    // an H.266 SPS (nal_unit_type 15) in layer 0, temporal id 0, after an access unit delimiter (20)
    byte[] vvc = {0, 0, 0, 1, 0, (byte) (20 << 3 | 1), 0x10, 0, 0, 1, 0, (byte) (15 << 3 | 1), 0, 0};
    assertEquals(Optional.of(BaseCodec.VVC), BaseCodec.detect(vvc, vvc.length));
    assertEquals(Optional.empty(), BaseCodec.detect(new byte[] {0, 0, 1, 0x09, 0x10}, 5));
    assertEquals(SRC.size(), BaseDecoder.decodeAll(AVC.bytes(), null, 1).size());
  }

  @Test
  void feedingAnyPieceSizesGivesTheSamePictures() {
    String whole = CodecTestSupport.md5(BaseDecoder.decodeAll(HEVC.bytes(), BaseCodec.HEVC, 1));
    for (int piece : new int[] {1, 7, 1000, BaseDecoder.CHUNK + 3}) {
      List<Picture> out = new ArrayList<>();
      try (BaseDecoder d = new BaseDecoder(BaseCodec.HEVC, 1, "pieces")) {
        byte[] b = HEVC.bytes();
        for (int o = 0; o < b.length; o += piece) {
          d.feed(b, o, Math.min(piece, b.length - o), p -> out.add(p.picture()));
        }
        d.finish(p -> out.add(p.picture()));
        assertEquals(HEVC.pictureCount(), d.accessUnits());
      }
      assertEquals(whole, CodecTestSupport.md5(out), "pieces of " + piece);
    }
  }

  @Test
  void streamsAndFilesAreDecodedWithTheCodecRecognised(@TempDir Path dir) throws IOException {
    List<DecodedPicture> fromStream = new ArrayList<>();
    BaseDecoder.decode(new ByteArrayInputStream(AVC.bytes()), null, 2, "pipe", fromStream::add);
    assertEquals(SRC.size(), fromStream.size());
    Path f = dir.resolve("a.265");
    Files.write(f, HEVC.bytes());
    List<DecodedPicture> fromFile = new ArrayList<>();
    BaseDecoder.decode(f, null, 0, fromFile::add);
    assertEquals(CodecTestSupport.md5(BaseDecoder.decodeAll(HEVC.bytes(), BaseCodec.HEVC, 1)),
        CodecTestSupport.md5(fromFile.stream().map(DecodedPicture::picture).toList()));
    String m = assertThrows(NnpfException.class, () -> BaseDecoder.decode(dir.resolve("none.265"), null, 1, p -> {})).getMessage();
    assertTrue(m.contains("none.265: no such file"), m);
  }

  @Test
  void aFailingCallbackStopsDecodingAndTheDecoderCanBeClosed() {
    BaseDecoder d = new BaseDecoder(BaseCodec.AVC, 1, "cb");
    RuntimeException boom = new RuntimeException("stop");
    assertThrows(RuntimeException.class, () -> {
      d.feed(AVC.bytes(), 0, AVC.size(), p -> {
        throw boom;
      });
      d.finish(p -> {
        throw boom;
      });
    });
    d.close();
    d.close();
    assertThrows(IllegalStateException.class, () -> d.feed(new byte[1], 0, 1, p -> {}));
  }

  @Test
  void threadCountsOutsideTheRangeAreRejected() {
    assertTrue(assertThrows(NnpfException.class, () -> new BaseDecoder(BaseCodec.HEVC, -1, "x")).getMessage().contains("threads -1"));
  }
}
