package org.nnpf.bitstream.nnpf;

/**
 * How layers are given their own QP set ({@code nnpfps_qp_set_assignment_idc}). A layer's own QP
 * set applies to every tensor of the layer and gives its accumulator precision, except for the
 * roles the layer overrides with another set.
 */
public enum QpSetAssignment {
  /** Layer i uses QP set i; the number of QP sets equals the number of layers (the default). */
  PER_LAYER(0),
  /** Every layer uses QP set 0. */
  SHARED(1),
  /** Each layer codes the index of its QP set ({@code layer_qp_set_idx}). */
  EXPLICIT(2);

  private final int idc;

  QpSetAssignment(int idc) {
    this.idc = idc;
  }

  public int idc() {
    return idc;
  }

  /** The assignment with the given idc, or null for a reserved value. */
  public static QpSetAssignment fromIdc(int idc) {
    return idc >= 0 && idc < 3 ? values()[idc] : null;
  }
}
