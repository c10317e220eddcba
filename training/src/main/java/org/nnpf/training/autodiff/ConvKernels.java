package org.nnpf.training.autodiff;

import com.google.common.base.Preconditions;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Float convolution kernels (k x k, k in {1, 3}, stride 1, "same" zero padding) on {@link Tensor}s,
 * forward and backward, vectorised with the Vector API over the flattened padded plane.
 *
 * <p>Every vector a Vector API method is called on or stored has a class C2 knows exactly without a
 * type profile: loads and broadcasts are followed by {@code check(S)}, loop-carried sums are the
 * arguments of {@code fma}/{@code add} (whose receiver is a fresh load) and are checked before they
 * are stored. Otherwise the intrinsics depend on the JDK methods' shared receiver profiles and can
 * fail for the life of the compiled method, leaving the Java fallback (as in the integer kernel,
 * {@code org.nnpf.common.nn.integer.VectorLayerKernel}; docs/performance.md, "A kernel that stays
 * fast").
 *
 * <p>Weights are laid out {@code w[co][ci][ky][kx]}; biases {@code b[co]}. The forward value is
 * {@code out[co](y, x) = b[co] + sum_{ci, ky, kx} w[co][ci][ky][kx] * in[ci](y + ky - k/2, x + kx - k/2)},
 * reading zero outside the plane.
 *
 * <p>Each kernel runs over the contiguous index range that covers all interior samples of a plane
 * (see {@link Tensor#interiorStart()}); the border columns inside that range receive values that
 * are discarded: the kernels zero the border of what they write. Every sum is evaluated in a fixed
 * order that does not depend on threads, so results are reproducible.
 */
public final class ConvKernels {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int VL = S.length();

  private ConvKernels() {}

  /** Lane count of the vector species in use (for reports). */
  public static int vectorLength() {
    return VL;
  }

  /**
   * Forward convolution: {@code out = conv(in, w) + b}, or {@code out += conv(in, w)} when {@code
   * accumulate} (then {@code b} is ignored and may be null).
   */
  public static void forward(Tensor in, float[] w, float[] b, int k, Tensor out, boolean accumulate) {
    int cin = in.channels();
    int cout = out.channels();
    Preconditions.checkArgument(k == 1 || k == 3, "kernel size %s is not 1 or 3", k);
    Preconditions.checkArgument(
        in.height() == out.height() && in.width() == out.width(), "%s and %s differ in size", in, out);
    Preconditions.checkArgument(w.length == cout * cin * k * k, "weight count %s", w.length);
    Preconditions.checkArgument(accumulate || b.length == cout, "bias count %s", accumulate ? 0 : b.length);
    if (k == 3) {
      forward3(in, w, b, out, accumulate);
    } else {
      forward1(in, w, b, out, accumulate);
    }
    out.zeroBorder();
  }

  /**
   * Gradient with respect to the input: {@code gin += conv_transposed(gout, w)}. {@code gout} must
   * have a zero border.
   */
  public static void backwardInput(Tensor gout, float[] w, int k, Tensor gin) {
    int cout = gout.channels();
    int cin = gin.channels();
    float[] wt = transposeFlip(w, cout, cin, k);
    forward(gout, wt, null, k, gin, true);
  }

  /**
   * Weight and bias gradients: {@code gw[co][ci][ky][kx] += sum_{y,x} gout[co](y,x) * in[ci](y+ky-k/2, x+kx-k/2)}
   * and {@code gb[co] += sum_{y,x} gout[co](y,x)}. {@code gout} must have a zero border. {@code gb}
   * may be null.
   */
  public static void backwardWeights(Tensor in, Tensor gout, int k, float[] gw, float[] gb) {
    int cin = in.channels();
    int cout = gout.channels();
    Preconditions.checkArgument(gw.length == cout * cin * k * k, "weight gradient count %s", gw.length);
    if (k == 3) {
      weights3(in, gout, gw);
    } else {
      weights1(in, gout, gw);
    }
    if (gb != null) {
      float[] g = gout.data();
      int ps = gout.planeSize();
      for (int co = 0; co < cout; co++) {
        gb[co] += sum(g, co * ps, (co + 1) * ps);
      }
    }
  }

  /** {@code wt[ci][co][ky][kx] = w[co][ci][k-1-ky][k-1-kx]}. */
  static float[] transposeFlip(float[] w, int cout, int cin, int k) {
    int kk = k * k;
    float[] wt = new float[w.length];
    for (int co = 0; co < cout; co++) {
      for (int ci = 0; ci < cin; ci++) {
        for (int t = 0; t < kk; t++) {
          wt[(ci * cout + co) * kk + t] = w[(co * cin + ci) * kk + (kk - 1 - t)];
        }
      }
    }
    return wt;
  }

  /**
   * Sum of the lanes of {@code v} from lane 0 upwards. Used instead of {@code reduceLanes}, whose
   * order of additions is unspecified and may differ between the interpreter and compiled code.
   */
  static float hsum(FloatVector v) {
    float[] t = new float[VL];
    ((FloatVector) v.check(S)).intoArray(t, 0);
    float s = 0f;
    for (int i = 0; i < VL; i++) {
      s += t[i];
    }
    return s;
  }

  static float sum(float[] a, int from, int to) {
    FloatVector acc = FloatVector.zero(S);
    int i = from;
    for (; i + VL <= to; i += VL) {
      acc = ((FloatVector) FloatVector.fromArray(S, a, i).check(S)).add(acc);
    }
    float s = hsum(acc);
    for (; i < to; i++) {
      s += a[i];
    }
    return s;
  }

  // ---------------------------------------------------------------------------------------------
  // 3x3 forward: blocks of 4 output channels, one vector of positions at a time.

  private static void forward3(Tensor in, float[] w, float[] b, Tensor out, boolean acc) {
    final int cin = in.channels();
    final int cout = out.channels();
    final int st = in.stride();
    final int ps = in.planeSize();
    final int start = in.interiorStart();
    final int end = in.interiorEnd();
    final float[] x = in.data();
    final float[] y = out.data();
    final int o0 = -st - 1;
    final int o1 = -st;
    final int o2 = -st + 1;
    final int o3 = -1;
    final int o5 = 1;
    final int o6 = st - 1;
    final int o7 = st;
    final int o8 = st + 1;
    int co = 0;
    for (; co + 4 <= cout; co += 4) {
      final int y0 = co * ps;
      final int y1 = y0 + ps;
      final int y2 = y1 + ps;
      final int y3 = y2 + ps;
      int p = start;
      for (; p + 2 * VL <= end; p += 2 * VL) {
        FloatVector a0;
        FloatVector a1;
        FloatVector a2;
        FloatVector a3;
        FloatVector b0;
        FloatVector b1;
        FloatVector b2;
        FloatVector b3;
        if (acc) {
          a0 = ((FloatVector) FloatVector.fromArray(S, y, y0 + p).check(S));
          a1 = ((FloatVector) FloatVector.fromArray(S, y, y1 + p).check(S));
          a2 = ((FloatVector) FloatVector.fromArray(S, y, y2 + p).check(S));
          a3 = ((FloatVector) FloatVector.fromArray(S, y, y3 + p).check(S));
          b0 = ((FloatVector) FloatVector.fromArray(S, y, y0 + p + VL).check(S));
          b1 = ((FloatVector) FloatVector.fromArray(S, y, y1 + p + VL).check(S));
          b2 = ((FloatVector) FloatVector.fromArray(S, y, y2 + p + VL).check(S));
          b3 = ((FloatVector) FloatVector.fromArray(S, y, y3 + p + VL).check(S));
        } else {
          a0 = ((FloatVector) FloatVector.broadcast(S, b[co]).check(S));
          a1 = ((FloatVector) FloatVector.broadcast(S, b[co + 1]).check(S));
          a2 = ((FloatVector) FloatVector.broadcast(S, b[co + 2]).check(S));
          a3 = ((FloatVector) FloatVector.broadcast(S, b[co + 3]).check(S));
          b0 = a0;
          b1 = a1;
          b2 = a2;
          b3 = a3;
        }
        int w0 = co * cin * 9;
        int w1 = w0 + cin * 9;
        int w2 = w1 + cin * 9;
        int w3 = w2 + cin * 9;
        for (int ci = 0; ci < cin; ci++, w0 += 9, w1 += 9, w2 += 9, w3 += 9) {
          int q = ci * ps + p;
          FloatVector u;
          FloatVector v;
          FloatVector k;
          u = ((FloatVector) FloatVector.fromArray(S, x, q + o0).check(S));
          v = ((FloatVector) FloatVector.fromArray(S, x, q + o0 + VL).check(S));
          k = ((FloatVector) FloatVector.broadcast(S, w[w0 + 0]).check(S));
          a0 = u.fma(k, a0);
          b0 = v.fma(k, b0);
          k = ((FloatVector) FloatVector.broadcast(S, w[w1 + 0]).check(S));
          a1 = u.fma(k, a1);
          b1 = v.fma(k, b1);
          k = ((FloatVector) FloatVector.broadcast(S, w[w2 + 0]).check(S));
          a2 = u.fma(k, a2);
          b2 = v.fma(k, b2);
          k = ((FloatVector) FloatVector.broadcast(S, w[w3 + 0]).check(S));
          a3 = u.fma(k, a3);
          b3 = v.fma(k, b3);
          u = ((FloatVector) FloatVector.fromArray(S, x, q + o1).check(S));
          v = ((FloatVector) FloatVector.fromArray(S, x, q + o1 + VL).check(S));
          k = ((FloatVector) FloatVector.broadcast(S, w[w0 + 1]).check(S));
          a0 = u.fma(k, a0);
          b0 = v.fma(k, b0);
          k = ((FloatVector) FloatVector.broadcast(S, w[w1 + 1]).check(S));
          a1 = u.fma(k, a1);
          b1 = v.fma(k, b1);
          k = ((FloatVector) FloatVector.broadcast(S, w[w2 + 1]).check(S));
          a2 = u.fma(k, a2);
          b2 = v.fma(k, b2);
          k = ((FloatVector) FloatVector.broadcast(S, w[w3 + 1]).check(S));
          a3 = u.fma(k, a3);
          b3 = v.fma(k, b3);
          u = ((FloatVector) FloatVector.fromArray(S, x, q + o2).check(S));
          v = ((FloatVector) FloatVector.fromArray(S, x, q + o2 + VL).check(S));
          k = ((FloatVector) FloatVector.broadcast(S, w[w0 + 2]).check(S));
          a0 = u.fma(k, a0);
          b0 = v.fma(k, b0);
          k = ((FloatVector) FloatVector.broadcast(S, w[w1 + 2]).check(S));
          a1 = u.fma(k, a1);
          b1 = v.fma(k, b1);
          k = ((FloatVector) FloatVector.broadcast(S, w[w2 + 2]).check(S));
          a2 = u.fma(k, a2);
          b2 = v.fma(k, b2);
          k = ((FloatVector) FloatVector.broadcast(S, w[w3 + 2]).check(S));
          a3 = u.fma(k, a3);
          b3 = v.fma(k, b3);
          u = ((FloatVector) FloatVector.fromArray(S, x, q + o3).check(S));
          v = ((FloatVector) FloatVector.fromArray(S, x, q + o3 + VL).check(S));
          k = ((FloatVector) FloatVector.broadcast(S, w[w0 + 3]).check(S));
          a0 = u.fma(k, a0);
          b0 = v.fma(k, b0);
          k = ((FloatVector) FloatVector.broadcast(S, w[w1 + 3]).check(S));
          a1 = u.fma(k, a1);
          b1 = v.fma(k, b1);
          k = ((FloatVector) FloatVector.broadcast(S, w[w2 + 3]).check(S));
          a2 = u.fma(k, a2);
          b2 = v.fma(k, b2);
          k = ((FloatVector) FloatVector.broadcast(S, w[w3 + 3]).check(S));
          a3 = u.fma(k, a3);
          b3 = v.fma(k, b3);
          u = ((FloatVector) FloatVector.fromArray(S, x, q).check(S));
          v = ((FloatVector) FloatVector.fromArray(S, x, q + VL).check(S));
          k = ((FloatVector) FloatVector.broadcast(S, w[w0 + 4]).check(S));
          a0 = u.fma(k, a0);
          b0 = v.fma(k, b0);
          k = ((FloatVector) FloatVector.broadcast(S, w[w1 + 4]).check(S));
          a1 = u.fma(k, a1);
          b1 = v.fma(k, b1);
          k = ((FloatVector) FloatVector.broadcast(S, w[w2 + 4]).check(S));
          a2 = u.fma(k, a2);
          b2 = v.fma(k, b2);
          k = ((FloatVector) FloatVector.broadcast(S, w[w3 + 4]).check(S));
          a3 = u.fma(k, a3);
          b3 = v.fma(k, b3);
          u = ((FloatVector) FloatVector.fromArray(S, x, q + o5).check(S));
          v = ((FloatVector) FloatVector.fromArray(S, x, q + o5 + VL).check(S));
          k = ((FloatVector) FloatVector.broadcast(S, w[w0 + 5]).check(S));
          a0 = u.fma(k, a0);
          b0 = v.fma(k, b0);
          k = ((FloatVector) FloatVector.broadcast(S, w[w1 + 5]).check(S));
          a1 = u.fma(k, a1);
          b1 = v.fma(k, b1);
          k = ((FloatVector) FloatVector.broadcast(S, w[w2 + 5]).check(S));
          a2 = u.fma(k, a2);
          b2 = v.fma(k, b2);
          k = ((FloatVector) FloatVector.broadcast(S, w[w3 + 5]).check(S));
          a3 = u.fma(k, a3);
          b3 = v.fma(k, b3);
          u = ((FloatVector) FloatVector.fromArray(S, x, q + o6).check(S));
          v = ((FloatVector) FloatVector.fromArray(S, x, q + o6 + VL).check(S));
          k = ((FloatVector) FloatVector.broadcast(S, w[w0 + 6]).check(S));
          a0 = u.fma(k, a0);
          b0 = v.fma(k, b0);
          k = ((FloatVector) FloatVector.broadcast(S, w[w1 + 6]).check(S));
          a1 = u.fma(k, a1);
          b1 = v.fma(k, b1);
          k = ((FloatVector) FloatVector.broadcast(S, w[w2 + 6]).check(S));
          a2 = u.fma(k, a2);
          b2 = v.fma(k, b2);
          k = ((FloatVector) FloatVector.broadcast(S, w[w3 + 6]).check(S));
          a3 = u.fma(k, a3);
          b3 = v.fma(k, b3);
          u = ((FloatVector) FloatVector.fromArray(S, x, q + o7).check(S));
          v = ((FloatVector) FloatVector.fromArray(S, x, q + o7 + VL).check(S));
          k = ((FloatVector) FloatVector.broadcast(S, w[w0 + 7]).check(S));
          a0 = u.fma(k, a0);
          b0 = v.fma(k, b0);
          k = ((FloatVector) FloatVector.broadcast(S, w[w1 + 7]).check(S));
          a1 = u.fma(k, a1);
          b1 = v.fma(k, b1);
          k = ((FloatVector) FloatVector.broadcast(S, w[w2 + 7]).check(S));
          a2 = u.fma(k, a2);
          b2 = v.fma(k, b2);
          k = ((FloatVector) FloatVector.broadcast(S, w[w3 + 7]).check(S));
          a3 = u.fma(k, a3);
          b3 = v.fma(k, b3);
          u = ((FloatVector) FloatVector.fromArray(S, x, q + o8).check(S));
          v = ((FloatVector) FloatVector.fromArray(S, x, q + o8 + VL).check(S));
          k = ((FloatVector) FloatVector.broadcast(S, w[w0 + 8]).check(S));
          a0 = u.fma(k, a0);
          b0 = v.fma(k, b0);
          k = ((FloatVector) FloatVector.broadcast(S, w[w1 + 8]).check(S));
          a1 = u.fma(k, a1);
          b1 = v.fma(k, b1);
          k = ((FloatVector) FloatVector.broadcast(S, w[w2 + 8]).check(S));
          a2 = u.fma(k, a2);
          b2 = v.fma(k, b2);
          k = ((FloatVector) FloatVector.broadcast(S, w[w3 + 8]).check(S));
          a3 = u.fma(k, a3);
          b3 = v.fma(k, b3);
        }
        ((FloatVector) a0.check(S)).intoArray(y, y0 + p);
        ((FloatVector) a1.check(S)).intoArray(y, y1 + p);
        ((FloatVector) a2.check(S)).intoArray(y, y2 + p);
        ((FloatVector) a3.check(S)).intoArray(y, y3 + p);
        ((FloatVector) b0.check(S)).intoArray(y, y0 + p + VL);
        ((FloatVector) b1.check(S)).intoArray(y, y1 + p + VL);
        ((FloatVector) b2.check(S)).intoArray(y, y2 + p + VL);
        ((FloatVector) b3.check(S)).intoArray(y, y3 + p + VL);
      }
      for (; p + VL <= end; p += VL) {
        FloatVector a0;
        FloatVector a1;
        FloatVector a2;
        FloatVector a3;
        if (acc) {
          a0 = ((FloatVector) FloatVector.fromArray(S, y, y0 + p).check(S));
          a1 = ((FloatVector) FloatVector.fromArray(S, y, y1 + p).check(S));
          a2 = ((FloatVector) FloatVector.fromArray(S, y, y2 + p).check(S));
          a3 = ((FloatVector) FloatVector.fromArray(S, y, y3 + p).check(S));
        } else {
          a0 = ((FloatVector) FloatVector.broadcast(S, b[co]).check(S));
          a1 = ((FloatVector) FloatVector.broadcast(S, b[co + 1]).check(S));
          a2 = ((FloatVector) FloatVector.broadcast(S, b[co + 2]).check(S));
          a3 = ((FloatVector) FloatVector.broadcast(S, b[co + 3]).check(S));
        }
        int w0 = co * cin * 9;
        int w1 = w0 + cin * 9;
        int w2 = w1 + cin * 9;
        int w3 = w2 + cin * 9;
        for (int ci = 0; ci < cin; ci++, w0 += 9, w1 += 9, w2 += 9, w3 += 9) {
          int q = ci * ps + p;
          FloatVector v;
          v = ((FloatVector) FloatVector.fromArray(S, x, q + o0).check(S));
          a0 = v.fma(((FloatVector) FloatVector.broadcast(S, w[w0]).check(S)), a0);
          a1 = v.fma(((FloatVector) FloatVector.broadcast(S, w[w1]).check(S)), a1);
          a2 = v.fma(((FloatVector) FloatVector.broadcast(S, w[w2]).check(S)), a2);
          a3 = v.fma(((FloatVector) FloatVector.broadcast(S, w[w3]).check(S)), a3);
          v = ((FloatVector) FloatVector.fromArray(S, x, q + o1).check(S));
          a0 = v.fma(((FloatVector) FloatVector.broadcast(S, w[w0 + 1]).check(S)), a0);
          a1 = v.fma(((FloatVector) FloatVector.broadcast(S, w[w1 + 1]).check(S)), a1);
          a2 = v.fma(((FloatVector) FloatVector.broadcast(S, w[w2 + 1]).check(S)), a2);
          a3 = v.fma(((FloatVector) FloatVector.broadcast(S, w[w3 + 1]).check(S)), a3);
          v = ((FloatVector) FloatVector.fromArray(S, x, q + o2).check(S));
          a0 = v.fma(((FloatVector) FloatVector.broadcast(S, w[w0 + 2]).check(S)), a0);
          a1 = v.fma(((FloatVector) FloatVector.broadcast(S, w[w1 + 2]).check(S)), a1);
          a2 = v.fma(((FloatVector) FloatVector.broadcast(S, w[w2 + 2]).check(S)), a2);
          a3 = v.fma(((FloatVector) FloatVector.broadcast(S, w[w3 + 2]).check(S)), a3);
          v = ((FloatVector) FloatVector.fromArray(S, x, q + o3).check(S));
          a0 = v.fma(((FloatVector) FloatVector.broadcast(S, w[w0 + 3]).check(S)), a0);
          a1 = v.fma(((FloatVector) FloatVector.broadcast(S, w[w1 + 3]).check(S)), a1);
          a2 = v.fma(((FloatVector) FloatVector.broadcast(S, w[w2 + 3]).check(S)), a2);
          a3 = v.fma(((FloatVector) FloatVector.broadcast(S, w[w3 + 3]).check(S)), a3);
          v = ((FloatVector) FloatVector.fromArray(S, x, q).check(S));
          a0 = v.fma(((FloatVector) FloatVector.broadcast(S, w[w0 + 4]).check(S)), a0);
          a1 = v.fma(((FloatVector) FloatVector.broadcast(S, w[w1 + 4]).check(S)), a1);
          a2 = v.fma(((FloatVector) FloatVector.broadcast(S, w[w2 + 4]).check(S)), a2);
          a3 = v.fma(((FloatVector) FloatVector.broadcast(S, w[w3 + 4]).check(S)), a3);
          v = ((FloatVector) FloatVector.fromArray(S, x, q + o5).check(S));
          a0 = v.fma(((FloatVector) FloatVector.broadcast(S, w[w0 + 5]).check(S)), a0);
          a1 = v.fma(((FloatVector) FloatVector.broadcast(S, w[w1 + 5]).check(S)), a1);
          a2 = v.fma(((FloatVector) FloatVector.broadcast(S, w[w2 + 5]).check(S)), a2);
          a3 = v.fma(((FloatVector) FloatVector.broadcast(S, w[w3 + 5]).check(S)), a3);
          v = ((FloatVector) FloatVector.fromArray(S, x, q + o6).check(S));
          a0 = v.fma(((FloatVector) FloatVector.broadcast(S, w[w0 + 6]).check(S)), a0);
          a1 = v.fma(((FloatVector) FloatVector.broadcast(S, w[w1 + 6]).check(S)), a1);
          a2 = v.fma(((FloatVector) FloatVector.broadcast(S, w[w2 + 6]).check(S)), a2);
          a3 = v.fma(((FloatVector) FloatVector.broadcast(S, w[w3 + 6]).check(S)), a3);
          v = ((FloatVector) FloatVector.fromArray(S, x, q + o7).check(S));
          a0 = v.fma(((FloatVector) FloatVector.broadcast(S, w[w0 + 7]).check(S)), a0);
          a1 = v.fma(((FloatVector) FloatVector.broadcast(S, w[w1 + 7]).check(S)), a1);
          a2 = v.fma(((FloatVector) FloatVector.broadcast(S, w[w2 + 7]).check(S)), a2);
          a3 = v.fma(((FloatVector) FloatVector.broadcast(S, w[w3 + 7]).check(S)), a3);
          v = ((FloatVector) FloatVector.fromArray(S, x, q + o8).check(S));
          a0 = v.fma(((FloatVector) FloatVector.broadcast(S, w[w0 + 8]).check(S)), a0);
          a1 = v.fma(((FloatVector) FloatVector.broadcast(S, w[w1 + 8]).check(S)), a1);
          a2 = v.fma(((FloatVector) FloatVector.broadcast(S, w[w2 + 8]).check(S)), a2);
          a3 = v.fma(((FloatVector) FloatVector.broadcast(S, w[w3 + 8]).check(S)), a3);
        }
        ((FloatVector) a0.check(S)).intoArray(y, y0 + p);
        ((FloatVector) a1.check(S)).intoArray(y, y1 + p);
        ((FloatVector) a2.check(S)).intoArray(y, y2 + p);
        ((FloatVector) a3.check(S)).intoArray(y, y3 + p);
      }
      for (int j = 0; j < 4; j++) {
        scalar3(x, w, b, y, cin, co + j, ps, st, p, end, acc);
      }
    }
    for (; co < cout; co++) {
      scalar3(x, w, b, y, cin, co, ps, st, start, end, acc);
    }
  }

  private static void scalar3(
      float[] x, float[] w, float[] b, float[] y, int cin, int co, int ps, int st, int from, int to, boolean acc) {
    int yo = co * ps;
    for (int p = from; p < to; p++) {
      float s = acc ? y[yo + p] : b[co];
      int wi = co * cin * 9;
      for (int ci = 0; ci < cin; ci++, wi += 9) {
        int q = ci * ps + p;
        s = Math.fma(x[q - st - 1], w[wi], s);
        s = Math.fma(x[q - st], w[wi + 1], s);
        s = Math.fma(x[q - st + 1], w[wi + 2], s);
        s = Math.fma(x[q - 1], w[wi + 3], s);
        s = Math.fma(x[q], w[wi + 4], s);
        s = Math.fma(x[q + 1], w[wi + 5], s);
        s = Math.fma(x[q + st - 1], w[wi + 6], s);
        s = Math.fma(x[q + st], w[wi + 7], s);
        s = Math.fma(x[q + st + 1], w[wi + 8], s);
      }
      y[yo + p] = s;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // 1x1 forward: blocks of 4 output channels.

  private static void forward1(Tensor in, float[] w, float[] b, Tensor out, boolean acc) {
    final int cin = in.channels();
    final int cout = out.channels();
    final int ps = in.planeSize();
    final int start = in.interiorStart();
    final int end = in.interiorEnd();
    final float[] x = in.data();
    final float[] y = out.data();
    int co = 0;
    for (; co + 4 <= cout; co += 4) {
      final int y0 = co * ps;
      int p = start;
      for (; p + VL <= end; p += VL) {
        FloatVector a0;
        FloatVector a1;
        FloatVector a2;
        FloatVector a3;
        if (acc) {
          a0 = ((FloatVector) FloatVector.fromArray(S, y, y0 + p).check(S));
          a1 = ((FloatVector) FloatVector.fromArray(S, y, y0 + ps + p).check(S));
          a2 = ((FloatVector) FloatVector.fromArray(S, y, y0 + 2 * ps + p).check(S));
          a3 = ((FloatVector) FloatVector.fromArray(S, y, y0 + 3 * ps + p).check(S));
        } else {
          a0 = ((FloatVector) FloatVector.broadcast(S, b[co]).check(S));
          a1 = ((FloatVector) FloatVector.broadcast(S, b[co + 1]).check(S));
          a2 = ((FloatVector) FloatVector.broadcast(S, b[co + 2]).check(S));
          a3 = ((FloatVector) FloatVector.broadcast(S, b[co + 3]).check(S));
        }
        int wi = co * cin;
        for (int ci = 0; ci < cin; ci++, wi++) {
          FloatVector v = ((FloatVector) FloatVector.fromArray(S, x, ci * ps + p).check(S));
          a0 = v.fma(((FloatVector) FloatVector.broadcast(S, w[wi]).check(S)), a0);
          a1 = v.fma(((FloatVector) FloatVector.broadcast(S, w[wi + cin]).check(S)), a1);
          a2 = v.fma(((FloatVector) FloatVector.broadcast(S, w[wi + 2 * cin]).check(S)), a2);
          a3 = v.fma(((FloatVector) FloatVector.broadcast(S, w[wi + 3 * cin]).check(S)), a3);
        }
        ((FloatVector) a0.check(S)).intoArray(y, y0 + p);
        ((FloatVector) a1.check(S)).intoArray(y, y0 + ps + p);
        ((FloatVector) a2.check(S)).intoArray(y, y0 + 2 * ps + p);
        ((FloatVector) a3.check(S)).intoArray(y, y0 + 3 * ps + p);
      }
      for (int j = 0; j < 4; j++) {
        scalar1(x, w, b, y, cin, co + j, ps, p, end, acc);
      }
    }
    for (; co < cout; co++) {
      scalar1(x, w, b, y, cin, co, ps, start, end, acc);
    }
  }

  private static void scalar1(
      float[] x, float[] w, float[] b, float[] y, int cin, int co, int ps, int from, int to, boolean acc) {
    int yo = co * ps;
    for (int p = from; p < to; p++) {
      float s = acc ? y[yo + p] : b[co];
      for (int ci = 0; ci < cin; ci++) {
        s = Math.fma(x[ci * ps + p], w[co * cin + ci], s);
      }
      y[yo + p] = s;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Weight gradients.

  private static void weights3(Tensor in, Tensor gout, float[] gw) {
    final int cin = in.channels();
    final int cout = gout.channels();
    final int st = in.stride();
    final int ps = in.planeSize();
    final int start = in.interiorStart();
    final int end = in.interiorEnd();
    final float[] x = in.data();
    final float[] g = gout.data();
    final int[] off = {-st - 1, -st, -st + 1, -1, 0, 1, st - 1, st, st + 1};
    final FloatVector z = FloatVector.zero(S);
    int co = 0;
    // Pairs of output channels share each input load: 18 accumulators.
    for (; co + 2 <= cout; co += 2) {
      final int go0 = co * ps;
      final int go1 = go0 + ps;
      for (int ci = 0; ci < cin; ci++) {
        final int xo = ci * ps;
        FloatVector s0 = z;
        FloatVector u0 = z;
        FloatVector s1 = z;
        FloatVector u1 = z;
        FloatVector s2 = z;
        FloatVector u2 = z;
        FloatVector s3 = z;
        FloatVector u3 = z;
        FloatVector s4 = z;
        FloatVector u4 = z;
        FloatVector s5 = z;
        FloatVector u5 = z;
        FloatVector s6 = z;
        FloatVector u6 = z;
        FloatVector s7 = z;
        FloatVector u7 = z;
        FloatVector s8 = z;
        FloatVector u8 = z;
        int p = start;
        for (; p + VL <= end; p += VL) {
          FloatVector g0 = ((FloatVector) FloatVector.fromArray(S, g, go0 + p).check(S));
          FloatVector g1 = ((FloatVector) FloatVector.fromArray(S, g, go1 + p).check(S));
          int q = xo + p;
          FloatVector v;
          v = ((FloatVector) FloatVector.fromArray(S, x, q - st - 1).check(S));
          s0 = v.fma(g0, s0);
          u0 = v.fma(g1, u0);
          v = ((FloatVector) FloatVector.fromArray(S, x, q - st).check(S));
          s1 = v.fma(g0, s1);
          u1 = v.fma(g1, u1);
          v = ((FloatVector) FloatVector.fromArray(S, x, q - st + 1).check(S));
          s2 = v.fma(g0, s2);
          u2 = v.fma(g1, u2);
          v = ((FloatVector) FloatVector.fromArray(S, x, q - 1).check(S));
          s3 = v.fma(g0, s3);
          u3 = v.fma(g1, u3);
          v = ((FloatVector) FloatVector.fromArray(S, x, q).check(S));
          s4 = v.fma(g0, s4);
          u4 = v.fma(g1, u4);
          v = ((FloatVector) FloatVector.fromArray(S, x, q + 1).check(S));
          s5 = v.fma(g0, s5);
          u5 = v.fma(g1, u5);
          v = ((FloatVector) FloatVector.fromArray(S, x, q + st - 1).check(S));
          s6 = v.fma(g0, s6);
          u6 = v.fma(g1, u6);
          v = ((FloatVector) FloatVector.fromArray(S, x, q + st).check(S));
          s7 = v.fma(g0, s7);
          u7 = v.fma(g1, u7);
          v = ((FloatVector) FloatVector.fromArray(S, x, q + st + 1).check(S));
          s8 = v.fma(g0, s8);
          u8 = v.fma(g1, u8);
        }
        float[] r0 = {
          hsum(s0),
          hsum(s1),
          hsum(s2),
          hsum(s3),
          hsum(s4),
          hsum(s5),
          hsum(s6),
          hsum(s7),
          hsum(s8)
        };
        float[] r1 = {
          hsum(u0),
          hsum(u1),
          hsum(u2),
          hsum(u3),
          hsum(u4),
          hsum(u5),
          hsum(u6),
          hsum(u7),
          hsum(u8)
        };
        for (int pp = p; pp < end; pp++) {
          float a0 = g[go0 + pp];
          float a1 = g[go1 + pp];
          for (int t = 0; t < 9; t++) {
            float xv = x[xo + pp + off[t]];
            r0[t] = Math.fma(xv, a0, r0[t]);
            r1[t] = Math.fma(xv, a1, r1[t]);
          }
        }
        int wi0 = (co * cin + ci) * 9;
        int wi1 = ((co + 1) * cin + ci) * 9;
        for (int t = 0; t < 9; t++) {
          gw[wi0 + t] += r0[t];
          gw[wi1 + t] += r1[t];
        }
      }
    }
    for (; co < cout; co++) {
      final int go = co * ps;
      for (int ci = 0; ci < cin; ci++) {
        final int xo = ci * ps;
        float[] r = new float[9];
        for (int t = 0; t < 9; t++) {
          r[t] = dot(x, xo + off[t], g, go, start, end);
        }
        int wi = (co * cin + ci) * 9;
        for (int t = 0; t < 9; t++) {
          gw[wi + t] += r[t];
        }
      }
    }
  }

  private static void weights1(Tensor in, Tensor gout, float[] gw) {
    final int cin = in.channels();
    final int cout = gout.channels();
    final int ps = in.planeSize();
    final int start = in.interiorStart();
    final int end = in.interiorEnd();
    final float[] x = in.data();
    final float[] g = gout.data();
    for (int co = 0; co < cout; co++) {
      for (int ci = 0; ci < cin; ci++) {
        gw[co * cin + ci] += dot(x, ci * ps, g, co * ps, start, end);
      }
    }
  }

  /** {@code sum_{p in [from, to)} a[ao + p] * b[bo + p]} in a fixed order. */
  static float dot(float[] a, int ao, float[] b, int bo, int from, int to) {
    FloatVector s = FloatVector.zero(S);
    int p = from;
    for (; p + VL <= to; p += VL) {
      FloatVector x = (FloatVector) FloatVector.fromArray(S, a, ao + p).check(S);
      s = x.fma(((FloatVector) FloatVector.fromArray(S, b, bo + p).check(S)), s);
    }
    float r = hsum(s);
    for (; p < to; p++) {
      r = Math.fma(a[ao + p], b[bo + p], r);
    }
    return r;
  }
}
