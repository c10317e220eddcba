package org.nnpf.bitstream.nnpf;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import org.nnpf.common.picture.Picture;
import org.nnpf.common.picture.Plane;

/**
 * Computes picture hashes exactly as H.265 D.3.19 (decoded picture hash SEI semantics) defines
 * them, per plane, with {@code compDepth} the picture's bit depth:
 *
 * <ul>
 *   <li>{@code pictureData}: the plane's samples in raster order, one byte each when the bit depth
 *       is 8, else two bytes each, low byte first;
 *   <li>MD5: the MD5 of {@code pictureData};
 *   <li>CRC: {@code crc = 0xFFFF}; for every bit of {@code pictureData} followed by two zero bytes,
 *       most significant bit of each byte first: {@code crcMsb = (crc >> 15) & 1; crc = (((crc <<
 *       1) + bit) & 0xFFFF) ^ (crcMsb * 0x1021)};
 *   <li>checksum: {@code sum = 0}; for every sample at (x, y): {@code xorMask = (x & 0xFF) ^ (y &
 *       0xFF) ^ (x >> 8) ^ (y >> 8)}; {@code sum += (sample & 0xFF) ^ xorMask}, and when the bit
 *       depth exceeds 8 also {@code sum += (sample >> 8) ^ xorMask}, modulo 2^32.
 * </ul>
 */
public final class PictureHasher {
  private PictureHasher() {}

  /** The hash message for {@code picture} (all its planes). */
  public static NnpfPictureHash hash(Picture picture, PictureHashType type) {
    List<byte[]> digests = new ArrayList<>();
    for (int c = 0; c < picture.planeCount(); c++) {
      digests.add(planeDigest(picture.plane(c), picture.bitDepth(), type));
    }
    return new NnpfPictureHash(type, digests);
  }

  /** The digest of one plane: 16 bytes (MD5), 2 bytes (CRC) or 4 bytes (checksum), big-endian. */
  public static byte[] planeDigest(Plane plane, int bitDepth, PictureHashType type) {
    switch (type) {
      case MD5:
        return md5(pictureData(plane, bitDepth));
      case CRC:
        {
          int crc = crc(pictureData(plane, bitDepth));
          return new byte[] {(byte) (crc >> 8), (byte) crc};
        }
      default:
        {
          long sum = checksum(plane, bitDepth);
          return new byte[] {(byte) (sum >> 24), (byte) (sum >> 16), (byte) (sum >> 8), (byte) sum};
        }
    }
  }

  static byte[] pictureData(Plane plane, int bitDepth) {
    short[] s = plane.samples();
    int n = plane.width() * plane.height();
    if (bitDepth > 8) {
      byte[] d = new byte[2 * n];
      for (int i = 0; i < n; i++) {
        d[2 * i] = (byte) s[i];
        d[2 * i + 1] = (byte) ((s[i] & 0xFFFF) >> 8);
      }
      return d;
    }
    byte[] d = new byte[n];
    for (int i = 0; i < n; i++) {
      d[i] = (byte) s[i];
    }
    return d;
  }

  static byte[] md5(byte[] data) {
    try {
      return MessageDigest.getInstance("MD5").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is missing from this Java runtime", e);
    }
  }

  static int crc(byte[] data) {
    int crc = 0xFFFF;
    long bits = ((long) data.length + 2) * 8;
    for (long bitIdx = 0; bitIdx < bits; bitIdx++) {
      int byteIdx = (int) (bitIdx >> 3);
      int dataByte = byteIdx < data.length ? data[byteIdx] & 0xFF : 0;
      int crcMsb = (crc >> 15) & 1;
      int bitVal = (dataByte >> (7 - (int) (bitIdx & 7))) & 1;
      crc = (((crc << 1) + bitVal) & 0xFFFF) ^ (crcMsb * 0x1021);
    }
    return crc;
  }

  static long checksum(Plane plane, int bitDepth) {
    short[] s = plane.samples();
    long sum = 0;
    for (int y = 0; y < plane.height(); y++) {
      for (int x = 0; x < plane.width(); x++) {
        int v = s[y * plane.width() + x] & 0xFFFF;
        int xorMask = (x & 0xFF) ^ (y & 0xFF) ^ (x >> 8) ^ (y >> 8);
        sum = (sum + ((v & 0xFF) ^ xorMask)) & 0xFFFF_FFFFL;
        if (bitDepth > 8) {
          sum = (sum + ((v >> 8) ^ xorMask)) & 0xFFFF_FFFFL;
        }
      }
    }
    return sum;
  }
}
