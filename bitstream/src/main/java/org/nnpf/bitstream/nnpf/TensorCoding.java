package org.nnpf.bitstream.nnpf;

/** How {@code tensor_data()} values are coded ({@code td_coding_idc}). */
public enum TensorCoding {
  /** Each value is the integer tensor element itself. */
  ABSOLUTE(0),
  /**
   * Each value is the difference between the integer tensor element and the base model's element
   * expressed with the signalled quantizer (docs/bitstream-syntax.md, "Prediction from the base
   * model").
   */
  DELTA_TO_BASE(1);

  private final int idc;

  TensorCoding(int idc) {
    this.idc = idc;
  }

  public int idc() {
    return idc;
  }

  /** The coding with the given idc, or null for a reserved value. */
  public static TensorCoding fromIdc(int idc) {
    return idc >= 0 && idc < 2 ? values()[idc] : null;
  }
}
