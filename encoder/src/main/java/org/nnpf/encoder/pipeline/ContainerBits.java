package org.nnpf.encoder.pipeline;

/**
 * The bits the decisions count for the NAL and SEI containers of the post-filter units (the units'
 * own payloads are counted exactly by writing them).
 */
public final class ContainerBits {
  private ContainerBits() {}

  /** Approximate bits of one activation in its own SEI message (UUID, headers, payload). */
  public static final int ACTIVATION_BITS = 8 * 24;
  /** Approximate bits of the SEI container of a parameter set (NAL header, UUID, sizes). */
  public static final int SEI_OVERHEAD_BITS = 8 * 24;
  /**
   * Approximate bits of the APS NAL unit of a parameter set (start code, NAL header, trailing
   * bits), plus those of the SEI NAL unit the first activation then needs on its own.
   */
  public static final int APS_OVERHEAD_BITS = 8 * 14;
  /** Bits of one more SEI message (payload type and size, UUID) in an SEI NAL unit. */
  public static final int SEI_MESSAGE_OVERHEAD_BITS = 8 * 18;
}
