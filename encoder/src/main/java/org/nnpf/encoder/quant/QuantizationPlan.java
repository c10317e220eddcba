package org.nnpf.encoder.quant;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nnpf.common.nn.Conv2d;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.integer.FixedPoint;
import org.nnpf.common.nn.quant.LayerQuantization;
import org.nnpf.common.nn.quant.QuantizationParams;
import org.nnpf.common.nn.quant.TensorQuantizer;

/**
 * All quantizers of a model: the input tensor's and one {@link LayerPlan} per layer, with the
 * strategy and accumulator precision they were determined for. Layer l reads the tensor of
 * fractional bits {@link #inputFrac(int)}; its requantization shift is {@code s = q_in + q_w + q_m -
 * q_out}. Immutable.
 */
public record QuantizationPlan(Strategy strategy, int accumulatorBits, int inputBits, int inputFrac, List<LayerPlan> layers) {
  public QuantizationPlan {
    layers = List.copyOf(layers);
    Preconditions.checkArgument(!layers.isEmpty(), "no layer");
  }

  public LayerPlan layer(int l) {
    return layers.get(l);
  }

  public int layerCount() {
    return layers.size();
  }

  /** Bits of the tensor layer l reads. */
  public int inputBits(int l) {
    return l == 0 ? inputBits : layers.get(l - 1).outputBits();
  }

  /** Fractional bits of the tensor layer l reads. */
  public int inputFrac(int l) {
    return l == 0 ? inputFrac : layers.get(l - 1).outputFrac();
  }

  /** Requantization shift of layer l. */
  public int shift(int l) {
    LayerPlan p = layers.get(l);
    return inputFrac(l) + p.weightFrac() + p.multiplierFrac() - p.outputFrac();
  }

  /** The bit allocation this plan realises. */
  public TensorBitAllocation allocation() {
    int[] w = new int[layers.size()];
    int[] o = new int[layers.size()];
    for (int l = 0; l < w.length; l++) {
      w[l] = layers.get(l).weightBits();
      o[l] = layers.get(l).outputBits();
    }
    return new TensorBitAllocation(inputBits, w, o);
  }

  /** A copy with layer l replaced. */
  public QuantizationPlan withLayer(int l, LayerPlan p) {
    List<LayerPlan> c = new ArrayList<>(layers);
    c.set(l, p);
    return new QuantizationPlan(strategy, accumulatorBits, inputBits, inputFrac, c);
  }

  /** A copy whose layer l reads a tensor of {@code q} fractional bits. */
  public QuantizationPlan withInputFrac(int l, int q) {
    if (l == 0) {
      return new QuantizationPlan(strategy, accumulatorBits, inputBits, q, layers);
    }
    return withLayer(l - 1, layers.get(l - 1).withOutputFrac(q));
  }

  /**
   * The quantization parameters of the integer decoding process (docs/integer-inference.md). With
   * {@code explicitMultipliers}, each layer carries the int16 multipliers {@code Round(m * 2^q_m)}
   * of {@code model} (the overfitted multipliers, to be signalled), so that a decoder holding only
   * the base model reproduces them.
   */
  public QuantizationParams toParams(Model model, boolean explicitMultipliers) {
    Preconditions.checkArgument(model.layerCount() == layers.size(), "plan of %s layers for a model of %s", layers.size(), model.layerCount());
    List<LayerQuantization> lq = new ArrayList<>();
    for (int l = 0; l < layers.size(); l++) {
      LayerPlan p = layers.get(l);
      LayerQuantization.Builder b = LayerQuantization.builder(
              new TensorQuantizer(p.weightBits(), p.weightFrac()), new TensorQuantizer(p.outputBits(), p.outputFrac()))
          .accumulatorBits(p.accumulatorBits())
          .multiplierFracBits(p.multiplierFrac())
          .slopeFracBits(p.slopeFrac());
      if (explicitMultipliers) {
        b.multipliers(multiplierCodes(model.conv(l), p.multiplierFrac()));
      }
      lq.add(b.build());
    }
    return new QuantizationParams(new TensorQuantizer(inputBits, inputFrac), lq);
  }

  /** {@code Clip3(-32768, 32767, Round(m[co] * 2^qm))} for every output channel. */
  public static int[] multiplierCodes(Conv2d c, int qm) {
    int[] m = new int[c.outChannels()];
    for (int co = 0; co < m.length; co++) {
      m[co] = (int) FixedPoint.quantize(c.multiplier(co), qm, Short.MIN_VALUE, Short.MAX_VALUE);
    }
    return m;
  }

  /** A table: one line per layer with bits, fractional bits, shift and bound against the limit. */
  public String table() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "strategy %s, accumulator %d bits, input int%d q%d%n", strategy, accumulatorBits, inputBits, inputFrac));
    sb.append("layer | in bits/q | w bits/q | out bits/q | q_m | q_a | shift | bound / limit\n");
    for (int l = 0; l < layers.size(); l++) {
      LayerPlan p = layers.get(l);
      sb.append(String.format(Locale.ROOT, "%5d | %2d/%3d | %2d/%3d | %2d/%3d | %3d | %3d | %5d | %.3g / %d%n", l, inputBits(l), inputFrac(l),
          p.weightBits(), p.weightFrac(), p.outputBits(), p.outputFrac(), p.multiplierFrac(), p.slopeFrac(), shift(l),
          p.accumulationBound(), QuantizerRules.accumulatorLimit(p.accumulatorBits())));
    }
    return sb.toString();
  }
}
