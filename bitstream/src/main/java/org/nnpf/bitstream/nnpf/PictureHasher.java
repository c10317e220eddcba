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

  /**
   * The digest of one plane: 16 bytes (MD5), 2 bytes (CRC) or 4 bytes (checksum), big-endian. The
   * arithmetic is that of {@link org.nnpf.common.metrics.PictureHash} (one implementation of
   * H.265 D.3.19 for the whole project).
   */
  public static byte[] planeDigest(Plane plane, int bitDepth, PictureHashType type) {
    switch (type) {
      case MD5:
        return org.nnpf.common.metrics.PictureHash.md5(plane, bitDepth);
      case CRC:
        {
          int crc = org.nnpf.common.metrics.PictureHash.crc(plane, bitDepth);
          return new byte[] {(byte) (crc >> 8), (byte) crc};
        }
      default:
        {
          long sum = org.nnpf.common.metrics.PictureHash.checksum(plane, bitDepth);
          return new byte[] {(byte) (sum >> 24), (byte) (sum >> 16), (byte) (sum >> 8), (byte) sum};
        }
    }
  }
}
