package org.nnpf.encoder.quant;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
  public BitAllocation allocation() {
    int[] w = new int[layers.size()];
    int[] o = new int[layers.size()];
    for (int l = 0; l < w.length; l++) {
      w[l] = layers.get(l).weightBits();
      o[l] = layers.get(l).outputBits();
    }
    return new BitAllocation(inputBits, w, o);
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
