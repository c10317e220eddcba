package org.nnpf.bitstream.nnpf;

/**
 * A power-of-two quantizer and a bit allocation for one tensor: a real value {@code x} is
 * represented by the signed integer {@code round(x * 2^fracBits)} held in {@code bitWidth} bits.
 *
 * @param bitWidth 8, 16 or 32 (coded as {@code bit_width_idc} 0, 1, 2)
 * @param fracBits fractional bits, {@link NnpfLimits#MIN_FRAC_BITS}..{@link NnpfLimits#MAX_FRAC_BITS}
 *     (negative: the integer counts multiples of 2^-fracBits)
 */
public record TensorQuantizer(int bitWidth, int fracBits) {
  public TensorQuantizer {
    bitWidthIdc(bitWidth);
    if (fracBits < NnpfLimits.MIN_FRAC_BITS || fracBits > NnpfLimits.MAX_FRAC_BITS) {
      throw new IllegalArgumentException(
          "fractional bits " + fracBits + " outside " + NnpfLimits.MIN_FRAC_BITS + ".." + NnpfLimits.MAX_FRAC_BITS);
    }
  }

  /** {@code bit_width_idc} of a bit width: 8 -> 0, 16 -> 1, 32 -> 2. */
  public static int bitWidthIdc(int bitWidth) {
    switch (bitWidth) {
      case 8:
        return 0;
      case 16:
        return 1;
      case 32:
        return 2;
      default:
        throw new IllegalArgumentException("bit width " + bitWidth + " is not 8, 16 or 32");
    }
  }

  /** The bit width of a {@code bit_width_idc} in 0..2. */
  public static int bitWidthOf(int idc) {
    return 8 << idc;
  }

  /** Smallest representable integer, -2^(bitWidth-1). */
  public long minValue() {
    return -(1L << (bitWidth - 1));
  }

  /** Largest representable integer, 2^(bitWidth-1) - 1. */
  public long maxValue() {
    return (1L << (bitWidth - 1)) - 1;
  }
}
