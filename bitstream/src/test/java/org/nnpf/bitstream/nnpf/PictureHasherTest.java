package org.nnpf.bitstream.nnpf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.nnpf.bitstream.Hex;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;
import org.nnpf.common.picture.Plane;

class PictureHasherTest {

  private static Plane plane(int w, int h, int... samples) {
    short[] s = new short[samples.length];
    for (int i = 0; i < s.length; i++) {
      s[i] = (short) samples[i];
    }
    return new Plane(w, h, s);
  }

  private static byte[] md5(byte[] data) throws java.security.NoSuchAlgorithmException {
    return java.security.MessageDigest.getInstance("MD5").digest(data);
  }

  @Test
  void md5OfAn8BitPlaneHashesOneBytePerSample() throws Exception {
    byte[] d = PictureHasher.planeDigest(plane(2, 2, 1, 2, 3, 4), 8, PictureHashType.MD5);
    assertArrayEquals(md5(Hex.bytes("01 02 03 04")), d);
  }

  @Test
  void md5OfADeeperPlaneHashesTwoBytesPerSampleLowByteFirst() throws Exception {
    byte[] d = PictureHasher.planeDigest(plane(2, 1, 0x3FF, 0x001), 10, PictureHashType.MD5);
    assertArrayEquals(md5(Hex.bytes("FF 03 01 00")), d);
  }

  @Test
  void crcIsTheAugmentedCcittCrcWithInitialValueFfff() {
    // the well-known check value of CRC-CCITT, initial 0xFFFF, message augmented by 16 zero bits
    int[] s = new int[9];
    byte[] ascii = "123456789".getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < 9; i++) {
      s[i] = ascii[i];
    }
    assertArrayEquals(Hex.bytes("E5 CC"), PictureHasher.planeDigest(plane(9, 1, s), 8, PictureHashType.CRC));
  }

  @Test
  void checksumXorsEachByteWithAPositionMask() {
    // (0,0) 10 ^ 0 + (1,0) 20 ^ 1 + (0,1) 30 ^ 1 + (1,1) 40 ^ 0 = 10 + 21 + 31 + 40 = 102
    assertArrayEquals(Hex.bytes("00 00 00 66"),
        PictureHasher.planeDigest(plane(2, 2, 10, 20, 30, 40), 8, PictureHashType.CHECKSUM));
    // 10 bits: (0,0) 0x100: low 0x00 ^ 0, high 0x01 ^ 0; (1,0) 0x3FF: low 0xFF ^ 1, high 0x03 ^ 1 -> 0 + 1 + 254 + 2
    assertArrayEquals(Hex.bytes("00 00 01 01"),
        PictureHasher.planeDigest(plane(2, 1, 0x100, 0x3FF), 10, PictureHashType.CHECKSUM));
  }

  @Test
  void checksumMaskUsesTheHighBitsOfLargeCoordinates() {
    // a 257x1 plane of zeros: each sample contributes its mask; x < 256 gives x, x = 256 gives
    // (256 & 0xFF) ^ (256 >> 8) = 1, so the sum is 0 + 1 + ... + 255 + 1 = 32641
    assertArrayEquals(Hex.bytes("00 00 7F 81"),
        PictureHasher.planeDigest(plane(257, 1, new int[257]), 8, PictureHashType.CHECKSUM));
  }

  @Test
  void pictureHashHasOneDigestPerPlane() {
    Picture p = new Picture(3, 3, 8, ChromaFormat.CF420);
    NnpfPictureHash h = PictureHasher.hash(p, PictureHashType.CRC);
    assertEquals(3, h.planeCount());
    assertEquals(1, PictureHasher.hash(new Picture(3, 3, 8, ChromaFormat.CF400), PictureHashType.MD5).planeCount());
  }
}
