package org.nnpf.encoder.quant;

import org.nnpf.training.TrainableModel;
import org.nnpf.training.autodiff.FakeQuantizer;
import org.nnpf.training.autodiff.FakeQuantizer.Rounding;
import org.nnpf.training.autodiff.Param;

/**
 * Puts the fake quantizers of a {@link QuantizationPlan} on a {@link TrainableModel}, so that its
 * float forward pass follows the integer decoding process step by step (docs/integer-inference.md):
 * the input {@code Sat(Scale(s, q_0 - d))}; weights, biases (at {@code q_in + q_w} in P bits),
 * multipliers and slopes rounded half away from zero at their fractional bits; {@code V =
 * Rsh(A * Mq, s)} rounded half up to the output grid; the activation; saturation to the output bit
 * width. What it does not model: the wrap-around of an overflowing accumulator (the plan is meant
 * to prevent it) and float rounding of the sums.
 */
public final class QuantizationAwareModel {
  private QuantizationAwareModel() {}

  /** Sets the fake quantizers of {@code plan} on {@code tm}. */
  public static void apply(TrainableModel tm, QuantizationPlan plan) {
    com.google.common.base.Preconditions.checkArgument(tm.quantizable(), "the model was built without fake-quantization nodes");
    tm.inputQuantizer().quantizer(new FakeQuantizer(plan.inputBits(), plan.inputFrac(), Rounding.HALF_UP));
    for (int l = 0; l < plan.layerCount(); l++) {
      TrainableModel.Layer ly = tm.layers().get(l);
      LayerPlan p = plan.layer(l);
      int qin = plan.inputFrac(l);
      ly.weight().quantizer(new FakeQuantizer(p.weightBits(), p.weightFrac(), Rounding.HALF_AWAY));
      ly.bias().quantizer(new FakeQuantizer(p.accumulatorBits(), qin + p.weightFrac(), Rounding.HALF_AWAY));
      if (ly.multiplier() != null) {
        ly.multiplier().quantizer(new FakeQuantizer(16, p.multiplierFrac(), Rounding.HALF_AWAY));
      }
      if (ly.slope() != null) {
        ly.slope().quantizer(new FakeQuantizer(16, p.slopeFrac(), Rounding.HALF_AWAY));
      }
      ly.scaled().quantizer(new FakeQuantizer(64, p.outputFrac(), Rounding.HALF_UP));
      ly.output().quantizer(new FakeQuantizer(p.outputBits(), p.outputFrac(), Rounding.HALF_UP));
    }
    tm.graph().refresh();
  }

  /** Removes every fake quantizer: the model is float again. */
  public static void clear(TrainableModel tm) {
    if (tm.quantizable()) {
      tm.inputQuantizer().quantizer((FakeQuantizer) null);
      for (TrainableModel.Layer ly : tm.layers()) {
        ly.scaled().quantizer((FakeQuantizer) null);
        ly.output().quantizer((FakeQuantizer) null);
      }
    }
    for (Param p : tm.graph().params()) {
      p.quantizer(null);
    }
  }
}
