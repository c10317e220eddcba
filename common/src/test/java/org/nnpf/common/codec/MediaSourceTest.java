package org.nnpf.common.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnpf.common.NnpfException;
import org.nnpf.common.io.SequenceInfo;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;

class MediaSourceTest {
  @TempDir Path dir;

  private static List<Picture> readAll(MediaSource s) throws IOException {
    List<Picture> out = new ArrayList<>();
    Picture p;
    while ((p = s.next()) != null) {
      out.add(p);
    }
    assertNull(s.next(), "stays at the end");
    return out;
  }

  private static long[] steps(int n) {
    long[] pts = new long[n];
    for (int i = 0; i < n; i++) {
      pts[i] = i;
    }
    return pts;
  }

  @Test
  void y4mPicturesAreReadExactlyInTheirOwnFormat() throws IOException {
    for (List<Picture> src : List.of(
        CodecTestSupport.pattern(33, 17, 8, ChromaFormat.CF420, 4),
        CodecTestSupport.pattern(32, 18, 10, ChromaFormat.CF420, 3),
        CodecTestSupport.pattern(20, 10, 8, ChromaFormat.CF400, 2),
        CodecTestSupport.pattern(20, 10, 8, ChromaFormat.CF444, 2))) {
      Path f = dir.resolve("in.y4m");
      TestMedia.writeY4m(f, src);
      try (MediaSource s = MediaSource.open(f)) {
        Picture p = src.get(0);
        assertEquals(new SequenceInfo(p.width(), p.height(), p.bitDepth(), p.chromaFormat(), 25, 1, s.info().frameCount()), s.info());
        assertEquals(src, readAll(s), p.toString());
      }
    }
  }

  @Test
  void rawElementaryStreamsGiveWhatTheBaseDecoderGives() throws IOException {
    List<Picture> src = CodecTestSupport.pattern(64, 48, 8, ChromaFormat.CF420, 9);
    for (BaseCodec codec : List.of(BaseCodec.HEVC, BaseCodec.AVC)) {
      EncodedStream s = BaseEncoder.encode(CodecTestSupport.config(codec, 64, 48, 8).build(), src);
      Path f = dir.resolve("in." + codec.extension());
      s.writeTo(f);
      try (MediaSource m = MediaSource.open(f)) {
        assertEquals(CodecTestSupport.md5(BaseDecoder.decodeAll(s.bytes(), codec, 1)), CodecTestSupport.md5(readAll(m)));
        assertTrue(m.description().contains(codec.decoderName()), m.description());
      }
    }
  }

  @Test
  void losslessMatroskaIsReadExactlyAndMp4CarriesItsFrameCount() throws IOException {
    List<Picture> src8 = CodecTestSupport.pattern(64, 48, 8, ChromaFormat.CF420, 5);
    List<Picture> src10 = CodecTestSupport.pattern(64, 48, 10, ChromaFormat.CF422, 5);
    for (List<Picture> src : List.of(src8, src10)) {
      Path f = dir.resolve("ffv1.mkv");
      TestMedia.write(f, "ffv1", src, steps(5), 25);
      try (MediaSource m = MediaSource.open(f)) {
        assertEquals(src, readAll(m));
        assertEquals(25.0, m.info().fps(), 1e-9);
      }
    }
    Path mp4 = dir.resolve("x264.mp4");
    TestMedia.write(mp4, "libx264", src8, steps(5), 30);
    try (MediaSource m = MediaSource.open(mp4)) {
      assertEquals(5, m.info().frameCount());
      List<Picture> out = readAll(m);
      assertEquals(5, out.size());
      assertTrue(CodecTestSupport.lumaPsnr(src8, out) > 30);
    }
  }

  @Test
  void gapsInTheTimestampsAreFilledWithCopiesOfThePreviousPicture() throws IOException {
    List<Picture> src = CodecTestSupport.pattern(32, 32, 8, ChromaFormat.CF420, 4);
    Path f = dir.resolve("gaps.mkv");
    TestMedia.write(f, "ffv1", src, new long[] {0, 1, 4, 5}, 25);
    try (MediaSource m = MediaSource.open(f)) {
      List<Picture> out = readAll(m);
      assertEquals(List.of(src.get(0), src.get(1), src.get(1), src.get(1), src.get(2), src.get(3)), out);
    }
  }

  @Test
  void rgbIsConvertedToLimitedRange420AndAFormatCanBeAskedFor() throws IOException {
    Path f = dir.resolve("rgb.avi");
    TestMedia.writeGrayRgb(f, "rawvideo", 16, 8, new int[] {0, 128, 255}, 10);
    try (MediaSource m = MediaSource.open(f)) {
      assertEquals(ChromaFormat.CF420, m.info().chromaFormat());
      assertEquals(8, m.info().bitDepth());
      List<Picture> out = readAll(m);
      int[] expectY = {16, 126, 235};
      for (int i = 0; i < 3; i++) {
        assertEquals(expectY[i], out.get(i).plane(0).get(5, 5), 1, "luma of gray " + i);
        assertEquals(128, out.get(i).plane(1).get(2, 2), 1, "Cb of gray " + i);
      }
    }
    Path y4m = dir.resolve("in.y4m");
    List<Picture> src = CodecTestSupport.pattern(16, 8, 8, ChromaFormat.CF420, 1);
    TestMedia.writeY4m(y4m, src);
    try (MediaSource m = MediaSource.open(y4m, 10, ChromaFormat.CF420, 1)) {
      Picture p = m.next();
      assertEquals(10, p.bitDepth());
      for (int c = 0; c < 3; c++) {
        for (int i = 0; i < src.get(0).plane(c).samples().length; i++) {
          assertEquals(src.get(0).plane(c).samples()[i] << 2, p.plane(c).samples()[i], "8 to 10 bits shifts left, as HM does");
        }
      }
    }
  }

  @Test
  void unusableFilesAreErrorsNamingTheFile() throws IOException {
    Path text = dir.resolve("notes.mp4");
    Files.writeString(text, "this is not a video\n".repeat(50));
    String m = assertThrows(NnpfException.class, () -> MediaSource.open(text)).getMessage();
    assertTrue(m.startsWith(text + ": FFmpeg cannot open it"), m);
    Path none = dir.resolve("none.mkv");
    assertTrue(assertThrows(NnpfException.class, () -> MediaSource.open(none)).getMessage().contains("none.mkv: no such file"));
    assertThrows(NnpfException.class, () -> MediaSource.open(dir));
  }

  @Test
  void closingTwiceIsHarmlessAndReadingAfterCloseIsAnError() throws IOException {
    Path y4m = dir.resolve("in.y4m");
    TestMedia.writeY4m(y4m, CodecTestSupport.pattern(16, 8, 8, ChromaFormat.CF420, 1));
    MediaSource m = MediaSource.open(y4m);
    Picture p = m.next();
    assertSame(ChromaFormat.CF420, p.chromaFormat());
    m.close();
    m.close();
    assertThrows(IllegalStateException.class, m::next);
  }

  @Test
  void sharedVideosAreReadWhenTheDataFolderIsPresent() throws IOException {
    Path videos = Path.of("").toAbsolutePath().getParent().getParent().resolve("shared/data/train/video");
    assumeTrue(Files.isDirectory(videos), "no ../shared/data next to the repository");
    Pattern size = Pattern.compile("_(\\d+)x(\\d+)");
    List<Path> files;
    try (Stream<Path> list = Files.list(videos)) {
      files = list.filter(p -> p.toString().endsWith(".mp4")).sorted().toList();
    }
    assumeTrue(!files.isEmpty(), "no mp4 in " + videos);
    for (Path f : files) {
      Matcher mt = size.matcher(f.getFileName().toString());
      try (MediaSource m = MediaSource.open(f)) {
        Picture p = m.next();
        if (mt.find()) {
          assertEquals(Integer.parseInt(mt.group(1)), p.width(), f.toString());
          assertEquals(Integer.parseInt(mt.group(2)), p.height(), f.toString());
        }
        assertTrue(m.info().frameCount() > 0, f.toString());
      }
    }
  }
}
