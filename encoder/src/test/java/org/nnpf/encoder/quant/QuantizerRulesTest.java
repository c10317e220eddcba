package org.nnpf.encoder.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The quantizer rules and the planner on hand-computed cases. */
class QuantizerRulesTest {

  @Test
  void fractionalBitsKeepTheLargestValueInRange() {
    assertEquals(7, QuantizerRules.fracBits(0.9, 8)); // 0.9 * 128 = 115.2 <= 127 < 0.9 * 256
    assertEquals(6, QuantizerRules.fracBits(1.0, 8)); // 1 * 128 = 128 > 127
    assertEquals(15, QuantizerRules.fracBits(0.5, 16)); // 0.5 * 2^16 = 32768 > 32767
    assertEquals(13, QuantizerRules.fracBits(3.0, 16)); // 3 * 2^13 = 24576, 3 * 2^14 = 49152
    assertEquals(-2, QuantizerRules.fracBits(500, 8)); // 500 / 4 = 125
    assertEquals(QuantizerRules.MAX_FRAC, QuantizerRules.fracBits(0, 16));
    assertEquals(14, QuantizerRules.int16FracBits(1.0));
    assertEquals(15, QuantizerRules.int16FracBits(0.3)); // 16 would fit, capped at 15
    assertEquals(0, QuantizerRules.int16FracBits(40000)); // never negative
  }

  @Test
  void parameterCodesRoundHalfAwayFromZero() {
    assertEquals(3, QuantizerRules.code(0.75, 2));
    assertEquals(-3, QuantizerRules.code(-0.75, 2));
    assertEquals(1, QuantizerRules.code(0.125, 2)); // 0.5 -> 1
    assertEquals(-1, QuantizerRules.code(-0.125, 2));
  }

  static LayerStatistics layer(double maxW, double meanW, double maxB, double maxIn, double maxAcc, double maxOut) {
    return new LayerStatistics(216, maxW, meanW, maxB, 1.0, 0.125, maxIn, maxAcc, maxOut);
  }

  static QuantizationPlan plan(LayerStatistics s, double maxInput, Strategy st, int p) {
    return QuantizationPlanner.plan(new NetworkStatistics(maxInput, List.of(s)), TensorBitAllocation.uniform(1, 16), st, p);
  }

  @Test
  void worstCaseTakesTheBitsOffTheWeights() {
    // N = 216, max|w| = 0.25, 16-bit input: 216 * code * 2^15 <= 2^31 - 1 needs code <= 303,
    // so q_w = 10 (code 256); q_w = 11 would give 512.
    QuantizationPlan p = plan(layer(0.25, 0.05, 0, 2.0, 5.0, 1.0), 2.0, Strategy.WORST_CASE, 32);
    assertEquals(10, p.layer(0).weightFrac());
    assertEquals(13, p.inputFrac(0)); // untouched: fracBits(2.0, 16)
    assertEquals(216.0 * 256 * 32768, p.layer(0).accumulationBound());
    assertTrue(p.layer(0).accumulationBound() <= QuantizerRules.accumulatorLimit(32));
  }

  @Test
  void approximateBoundUsesTheMeanWeightAndBalancesTheOperands() {
    // bound = 216 * 0.05 * 2.0 * 2^(q_in + q_w) = 21.6 * 2^(q_in + q_w); starts at q_in 13, q_w 16
    // (29 bits: 1.16e10). Largest codes: w 0.25 * 2^16 = 2^14, a 2 * 2^13 = 2^14: tie -> weights
    // (q_w 15), then the input (q_in 12), tie -> weights (q_w 14): 21.6 * 2^26 = 1.45e9 fits.
    QuantizationPlan p = plan(layer(0.25, 0.05, 0, 2.0, 5.0, 1.0), 2.0, Strategy.APPROXIMATE, 32);
    assertEquals(14, p.layer(0).weightFrac());
    assertEquals(12, p.inputFrac(0));
    assertEquals(21.6 * Math.pow(2, 26), p.layer(0).accumulationBound(), 1e-3);
  }

  @Test
  void measuredBoundUsesTheLargestAccumulation() {
    // 5.0 * 2^(q_in + q_w) <= 2^23 - 1 needs q_in + q_w <= 20: nine bits off 13 + 16, alternating
    // w, a, w, a, w, a, w, a, w -> q_w 11, q_in 9.
    QuantizationPlan p = plan(layer(0.25, 0.05, 0, 2.0, 5.0, 1.0), 2.0, Strategy.MEASURED, 24);
    assertEquals(11, p.layer(0).weightFrac());
    assertEquals(9, p.inputFrac(0));
    assertEquals(5.0 * (1 << 20), p.layer(0).accumulationBound());
  }

  @Test
  void outputQuantizerNeverMakesTheShiftNegative() {
    // Output max 1e-6 would allow q_out = 31 (fracBits caps it), more than q_in + q_w + q_m.
    LayerStatistics s = new LayerStatistics(216, 0.25, 0.05, 0, 40000, 0, 2.0, 3.0, 1e-6);
    QuantizationPlan p = plan(s, 2.0, Strategy.MEASURED, 32);
    // q_m = 0 (max|m| 40000); q_in + q_w = 29 fits: 3 * 2^29 < 2^31.
    assertEquals(0, p.layer(0).multiplierFrac());
    assertEquals(13 + 16, p.layer(0).outputFrac());
    assertEquals(0, p.shift(0));
  }

  @Test
  void worstCaseOf16BitActivationsInA16BitAccumulatorIsInfeasible() {
    InfeasiblePlanException e = assertThrows(InfeasiblePlanException.class,
        () -> plan(layer(0.25, 0.05, 0, 2.0, 5.0, 1.0), 2.0, Strategy.WORST_CASE, 16));
    assertEquals(0, e.layer());
    assertTrue(e.getMessage().contains("layer 0"), e.getMessage());
  }
}
