package org.nnpf.common.picture;

/**
 * Chroma sampling format, numbered as {@code chroma_format_idc} in H.265 / H.266 (0 = 4:0:0,
 * 1 = 4:2:0, 2 = 4:2:2, 3 = 4:4:4).
 *
 * <p>Chroma plane sizes are rounded up, as the standards do for odd luma sizes: a 4:2:0 picture of
 * width 5 has chroma planes of width 3.
 */
public enum ChromaFormat {
  CF400(0, 0, 0, "400"),
  CF420(1, 1, 1, "420"),
  CF422(2, 1, 0, "422"),
  CF444(3, 0, 0, "444");

  private final int idc;
  private final int log2SubWidth;
  private final int log2SubHeight;
  private final String shortName;

  ChromaFormat(int idc, int log2SubWidth, int log2SubHeight, String shortName) {
    this.idc = idc;
    this.log2SubWidth = log2SubWidth;
    this.log2SubHeight = log2SubHeight;
    this.shortName = shortName;
  }

  /** {@code chroma_format_idc} of H.265 / H.266. */
  public int idc() {
    return idc;
  }

  /** "400", "420", "422" or "444", as HM's {@code --InputChromaFormat} takes it. */
  public String shortName() {
    return shortName;
  }

  /** Number of planes: 1 for 4:0:0, otherwise 3. */
  public int planeCount() {
    return this == CF400 ? 1 : 3;
  }

  /** log2 of the horizontal chroma subsampling factor (SubWidthC). */
  public int log2SubWidth() {
    return log2SubWidth;
  }

  /** log2 of the vertical chroma subsampling factor (SubHeightC). */
  public int log2SubHeight() {
    return log2SubHeight;
  }

  /** Width of plane {@code plane} for a luma width, rounded up. */
  public int planeWidth(int plane, int lumaWidth) {
    return plane == 0 ? lumaWidth : (lumaWidth + (1 << log2SubWidth) - 1) >> log2SubWidth;
  }

  /** Height of plane {@code plane} for a luma height, rounded up. */
  public int planeHeight(int plane, int lumaHeight) {
    return plane == 0 ? lumaHeight : (lumaHeight + (1 << log2SubHeight) - 1) >> log2SubHeight;
  }

  /** The format with the given {@code chroma_format_idc}. */
  public static ChromaFormat fromIdc(int idc) {
    for (ChromaFormat f : values()) {
      if (f.idc == idc) {
        return f;
      }
    }
    throw new IllegalArgumentException("chroma_format_idc " + idc + " is not in 0..3");
  }

  /** Parses "400", "420", "422", "444" (HM style) or "yuv420p"-like names. */
  public static ChromaFormat parse(String s) {
    String t = s.trim().toLowerCase(java.util.Locale.ROOT);
    for (ChromaFormat f : values()) {
      if (t.equals(f.shortName) || t.equals("yuv" + f.shortName + "p") || t.equals("cf" + f.shortName)) {
        return f;
      }
    }
    if (t.equals("gray") || t.equals("mono")) {
      return CF400;
    }
    throw new IllegalArgumentException("unknown chroma format '" + s + "' (expected 400, 420, 422 or 444)");
  }
}
