package org.nnpf.common.nn.bench;

import java.util.Locale;
import java.util.Random;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;
import org.nnpf.common.nn.Activation;
import org.nnpf.common.nn.Conv2d;
import org.nnpf.common.nn.ModelFactory;
import org.nnpf.common.nn.integer.IntegerLayer;
import org.nnpf.common.nn.integer.LayerKernel;
import org.nnpf.common.nn.integer.LayerKernels;
import org.nnpf.common.nn.quant.LayerQuantization;
import org.nnpf.common.nn.quant.TensorQuantizer;

/**
 * A benchmark command that shows whether the vector kernel depends on the JDK's shared type
 * profiles (docs/performance.md, "A kernel that stays fast"): it first runs {@code IntVector}
 * code of two other shapes (256 and 128 bits) POLLUTE times, which records those classes in the
 * receiver profiles of {@code IntVector.add}, {@code IntVector.intoArray} and others, then runs one
 * 3x3 32 -> 32 layer (352x64) with the vector kernel for SECONDS and prints its throughput once a
 * second. A kernel that needs those profiles runs its Java fallback (well under 1 GMAC/s) after
 * pollution, or with {@code -XX:-UseTypeProfile} (no profiles at all, as for code compiled at
 * tier 2).
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector [-XX:-UseTypeProfile] -cp <test class
 * path> org.nnpf.common.nn.bench.ProfilePollutionProbe POLLUTE SECONDS}, e.g. {@code 200000 10}.
 */
public final class ProfilePollutionProbe {
  private static int sink;

  private ProfilePollutionProbe() {}

  private static void pollute(VectorSpecies<Integer> s, int n) {
    int[] a = new int[64];
    for (int i = 0; i < n; i++) {
      IntVector v = IntVector.fromArray(s, a, 0);
      IntVector u = IntVector.broadcast(s, i);
      for (int j = 0; j < 4; j++) {
        v = v.add(u.mul(j));
      }
      v.intoArray(a, 0);
    }
    sink += a[0];
  }

  public static void main(String[] args) {
    int pollute = Integer.parseInt(args[0]);
    double seconds = Double.parseDouble(args[1]);
    if (pollute > 0) {
      pollute(IntVector.SPECIES_256, pollute);
      pollute(IntVector.SPECIES_128, pollute);
    }
    int w = 352;
    int h = 64;
    int c = 32;
    Random rnd = new Random(1);
    Conv2d conv = ModelFactory.randomConv(3, c, c, Activation.leakyRelu(0.125f), 1f, rnd);
    IntegerLayer layer = IntegerLayer.quantize(conv,
        LayerQuantization.builder(TensorQuantizer.int16(12), TensorQuantizer.int16(12))
            .multiplierFracBits(14).slopeFracBits(3).build(),
        TensorQuantizer.int16(12));
    LayerKernel k = LayerKernels.vector(layer);
    int stride = w + 2 + k.overrun();
    int planeSize = (h + 2) * stride;
    short[] in = new short[c * planeSize + stride];
    short[] out = new short[c * planeSize + stride];
    for (int ch = 0; ch < c; ch++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          in[ch * planeSize + (y + 1) * stride + x + 1] = (short) (rnd.nextGaussian() * 1500);
        }
      }
    }
    double gmac = (double) w * h * c * c * 9 / 1e9;
    long t0 = System.nanoTime();
    long tw = t0;
    int calls = 0;
    while (true) {
      k.run(in, out, stride, planeSize, stride + 1, w, h);
      calls++;
      long t = System.nanoTime();
      if (t - tw > 1e9) {
        System.out.printf(Locale.ROOT, "t=%.1f s: %.2f GMAC/s%n", (t - t0) / 1e9, calls * gmac / ((t - tw) / 1e9));
        tw = t;
        calls = 0;
      }
      if (t - t0 > seconds * 1e9) {
        break;
      }
    }
  }
}
