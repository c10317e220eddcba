package org.nnpf.common.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nnpf.common.NnpfException;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;

/**
 * Every bad input gives an {@link NnpfException} whose message names the file and the problem, and
 * a conversion that fails leaves nothing in its output directory.
 */
class BadInputTest {
  @TempDir Path dir;
  private Path outDir;

  @BeforeEach
  void makeOutputDir() throws IOException {
    outDir = Files.createDirectory(dir.resolve("out"));
  }

  /** Reads {@code in} through {@link PictureFiles} and writes it to out/copy.yuv. */
  private void convert(Path in, RawOptions options) throws IOException {
    try (PictureSource src = PictureFiles.open(in, options);
        PictureSink out = PictureFiles.create(outDir.resolve("copy.yuv"), src.info(), 0)) {
      for (Picture p = src.next(); p != null; p = src.next()) {
        out.write(p);
      }
      out.commit();
    }
  }

  /** Runs the conversion, expects it to fail with a message holding every fragment, and no output. */
  private void assertRejected(Path in, RawOptions options, String... fragments) throws IOException {
    assertFails(() -> convert(in, options), fragments);
    assertEquals(List.of(), TestPictures.list(outDir), "no output may be left");
  }

  private static void assertFails(Executable e, String... fragments) {
    NnpfException x = assertThrows(NnpfException.class, e);
    for (String f : fragments) {
      assertTrue(x.getMessage().contains(f), "message '" + x.getMessage() + "' lacks '" + f + "'");
    }
  }

  private Path write(String name, byte[] bytes) throws IOException {
    return Files.write(dir.resolve(name), bytes);
  }

  private Path y4m(String name, String header, byte[]... frames) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(header.getBytes(StandardCharsets.US_ASCII));
    for (byte[] f : frames) {
      b.writeBytes("FRAME\n".getBytes(StandardCharsets.US_ASCII));
      b.writeBytes(f);
    }
    return write(name, b.toByteArray());
  }

  // ---- raw YUV

  @Test
  void aRawFileThatIsNotAWholeNumberOfFramesIsRejectedWithItsSizeAndTheFrameSize() throws IOException {
    // 4x2 4:2:0 8-bit = 12 bytes per frame; 30 bytes = 2 frames + 6
    Path in = write("odd_4x2.yuv", new byte[30]);
    assertRejected(
        in, RawOptions.NONE, in.toString(), "file size 30 bytes", "not a whole number of frames", "12 bytes",
        "6 bytes left over");
  }

  @Test
  void anEmptyRawFileIsRejected() throws IOException {
    Path in = write("empty_4x2.yuv", new byte[0]);
    assertRejected(in, RawOptions.NONE, in.toString(), "empty");
  }

  @Test
  void aRawFileWithoutSizeOptionOrSizeInItsNameIsRejectedNamingTheOptions() throws IOException {
    Path in = write("nosize.yuv", new byte[12]);
    assertRejected(in, RawOptions.NONE, in.toString(), "size is unknown", "-wdt", "-hgt");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 16385, 100000})
  void zeroNegativeOrAbsurdWidthOptionsAreRejectedNamingTheOption(int w) {
    assertFails(() -> RawOptions.builder().width(w), "-wdt", Integer.toString(w));
    assertFails(() -> RawOptions.builder().size(16, w), "-hgt", Integer.toString(w));
  }

  @Test
  void anAbsurdSizeInTheFileNameIsRejectedNamingTheFileName() throws IOException {
    Path in = write("huge_20000x10.yuv", new byte[12]);
    assertRejected(in, RawOptions.NONE, in.toString(), "width from the file name 20000", "exceeds the limit");
  }

  @Test
  void aFrameAboveOneGibibyteIsRejectedBeforeAnyAllocation() throws IOException {
    Path in = write("big.yuv", new byte[12]);
    SequenceInfo info = new SequenceInfo(16384, 16384, 16, ChromaFormat.CF444, 30, 1, -1);
    assertFails(() -> YuvReader.open(in, info), in.toString(), "1610612736 bytes", "limit of 1073741824");
  }

  @Test
  void bitDepthsOutsideEightToSixteenAreRejectedNamingTheOption() {
    assertFails(() -> RawOptions.builder().bitDepth(7), "--InputBitDepth 7");
    assertFails(() -> RawOptions.builder().bitDepth(17), "--InputBitDepth 17");
  }

  @Test
  void aSampleAboveTheBitDepthIsRejectedWithFramePlaneAndPositionAndNoOutputIsLeft() throws IOException {
    // 2x2 4:0:0 10-bit frames of 8 bytes; frame 1, x 1 y 0 holds 1024
    byte[] b = new byte[3 * 8];
    b[8 + 2] = 0;
    b[8 + 3] = 4;
    Path in = write("bad_2x2_400_10bit.yuv", b);
    assertRejected(
        in, RawOptions.NONE, in.toString(), "frame 1", "plane Y", "x 1 y 0", "1024", "10-bit maximum 1023");
  }

  @Test
  void aMissingFileIsRejectedNamingIt() throws IOException {
    Path in = dir.resolve("missing_4x2.yuv");
    assertRejected(in, RawOptions.NONE, in.toString(), "cannot read", "no such file");
    Path y = dir.resolve("missing.y4m");
    assertRejected(y, RawOptions.NONE, y.toString(), "cannot read", "no such file");
  }

  @Test
  void aDirectoryGivenAsInputIsRejected() throws IOException {
    Path in = Files.createDirectory(dir.resolve("folder_4x2.yuv"));
    assertRejected(in, RawOptions.NONE, in.toString(), "is a directory");
  }

  @Test
  void anUnreadableFileIsRejected() throws IOException {
    assumeFalse("root".equals(System.getProperty("user.name")), "root reads any file");
    Path in = write("locked_4x2.yuv", new byte[12]);
    Files.setPosixFilePermissions(in, PosixFilePermissions.fromString("---------"));
    assertRejected(in, RawOptions.NONE, in.toString(), "cannot read", "permission denied");
  }

  @Test
  void aStartFrameBeyondTheEndIsRejectedWithTheFrameCount() throws IOException {
    Path in = write("three_4x2.yuv", new byte[36]);
    assertRejected(in, RawOptions.builder().skip(3).build(), in.toString(), "start frame 3", "3 frames");
  }

  @Test
  void aMediaFileFfmpegCannotOpenIsRejectedNamingTheFile() throws IOException {
    // extensions other than .yuv and .y4m go to FFmpeg's demuxers
    Path in = write("clip.mp4", new byte[10]);
    assertRejected(in, RawOptions.NONE, in.toString(), "FFmpeg cannot open it");
  }

  // ---- Y4M

  @Test
  void aFileWithoutTheY4mSignatureIsRejected() throws IOException {
    Path in = write("fake.y4m", "RIFF....".getBytes(StandardCharsets.US_ASCII));
    assertRejected(in, RawOptions.NONE, in.toString(), "not a Y4M file");
  }

  @ParameterizedTest
  @CsvSource({
    "t, 'interlaced, top field first'", "b, 'interlaced, bottom field first'",
    "m, mixed progressive and interlaced", "?, unknown interlacing"
  })
  void interlacedOrUnknownScanY4mIsRejected(String i, String what) throws IOException {
    Path in = y4m("inter.y4m", "YUV4MPEG2 W2 H2 F25:1 I" + i + " C420jpeg\n", new byte[6]);
    assertRejected(in, RawOptions.NONE, in.toString(), "I" + i, what, "only progressive");
  }

  @ParameterizedTest
  @ValueSource(strings = {"411", "444alpha", "420p11", "xyz", "yuv420p"})
  void unsupportedColourSpacesAreRejectedByName(String c) throws IOException {
    Path in = y4m("cs.y4m", "YUV4MPEG2 W2 H2 F25:1 Ip C" + c + "\n", new byte[6]);
    assertRejected(in, RawOptions.NONE, in.toString(), "colour space C" + c + " is not supported", "420p10");
  }

  @ParameterizedTest
  @CsvSource({
    "'W0 H2', header parameter W (width) 0 is not positive",
    "'W2 H0', header parameter H (height) 0 is not positive",
    "'W20000 H2', header parameter W (width) 20000 exceeds the limit of 16384",
    "'H2', no W (width) parameter",
    "'W2', no H (height) parameter",
    "'Wx H2', header parameter W (width) 'x' is not an integer",
    "'W2 H2 F0:1', F (frame rate) '0:1' is not a positive ratio",
    "'W2 H2 F25', F (frame rate) '25' is not of the form num:den"
  })
  void badY4mHeaderParametersAreRejectedNamingTheParameter(String params, String message) throws IOException {
    Path in = y4m("hdr.y4m", "YUV4MPEG2 " + params + "\n", new byte[6]);
    assertRejected(in, RawOptions.NONE, in.toString(), message);
  }

  @Test
  void aTruncatedLastY4mFrameIsRejectedNamingTheFrame() throws IOException {
    Path in = y4m("trunc.y4m", "YUV4MPEG2 W2 H2 F25:1\n", new byte[6], new byte[6], new byte[5]);
    assertRejected(in, RawOptions.NONE, in.toString(), "frame 2 is truncated", "needs 6 bytes");
  }

  @Test
  void aBadY4mFrameHeaderIsRejectedWithItsOffset() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes("YUV4MPEG2 W2 H2\nFRAME\n".getBytes(StandardCharsets.US_ASCII));
    b.writeBytes(new byte[6]);
    b.writeBytes("FRAMX\n".getBytes(StandardCharsets.US_ASCII));
    b.writeBytes(new byte[6]);
    Path in = write("badframe.y4m", b.toByteArray());
    assertRejected(in, RawOptions.NONE, in.toString(), "frame 1", "expected a 'FRAME' line at byte offset 28");
  }

  @Test
  void aY4mFileWithoutFramesIsRejected() throws IOException {
    Path in = y4m("noframes.y4m", "YUV4MPEG2 W2 H2 F25:1\n");
    assertRejected(in, RawOptions.NONE, in.toString(), "holds no frames");
  }

  @Test
  void optionsContradictingTheY4mHeaderAreRejected() throws IOException {
    Path in = y4m("hdr_ok.y4m", "YUV4MPEG2 W2 H2 F25:1 C420p10\n", new byte[12]);
    assertRejected(in, RawOptions.builder().size(4, 2).build(), in.toString(), "2x2", "-wdt");
    assertRejected(in, RawOptions.builder().bitDepth(8).build(), in.toString(), "10-bit", "--InputBitDepth is 8");
    assertRejected(
        in, RawOptions.builder().chromaFormat(ChromaFormat.CF444).build(), in.toString(), "420",
        "--InputChromaFormat is 444");
  }

  // ---- writers

  @Test
  void aPictureOfAnotherFormatMidwayFailsTheWriteAndLeavesNoOutput() {
    Path target = outDir.resolve("mixed.yuv");
    assertFails(
        () -> {
          try (YuvWriter out = YuvWriter.create(target)) {
            out.write(new Picture(4, 2, 8, ChromaFormat.CF420));
            out.write(new Picture(4, 2, 10, ChromaFormat.CF420));
            out.commit();
          }
        },
        target.toString(),
        "picture 1");
    assertTrue(assertDoesNotThrowList(outDir).isEmpty());
  }

  @Test
  void aWriterClosedWithoutCommitLeavesNoOutputAndKeepsAnOlderFile() throws IOException {
    Path target = outDir.resolve("keep.yuv");
    Files.writeString(target, "old");
    try (YuvWriter out = YuvWriter.create(target)) {
      out.write(new Picture(4, 2, 8, ChromaFormat.CF420));
    }
    assertEquals(List.of("keep.yuv"), TestPictures.list(outDir));
    assertEquals("old", Files.readString(target));
  }

  @Test
  void aWriterIntoAMissingDirectoryIsRejectedNamingIt() {
    Path target = dir.resolve("nowhere").resolve("x.yuv");
    assertFails(() -> YuvWriter.create(target), target.toString(), "does not exist");
  }

  @Test
  void y4mCannotNameElevenBitSamples() {
    Path target = outDir.resolve("x.y4m");
    SequenceInfo info = new SequenceInfo(4, 2, 11, ChromaFormat.CF420, 30, 1, -1);
    assertFails(() -> Y4mWriter.create(target, info), target.toString(), "11-bit");
    assertTrue(assertDoesNotThrowList(outDir).isEmpty());
  }

  private static List<String> assertDoesNotThrowList(Path d) {
    try {
      return TestPictures.list(d);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
