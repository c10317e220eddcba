package org.nnpf.common.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;

class Y4mRoundTripTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0}x{1} {2}-bit {3} -> C{4}")
  @CsvSource({
    "33, 17, 8, 420, 420jpeg", "33, 17, 10, 420, 420p10", "33, 17, 8, 444, 444", "33, 17, 10, 444, 444p10",
    "33, 17, 8, 400, mono", "33, 17, 10, 400, mono10", "33, 17, 12, 422, 422p12", "1, 1, 16, 420, 420p16"
  })
  void writtenPicturesReadBackIdenticalWithFormatAndRateFromTheHeader(
      int w, int h, int bitDepth, String cf, String colourSpace) throws IOException {
    ChromaFormat format = ChromaFormat.parse(cf);
    List<Picture> pics = TestPictures.randomSequence(4, w, h, bitDepth, format, w * 7L + bitDepth);
    SequenceInfo info = new SequenceInfo(w, h, bitDepth, format, 30000, 1001, -1);
    Path file = dir.resolve("seq.y4m");
    try (Y4mWriter out = Y4mWriter.create(file, info)) {
      pics.forEach(out::write);
      out.commit();
    }
    String header = new String(Files.readAllBytes(file), 0, 80, StandardCharsets.ISO_8859_1);
    assertTrue(
        header.startsWith("YUV4MPEG2 W" + w + " H" + h + " F30000:1001 Ip A1:1 C" + colourSpace + "\nFRAME\n"),
        header);
    try (Y4mReader in = Y4mReader.open(file)) {
      assertEquals(info.withFrameCount(4), in.info());
      assertEquals(pics, TestPictures.readAll(in));
    }
    assertEquals(List.of("seq.y4m"), TestPictures.list(dir));
  }

  @Test
  void frameParametersExtensionsAndUnknownHeaderParametersAreIgnored() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes("YUV4MPEG2 W3 H1 F25:1 Ip A0:0 C420p10 XYSCSS=420P10 Zfuture\n".getBytes(StandardCharsets.US_ASCII));
    // 3x1 4:2:0 10-bit: 3 luma + 2 + 2 chroma samples
    b.writeBytes("FRAME Ixyz Xcomment\n".getBytes(StandardCharsets.US_ASCII));
    b.writeBytes(new byte[] {1, 0, 2, 0, (byte) 0xFF, 3, 4, 0, 5, 0, 6, 0, 7, 0});
    b.writeBytes("FRAME\n".getBytes(StandardCharsets.US_ASCII));
    b.writeBytes(new byte[14]);
    Path file = dir.resolve("ffmpeg_style.y4m");
    Files.write(file, b.toByteArray());
    try (Y4mReader in = Y4mReader.open(file)) {
      assertEquals(new SequenceInfo(3, 1, 10, ChromaFormat.CF420, 25, 1, 2), in.info());
      Picture p = in.next();
      assertEquals(1, p.plane(0).get(0, 0));
      assertEquals(2, p.plane(0).get(1, 0));
      assertEquals(1023, p.plane(0).get(2, 0));
      assertEquals(4, p.plane(1).get(0, 0));
      assertEquals(5, p.plane(1).get(1, 0));
      assertEquals(7, p.plane(2).get(1, 0));
      assertEquals(0, in.next().plane(0).get(2, 0));
      assertEquals(null, in.next());
    }
  }

  @Test
  void everyFourTwoZeroEightBitNameAndAMissingColourSpaceMeanFourTwoZeroEightBit() throws IOException {
    for (String c : new String[] {" C420jpeg", " C420mpeg2", " C420paldv", " C420", ""}) {
      Path file = dir.resolve("c" + c.trim() + ".y4m");
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      b.writeBytes(("YUV4MPEG2 W2 H2 F30:1" + c + "\nFRAME\n").getBytes(StandardCharsets.US_ASCII));
      b.writeBytes(new byte[6]);
      Files.write(file, b.toByteArray());
      try (Y4mReader in = Y4mReader.open(file)) {
        assertEquals(new SequenceInfo(2, 2, 8, ChromaFormat.CF420, 30, 1, 1), in.info(), c);
      }
    }
  }

  @Test
  void startAndCountSkipFramesByTheirHeaders() throws IOException {
    List<Picture> pics = TestPictures.randomSequence(5, 4, 2, 8, ChromaFormat.CF444, 3);
    Path file = dir.resolve("five.y4m");
    try (Y4mWriter out = Y4mWriter.create(file, new SequenceInfo(4, 2, 8, ChromaFormat.CF444, 24, 1, -1))) {
      pics.forEach(out::write);
      out.commit();
    }
    try (Y4mReader in = Y4mReader.open(file, 1, 3)) {
      assertEquals(3, in.info().frameCount());
      assertEquals(pics.subList(1, 4), TestPictures.readAll(in));
    }
    try (Y4mReader in = Y4mReader.open(file, 3, -1)) {
      assertEquals(pics.subList(3, 5), TestPictures.readAll(in));
    }
  }

  @Test
  void outputBitDepthConversionAlsoAppliesToY4m() throws IOException {
    Picture p = new Picture(2, 2, 8, ChromaFormat.CF400);
    p.plane(0).set(1, 1, 200);
    Path file = dir.resolve("up.y4m");
    try (Y4mWriter out = Y4mWriter.create(file, new SequenceInfo(2, 2, 8, ChromaFormat.CF400, 30, 1, -1), 10)) {
      out.write(p);
      out.commit();
    }
    try (Y4mReader in = Y4mReader.open(file)) {
      assertEquals(10, in.info().bitDepth());
      assertEquals(800, in.next().plane(0).get(1, 1));
    }
  }

  @Test
  void aY4mFileWithNoPictureStillHasItsHeader() throws IOException {
    Path file = dir.resolve("empty.y4m");
    try (Y4mWriter out = Y4mWriter.create(file, new SequenceInfo(8, 8, 8, ChromaFormat.CF420, 30, 1, -1))) {
      out.commit();
    }
    assertEquals("YUV4MPEG2 W8 H8 F30:1 Ip A1:1 C420jpeg\n", Files.readString(file, StandardCharsets.US_ASCII));
  }
}
