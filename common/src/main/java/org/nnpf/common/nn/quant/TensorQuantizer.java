package org.nnpf.common.nn.quant;

import com.google.common.base.Preconditions;

/**
 * A power-of-two quantizer of one tensor (activations or weights): integers of {@code bits} bits
 * (8 or 16, two's complement, range {@code [-2^(bits-1), 2^(bits-1) - 1]}) representing the real
 * value {@code integer / 2^fracBits}. {@code fracBits} may be negative (then the step is a power of
 * two above 1).
 */
public record TensorQuantizer(int bits, int fracBits) {
  public static final int MIN_FRAC_BITS = -8;
  public static final int MAX_FRAC_BITS = 31;

  public TensorQuantizer {
    Preconditions.checkArgument(bits == 8 || bits == 16, "bit width %s is not 8 or 16", bits);
    Preconditions.checkArgument(
        fracBits >= MIN_FRAC_BITS && fracBits <= MAX_FRAC_BITS,
        "fractional bits %s not in %s..%s", fracBits, MIN_FRAC_BITS, MAX_FRAC_BITS);
  }

  public static TensorQuantizer int16(int fracBits) {
    return new TensorQuantizer(16, fracBits);
  }

  public static TensorQuantizer int8(int fracBits) {
    return new TensorQuantizer(8, fracBits);
  }

  /** Smallest representable integer, {@code -2^(bits-1)}. */
  public int min() {
    return -(1 << (bits - 1));
  }

  /** Largest representable integer, {@code 2^(bits-1) - 1}. */
  public int max() {
    return (1 << (bits - 1)) - 1;
  }

  /** Largest representable real value, {@code max() / 2^fracBits}. */
  public double maxReal() {
    return Math.scalb((double) max(), -fracBits);
  }

  @Override
  public String toString() {
    return "int" + bits + "/q" + fracBits;
  }
}
