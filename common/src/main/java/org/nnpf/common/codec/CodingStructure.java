package org.nnpf.common.codec;

import java.util.Locale;

/**
 * The three common coding structures of the JVET / JCT-VC common test conditions, as far as the
 * base encoders can follow them. See {@code docs/base-codec.md} for the exact encoder options.
 *
 * <ul>
 *   <li>{@link #RANDOM_ACCESS}: mini-GOPs of 8 pictures (7 B pictures and one P picture, B
 *       pictures used as references in a pyramid), an intra picture every intra period
 *       (closed GOPs, IDR), no scene-cut or adaptive B decisions.
 *   <li>{@link #LOW_DELAY_B}: no picture reordering. x265 and x264 have no generalized-P-and-B
 *       (all references in the past) B pictures, so this is mapped to low-delay P: an intra
 *       picture, then P pictures only, each with the preset's number of past references.
 *   <li>{@link #ALL_INTRA}: every picture is an intra (IDR) picture.
 * </ul>
 */
public enum CodingStructure {
  RANDOM_ACCESS("ra"),
  LOW_DELAY_B("ldb"),
  ALL_INTRA("ai");

  private final String shortName;

  CodingStructure(String shortName) {
    this.shortName = shortName;
  }

  /** "ra", "ldb" or "ai". */
  public String shortName() {
    return shortName;
  }

  /**
   * Parses "ra", "ldb", "ai" (also "ldp", "random_access", "low_delay_b", "all_intra",
   * case-insensitively).
   */
  public static CodingStructure parse(String s) {
    return switch (s.trim().toLowerCase(Locale.ROOT).replace('-', '_')) {
      case "ra", "random_access", "randomaccess" -> RANDOM_ACCESS;
      case "ldb", "ldp", "ld", "low_delay_b", "low_delay", "lowdelay" -> LOW_DELAY_B;
      case "ai", "all_intra", "allintra", "intra" -> ALL_INTRA;
      default -> throw new IllegalArgumentException(
          "unknown coding structure '" + s + "' (expected ra, ldb or ai)");
    };
  }
}
