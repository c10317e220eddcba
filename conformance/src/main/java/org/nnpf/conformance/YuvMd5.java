package org.nnpf.conformance;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.nnpf.common.picture.Picture;
import org.nnpf.common.picture.Plane;

/**
 * The MD5 of a raw YUV file, computed from the pictures without writing the file: the bytes are
 * those {@code bin/decoder -o OUT.yuv} writes (native bit depth): for each picture, the planes Y,
 * Cb, Cr (only Y for 4:0:0), rows top to bottom, one byte per sample up to 8 bits, otherwise a
 * little-endian 16-bit word per sample. {@code md5sum OUT.yuv} prints the same digest.
 */
public final class YuvMd5 {
  private final MessageDigest md;
  private long pictures;

  public YuvMd5() {
    try {
      md = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the Java runtime has no MD5", e);
    }
  }

  /** Appends the bytes of {@code p}. */
  public void add(Picture p) {
    boolean wide = p.bitDepth() > 8;
    for (int c = 0; c < p.planeCount(); c++) {
      Plane plane = p.plane(c);
      short[] s = plane.samples();
      int n = plane.width() * plane.height();
      byte[] row = new byte[wide ? 2 * n : n];
      for (int i = 0; i < n; i++) {
        int v = s[i] & 0xFFFF;
        if (wide) {
          row[2 * i] = (byte) v;
          row[2 * i + 1] = (byte) (v >>> 8);
        } else {
          row[i] = (byte) v;
        }
      }
      md.update(row);
    }
    pictures++;
  }

  /** Number of pictures added. */
  public long pictures() {
    return pictures;
  }

  /** The digest of everything added, 32 lower-case hex digits (ends the computation). */
  public String hex() {
    return HexFormat.of().formatHex(md.digest());
  }

  /** The MD5 of the YUV file holding {@code pictures} in order. */
  public static String of(Iterable<Picture> pictures) {
    YuvMd5 m = new YuvMd5();
    for (Picture p : pictures) {
      m.add(p);
    }
    return m.hex();
  }
}
