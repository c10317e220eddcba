package org.nnpf.common.io;

import java.util.ArrayList;
import java.util.List;
import org.nnpf.common.picture.ChromaFormat;

/**
 * The Y4M {@code C} header parameter: chroma format and bit depth. Accepted names (as FFmpeg's
 * Y4M muxer and demuxer use them): {@code 420jpeg}, {@code 420mpeg2}, {@code 420paldv} and
 * {@code 420} (4:2:0, 8-bit; the variants differ only in chroma siting, which is not kept),
 * {@code 422}, {@code 444}, {@code mono} (8-bit), and {@code 420pN}, {@code 422pN}, {@code 444pN},
 * {@code monoN} for N in 9, 10, 12, 14, 16 (N-bit samples in little-endian 16-bit words).
 * Without a {@code C} parameter a file is {@code 420jpeg}.
 */
record Y4mColourSpace(ChromaFormat chromaFormat, int bitDepth) {
  static final int[] DEEP_BIT_DEPTHS = {9, 10, 12, 14, 16};
  private static final String[] BASES = {"420", "422", "444", "mono"};
  private static final ChromaFormat[] FORMATS = {
    ChromaFormat.CF420, ChromaFormat.CF422, ChromaFormat.CF444, ChromaFormat.CF400
  };

  /** The colour space named {@code name} (without the leading 'C'), or null if not supported. */
  static Y4mColourSpace parse(String name) {
    switch (name) {
      case "420jpeg", "420mpeg2", "420paldv", "420":
        return new Y4mColourSpace(ChromaFormat.CF420, 8);
      case "422":
        return new Y4mColourSpace(ChromaFormat.CF422, 8);
      case "444":
        return new Y4mColourSpace(ChromaFormat.CF444, 8);
      case "mono":
        return new Y4mColourSpace(ChromaFormat.CF400, 8);
      default:
        break;
    }
    for (int i = 0; i < BASES.length; i++) {
      String prefix = BASES[i].equals("mono") ? "mono" : BASES[i] + "p";
      if (name.startsWith(prefix)) {
        String digits = name.substring(prefix.length());
        for (int d : DEEP_BIT_DEPTHS) {
          if (digits.equals(Integer.toString(d))) {
            return new Y4mColourSpace(FORMATS[i], d);
          }
        }
      }
    }
    return null;
  }

  /** The name written for this colour space: {@code 420jpeg} for 8-bit 4:2:0, else as parsed. */
  String name() {
    String base =
        switch (chromaFormat) {
          case CF420 -> "420";
          case CF422 -> "422";
          case CF444 -> "444";
          case CF400 -> "mono";
        };
    if (bitDepth == 8) {
      return chromaFormat == ChromaFormat.CF420 ? "420jpeg" : base;
    }
    return chromaFormat == ChromaFormat.CF400 ? "mono" + bitDepth : base + "p" + bitDepth;
  }

  /** Whether Y4M can name this bit depth (8, 9, 10, 12, 14, 16). */
  static boolean hasName(int bitDepth) {
    if (bitDepth == 8) {
      return true;
    }
    for (int d : DEEP_BIT_DEPTHS) {
      if (d == bitDepth) {
        return true;
      }
    }
    return false;
  }

  /** Every accepted name, for error messages. */
  static String supportedNames() {
    List<String> names = new ArrayList<>(List.of("420jpeg", "420mpeg2", "420paldv", "420", "422", "444", "mono"));
    for (String b : BASES) {
      for (int d : DEEP_BIT_DEPTHS) {
        names.add(b.equals("mono") ? "mono" + d : b + "p" + d);
      }
    }
    return String.join(", ", names);
  }
}
