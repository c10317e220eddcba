package org.nnpf.common.nn.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.nnpf.common.nn.Activation;
import org.nnpf.common.nn.Conv2d;
import org.nnpf.common.nn.ModelFactory;
import org.nnpf.common.nn.integer.IntegerLayer;
import org.nnpf.common.nn.integer.LayerKernel;
import org.nnpf.common.nn.integer.LayerKernels;
import org.nnpf.common.nn.quant.LayerQuantization;
import org.nnpf.common.nn.quant.TensorQuantizer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One 3x3 convolution, 32 -> 32 channels, int16 activations and weights, LeakyReLU, over a
 * 352x288 plane (0.934 GMAC per call), one thread. GMAC/s = 0.934 / (ms per op / 1000).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Thread)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ConvKernelBenchmark {
  static final int W = 352;
  static final int H = 288;
  static final int C = 32;

  @Param({"VECTOR", "SCALAR"})
  public String kernel;

  private LayerKernel k;
  private short[] in;
  private short[] out;
  private int stride;
  private int planeSize;

  @Setup
  public void setup() {
    Random rnd = new Random(1);
    Conv2d conv = ModelFactory.randomConv(3, C, C, Activation.leakyRelu(0.125f), 1f, rnd);
    IntegerLayer layer = IntegerLayer.quantize(conv,
        LayerQuantization.builder(TensorQuantizer.int16(12), TensorQuantizer.int16(12))
            .multiplierFracBits(14).slopeFracBits(3).build(),
        TensorQuantizer.int16(12));
    k = kernel.equals("VECTOR") ? LayerKernels.vector(layer) : LayerKernels.scalar(layer);
    stride = W + 2 + k.overrun();
    planeSize = (H + 2) * stride;
    in = new short[C * planeSize + stride];
    out = new short[C * planeSize + stride];
    for (int c = 0; c < C; c++) {
      for (int y = 0; y < H; y++) {
        for (int x = 0; x < W; x++) {
          in[c * planeSize + (y + 1) * stride + x + 1] = (short) (rnd.nextGaussian() * 1500);
        }
      }
    }
  }

  @Benchmark
  public short[] conv3x3() {
    k.run(in, out, stride, planeSize, stride + 1, W, H);
    return out;
  }
}
