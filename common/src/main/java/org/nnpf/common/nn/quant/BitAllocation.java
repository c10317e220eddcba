package org.nnpf.common.nn.quant;

import com.google.common.base.Preconditions;

/**
 * Bit widths for {@link SimpleQuantizer}: activations and weights (8 or 16), accumulator precision
 * (16, 24 or 32), and the headroom factor applied to calibrated activation maxima (e.g. 1.5 keeps
 * values up to 1.5x the largest seen on the calibration pictures unsaturated).
 */
public record BitAllocation(int activationBits, int weightBits, int accumulatorBits, double headroom) {
  public BitAllocation {
    Preconditions.checkArgument(activationBits == 8 || activationBits == 16, "activation bits %s", activationBits);
    Preconditions.checkArgument(weightBits == 8 || weightBits == 16, "weight bits %s", weightBits);
    Preconditions.checkArgument(accumulatorBits == 16 || accumulatorBits == 24 || accumulatorBits == 32,
        "accumulator bits %s", accumulatorBits);
    Preconditions.checkArgument(headroom >= 1 && headroom <= 1024, "headroom %s not in 1..1024", headroom);
  }

  /** int16 activations and weights, 32-bit accumulators, headroom 1.5. */
  public static BitAllocation int16() {
    return new BitAllocation(16, 16, 32, 1.5);
  }
}
