package org.nnpf.encoder.quant;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;

/**
 * Determines every quantizer of a model from its statistics (method.md, section 1), for a bit
 * allocation, an accumulation-bound {@link Strategy} and an accumulator precision P:
 *
 * <ol>
 *   <li>input tensor: {@code q_0 = fracBits(max|input|, b_0)};
 *   <li>per layer, weights {@code q_w = fracBits(max|w|, b_w)}, output {@code q_out =
 *       fracBits(max|output| measured, b_out)}, int16 multipliers {@code q_m = int16FracBits(max|m|)},
 *       slopes {@code q_a = int16FracBits(max|slope|)} (see {@link QuantizerRules});
 *   <li>accumulator constraint: while the strategy's bound (in the integer domain, which depends on
 *       {@code q_in + q_w}) exceeds {@code 2^(P-1) - 1}, remove one fractional bit. Under {@link
 *       Strategy#WORST_CASE} the bound grows with the integer range of the input (fixed by its bit
 *       width), so the bit comes off the weights. Under the measured strategies it comes off the
 *       operand whose largest code is longer ({@code log2(max|a| 2^q_in)} against {@code log2(max|w|
 *       2^q_w)}, weights on a tie), which keeps the most fractional bits in total while balancing
 *       the relative precision of the two operands; removing a bit of {@code q_in} changes the
 *       previous layer's output quantizer (or the input quantizer);
 *   <li>{@code q_out} is lowered if needed so that the shift {@code q_in + q_w + q_m - q_out} is not
 *       negative.
 * </ol>
 *
 * Throws {@link InfeasiblePlanException} when a layer's largest weight would have to become 0.
 */
public final class QuantizationPlanner {
  private QuantizationPlanner() {}

  public static QuantizationPlan plan(NetworkStatistics stats, TensorBitAllocation bits, Strategy strategy, int accumulatorBits) {
    Preconditions.checkArgument(accumulatorBits == 16 || accumulatorBits == 24 || accumulatorBits == 32,
        "accumulator precision %s is not 16, 24 or 32", accumulatorBits);
    Preconditions.checkArgument(bits.layerCount() == stats.layers().size(), "allocation of %s layers for %s", bits.layerCount(), stats.layers().size());
    int q0 = QuantizerRules.fracBits(stats.maxAbsInput(), bits.inputBits());
    QuantizationPlan plan = new QuantizationPlan(strategy, accumulatorBits, bits.inputBits(), q0, placeholder(bits));
    for (int l = 0; l < bits.layerCount(); l++) {
      LayerStatistics s = stats.layer(l);
      int bw = bits.weightBits(l);
      int qw = QuantizerRules.fracBits(s.maxAbsWeight(), bw);
      int bo = bits.outputBits(l);
      int qo = QuantizerRules.fracBits(s.maxAbsOutput(), bo);
      int qm = QuantizerRules.int16FracBits(s.maxAbsMultiplier());
      int qa = QuantizerRules.int16FracBits(s.maxAbsSlope());
      int[] q = fit(plan, s, l, strategy, qw, accumulatorBits, 0);
      plan = plan.withInputFrac(l, q[0]);
      int qin = q[0];
      qw = q[1];
      double bound = QuantizerRules.bound(strategy, s, plan.inputBits(l), qin, qw);
      qo = Math.min(qo, qin + qw + qm);
      plan = plan.withLayer(l, new LayerPlan(bw, qw, bo, qo, qm, qa, accumulatorBits, bound));
    }
    return plan;
  }

  /**
   * Lowers {@code q_in + q_w} of layer l until the bound of {@code strategy} fits the accumulator
   * with {@code headroomBits} bits to spare, by the rule of the class comment, starting from the
   * plan's {@code q_in} and the given {@code q_w}. Returns {@code {q_in, q_w}}.
   */
  static int[] fit(QuantizationPlan plan, LayerStatistics s, int l, Strategy strategy, int qw, int accumulatorBits, int headroomBits) {
    double limit = Math.scalb((double) QuantizerRules.accumulatorLimit(accumulatorBits), -headroomBits);
    int qin = plan.inputFrac(l);
    int bin = plan.inputBits(l);
    double bound = QuantizerRules.bound(strategy, s, bin, qin, qw);
    while (bound > limit) {
      boolean fromWeights;
      if (strategy == Strategy.WORST_CASE) {
        fromWeights = true;
      } else {
        double lw = s.maxAbsWeight() > 0 ? Math.log(s.maxAbsWeight()) / Math.log(2) + qw : Double.NEGATIVE_INFINITY;
        double la = s.maxAbsInput() > 0 ? Math.log(s.maxAbsInput()) / Math.log(2) + qin : Double.NEGATIVE_INFINITY;
        fromWeights = lw >= la || qin <= QuantizerRules.MIN_FRAC;
      }
      if (fromWeights) {
        if (qw <= QuantizerRules.MIN_FRAC || QuantizerRules.code(s.maxAbsWeight(), qw - 1) < 1) {
          throw new InfeasiblePlanException(l, String.format(java.util.Locale.ROOT,
              "layer %d: no weight shift keeps the %s accumulation bound within %d bits "
                  + "(fan-in %d, %d-bit input, max|w| %.3g): use a larger accumulator or fewer input bits",
              l, strategy, accumulatorBits, s.fanIn(), bin, s.maxAbsWeight()));
        }
        qw--;
      } else {
        qin--;
      }
      bound = QuantizerRules.bound(strategy, s, bin, qin, qw);
    }
    return new int[] {qin, qw};
  }

  /**
   * Re-fits layer l of {@code plan} under {@code strategy} (with {@code headroomBits} to spare),
   * keeping its other quantizers; the previous layer's output quantizer may lose fractional bits.
   * {@code q_out} of layer l is lowered if the shift would become negative.
   */
  public static QuantizationPlan refit(QuantizationPlan plan, LayerStatistics s, int l, Strategy strategy, int headroomBits) {
    LayerPlan p = plan.layer(l);
    int[] q = fit(plan, s, l, strategy, p.weightFrac(), p.accumulatorBits(), headroomBits);
    QuantizationPlan r = plan.withInputFrac(l, q[0]);
    double bound = QuantizerRules.bound(strategy, s, r.inputBits(l), q[0], q[1]);
    int qo = Math.min(p.outputFrac(), q[0] + q[1] + p.multiplierFrac());
    return r.withLayer(l, new LayerPlan(p.weightBits(), q[1], p.outputBits(), qo, p.multiplierFrac(), p.slopeFrac(),
        p.accumulatorBits(), bound));
  }

  private static List<LayerPlan> placeholder(TensorBitAllocation bits) {
    List<LayerPlan> l = new ArrayList<>();
    for (int i = 0; i < bits.layerCount(); i++) {
      l.add(new LayerPlan(bits.weightBits(i), 0, bits.outputBits(i), 0, 0, 0, 32, 0));
    }
    return l;
  }
}
