package org.nnpf.common.nn;

import com.google.common.base.Preconditions;
import java.util.Arrays;
import java.util.Random;

/**
 * Builds the project's post-filter architecture with initial (untrained) parameters: input 4:2:0
 * polyphase + QP plane (QP / 64), {@code convLayers} 3x3 convolutions of {@code channels}
 * channels, each but the last followed by a per-channel multiplier and the activation, the last
 * one with a multiplier and no activation, residual output.
 *
 * <p>Weights are drawn from a seeded normal distribution with He scaling; the last layer is scaled
 * by {@code lastLayerGain} so that an untrained model makes small corrections. Deterministic for a
 * given seed.
 */
public final class ModelFactory {
  private ModelFactory() {}

  /**
   * The architecture of issue 5 with C channels and L convolutions (1 + (L-2) + 1), LeakyReLU
   * slope 1/8, seeded random weights, small random biases, multipliers 1.
   */
  public static Model polyphasePostFilter(int channels, int convLayers, long seed) {
    return polyphasePostFilter(channels, convLayers, Activation.leakyRelu(0.125f), 3, 0.1f, seed);
  }

  /**
   * The same architecture with a chosen activation (PReLU slopes are replicated per channel from
   * {@code act.slope(0)}), kernel size and last-layer gain.
   */
  public static Model polyphasePostFilter(
      int channels, int convLayers, Activation act, int kernelSize, float lastLayerGain, long seed) {
    Preconditions.checkArgument(convLayers >= 2, "need at least 2 convolutions, got %s", convLayers);
    int[] kernels = new int[convLayers];
    Arrays.fill(kernels, kernelSize);
    return polyphasePostFilter(channels, kernels, act, lastLayerGain, seed,
        "pf-C" + channels + "-L" + convLayers + "-k" + kernelSize + "-seed" + seed);
  }

  /**
   * The same architecture with a kernel size per convolution ({@code kernels.length} convolutions,
   * each 1 or 3), e.g. 3×3 convolutions alternating with 1×1 ones.
   */
  public static Model polyphasePostFilter(
      int channels, int[] kernels, Activation act, float lastLayerGain, long seed, String name) {
    int convLayers = kernels.length;
    Preconditions.checkArgument(convLayers >= 2, "need at least 2 convolutions, got %s", convLayers);
    Random rnd = new Random(seed);
    Model.Builder mb = Model.builder(TensorLayout.POLYPHASE_420)
        .name(name)
        .qpPlane(6)
        .outputMode(OutputMode.RESIDUAL);
    int cin = TensorLayout.POLYPHASE_420.pictureChannels() + 1;
    for (int l = 0; l < convLayers; l++) {
      boolean last = l == convLayers - 1;
      int cout = last ? TensorLayout.POLYPHASE_420.pictureChannels() : channels;
      Activation a = last ? Activation.none() : act;
      if (a.kind() == Activation.Kind.PRELU && a.slopeCount() != cout) {
        float[] s = new float[cout];
        Arrays.fill(s, act.slope(0));
        a = Activation.prelu(s);
      }
      mb.add(randomConv(kernels[l], cin, cout, a, last ? lastLayerGain : 1f, rnd));
      cin = cout;
    }
    return mb.build();
  }

  /**
   * {@code m} with {@code h} output hypotheses: hypothesis 0 is {@code m}'s last layer unchanged,
   * hypothesis p > 0 a copy of it with every weight moved by a uniform draw in {@code ±perturb ×}
   * (the layer's largest |weight|) — seeded. A model of one hypothesis with {@code h} 1 is returned
   * as it is. The starting point for training several hypotheses from a trained network.
   */
  public static Model withHypotheses(Model m, int h, double perturb, long seed) {
    Preconditions.checkArgument(m.hypotheses() == 1, "the model already has %s hypotheses", m.hypotheses());
    if (h == 1) {
      return m;
    }
    int last = m.layerCount() - 1;
    Conv2d c = m.conv(last);
    int out = c.outChannels() * h;
    int per = c.inChannels() * c.kernelSize() * c.kernelSize();
    float[] cw = c.weights();
    float scale = 0;
    for (float v : cw) {
      scale = Math.max(scale, Math.abs(v));
    }
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed ^ 0x4879L);
    float[] w = new float[out * per];
    for (int k = 0; k < w.length; k++) {
      w[k] = k < cw.length ? cw[k] : (float) (cw[k % cw.length] + (r.nextDouble() * 2 - 1) * perturb * scale);
    }
    Conv2d.Builder b = Conv2d.builder(c.kernelSize(), c.inChannels(), out).weights(w).activation(c.activation());
    if (c.hasBias()) {
      float[] bias = new float[out];
      for (int k = 0; k < out; k++) {
        bias[k] = c.bias()[k % c.outChannels()];
      }
      b.bias(bias);
    }
    if (c.hasMultipliers()) {
      float[] mult = new float[out];
      for (int k = 0; k < out; k++) {
        mult[k] = c.multipliers().orElseThrow()[k % c.outChannels()];
      }
      b.multipliers(mult);
    }
    return m.toBuilder().hypotheses(h).set(last, b.build()).build();
  }

  /** A conv with He-normal weights times {@code gain}, biases N(0, 0.01^2), multipliers 1. */
  public static Conv2d randomConv(int k, int cin, int cout, Activation act, float gain, Random rnd) {
    Conv2d.Builder b = Conv2d.builder(k, cin, cout).activation(act);
    float[] w = new float[cout * cin * k * k];
    double std = gain * Math.sqrt(2.0 / (cin * k * k));
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (rnd.nextGaussian() * std);
    }
    float[] bias = new float[cout];
    for (int i = 0; i < cout; i++) {
      bias[i] = (float) (rnd.nextGaussian() * 0.01 * gain);
    }
    float[] m = new float[cout];
    Arrays.fill(m, 1f);
    return b.weights(w).bias(bias).multipliers(m).build();
  }
}
