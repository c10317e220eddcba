package org.nnpf.common.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nnpf.common.NnpfException;
import org.nnpf.common.io.YuvWriter;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;
import org.nnpf.common.picture.Plane;

class PictureHashTest {
  @TempDir Path dir;

  private static Plane plane(int w, int h, int... v) {
    short[] s = new short[v.length];
    for (int i = 0; i < v.length; i++) {
      s[i] = (short) v[i];
    }
    return new Plane(w, h, s);
  }

  // Expected MD5 and CRC values below were computed outside Java (Python hashlib, and a
  // transcription of the H.265 CRC pseudo-code) from the byte strings given in the comments.

  @Test
  void md5OfAnEightBitPlaneIsTheMd5OfOneBytePerSample() {
    // bytes 01 02 03 04
    assertEquals(
        "08d6c05a21512a79a1dfeb9d2a8f262f",
        HexFormat.of().formatHex(PictureHash.md5(plane(2, 2, 1, 2, 3, 4), 8)));
  }

  @Test
  void md5OfADeeperPlaneIsTheMd5OfLittleEndianWords() {
    // 1, 258, 1023, 0 -> bytes 01 00 02 01 ff 03 00 00
    assertEquals(
        "464127c8942647bfa9d5ea8a284b4750",
        HexFormat.of().formatHex(PictureHash.md5(plane(2, 2, 1, 258, 1023, 0), 10)));
  }

  @Test
  void crcMatchesValuesComputedWithTheSpecificationLoop() {
    assertEquals(0x0313, PictureHash.crc(plane(2, 2, 1, 2, 3, 4), 8));
    assertEquals(0x9508, PictureHash.crc(plane(2, 2, 1, 258, 1023, 0), 10));
  }

  @Test
  void checksumOfTwoByTwoPlanesByHand() {
    // xorMask: (0,0) 0, (1,0) 1, (0,1) 1, (1,1) 0
    // 8-bit 10, 20, 30, 40: 10 + (20^1) + (30^1) + 40 = 10 + 21 + 31 + 40 = 102
    assertEquals(102, PictureHash.checksum(plane(2, 2, 10, 20, 30, 40), 8));
    // 10-bit 0x123, 0x3FF, 0x001, 0x200: low bytes 0x23, 0xFF, 0x01, 0x00, high 0x01, 0x03, 0x00, 0x02
    // (35 + 1) + (254 + 2) + (0 + 1) + (0 + 2) = 295
    assertEquals(295, PictureHash.checksum(plane(2, 2, 0x123, 0x3FF, 0x001, 0x200), 10));
  }

  /** H.265 D.3.19 CRC, transcribed literally: augmented bit loop over pictureData + 2 zero bytes. */
  private static int specCrc(Plane p, int bitDepth) {
    int bps = bitDepth > 8 ? 2 : 1;
    int dataLen = p.width() * p.height() * bps;
    int[] pictureData = new int[dataLen + 2];
    for (int i = 0; i < p.width() * p.height(); i++) {
      int v = p.samples()[i] & 0xFFFF;
      pictureData[i * bps] = v & 0xFF;
      if (bps == 2) {
        pictureData[i * bps + 1] = v >> 8;
      }
    }
    int crc = 0xFFFF;
    for (int bitIdx = 0; bitIdx < (dataLen + 2) * 8; bitIdx++) {
      int dataByte = pictureData[bitIdx >> 3];
      int crcMsb = (crc >> 15) & 1;
      int bitVal = (dataByte >> (7 - (bitIdx & 7))) & 1;
      crc = (((crc << 1) + bitVal) & 0xFFFF) ^ (crcMsb * 0x1021);
    }
    return crc;
  }

  /** H.265 D.3.19 checksum, transcribed literally. */
  private static long specChecksum(Plane p, int bitDepth) {
    long sum = 0;
    for (int y = 0; y < p.height(); y++) {
      for (int x = 0; x < p.width(); x++) {
        int xorMask = (x & 0xFF) ^ (y & 0xFF) ^ (x >> 8) ^ (y >> 8);
        int s = p.get(x, y);
        sum = (sum + ((s & 0xFF) ^ xorMask)) & 0xFFFFFFFFL;
        if (bitDepth > 8) {
          sum = (sum + ((s >> 8) ^ xorMask)) & 0xFFFFFFFFL;
        }
      }
    }
    return sum;
  }

  @ParameterizedTest(name = "{0}x{1} {2}-bit")
  @CsvSource({"300, 5, 8", "7, 290, 10", "1, 1, 16", "33, 17, 12", "520, 3, 16"})
  void crcAndChecksumEqualTheSpecificationPseudoCodeOnRandomPlanes(int w, int h, int bitDepth) {
    SplittableRandom r = new SplittableRandom(w * 1000L + h);
    short[] s = new short[w * h];
    for (int i = 0; i < s.length; i++) {
      s[i] = (short) r.nextInt(1 << bitDepth);
    }
    Plane p = new Plane(w, h, s);
    assertEquals(specCrc(p, bitDepth), PictureHash.crc(p, bitDepth));
    assertEquals(specChecksum(p, bitDepth), PictureHash.checksum(p, bitDepth));
  }

  @Test
  void pictureHashesCarryPerPlaneBytesAsTheSeiAndPrintAsHm() {
    Picture pic = new Picture(2, 2, 8, ChromaFormat.CF420);
    short[] y = pic.plane(0).samples();
    y[0] = 1;
    y[1] = 2;
    y[2] = 3;
    y[3] = 4;
    PictureHash crc = PictureHash.of(pic, PictureHash.Type.CRC);
    assertArrayEquals(new byte[] {0x03, 0x13}, crc.plane(0));
    PictureHash checksum = PictureHash.of(pic, PictureHash.Type.CHECKSUM);
    // Y: 1 + (2^1) + (3^1) + 4 = 1 + 3 + 2 + 4 = 10; a chroma sample 0 at (0,0): 0
    assertArrayEquals(new byte[] {0, 0, 0, 10}, checksum.plane(0));
    PictureHash md5 = PictureHash.of(pic, PictureHash.Type.MD5);
    // a chroma plane is the single byte 00
    assertEquals(
        "08d6c05a21512a79a1dfeb9d2a8f262f,93b885adfe0da089cdf634904fd59f71,93b885adfe0da089cdf634904fd59f71",
        md5.toString());
    assertEquals(md5, PictureHash.of(PictureHash.Type.MD5, md5.plane(0), md5.plane(1), md5.plane(2)));
    assertEquals(0, PictureHash.Type.MD5.seiHashType());
    assertEquals(3, PictureHash.Type.CHECKSUM.hmDph());
  }

  @Test
  void md5OfAFileIsThatOfItsBytes() throws IOException {
    Path f = Files.writeString(dir.resolve("abc.txt"), "abc");
    assertEquals("900150983cd24fb0d6963f7d28e17f72", FileMd5.hex(f));
  }

  @Test
  void md5OfAWrittenYuvFileIsTheMd5OfItsPlanesInOrder() throws IOException {
    // a 2x2 4:2:0 8-bit picture: bytes 01 02 03 04 | 00 | 00 -> md5 of 01 02 03 04 00 00
    Picture pic = new Picture(2, 2, 8, ChromaFormat.CF420);
    short[] y = pic.plane(0).samples();
    for (int i = 0; i < 4; i++) {
      y[i] = (short) (i + 1);
    }
    Path f = dir.resolve("p.yuv");
    try (YuvWriter out = YuvWriter.create(f)) {
      out.write(pic);
      out.commit();
    }
    assertEquals(
        HexFormat.of().formatHex(PictureHash.newMd5().digest(new byte[] {1, 2, 3, 4, 0, 0})), FileMd5.hex(f));
  }

  @Test
  void md5OfAMissingFileNamesIt() {
    Path f = dir.resolve("none.yuv");
    NnpfException e = org.junit.jupiter.api.Assertions.assertThrows(NnpfException.class, () -> FileMd5.hex(f));
    assertEquals("cannot read " + f + ": no such file", e.getMessage());
  }
}
