package org.nnpf.encoder.quant;

import com.google.common.base.Preconditions;

/**
 * The statistics of one convolution layer that its quantizers are determined from: fan-in N, the
 * largest and mean absolute weight, the largest absolute bias, multiplier and activation slope
 * (parameters), and the largest absolute value of its input, of its accumulation {@code b + sum w
 * a} (before the multiplier) and of its output (after multiplier and activation), measured on test
 * data.
 */
public record LayerStatistics(
    int fanIn,
    double maxAbsWeight,
    double meanAbsWeight,
    double maxAbsBias,
    double maxAbsMultiplier,
    double maxAbsSlope,
    double maxAbsInput,
    double maxAbsAccumulation,
    double maxAbsOutput) {
  public LayerStatistics {
    Preconditions.checkArgument(fanIn > 0, "fan-in %s", fanIn);
    Preconditions.checkArgument(
        maxAbsWeight >= 0 && meanAbsWeight >= 0 && maxAbsBias >= 0 && maxAbsMultiplier >= 0 && maxAbsSlope >= 0
            && maxAbsInput >= 0 && maxAbsAccumulation >= 0 && maxAbsOutput >= 0,
        "statistics must not be negative");
  }
}
