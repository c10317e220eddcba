package org.nnpf.encoder.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CFormatTest {
  @Test
  void roundsTheExactBinaryValueLikeGlibc() {
    // 38.12345 is stored as 38.123449999999998…: C prints 38.1234, String.format 38.1235.
    assertEquals("38.1234", CFormat.fixed(38.12345, 0, 4));
    assertEquals("38.1235", String.format("%.4f", 38.12345));
    // 2.675 is 2.674999999999999822…: C prints 2.67, String.format 2.68.
    assertEquals("2.67", CFormat.fixed(2.675, 0, 2));
    // 1.00015 is 1.000150000000000094…: both print 1.0002.
    assertEquals("1.0002", CFormat.fixed(1.00015, 0, 4));
  }

  @Test
  void breaksExactTiesToEven() {
    assertEquals("0.12", CFormat.fixed(0.125, 0, 2));
    assertEquals("0.38", CFormat.fixed(0.375, 0, 2));
    assertEquals("2", CFormat.fixed(2.5, 0, 0));
    assertEquals("4", CFormat.fixed(3.5, 0, 0));
  }

  @Test
  void padsToTheWidthOnTheLeft() {
    assertEquals("  29983.1200", CFormat.fixed(29983.12, 12, 4));
    assertEquals(" 42.2176", CFormat.fixed(42.2176, 8, 4));
    assertEquals("999.9900", CFormat.fixed(999.99, 8, 4));
    assertEquals("123456789.1230", CFormat.fixed(123456789.123, 8, 4));
    assertEquals("      24", CFormat.integer(24, 8));
  }

  @Test
  void keepsTheSignOfNegativeValuesThatRoundToZero() {
    assertEquals("-0.0000", CFormat.fixed(-0.00001, 0, 4));
    assertEquals("-0.0000", CFormat.fixed(-0.0, 0, 4));
    assertEquals("-1.5000", CFormat.fixed(-1.5, 0, 4));
  }

  @Test
  void printsNanAndInfinityAsGlibc() {
    assertEquals("    -nan", CFormat.fixed(Double.longBitsToDouble(0xfff8000000000000L), 8, 4));
    assertEquals("     nan", CFormat.fixed(Double.longBitsToDouble(0x7ff8000000000000L), 8, 4));
    assertEquals("inf", CFormat.fixed(Double.POSITIVE_INFINITY, 0, 4));
    assertEquals("-inf", CFormat.fixed(Double.NEGATIVE_INFINITY, 0, 4));
  }
}
