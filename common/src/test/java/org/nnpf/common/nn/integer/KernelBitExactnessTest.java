package org.nnpf.common.nn.integer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nnpf.common.nn.Activation;
import org.nnpf.common.nn.Conv2d;
import org.nnpf.common.nn.quant.LayerQuantization;
import org.nnpf.common.nn.quant.TensorQuantizer;

/** The Vector API kernel against the scalar kernel, on random tensors and awkward shapes. */
class KernelBitExactnessTest {
  private static final int N = LayerKernels.vectorLanes();

  /** A random layer whose integer parameters span the full ranges (wrap-around included). */
  static IntegerLayer randomLayer(Random rnd, int k, int cin, int cout, Activation.Kind act, int accBits,
      int inBits, int wBits, int outBits, int shiftHint) {
    int qm = 11;
    int qout = Math.max(TensorQuantizer.MIN_FRAC_BITS, Math.min(25 - shiftHint, TensorQuantizer.MAX_FRAC_BITS));
    int qw = Math.min(20, shiftHint - qm + qout - 4);
    int qx = shiftHint - qm + qout - qw;
    Conv2d.Builder b = Conv2d.builder(k, cin, cout);
    float[] w = new float[cout * cin * k * k];
    float wScale = (float) Math.scalb((1 << (wBits - 1)) / 4.0, -qw);
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (rnd.nextGaussian() * wScale);
    }
    float[] bias = new float[cout];
    float[] mult = new float[cout];
    float[] slopes = new float[cout];
    for (int i = 0; i < cout; i++) {
      bias[i] = (float) Math.scalb(rnd.nextGaussian() * (1 << (accBits - 3)), -qx - qw);
      mult[i] = (float) (rnd.nextGaussian() * 8);
      slopes[i] = (float) (rnd.nextGaussian() * 0.5);
    }
    Activation a = act == Activation.Kind.NONE ? Activation.none()
        : act == Activation.Kind.RELU ? Activation.relu()
        : act == Activation.Kind.LEAKY_RELU ? Activation.leakyRelu(slopes[0]) : Activation.prelu(slopes);
    b.weights(w).bias(bias).multipliers(mult).activation(a);
    return IntegerLayer.quantize(b.build(),
        LayerQuantization.builder(new TensorQuantizer(wBits, qw), new TensorQuantizer(outBits, qout))
            .accumulatorBits(accBits).multiplierFracBits(qm).slopeFracBits(7).build(),
        new TensorQuantizer(inBits, qx));
  }

  /** Runs both kernels on the same random input region and compares every written output. */
  static void compare(IntegerLayer layer, int width, int height, Random rnd, int inBits) {
    LayerKernel vec = LayerKernels.vector(layer);
    LayerKernel sca = LayerKernels.scalar(layer);
    int r = layer.radius();
    int stride = width + 2 * r + vec.overrun() + r + 3;
    int planeSize = (height + 2 * r) * stride;
    int n = Math.max(layer.inChannels(), layer.outChannels()) * planeSize + stride + vec.overrun();
    short[] in = new short[n];
    int lo = -(1 << (inBits - 1));
    for (int i = 0; i < in.length; i++) {
      in[i] = (short) (lo + rnd.nextInt(1 << inBits));
    }
    short[] outV = new short[n];
    short[] outS = new short[n];
    int origin = r * stride + r;
    vec.run(in, outV, stride, planeSize, origin, width, height);
    sca.run(in, outS, stride, planeSize, origin, width, height);
    for (int c = 0; c < layer.outChannels(); c++) {
      for (int y = 0; y < height; y++) {
        int o = c * planeSize + origin + y * stride;
        assertEquals(Arrays.toString(Arrays.copyOfRange(outS, o, o + width)),
            Arrays.toString(Arrays.copyOfRange(outV, o, o + width)),
            "channel " + c + " row " + y + " of " + width + "x" + height + " " + layer.activation());
      }
    }
  }

  @Test
  void vectorMatchesScalarForEdgeWidths() {
    Random rnd = new Random(11);
    int[] widths = {1, 2, 3, N - 1, N, N + 1, 2 * N - 1, 2 * N, 2 * N + 1, 3 * N + 5, 5 * N - 1, 11 * N + 3};
    for (int w : widths) {
      compare(randomLayer(rnd, 3, 7, 6, Activation.Kind.LEAKY_RELU, 32, 16, 16, 16, 14), w, 3, rnd, 12);
    }
  }

  @Test
  void vectorMatchesScalarForEveryActivationKernelSizeAndChannelCount() {
    Random rnd = new Random(12);
    for (Activation.Kind act : Activation.Kind.values()) {
      for (int k : new int[] {1, 3, 5}) {
        for (int[] ch : new int[][] {{1, 1}, {3, 5}, {7, 8}, {8, 6}, {5, 9}}) {
          compare(randomLayer(rnd, k, ch[0], ch[1], act, 32, 16, 16, 16, 12), 2 * N + 7, 4, rnd, 14);
        }
      }
    }
  }

  @Test
  void vectorMatchesScalarWhenAccumulatorsWrapAndOutputsSaturate() {
    Random rnd = new Random(13);
    for (int acc : new int[] {16, 24, 32}) {
      for (int outBits : new int[] {8, 16}) {
        for (int shift : new int[] {0, 1, 9, 30, 47, 62}) {
          // full-range int16 inputs and weights: sums far outside P bits, wrapped by the process
          compare(randomLayer(rnd, 3, 4, 5, Activation.Kind.PRELU, acc, 16, 16, outBits, shift), N + 3, 3, rnd, 16);
          compare(randomLayer(rnd, 3, 4, 5, Activation.Kind.RELU, acc, 8, 8, outBits, shift), N + 3, 3, rnd, 8);
        }
      }
    }
  }

  @Test
  void vectorMatchesScalarOnTheBenchmarkLayerShape() {
    Random rnd = new Random(14);
    compare(randomLayer(rnd, 3, 32, 32, Activation.Kind.LEAKY_RELU, 32, 16, 16, 16, 14), 90, 7, rnd, 13);
  }
}
