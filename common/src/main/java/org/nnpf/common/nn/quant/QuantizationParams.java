package org.nnpf.common.nn.quant;

import com.google.common.base.Preconditions;
import java.util.List;
import org.nnpf.common.nn.Conv2d;
import org.nnpf.common.nn.Model;

/**
 * The quantization parameters of a model for integer inference: the input tensor's quantizer and
 * one {@link LayerQuantization} per layer. Layer l reads the tensor quantized by
 * {@link #layerInput(int)} (the input quantizer for l = 0, the previous layer's output quantizer
 * otherwise). Separate from the float model: the encoder chooses them per sequence, the bitstream
 * carries them, the decoder combines them with the model in
 * {@link org.nnpf.common.nn.integer.IntegerNetwork#quantize}. Immutable.
 */
public final class QuantizationParams {
  /** Largest right shift of the requantization step. */
  public static final int MAX_SHIFT = 62;

  private final TensorQuantizer input;
  private final List<LayerQuantization> layers;

  public QuantizationParams(TensorQuantizer input, List<LayerQuantization> layers) {
    this.input = Preconditions.checkNotNull(input);
    this.layers = List.copyOf(layers);
    Preconditions.checkArgument(!this.layers.isEmpty(), "no layer quantization given");
    for (int l = 0; l < this.layers.size(); l++) {
      int s = shift(l);
      Preconditions.checkArgument(s >= 0 && s <= MAX_SHIFT,
          "layer %s: requantization shift qx + qw + qm - qout = %s is not in 0..%s", l, s, MAX_SHIFT);
    }
  }

  /** The quantizer of the input tensor (picture channels and QP plane). */
  public TensorQuantizer input() {
    return input;
  }

  public List<LayerQuantization> layers() {
    return layers;
  }

  public LayerQuantization layer(int l) {
    return layers.get(l);
  }

  public int layerCount() {
    return layers.size();
  }

  /** Quantizer of the tensor layer l reads. */
  public TensorQuantizer layerInput(int l) {
    return l == 0 ? input : layers.get(l - 1).output();
  }

  /** Quantizer of the network's output tensor. */
  public TensorQuantizer output() {
    return layers.get(layers.size() - 1).output();
  }

  /** The requantization shift of layer l: {@code s = qx + qw + qm - qout}. */
  public int shift(int l) {
    LayerQuantization q = layers.get(l);
    return layerInput(l).fracBits() + q.weights().fracBits() + q.multiplierFracBits() - q.output().fracBits();
  }

  /** Returns a copy in which layer l's parameters are replaced. */
  public QuantizationParams withLayer(int l, LayerQuantization q) {
    java.util.ArrayList<LayerQuantization> c = new java.util.ArrayList<>(layers);
    c.set(l, q);
    return new QuantizationParams(input, c);
  }

  /**
   * Checks that these parameters fit {@code model}: same layer count, explicit multipliers and
   * biases of the right count. Throws IllegalArgumentException naming the layer.
   */
  public void checkFits(Model model) {
    Preconditions.checkArgument(model.layerCount() == layers.size(),
        "quantization parameters for %s layers, model has %s", layers.size(), model.layerCount());
    for (int l = 0; l < layers.size(); l++) {
      Conv2d c = model.conv(l);
      LayerQuantization q = layers.get(l);
      if (q.hasExplicitMultipliers()) {
        int n = q.multipliers().orElseThrow().length;
        Preconditions.checkArgument(n == c.outChannels(),
            "layer %s: %s explicit multipliers, layer has %s output channels", l, n, c.outChannels());
      }
      if (q.hasExplicitBiases()) {
        int n = q.biases().orElseThrow().length;
        Preconditions.checkArgument(c.hasBias() && n == c.outChannels(),
            "layer %s: %s explicit biases, layer has %s output channels%s", l, n, c.outChannels(),
            c.hasBias() ? "" : " and no bias");
      }
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof QuantizationParams p && p.input.equals(input) && p.layers.equals(layers);
  }

  @Override
  public int hashCode() {
    return input.hashCode() * 31 + layers.hashCode();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("input ").append(input);
    for (int l = 0; l < layers.size(); l++) {
      sb.append("\nlayer ").append(l).append(": ").append(layers.get(l)).append(", shift ").append(shift(l));
    }
    return sb.toString();
  }
}
