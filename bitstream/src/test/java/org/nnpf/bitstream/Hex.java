package org.nnpf.bitstream;

import java.util.HexFormat;

/** Hex and bit-string helpers for golden vectors. */
public final class Hex {
  private Hex() {}

  /** Bytes from hex digits; spaces are ignored. */
  public static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex.replace(" ", ""));
  }

  /** Hex digits with a space between bytes. */
  public static String of(byte[] b) {
    return HexFormat.ofDelimiter(" ").formatHex(b);
  }

  /** Bytes from a string of '0' and '1' (spaces ignored), whose length must be a multiple of 8. */
  public static byte[] bits(String bits) {
    String s = bits.replace(" ", "");
    if (s.length() % 8 != 0) {
      throw new IllegalArgumentException(s.length() + " bits");
    }
    byte[] b = new byte[s.length() / 8];
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '1') {
        b[i / 8] |= (byte) (0x80 >> (i % 8));
      } else if (s.charAt(i) != '0') {
        throw new IllegalArgumentException("not a bit: " + s.charAt(i));
      }
    }
    return b;
  }
}
