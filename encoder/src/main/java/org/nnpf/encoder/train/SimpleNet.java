package org.nnpf.encoder.train;

import com.google.common.base.Preconditions;
import java.util.SplittableRandom;
import org.nnpf.encoder.train.autodiff.ConvOp;
import org.nnpf.encoder.train.autodiff.Graph;
import org.nnpf.encoder.train.autodiff.LeakyReluOp;
import org.nnpf.encoder.train.autodiff.Op;
import org.nnpf.encoder.train.autodiff.Param;
import org.nnpf.encoder.train.autodiff.ReluOp;
import org.nnpf.encoder.train.autodiff.AddOp;
import org.nnpf.encoder.train.autodiff.ScaleOp;
import org.nnpf.encoder.train.autodiff.SliceOp;

/**
 * The post-filter topology as a trainable graph, built from a few hyper-parameters: input of
 * {@code sampleChannels + aux} planes at half resolution (four polyphase luma + U + V, then the QP
 * plane); {@code layers} 3x3 convolutions ({@code inputs -> C -> ... -> C -> sampleChannels}), each
 * followed by a per-channel multiplier and, except the last, an activation; the last output is
 * added to the sample planes of the input (residual).
 *
 * <p>Initialisation from {@code seed}: He-normal weights, zero biases, unit multipliers, and a last
 * layer scaled by 0.1 so that training starts close to the identity.
 */
public final class SimpleNet {
  private SimpleNet() {}

  /** Activation after the hidden layers. */
  public enum Activation {
    RELU,
    LEAKY_RELU
  }

  public static Graph build(int sampleChannels, int auxChannels, int channels, int layers, Activation act, long seed) {
    Preconditions.checkArgument(layers >= 2, "at least 2 layers, got %s", layers);
    SplittableRandom r = new SplittableRandom(seed);
    Graph.Builder b = Graph.builder();
    int in = b.input("input", sampleChannels + auxChannels);
    int x = in;
    int cin = sampleChannels + auxChannels;
    for (int l = 0; l < layers; l++) {
      boolean last = l == layers - 1;
      int cout = last ? sampleChannels : channels;
      float[] w = new float[cout * cin * 9];
      double std = Math.sqrt(2.0 / (cin * 9)) * (last ? 0.1 : 1.0);
      for (int i = 0; i < w.length; i++) {
        w[i] = (float) (r.nextGaussian() * std);
      }
      float[] m = new float[cout];
      java.util.Arrays.fill(m, 1f);
      x = b.op("conv" + l, new ConvOp(3, cin, cout, new Param("conv" + l + ".weight", w), new Param("conv" + l + ".bias", new float[cout])), x);
      x = b.op("mul" + l, new ScaleOp(new Param("mul" + l + ".multiplier", m)), x);
      if (!last) {
        Op a = act == Activation.RELU ? new ReluOp() : new LeakyReluOp(0.125f);
        x = b.op("act" + l, a, x);
      }
      cin = cout;
    }
    int skip = b.op("samples", new SliceOp(0, sampleChannels), in);
    int out = b.op("residual", new AddOp(), x, skip);
    return b.build(out);
  }
}
