package org.nnpf.common.nn.quant;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;
import org.nnpf.common.nn.Activation;
import org.nnpf.common.nn.Conv2d;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.fp.ActivationStatistics;

/**
 * Quantization by a simple rule (informative; the project's real quantizer belongs to the
 * encoder). For every tensor the largest power-of-two step that keeps the tensor's range
 * representable:
 *
 * <ul>
 *   <li>input: {@code q0} from the calibrated max |input|;
 *   <li>weights of layer l: {@code qw} from max |W|, then lowered until the worst-case
 *       accumulation {@code max_co(sum |Wq[co]| * 2^(bx-1) + |Bq[co]|)} fits the accumulator
 *       precision P: no input whatsoever can then violate it;
 *   <li>output of layer l: {@code qout} from the calibrated max |output| times the headroom;
 *   <li>multipliers: {@code qm} from max |m|; slopes: {@code qa} from max |slope| (both int16, at
 *       most 15 fractional bits).
 * </ul>
 *
 * {@code qout} is lowered when needed so that the shift {@code qx + qw + qm - qout} is not negative.
 */
public final class SimpleQuantizer {
  private SimpleQuantizer() {}

  /** Quantization parameters for {@code model} from calibration statistics. */
  public static QuantizationParams quantize(Model model, ActivationStatistics stats, BitAllocation alloc) {
    Preconditions.checkArgument(stats.layerCount() == model.layerCount(), "statistics do not match the model");
    TensorQuantizer input = new TensorQuantizer(alloc.activationBits(),
        fracBitsFor(stats.maxInput(), alloc.activationBits() == 16 ? Short.MAX_VALUE : Byte.MAX_VALUE));
    List<LayerQuantization> layers = new ArrayList<>();
    TensorQuantizer x = input;
    for (int l = 0; l < model.layerCount(); l++) {
      Conv2d c = model.conv(l);
      int qw = weightFracBits(c, x, alloc);
      TensorQuantizer wq = new TensorQuantizer(alloc.weightBits(), qw);
      int qm = Math.min(LayerQuantization.MAX_MULTIPLIER_FRAC_BITS, fracBitsFor(maxMultiplier(c), Short.MAX_VALUE));
      int qa = Math.min(LayerQuantization.MAX_SLOPE_FRAC_BITS, fracBitsFor(maxSlope(c.activation(), c.outChannels()), Short.MAX_VALUE));
      int outMax = alloc.activationBits() == 16 ? Short.MAX_VALUE : Byte.MAX_VALUE;
      int qout = fracBitsFor((float) (stats.maxOutput(l) * alloc.headroom()), outMax);
      qout = Math.min(qout, x.fracBits() + qw + qm);
      qout = Math.max(qout, x.fracBits() + qw + qm - QuantizationParams.MAX_SHIFT);
      TensorQuantizer out = new TensorQuantizer(alloc.activationBits(), qout);
      layers.add(LayerQuantization.builder(wq, out)
          .accumulatorBits(alloc.accumulatorBits())
          .multiplierFracBits(qm)
          .slopeFracBits(qa)
          .build());
      x = out;
    }
    return new QuantizationParams(input, layers);
  }

  /**
   * The largest q in [MIN_FRAC_BITS, MAX_FRAC_BITS] with {@code maxAbs * 2^q <= limit} (the
   * largest q when maxAbs is 0).
   */
  public static int fracBitsFor(double maxAbs, int limit) {
    int q = TensorQuantizer.MAX_FRAC_BITS;
    while (q > TensorQuantizer.MIN_FRAC_BITS && Math.scalb(maxAbs, q) > limit) {
      q--;
    }
    return q;
  }

  private static int weightFracBits(Conv2d c, TensorQuantizer x, BitAllocation alloc) {
    float[] w = c.weights();
    float maxW = 0;
    for (float v : w) {
      maxW = Math.max(maxW, Math.abs(v));
    }
    int limit = alloc.weightBits() == 16 ? Short.MAX_VALUE : Byte.MAX_VALUE;
    int qw = fracBitsFor(maxW, limit);
    TensorQuantizer probe = new TensorQuantizer(alloc.weightBits(), qw);
    while (qw > TensorQuantizer.MIN_FRAC_BITS
        && worstCaseAccumulation(c, probe, x, alloc.accumulatorBits()) > (1L << (alloc.accumulatorBits() - 1)) - 1) {
      qw--;
      probe = new TensorQuantizer(alloc.weightBits(), qw);
    }
    return qw;
  }

  /**
   * {@code max_co(sum_{ci,ky,kx} |Wq| * 2^(bx-1) + |Bq|)}: the largest |accumulation| any input
   * of bit width bx can produce.
   */
  public static long worstCaseAccumulation(Conv2d c, TensorQuantizer wq, TensorQuantizer x, int accBits) {
    long xmax = 1L << (x.bits() - 1);
    long accMax = (1L << (accBits - 1)) - 1;
    float[] b = c.bias();
    long worst = 0;
    int fan = c.fanIn();
    float[] w = c.weights();
    for (int co = 0; co < c.outChannels(); co++) {
      long sum = 0;
      for (int i = co * fan; i < (co + 1) * fan; i++) {
        sum += Math.abs(org.nnpf.common.nn.integer.FixedPoint.quantize(w[i], wq.fracBits(), wq.min(), wq.max()));
      }
      long bq = org.nnpf.common.nn.integer.FixedPoint.quantize(b[co], x.fracBits() + wq.fracBits(), -accMax - 1, accMax);
      worst = Math.max(worst, sum * xmax + Math.abs(bq));
    }
    return worst;
  }

  private static float maxMultiplier(Conv2d c) {
    float m = 0;
    for (int co = 0; co < c.outChannels(); co++) {
      m = Math.max(m, Math.abs(c.multiplier(co)));
    }
    return m;
  }

  private static float maxSlope(Activation a, int channels) {
    if (a.kind() != Activation.Kind.LEAKY_RELU && a.kind() != Activation.Kind.PRELU) {
      return 0;
    }
    float m = 0;
    for (int co = 0; co < channels; co++) {
      m = Math.max(m, Math.abs(a.slope(co)));
    }
    return m;
  }
}
