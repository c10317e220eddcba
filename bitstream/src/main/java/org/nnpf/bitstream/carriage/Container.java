package org.nnpf.bitstream.carriage;

/** The NAL-level container of one NNPF message. */
public enum Container {
  /**
   * A {@code user_data_unregistered} SEI message (payloadType 5) with the NNPF UUID, in an SEI NAL
   * unit (HEVC prefix SEI 39, AVC SEI 6, VVC prefix SEI 23).
   */
  SEI,
  /** An NNPF APS: a NAL unit of an unspecified type holding {@code nnpf_aps_rbsp()}. */
  APS
}
