package org.nnpf.bitstream.nnpf;

/**
 * How picture samples are arranged in the input or output tensor ({@code nnpfps_inp_order_idc},
 * {@code nnpfps_out_order_idc}), numbered as H.274 {@code nnpfc_inp_order_idc}.
 */
public enum TensorOrder {
  /** One channel: the luma plane. */
  LUMA(0),
  /** Two channels: the Cb and Cr planes. */
  CHROMA(1),
  /** Three channels: Y, Cb, Cr of equal size (4:4:4). */
  LUMA_CHROMA(2),
  /**
   * Six channels at half luma resolution (4:2:0): the four polyphase components of luma (top-left,
   * top-right, bottom-left, bottom-right samples of each 2x2 block), then Cb and Cr.
   */
  POLYPHASE_420(3);

  private final int idc;

  TensorOrder(int idc) {
    this.idc = idc;
  }

  public int idc() {
    return idc;
  }

  /** Number of channels that carry picture samples. */
  public int channels() {
    switch (this) {
      case LUMA:
        return 1;
      case CHROMA:
        return 2;
      case LUMA_CHROMA:
        return 3;
      default:
        return 6;
    }
  }

  /** The order with the given idc, or null for a reserved value. */
  public static TensorOrder fromIdc(int idc) {
    return idc >= 0 && idc < 4 ? values()[idc] : null;
  }
}
