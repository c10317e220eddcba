package org.nnpf.common.nn.fp;

import com.google.common.base.Preconditions;
import org.nnpf.common.nn.Model;

/**
 * Largest absolute values seen by float inference, over one or more pictures: the input tensor,
 * and per layer the accumulation {@code b + sum W x} (before the multiplier) and the layer output
 * (after multiplier and activation). Calibration data for quantizers. Mutable; not thread-safe.
 */
public final class ActivationStatistics {
  private final int layers;
  private float maxInput;
  private final float[] maxAccumulation;
  private final float[] maxOutput;

  public ActivationStatistics(Model model) {
    this.layers = model.layerCount();
    this.maxAccumulation = new float[layers];
    this.maxOutput = new float[layers];
  }

  void check(Model model) {
    Preconditions.checkArgument(model.layerCount() == layers, "statistics of %s layers used for a model of %s", layers, model.layerCount());
  }

  void recordInput(float maxAbs) {
    maxInput = Math.max(maxInput, maxAbs);
  }

  void recordLayer(int l, float maxAcc, float maxOut) {
    maxAccumulation[l] = Math.max(maxAccumulation[l], maxAcc);
    maxOutput[l] = Math.max(maxOutput[l], maxOut);
  }

  public int layerCount() {
    return layers;
  }

  /** Largest |value| of the input tensor. */
  public float maxInput() {
    return maxInput;
  }

  /** Largest |b + sum W x| of layer l. */
  public float maxAccumulation(int l) {
    return maxAccumulation[l];
  }

  /** Largest |output| of layer l (after multiplier and activation). */
  public float maxOutput(int l) {
    return maxOutput[l];
  }

  /** Largest |value| of the tensor layer l reads (the input tensor for l = 0). */
  public float maxLayerInput(int l) {
    return l == 0 ? maxInput : maxOutput[l - 1];
  }
}
