package org.nnpf.encoder.report;

import com.google.common.base.Preconditions;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * C {@code printf} number formatting as glibc does it, for output that must match the reference
 * software character for character. {@link String#format} differs from C for {@code %f}: it rounds
 * the shortest decimal representation half-up, where C rounds the exact binary value (and breaks
 * exact ties to even). For example C prints {@code 1.00005} with {@code %.4f} as {@code 1.0000}
 * (the double is 1.000049999…) and Java as {@code 1.0001}.
 */
public final class CFormat {
  private CFormat() {}

  /**
   * {@code %<width>.<precision>f}: the exact binary value of {@code v} rounded to {@code precision}
   * decimals (ties to even), right-aligned in {@code width} characters. NaN prints as {@code -nan}
   * when its sign bit is set and {@code nan} otherwise; infinities as {@code inf} / {@code -inf}.
   */
  public static String fixed(double v, int width, int precision) {
    Preconditions.checkArgument(precision >= 0 && width >= 0, "bad width %s or precision %s", width, precision);
    String s;
    if (Double.isNaN(v)) {
      s = (Double.doubleToRawLongBits(v) < 0) ? "-nan" : "nan";
    } else if (Double.isInfinite(v)) {
      s = v > 0 ? "inf" : "-inf";
    } else {
      BigDecimal d = new BigDecimal(v).setScale(precision, RoundingMode.HALF_EVEN);
      s = d.toPlainString();
      boolean negative = v < 0 || (v == 0 && 1 / v < 0);
      if (negative && !s.startsWith("-")) {
        s = "-" + s; // -0.0 and small negatives that round to zero keep their sign, as in C
      }
    }
    return pad(s, width);
  }

  /** {@code %<width>d}. */
  public static String integer(long v, int width) {
    return pad(Long.toString(v), width);
  }

  private static String pad(String s, int width) {
    if (s.length() >= width) {
      return s;
    }
    return " ".repeat(width - s.length()) + s;
  }
}
