package org.nnpf.encoder.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nnpf.common.nn.Activation;
import org.nnpf.common.nn.Conv2d;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.ModelFactory;
import org.nnpf.common.nn.OutputMode;
import org.nnpf.common.nn.TensorLayout;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;

class OverflowGuardTest {

  static Picture flat(int value) {
    Picture p = new Picture(16, 12, 8, ChromaFormat.CF420);
    for (int c = 0; c < 3; c++) {
      p.plane(c).fill(value);
    }
    return p;
  }

  static Picture noise(long seed) {
    Random r = new Random(seed);
    Picture p = new Picture(24, 16, 8, ChromaFormat.CF420);
    for (int c = 0; c < 3; c++) {
      short[] s = p.plane(c).samples();
      for (int i = 0; i < s.length; i++) {
        s[i] = (short) r.nextInt(256);
      }
    }
    return p;
  }

  /** One 3x3 conv, 6 -> 6 channels, every weight 0.05: the approximate bound is exact on flat input. */
  static Model positiveConv() {
    float[] w = new float[6 * 6 * 9];
    Arrays.fill(w, 0.05f);
    float[] ones = new float[6];
    Arrays.fill(ones, 1f);
    Conv2d c = Conv2d.builder(3, 6, 6).weights(w).bias(new float[6]).multipliers(ones).build();
    return Model.builder(TensorLayout.POLYPHASE_420).noQpPlane().outputMode(OutputMode.RESIDUAL).add(c).build();
  }

  /**
   * Statistics from a dark picture (max|a| = 32/256) give an approximate bound of 54 * 0.05 *
   * 0.125 = 0.3375, so q_in + q_w = 16 in a 16-bit accumulator (0.3375 * 2^16 = 22118). A bright
   * picture (240) makes the accumulation 7.5 times larger: the check detects the overflow.
   */
  static void approximateOverflowIsDetectedAndHandled(int accumulatorBits, String expectedFallback) {
    Model m = positiveConv();
    NetworkStatistics dark = NetworkStatistics.measure(m, List.of(flat(32)), 30);
    QuantizationPlan plan = QuantizationPlanner.plan(dark, TensorBitAllocation.uniform(1, 16), Strategy.APPROXIMATE, accumulatorBits);
    List<Picture> sequence = List.of(flat(32), flat(240));
    OverflowGuard.Outcome o = OverflowGuard.enforce(plan, dark, m, sequence, sequence, 30, 1);
    assertTrue(o.first().violations(0) > 0, "the approximate plan overflows on the bright picture");
    assertTrue(o.fellBack());
    assertTrue(o.actions().get(0).contains(expectedFallback), o.actions().toString());
    assertEquals(0, o.last().check().totalViolations());
    assertTrue(o.plan().inputFrac(0) + o.plan().layer(0).weightFrac() < plan.inputFrac(0) + plan.layer(0).weightFrac());
  }

  @Test
  void approximateOverflowFallsBackToTheWorstCaseShiftWhenItFits() {
    approximateOverflowIsDetectedAndHandled(24, "worst-case shift");
  }

  @Test
  void approximateOverflowFallsBackToTheObservedMaximumWhenTheWorstCaseCannotFit() {
    approximateOverflowIsDetectedAndHandled(16, "measured shift with one bit of headroom");
  }

  @Test
  void approximatePlanThatHoldsIsLeftAlone() {
    Model m = positiveConv();
    NetworkStatistics st = NetworkStatistics.measure(m, List.of(flat(32), flat(240)), 30);
    QuantizationPlan plan = QuantizationPlanner.plan(st, TensorBitAllocation.uniform(1, 16), Strategy.APPROXIMATE, 16);
    OverflowGuard.Outcome o = OverflowGuard.enforce(plan, st, m, List.of(flat(32), flat(240)), List.of(flat(32), flat(240)), 30, 1);
    assertFalse(o.fellBack());
    assertEquals(plan, o.plan());
  }

  @Test
  void worstCasePlansNeverOverflowEvenOnNoise() {
    Model m = ModelFactory.polyphasePostFilter(8, 3, Activation.leakyRelu(0.125f), 3, 1f, 3);
    NetworkStatistics st = NetworkStatistics.measure(m, List.of(flat(128)), 32);
    for (int p : new int[] {24, 32}) {
      for (int bits : new int[] {8, 16}) {
        TensorBitAllocation a = TensorBitAllocation.uniform(3, 16).with(0, bits).with(2, bits).with(4, bits);
        QuantizationPlan plan;
        try {
          plan = QuantizationPlanner.plan(st, a, Strategy.WORST_CASE, p);
        } catch (InfeasiblePlanException e) {
          assertEquals(24, p, "only the 24-bit accumulator may be too small: " + e.getMessage());
          continue;
        }
        SequenceCheck c = IntegerEvaluator.run(m, plan.toParams(m, true), List.of(noise(1), noise(2), flat(255), flat(0)), 32, 1).check();
        assertEquals(0, c.totalViolations(), "P " + p + ", " + bits + "-bit activations:\n" + c.describe());
        for (int l = 0; l < 3; l++) {
          assertTrue(plan.layer(l).accumulationBound() <= QuantizerRules.accumulatorLimit(p));
        }
      }
    }
  }
}
