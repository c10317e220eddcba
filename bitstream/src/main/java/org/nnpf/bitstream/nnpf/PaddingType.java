package org.nnpf.bitstream.nnpf;

/** How samples outside the picture are made up at patch borders ({@code nnpfps_padding_type}), as H.274. */
public enum PaddingType {
  ZERO(0),
  REPLICATION(1),
  REFLECTION(2),
  WRAP_AROUND(3),
  /** A fixed value per plane ({@code nnpfps_luma_padding_val}, {@code _cb_}, {@code _cr_}). */
  FIXED(4);

  private final int idc;

  PaddingType(int idc) {
    this.idc = idc;
  }

  public int idc() {
    return idc;
  }

  /** The type with the given idc, or null for a reserved value. */
  public static PaddingType fromIdc(int idc) {
    return idc >= 0 && idc < 5 ? values()[idc] : null;
  }
}
