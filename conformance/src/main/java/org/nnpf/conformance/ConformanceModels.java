package org.nnpf.conformance;

import java.util.List;
import java.util.Random;
import org.nnpf.common.nn.Activation;
import org.nnpf.common.nn.Conv2d;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.ModelFactory;
import org.nnpf.common.nn.OutputMode;
import org.nnpf.common.nn.TensorLayout;

/**
 * The small post-filter models of the conformance suite. They are independent of the project's
 * trained base model (which changes as training goes on): every parameter comes from a seeded
 * {@link Random} (whose sequence Java specifies exactly), rounded to float32, so a model is the
 * same byte string on every run and platform, and so is its SHA-256.
 *
 * <p>The models are untrained: residual networks whose last layer is scaled down, so that the
 * filter makes small, visible changes to the picture. Conformance needs exact arithmetic, not
 * quality. Each model exercises a different part of the model description:
 *
 * <ul>
 *   <li>{@link #leaky()} — the project's architecture in miniature: QP plane, 3x3 convolutions
 *       7→8→8→6 with biases, per-channel multipliers and LeakyReLU(1/8), residual output;
 *   <li>{@link #activations()} — one layer per activation type: ReLU, LeakyReLU(1/4), PReLU (a
 *       slope per channel) and none, 3x3 convolutions 7→8→8→8→6;
 *   <li>{@link #direct()} — no QP plane, direct output, kernels 1x1, 5x5 and 1x1, a layer without
 *       bias and a layer without multipliers: the first layer copies the six input channels, so
 *       the output stays close to the picture;
 *   <li>{@link #byHash()} — the model that streams reference by hash only (shipped as a file
 *       beside the suite): QP plane, 3x3 convolutions 7→4→4→6, PReLU, residual output.
 * </ul>
 */
public final class ConformanceModels {
  private ConformanceModels() {}

  /** Every conformance model, in a fixed order. */
  public static List<Model> all() {
    return List.of(leaky(), activations(), direct(), byHash(), hypotheses());
  }

  /**
   * {@link #leaky()} with three output hypotheses (model format version 2): hypothesis 0 is
   * leaky's last layer, hypotheses 1 and 2 perturbed copies of it (40 % of its largest weight).
   */
  public static Model hypotheses() {
    Model m = ModelFactory.withHypotheses(leaky(), 3, 0.4, 0x485950L);
    return m.toBuilder().name("conformance-leaky-C8-L3-H3").build();
  }

  /** QP plane, three 3x3 convolutions 7→8→8→6, multipliers, LeakyReLU(1/8), residual. */
  public static Model leaky() {
    Random rnd = new Random(0x4C45414B59L);
    Activation lrelu = Activation.leakyRelu(0.125f);
    return Model.builder(TensorLayout.POLYPHASE_420)
        .name("conformance-leaky-C8-L3")
        .qpPlane(6)
        .outputMode(OutputMode.RESIDUAL)
        .add(conv(rnd, 3, 7, 8, lrelu, 1f, true, true))
        .add(conv(rnd, 3, 8, 8, lrelu, 1f, true, true))
        .add(conv(rnd, 3, 8, 6, Activation.none(), 0.15f, true, true))
        .build();
  }

  /** QP plane, four 3x3 convolutions 7→8→8→8→6 with ReLU, LeakyReLU(1/4), PReLU and no activation. */
  public static Model activations() {
    Random rnd = new Random(0x4143544956L);
    float[] slopes = new float[8];
    for (int c = 0; c < slopes.length; c++) {
      slopes[c] = (float) (0.05 + 0.1 * c);
    }
    return Model.builder(TensorLayout.POLYPHASE_420)
        .name("conformance-activations-C8-L4")
        .qpPlane(6)
        .outputMode(OutputMode.RESIDUAL)
        .add(conv(rnd, 3, 7, 8, Activation.relu(), 1f, true, true))
        .add(conv(rnd, 3, 8, 8, Activation.leakyRelu(0.25f), 1f, true, true))
        .add(conv(rnd, 3, 8, 8, Activation.prelu(slopes), 1f, true, true))
        .add(conv(rnd, 3, 8, 6, Activation.none(), 0.15f, true, true))
        .build();
  }

  /**
   * No QP plane, direct output: a 1x1 convolution 6→8 whose channels 0..5 copy the input (ReLU
   * keeps the non-negative samples), a 5x5 convolution 8→8 without bias that passes channels 0..5
   * through plus a small random correction, and a 1x1 convolution 8→6 without multipliers that
   * selects them.
   */
  public static Model direct() {
    Random rnd = new Random(0x444952454354L);
    Conv2d.Builder first = Conv2d.builder(1, 6, 8).activation(Activation.relu());
    float[] w0 = new float[8 * 6];
    for (int co = 0; co < 8; co++) {
      for (int ci = 0; ci < 6; ci++) {
        w0[co * 6 + ci] = co < 6 ? (co == ci ? 1f : 0f) : (float) (rnd.nextGaussian() * 0.3);
      }
    }
    first.weights(w0).bias(smallBiases(rnd, 8, 0.02)).multipliers(multipliers(rnd, 8, 0.9, 1.1));

    Conv2d.Builder middle = Conv2d.builder(5, 8, 8).activation(Activation.leakyRelu(0.5f));
    float[] w1 = new float[8 * 8 * 25];
    for (int co = 0; co < 8; co++) {
      for (int ci = 0; ci < 8; ci++) {
        for (int t = 0; t < 25; t++) {
          double v = rnd.nextGaussian() * 0.01;
          if (co == ci && t == 12) {
            v += 1.0;
          }
          w1[(co * 8 + ci) * 25 + t] = (float) v;
        }
      }
    }
    middle.weights(w1).multipliers(multipliers(rnd, 8, 0.95, 1.05));

    Conv2d.Builder last = Conv2d.builder(1, 8, 6);
    float[] w2 = new float[6 * 8];
    for (int co = 0; co < 6; co++) {
      for (int ci = 0; ci < 8; ci++) {
        w2[co * 8 + ci] = co == ci ? 1f : (float) (rnd.nextGaussian() * 0.02);
      }
    }
    last.weights(w2).bias(smallBiases(rnd, 6, 0.01));

    return Model.builder(TensorLayout.POLYPHASE_420)
        .name("conformance-direct-k1k5k1")
        .noQpPlane()
        .outputMode(OutputMode.DIRECT)
        .add(first.build())
        .add(middle.build())
        .add(last.build())
        .build();
  }

  /** The bias of the two constant channels of {@link #biasClip()}'s first layer (+ and −). */
  public static final float CLIPPED_BIAS = 100f;

  /**
   * {@link #leaky()}'s architecture (QP plane, 3x3 convolutions 7→8→8→6, LeakyReLU(1/8), residual)
   * whose first layer has two output channels without weights (every weight 0) and biases
   * +{@link #CLIPPED_BIAS} and −{@link #CLIPPED_BIAS}: quantized at the accumulator's scale they
   * exceed a 24-bit accumulator at both ends, so the decoding process clips them to P bits
   * (docs/integer-inference.md section 3) and each channel is the constant clipped bias (its
   * accumulation, the bias alone, always fits P). The second layer reads the two channels with
   * weights scaled down by 20, so that the constant shifts the output a little (the picture does not
   * saturate) and a bias clipped otherwise (to 32 bits, then wrapped to P) shifts it differently.
   * Used in-band by stream NNPF18_BIAS_CLIPPING.
   */
  public static Model biasClip() {
    Random rnd = new Random(0x42494153434CL);
    Activation lrelu = Activation.leakyRelu(0.125f);
    Conv2d first = conv(rnd, 3, 7, 8, lrelu, 1f, true, true);
    float[] w0 = first.weights();
    float[] b0 = first.bias();
    int fan0 = first.fanIn();
    java.util.Arrays.fill(w0, 0, 2 * fan0, 0f);
    b0[0] = CLIPPED_BIAS;
    b0[1] = -CLIPPED_BIAS;
    first = first.toBuilder().weights(w0).bias(b0).build();
    Conv2d middle = conv(rnd, 3, 8, 8, lrelu, 1f, true, true);
    float[] w1 = middle.weights();
    int taps = middle.kernelSize() * middle.kernelSize();
    for (int co = 0; co < middle.outChannels(); co++) {
      for (int ci = 0; ci < 2; ci++) {
        for (int t = 0; t < taps; t++) {
          w1[(co * middle.inChannels() + ci) * taps + t] *= 0.05f;
        }
      }
    }
    middle = middle.toBuilder().weights(w1).build();
    return Model.builder(TensorLayout.POLYPHASE_420)
        .name("conformance-bias-clip-C8-L3")
        .qpPlane(6)
        .outputMode(OutputMode.RESIDUAL)
        .add(first)
        .add(middle)
        .add(conv(rnd, 3, 8, 6, Activation.none(), 0.15f, true, true))
        .build();
  }

  /** QP plane, three 3x3 convolutions 7→4→4→6, PReLU, residual: referenced by hash only. */
  public static Model byHash() {
    Random rnd = new Random(0x4841534848L);
    return Model.builder(TensorLayout.POLYPHASE_420)
        .name("conformance-by-hash-C4-L3")
        .qpPlane(6)
        .outputMode(OutputMode.RESIDUAL)
        .add(conv(rnd, 3, 7, 4, Activation.prelu(new float[] {0.1f, 0.2f, 0.3f, 0.4f}), 1f, true, true))
        .add(conv(rnd, 3, 4, 4, Activation.prelu(new float[] {0.4f, 0.3f, 0.2f, 0.1f}), 1f, true, true))
        .add(conv(rnd, 3, 4, 6, Activation.none(), 0.2f, true, true))
        .build();
  }

  /**
   * A convolution with He-normal weights times {@code gain}, biases N(0, (0.05 gain)^2) and
   * multipliers uniform in [0.75, 1.25].
   */
  private static Conv2d conv(
      Random rnd, int k, int cin, int cout, Activation act, float gain, boolean bias, boolean mult) {
    float[] w = new float[cout * cin * k * k];
    double std = gain * Math.sqrt(2.0 / (cin * k * k));
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (rnd.nextGaussian() * std);
    }
    Conv2d.Builder b = Conv2d.builder(k, cin, cout).activation(act).weights(w);
    if (bias) {
      b.bias(smallBiases(rnd, cout, 0.05 * gain));
    }
    if (mult) {
      b.multipliers(multipliers(rnd, cout, 0.75, 1.25));
    }
    return b.build();
  }

  private static float[] smallBiases(Random rnd, int n, double std) {
    float[] b = new float[n];
    for (int i = 0; i < n; i++) {
      b[i] = (float) (rnd.nextGaussian() * std);
    }
    return b;
  }

  private static float[] multipliers(Random rnd, int n, double lo, double hi) {
    float[] m = new float[n];
    for (int i = 0; i < n; i++) {
      m[i] = (float) (lo + (hi - lo) * rnd.nextDouble());
    }
    return m;
  }
}
