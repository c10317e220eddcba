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
  DELTA_TO_BASE(1),
  /**
   * Each value, shifted left by the tensor's {@code td_log2_step}, is the difference between the
   * integer tensor element and the base model's element; the values are coded with the adaptive
   * binary arithmetic code of docs/bitstream-syntax.md 6.3 (version 1.2).
   */
  DELTA_AC(2);

  private final int idc;

  TensorCoding(int idc) {
    this.idc = idc;
  }

  public int idc() {
    return idc;
  }

  /** Whether the element is predicted from the base model (idc 1 and 2). */
  public boolean usesBase() {
    return this != ABSOLUTE;
  }

  /** The coding with the given idc, or null for a reserved value (3). */
  public static TensorCoding fromIdc(int idc) {
    return idc >= 0 && idc < 3 ? values()[idc] : null;
  }
}
