package org.nnpf.common.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;

class YuvRoundTripTest {
  @TempDir Path dir;

  @ParameterizedTest(name = "{0}x{1} {2}-bit {3}")
  @CsvSource({
    "33, 17, 8, 420", "33, 17, 10, 420", "33, 17, 8, 444", "33, 17, 10, 444", "33, 17, 8, 400",
    "33, 17, 10, 400", "33, 17, 10, 422", "1, 1, 8, 420", "2, 3, 16, 420", "64, 48, 12, 420"
  })
  void writtenPicturesReadBackIdenticalWithTheExpectedFileSize(int w, int h, int bitDepth, String cf)
      throws IOException {
    ChromaFormat format = ChromaFormat.parse(cf);
    List<Picture> pics = TestPictures.randomSequence(5, w, h, bitDepth, format, w * 31L + bitDepth);
    Path file = dir.resolve("seq.yuv");
    try (YuvWriter out = YuvWriter.create(file)) {
      pics.forEach(out::write);
      out.commit();
    }
    long samples = pics.get(0).sampleCount();
    assertEquals(5 * samples * (bitDepth > 8 ? 2 : 1), Files.size(file));
    SequenceInfo info = new SequenceInfo(w, h, bitDepth, format, 30, 1, -1);
    try (YuvReader in = YuvReader.open(file, info)) {
      assertEquals(5, in.info().frameCount());
      assertEquals(pics, TestPictures.readAll(in));
    }
    assertEquals(List.of("seq.yuv"), TestPictures.list(dir));
  }

  @Test
  void layoutIsPlanarRowMajorWithLittleEndianWordsAboveEightBits() throws IOException {
    // 2x2 4:2:0 10-bit: Y = 1, 258, 1023, 0; Cb = 512; Cr = 3
    Picture p = new Picture(2, 2, 10, ChromaFormat.CF420);
    p.plane(0).set(0, 0, 1);
    p.plane(0).set(1, 0, 258);
    p.plane(0).set(0, 1, 1023);
    p.plane(0).set(1, 1, 0);
    p.plane(1).set(0, 0, 512);
    p.plane(2).set(0, 0, 3);
    Path file = dir.resolve("tiny.yuv");
    try (YuvWriter out = YuvWriter.create(file)) {
      out.write(p);
      out.commit();
    }
    assertArrayEquals(
        new byte[] {1, 0, 2, 1, (byte) 0xFF, 3, 0, 0, 0, 2, 3, 0}, Files.readAllBytes(file));
  }

  @Test
  void eightBitFilesHoldOneBytePerSample() throws IOException {
    Picture p = new Picture(3, 1, 8, ChromaFormat.CF400);
    p.plane(0).set(0, 0, 0);
    p.plane(0).set(1, 0, 128);
    p.plane(0).set(2, 0, 255);
    Path file = dir.resolve("row.yuv");
    try (YuvWriter out = YuvWriter.create(file)) {
      out.write(p);
      out.commit();
    }
    assertArrayEquals(new byte[] {0, (byte) 128, (byte) 255}, Files.readAllBytes(file));
  }

  @Test
  void startAndCountSelectFramesAndCountIsCutAtTheEnd() throws IOException {
    List<Picture> pics = TestPictures.randomSequence(6, 5, 3, 8, ChromaFormat.CF420, 7);
    Path file = dir.resolve("six.yuv");
    try (YuvWriter out = YuvWriter.create(file)) {
      pics.forEach(out::write);
      out.commit();
    }
    SequenceInfo info = new SequenceInfo(5, 3, 8, ChromaFormat.CF420, 30, 1, -1);
    try (YuvReader in = YuvReader.open(file, info, 2, 3)) {
      assertEquals(3, in.info().frameCount());
      assertEquals(pics.subList(2, 5), TestPictures.readAll(in));
      assertNull(in.next());
    }
    try (YuvReader in = YuvReader.open(file, info, 4, 100)) {
      assertEquals(pics.subList(4, 6), TestPictures.readAll(in));
    }
  }

  @Test
  void outputBitDepthConversionShiftsUpAndRoundsDownWithClipping() throws IOException {
    Picture p = new Picture(4, 1, 10, ChromaFormat.CF400);
    int[] v = {0, 1, 2, 1023};
    for (int i = 0; i < 4; i++) {
      p.plane(0).set(i, 0, v[i]);
    }
    Path down = dir.resolve("down.yuv");
    try (YuvWriter out = YuvWriter.create(down, 8)) {
      out.write(p);
      out.commit();
    }
    // (v + 2) >> 2, clipped to 255: 0, 0, 1, 256 -> 255
    assertArrayEquals(new byte[] {0, 0, 1, (byte) 255}, Files.readAllBytes(down));

    Picture q = new Picture(2, 1, 8, ChromaFormat.CF400);
    q.plane(0).set(0, 0, 255);
    q.plane(0).set(1, 0, 3);
    Path up = dir.resolve("up.yuv");
    try (YuvWriter out = YuvWriter.create(up, 10)) {
      out.write(q);
      out.commit();
    }
    // 255 << 2 = 1020 = 0x03FC, 3 << 2 = 12
    assertArrayEquals(new byte[] {(byte) 0xFC, 3, 12, 0}, Files.readAllBytes(up));
  }

  @Test
  void framesAreReadLazilyOneAtATime() throws IOException {
    int n = 200;
    SequenceInfo info = new SequenceInfo(8, 4, 8, ChromaFormat.CF420, 30, 1, -1);
    int frameBytes = 8 * 4 + 2 * 4 * 2;
    Path file = dir.resolve("long.yuv");
    Files.write(file, new byte[n * frameBytes]);
    try (YuvReader in = YuvReader.open(file, info)) {
      for (int i = 0; i < 150; i++) {
        assertEquals(0, in.next().plane(0).get(0, 0));
      }
      // change frame 150 on disk after opening: the reader must see the change
      try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
        ch.write(java.nio.ByteBuffer.wrap(new byte[] {77}), 150L * frameBytes);
      }
      assertEquals(77, in.next().plane(0).get(0, 0));
    }
  }

  @Test
  void theReaderKeepsNoReferenceToPicturesItReturned() throws IOException, InterruptedException {
    SequenceInfo info = new SequenceInfo(64, 32, 10, ChromaFormat.CF420, 30, 1, -1);
    Path file = dir.resolve("refs.yuv");
    Files.write(file, new byte[20 * 64 * 32 * 3]);
    List<java.lang.ref.WeakReference<Picture>> refs = new java.util.ArrayList<>();
    try (YuvReader in = YuvReader.open(file, info)) {
      for (Picture p = in.next(); p != null; p = in.next()) {
        refs.add(new java.lang.ref.WeakReference<>(p));
      }
      // while the reader is still open, every picture must be collectable
      for (int attempt = 0; attempt < 50 && refs.stream().anyMatch(r -> r.get() != null); attempt++) {
        System.gc();
        Thread.sleep(10);
      }
      assertEquals(20, refs.size());
      assertEquals(0, refs.stream().filter(r -> r.get() != null).count());
    }
  }
}
