package org.nnpf.common.nn.integer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.nnpf.common.nn.Activation;
import org.nnpf.common.nn.ModelFactory;
import org.nnpf.common.nn.quant.LayerQuantization;
import org.nnpf.common.nn.quant.TensorQuantizer;

/**
 * Runs {@link VectorLayerKernel} on tiny layers, once per JVM, until C2 has compiled it, before the
 * first real layer runs (docs/performance.md, "A kernel that stays fast").
 *
 * <p>Why: until C2 compiles the kernel, every Vector API operation runs its Java fallback in the
 * interpreter or C1 code (one array per operation, a lambda per lane), about a thousand times
 * slower than the intrinsic. On a real layer (44 channels, 396 taps per output vector) that first
 * phase costs seconds (a 9-picture decode spent most of its post-filtering time there), and C2's
 * compile thresholds are reached only after hundreds of slow calls. On these layers (2 input
 * channels, 3x3, 2 or 3 vectors wide, 2 rows) the same thresholds are reached in
 * a few hundred milliseconds of interpreted rounds (then C2 needs its queue's time). The layers
 * cover every branch of the kernel that real layers take (activations none, ReLU and leaky ReLU;
 * 32-, 24- and 16-bit accumulators; rows with and without a one-vector tail; a partial block of
 * output channels), so that C2 does not compile them as uncommon traps that a real layer would then
 * hit (a deoptimization sends the kernel back to the slow fallback until it is recompiled).
 *
 * <p>It stops when the rounds run at compiled speed (20 of the last 25 above 0.5 GMAC/s, a
 * fallback round runs under 0.05) or after {@link #MAX_NANOS}; either way the kernels' results do
 * not depend on it. At the end each layer's vector result is compared with the scalar kernel's.
 */
final class KernelWarmUp {
  static final long MAX_NANOS = 5_000_000_000L;
  private static final double FAST_MAC_PER_NS = 0.5;
  private static volatile boolean done;
  private static volatile String summary = "not run";

  private KernelWarmUp() {}

  /** Warms the vector kernel up unless it has been done in this JVM; true if this call did it. */
  static boolean ensure() {
    if (!done) {
      synchronized (KernelWarmUp.class) {
        if (!done) {
          summary = run();
          done = true;
          return true;
        }
      }
    }
    return false;
  }

  /** What the warm-up did (rounds, time, whether it reached compiled speed), for diagnostics. */
  /** Keeps the warm-up's maxima from being optimised away. */
  private static volatile int maxSink;

  static String summary() {
    return summary;
  }

  private static String run() {
    long t0 = System.nanoTime();
    List<Case> cases = cases();
    long macs = 0;
    for (Case c : cases) {
      macs += c.macs;
    }
    boolean[] fast = new boolean[25];
    int fastCount = 0;
    int rounds = 0;
    boolean reached = false;
    while (System.nanoTime() - t0 < MAX_NANOS) {
      long r0 = System.nanoTime();
      for (Case c : cases) {
        c.vector.run(c.in, c.out, c.stride, c.planeSize, c.stride + 1, c.width, c.height);
      }
      long dt = Math.max(1, System.nanoTime() - r0);
      // the per-channel maxima of guarded runs (the overflow check of the encoder), after the timing
      for (Case c : cases) {
        maxSink = Math.max(maxSink, ChannelMax.maxAbs(c.in, 1, c.in.length - 1, 0));
      }
      boolean f = macs / (double) dt >= FAST_MAC_PER_NS;
      int slot = rounds % fast.length;
      fastCount += (f ? 1 : 0) - (fast[slot] ? 1 : 0);
      fast[slot] = f;
      rounds++;
      if (fastCount >= 20) {
        reached = true;
        break;
      }
    }
    for (Case c : cases) {
      int m = 0;
      for (int i = 1; i < c.in.length; i++) {
        m = Math.max(m, Math.abs(c.in[i]));
      }
      if (ChannelMax.maxAbs(c.in, 1, c.in.length - 1, 0) != m) {
        throw new IllegalStateException("the vector maximum differs from the scalar one after the warm-up");
      }
      c.vector.run(c.in, c.out, c.stride, c.planeSize, c.stride + 1, c.width, c.height);
      short[] ref = new short[c.out.length];
      c.scalar.run(c.in, ref, c.stride, c.planeSize, c.stride + 1, c.width, c.height);
      c.check(ref);
    }
    return String.format(java.util.Locale.ROOT, "%d rounds in %.0f ms, %s", rounds,
        (System.nanoTime() - t0) / 1e6, reached ? "compiled speed reached" : "compiled speed not reached");
  }

  private static List<Case> cases() {
    Random rnd = new Random(1);
    List<Case> cases = new ArrayList<>();
    Activation[] acts = {Activation.none(), Activation.relu(), Activation.leakyRelu(0.125f)};
    for (int p : new int[] {32, 24, 16}) {
      for (int a = 0; a < acts.length; a++) {
        // 4 output channels (one block) 3 vectors wide: a pair and a tail; 6 channels (a block and
        // half a block, as the two-hypothesis last layer) 2 vectors wide: no tail.
        boolean six = (p + a) % 3 == 0;
        cases.add(new Case(layer(p, acts[a], six ? 6 : 4, rnd), six ? 2 : 3, rnd));
      }
    }
    return cases;
  }

  private static IntegerLayer layer(int p, Activation a, int cout, Random rnd) {
    return IntegerLayer.quantize(ModelFactory.randomConv(3, 2, cout, a, 1f, rnd),
        LayerQuantization.builder(TensorQuantizer.int16(12), TensorQuantizer.int16(10))
            .accumulatorBits(p).multiplierFracBits(14).slopeFracBits(3).build(),
        TensorQuantizer.int16(10));
  }

  /** One layer with its buffers: {@code vectors} vectors of positions wide, 2 rows. */
  private static final class Case {
    final LayerKernel vector;
    final LayerKernel scalar;
    final int width;
    final int height = 2;
    final int stride;
    final int planeSize;
    final int cout;
    final short[] in;
    final short[] out;
    final long macs;

    Case(IntegerLayer layer, int vectors, Random rnd) {
      vector = new VectorLayerKernel(layer);
      scalar = new ScalarLayerKernel(layer, 0);
      width = vectors * VectorLayerKernel.N;
      stride = width + 2 + vector.overrun();
      planeSize = (height + 2) * stride;
      cout = layer.outChannels();
      in = new short[layer.inChannels() * planeSize + stride];
      for (int i = 0; i < in.length; i++) {
        in[i] = (short) (rnd.nextGaussian() * 3000);
      }
      out = new short[cout * planeSize + stride];
      macs = (long) width * height * layer.inChannels() * cout * 9;
    }

    void check(short[] ref) {
      for (int c = 0; c < cout; c++) {
        for (int y = 0; y < height; y++) {
          int o = c * planeSize + (y + 1) * stride + 1;
          if (!Arrays.equals(out, o, o + width, ref, o, o + width)) {
            throw new IllegalStateException("vector kernel differs from the scalar kernel after the warm-up");
          }
        }
      }
    }
  }
}
