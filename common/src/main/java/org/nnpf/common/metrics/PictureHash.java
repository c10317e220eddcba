package org.nnpf.common.metrics;

import com.google.common.base.Preconditions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import org.nnpf.common.picture.Picture;
import org.nnpf.common.picture.Plane;

/**
 * The decoded picture hash of H.265 (decoded picture hash SEI, D.3.19; VVC uses the same
 * definition through H.274), per plane, as HM and VTM compute and check it. For a plane of {@code w × h} samples at bit depth {@code b}, the
 * sample bytes {@code pictureData} are, row by row, one byte per sample when {@code b <= 8}, else
 * two bytes per sample, low byte first. Then:
 *
 * <ul>
 *   <li>MD5 ({@code hash_type} 0): the RFC 1321 MD5 of {@code pictureData} (16 bytes);
 *   <li>CRC ({@code hash_type} 1): {@code crc = 0xFFFF}; two zero bytes are appended to
 *       {@code pictureData}; for each bit, most significant bit of each byte first:
 *       {@code crcMsb = (crc >> 15) & 1; crc = (((crc << 1) + bit) & 0xFFFF) ^ (crcMsb * 0x1021)}
 *       (16 bits, written big-endian as {@code picture_crc} u(16));
 *   <li>checksum ({@code hash_type} 2): with
 *       {@code xorMask = (x & 0xFF) ^ (y & 0xFF) ^ (x >> 8) ^ (y >> 8)},
 *       {@code sum = Σ ((s & 0xFF) ^ xorMask) + [b > 8] ((s >> 8) ^ xorMask)} modulo 2³² (written
 *       big-endian as {@code picture_checksum} u(32)).
 * </ul>
 *
 * The hash covers the planes of the {@link Picture} it is given; which picture (cropped or not) is
 * hashed is the caller's business. Immutable.
 */
public final class PictureHash {

  /** The hash kinds, with their SEI {@code hash_type} and HM's {@code -dph} value. */
  public enum Type {
    MD5(16),
    CRC(2),
    CHECKSUM(4);

    private final int bytes;

    Type(int bytes) {
      this.bytes = bytes;
    }

    /** {@code hash_type} in the decoded picture hash SEI: 0, 1, 2. */
    public int seiHashType() {
      return ordinal();
    }

    /** HM's {@code -dph} / {@code --SEIDecodedPictureHash} value: 1, 2, 3. */
    public int hmDph() {
      return ordinal() + 1;
    }

    /** Bytes per plane: 16, 2, 4. */
    public int bytesPerPlane() {
      return bytes;
    }

    /** The type with SEI {@code hash_type} {@code t}. */
    public static Type fromSeiHashType(int t) {
      Preconditions.checkArgument(t >= 0 && t < 3, "hash_type %s is not 0, 1 or 2", t);
      return values()[t];
    }
  }

  private static final int[] CRC_TABLE = crcTable();

  private final Type type;
  private final byte[][] planes;

  private PictureHash(Type type, byte[][] planes) {
    this.type = type;
    this.planes = planes;
  }

  /** The hash of every plane of {@code p}. */
  public static PictureHash of(Picture p, Type type) {
    byte[][] h = new byte[p.planeCount()][];
    for (int c = 0; c < h.length; c++) {
      h[c] =
          switch (type) {
            case MD5 -> md5(p.plane(c), p.bitDepth());
            case CRC -> bigEndian(crc(p.plane(c), p.bitDepth()), 2);
            case CHECKSUM -> bigEndian(checksum(p.plane(c), p.bitDepth()), 4);
          };
    }
    return new PictureHash(type, h);
  }

  /** A hash from its per-plane bytes (e.g. parsed from an SEI message). */
  public static PictureHash of(Type type, byte[]... planeBytes) {
    Preconditions.checkArgument(planeBytes.length == 1 || planeBytes.length == 3, "1 or 3 planes");
    byte[][] h = new byte[planeBytes.length][];
    for (int c = 0; c < h.length; c++) {
      Preconditions.checkArgument(
          planeBytes[c].length == type.bytesPerPlane(), "%s of plane %s needs %s bytes", type, c, type.bytesPerPlane());
      h[c] = planeBytes[c].clone();
    }
    return new PictureHash(type, h);
  }

  public Type type() {
    return type;
  }

  public int planeCount() {
    return planes.length;
  }

  /** The bytes of plane {@code c}, as the SEI carries them (a copy). */
  public byte[] plane(int c) {
    return planes[c].clone();
  }

  /** The hash of plane {@code c} in lower-case hex. */
  public String hex(int c) {
    return HexFormat.of().formatHex(planes[c]);
  }

  /** The MD5 ({@code 16} bytes) of a plane's sample bytes. */
  public static byte[] md5(Plane plane, int bitDepth) {
    MessageDigest md = newMd5();
    short[] s = plane.samples();
    int w = plane.width();
    int bps = bitDepth > 8 ? 2 : 1;
    byte[] row = new byte[w * bps];
    for (int y = 0; y < plane.height(); y++) {
      int o = y * w;
      if (bps == 1) {
        for (int x = 0; x < w; x++) {
          row[x] = (byte) s[o + x];
        }
      } else {
        for (int x = 0; x < w; x++) {
          row[2 * x] = (byte) s[o + x];
          row[2 * x + 1] = (byte) (s[o + x] >>> 8);
        }
      }
      md.update(row);
    }
    return md.digest();
  }

  /**
   * The CRC of a plane (16 bits). Computed with the table form of the same CRC, which is the
   * specification's augmented bit loop with its initial value 0xFFFF pushed through 16 zero bits
   * (0x1D0F) and no trailing zero bytes.
   */
  public static int crc(Plane plane, int bitDepth) {
    int crc = 0x1D0F;
    short[] s = plane.samples();
    if (bitDepth > 8) {
      for (short v : s) {
        crc = ((crc << 8) & 0xFFFF) ^ CRC_TABLE[((crc >>> 8) ^ v) & 0xFF];
        crc = ((crc << 8) & 0xFFFF) ^ CRC_TABLE[((crc >>> 8) ^ (v >>> 8)) & 0xFF];
      }
    } else {
      for (short v : s) {
        crc = ((crc << 8) & 0xFFFF) ^ CRC_TABLE[((crc >>> 8) ^ v) & 0xFF];
      }
    }
    return crc;
  }

  /** The checksum of a plane (32 bits, unsigned, in a long). */
  public static long checksum(Plane plane, int bitDepth) {
    short[] s = plane.samples();
    int w = plane.width();
    long sum = 0;
    for (int y = 0; y < plane.height(); y++) {
      int ym = (y & 0xFF) ^ (y >> 8);
      for (int x = 0; x < w; x++) {
        int mask = (x & 0xFF) ^ (x >> 8) ^ ym;
        int v = s[y * w + x] & 0xFFFF;
        sum += (v & 0xFF) ^ mask;
        if (bitDepth > 8) {
          sum += (v >> 8) ^ mask;
        }
      }
    }
    return sum & 0xFFFFFFFFL;
  }

  private static int[] crcTable() {
    int[] t = new int[256];
    for (int i = 0; i < 256; i++) {
      int c = i << 8;
      for (int k = 0; k < 8; k++) {
        c = (c & 0x8000) != 0 ? ((c << 1) ^ 0x1021) & 0xFFFF : (c << 1) & 0xFFFF;
      }
      t[i] = c;
    }
    return t;
  }

  private static byte[] bigEndian(long v, int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (v >>> (8 * (n - 1 - i)));
    }
    return b;
  }

  static MessageDigest newMd5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no MD5", e);
    }
  }

  /** HM's notation: the planes' hex strings joined by ',' (e.g. in {@code [MD5:…,(OK)]}). */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (int c = 0; c < planes.length; c++) {
      if (c > 0) {
        b.append(',');
      }
      b.append(hex(c));
    }
    return b.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PictureHash h && h.type == type && Arrays.deepEquals(h.planes, planes);
  }

  @Override
  public int hashCode() {
    return type.hashCode() * 31 + Arrays.deepHashCode(planes);
  }
}
