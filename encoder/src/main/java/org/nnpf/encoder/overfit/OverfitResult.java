package org.nnpf.encoder.overfit;

import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.quant.QuantizationParams;
import org.nnpf.encoder.quant.QuantizationPlan;

/**
 * The outcome of {@link Overfitter#overfit}: the overfitted float model (base weights, overfitted
 * multipliers and, if trained, biases), the quantization parameters to signal (with the overfitted
 * multipliers as explicit int16 values, so that a decoder holding the base model reproduces the
 * adapted network), the plan they come from, and the report; also the quantization parameters
 * determined for the base model itself ({@code baseParams}, multipliers derived from the model), the
 * encoder's cheaper alternative when overfitting does not pay for the multipliers' bits.
 */
public record OverfitResult(Model model, QuantizationParams params, QuantizationPlan plan, OverfitReport report,
    QuantizationParams baseParams) {

  /** Whether the trial stopped the overfitting: {@link #params} are then the base model's. */
  public boolean abandoned() {
    return report.abandoned();
  }
}
