package org.nnpf.encoder.quant;

/**
 * The quantizers chosen for one layer: weights, output activations, int16 multipliers and slopes
 * (fractional bits), the accumulator precision P, and the accumulation bound of the strategy that
 * was used against the P-bit limit.
 */
public record LayerPlan(
    int weightBits,
    int weightFrac,
    int outputBits,
    int outputFrac,
    int multiplierFrac,
    int slopeFrac,
    int accumulatorBits,
    double accumulationBound) {

  public LayerPlan withOutputFrac(int q) {
    return new LayerPlan(weightBits, weightFrac, outputBits, q, multiplierFrac, slopeFrac, accumulatorBits, accumulationBound);
  }

  public LayerPlan withWeightFrac(int q, double bound) {
    return new LayerPlan(weightBits, q, outputBits, outputFrac, multiplierFrac, slopeFrac, accumulatorBits, bound);
  }

  public LayerPlan withMultiplierFrac(int q) {
    return new LayerPlan(weightBits, weightFrac, outputBits, outputFrac, q, slopeFrac, accumulatorBits, accumulationBound);
  }
}
