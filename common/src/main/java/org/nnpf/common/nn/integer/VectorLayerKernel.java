package org.nnpf.common.nn.integer;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API kernel: lanes run along x. For a block of 4 output channels and 2 vectors of
 * positions it keeps 8 int32 accumulators in registers; for every input channel and tap it loads
 * int16 inputs, widens them to int32 lanes and adds their product with the broadcast weight. Sums
 * are taken modulo 2^32 and then reduced by {@code Wrap_P}, which equals the specification's
 * result whatever the order (modular arithmetic). Requantization runs in int64 lanes, exactly as
 * {@link IntegerLayer#requantize}. Bit-exact with {@link ScalarLayerKernel}.
 *
 * <p>Whole vectors are computed: fewer than {@link #overrun()} columns past a region's right edge
 * are written, and read with the kernel's radius added (the caller's buffers leave room; those
 * values are never used).
 *
 * <p><b>Exact vector classes, without type profiles.</b> C2 replaces a Vector API operation by
 * its intrinsic only when it knows the exact class of every vector involved (here
 * {@code Int512Vector} etc., which cannot be named). A vector carried around a loop, returned from
 * a method that is not inlined or loaded through a generic path has the static type
 * {@code IntVector}; C2 then needs the receiver type profile of the JDK method called on it
 * ({@code IntVector.intoArray}, {@code IntVector.add}, ...), a profile shared by every caller in
 * the JVM, which may hold another shape or nothing at all (code compiled at tier 2 when the C2
 * queue is long does not profile). Without it the intrinsic fails ("missing constant" under
 * {@code -XX:+PrintIntrinsics}) and the operation runs its Java fallback ({@code IntVector.stOp},
 * allocating) for the life of the compiled method: the kernel's 3-4x and worse slow runs
 * (docs/performance.md, "A kernel that stays fast"). Hence, in the accumulation loops (90 % of
 * the time), {@code v.check(SPECIES)} (a class comparison with a constant, from which C2 narrows
 * the type; free once narrowed) on the loaded and widened inputs and on the sums before they are
 * stored, and additions written {@code product.add(sum)}: the receiver is exact and
 * {@code lanewise} checks the argument's class against the receiver's. {@link #requantize} has
 * only the check of {@link #requant}'s argument: checks on its shape conversions made the whole
 * kernel 40 % slower in JMH (C2 keeps the vector boxes they test), and its values come straight
 * from intrinsics whose results C2 types exactly.
 */
final class VectorLayerKernel implements LayerKernel {
  static final VectorSpecies<Integer> IS = intSpecies();
  static final int N = IS.length();
  static final VectorSpecies<Short> SS = VectorSpecies.of(short.class, VectorShape.forBitSize(IS.vectorBitSize() / 2));
  static final VectorSpecies<Long> LS = VectorSpecies.of(long.class, VectorShape.forBitSize(IS.vectorBitSize()));
  private static final int CB = 4;

  private final IntegerLayer layer;
  private final int k;
  private final int cin;
  private final int cout;
  private final int blocks;
  /** Weights as [block][ci][ky][kx][j], j the channel within the block (0 for padding channels). */
  private final int[] w;
  private final int[] bias;
  private final long[] mult;
  private final long[] slope;
  private final int shift;
  private final int slopeShift;
  private final int accShift;
  private final int kind;
  private final long outMin;
  private final long outMax;

  VectorLayerKernel(IntegerLayer layer) {
    this.layer = layer;
    this.k = layer.kernelSize();
    this.cin = layer.inChannels();
    this.cout = layer.outChannels();
    this.blocks = (cout + CB - 1) / CB;
    this.w = new int[blocks * cin * k * k * CB];
    this.bias = new int[blocks * CB];
    this.mult = new long[blocks * CB];
    this.slope = new long[blocks * CB];
    int i = 0;
    for (int b = 0; b < blocks; b++) {
      for (int ci = 0; ci < cin; ci++) {
        for (int ky = 0; ky < k; ky++) {
          for (int kx = 0; kx < k; kx++) {
            for (int j = 0; j < CB; j++) {
              int co = b * CB + j;
              w[i++] = co < cout ? layer.weight(co, ci, ky, kx) : 0;
            }
          }
        }
      }
    }
    for (int co = 0; co < cout; co++) {
      bias[co] = layer.bias(co);
      mult[co] = layer.multiplier(co);
      slope[co] = layer.slope(co);
    }
    this.shift = layer.shift();
    this.slopeShift = layer.slopeShift();
    this.accShift = 32 - layer.accumulatorBits();
    switch (layer.activation()) {
      case RELU:
        kind = 1;
        break;
      case LEAKY_RELU:
      case PRELU:
        kind = 2;
        break;
      default:
        kind = 0;
    }
    this.outMin = layer.output().min();
    this.outMax = layer.output().max();
  }

  private static VectorSpecies<Integer> intSpecies() {
    // int16 halves and int64 doubles of the int species must exist: at least 128 bits.
    VectorSpecies<Integer> p = IntVector.SPECIES_PREFERRED;
    return p.vectorBitSize() >= 128 ? p : IntVector.SPECIES_128;
  }

  @Override
  public int overrun() {
    return N;
  }

  @Override
  public void run(short[] in, short[] out, int stride, int planeSize, int origin, int width, int height) {
    // Offsets of all (ci, ky, kx) taps, in weight order, from an output position: one flat loop
    // carries the accumulators (C2 keeps vectors in registers across one loop level reliably).
    int kk = k * k;
    int[] tap = new int[cin * kk];
    int r = layer.radius();
    for (int ci = 0; ci < cin; ci++) {
      for (int ky = 0; ky < k; ky++) {
        for (int kx = 0; kx < k; kx++) {
          tap[(ci * k + ky) * k + kx] = ci * planeSize + (ky - r) * stride + (kx - r);
        }
      }
    }
    int rowWidth = (width + N - 1) / N * N;
    int[] acc = new int[CB * rowWidth];
    for (int y = 0; y < height; y++) {
      int row = origin + y * stride;
      for (int b = 0; b < blocks; b++) {
        int x = 0;
        for (; x < width - N; x += 2 * N) {
          accumulate(in, row + x, b, tap, acc, x, rowWidth);
        }
        if (x < width) {
          accumulateOne(in, row + x, b, tap, acc, x, rowWidth);
        }
        for (int j = 0; j < CB && b * CB + j < cout; j++) {
          requantize(acc, j * rowWidth, out, (b * CB + j) * planeSize + row, b * CB + j, rowWidth);
        }
      }
    }
  }

  /**
   * Sums of 4 output channels (block b) at 2 vectors of positions starting at {@code pos}, into
   * {@code acc[j * rowWidth + x ...]}. Vectors stay in this method (passing them to a method that
   * is not inlined would box them).
   *
   * <p>Every vector a Vector API method is called on has a class C2 knows exactly while it parses
   * this method, without the help of a type profile (see the class comment on {@code check}): the
   * loaded and widened inputs are checked against their species, the products are the receivers of
   * the additions and the loop-carried sums their arguments, and the sums are checked before they
   * are stored.
   */
  private void accumulate(short[] in, int pos, int b, int[] tap, int[] acc, int x, int rowWidth) {
    int c0 = b * CB;
    IntVector a00 = IntVector.broadcast(IS, bias[c0]);
    IntVector a01 = IntVector.broadcast(IS, bias[c0 + 1]);
    IntVector a02 = IntVector.broadcast(IS, bias[c0 + 2]);
    IntVector a03 = IntVector.broadcast(IS, bias[c0 + 3]);
    IntVector a10 = a00;
    IntVector a11 = a01;
    IntVector a12 = a02;
    IntVector a13 = a03;
    int taps = tap.length;
    int wi = b * taps * CB;
    for (int t = 0; t < taps; t++, wi += CB) {
      int idx = pos + tap[t];
      ShortVector s0 = (ShortVector) ShortVector.fromArray(SS, in, idx).check(SS);
      ShortVector s1 = (ShortVector) ShortVector.fromArray(SS, in, idx + N).check(SS);
      IntVector v0 = (IntVector) s0.convertShape(VectorOperators.S2I, IS, 0).check(IS);
      IntVector v1 = (IntVector) s1.convertShape(VectorOperators.S2I, IS, 0).check(IS);
      int w0 = w[wi];
      int w1 = w[wi + 1];
      int w2 = w[wi + 2];
      int w3 = w[wi + 3];
      a00 = v0.mul(w0).add(a00);
      a01 = v0.mul(w1).add(a01);
      a02 = v0.mul(w2).add(a02);
      a03 = v0.mul(w3).add(a03);
      a10 = v1.mul(w0).add(a10);
      a11 = v1.mul(w1).add(a11);
      a12 = v1.mul(w2).add(a12);
      a13 = v1.mul(w3).add(a13);
    }
    ((IntVector) a00.check(IS)).intoArray(acc, x);
    ((IntVector) a10.check(IS)).intoArray(acc, x + N);
    ((IntVector) a01.check(IS)).intoArray(acc, rowWidth + x);
    ((IntVector) a11.check(IS)).intoArray(acc, rowWidth + x + N);
    ((IntVector) a02.check(IS)).intoArray(acc, 2 * rowWidth + x);
    ((IntVector) a12.check(IS)).intoArray(acc, 2 * rowWidth + x + N);
    ((IntVector) a03.check(IS)).intoArray(acc, 3 * rowWidth + x);
    ((IntVector) a13.check(IS)).intoArray(acc, 3 * rowWidth + x + N);
  }

  /** As {@link #accumulate} for one vector of positions (the tail of a row). */
  private void accumulateOne(short[] in, int pos, int b, int[] tap, int[] acc, int x, int rowWidth) {
    int c0 = b * CB;
    IntVector a00 = IntVector.broadcast(IS, bias[c0]);
    IntVector a01 = IntVector.broadcast(IS, bias[c0 + 1]);
    IntVector a02 = IntVector.broadcast(IS, bias[c0 + 2]);
    IntVector a03 = IntVector.broadcast(IS, bias[c0 + 3]);
    int taps = tap.length;
    int wi = b * taps * CB;
    for (int t = 0; t < taps; t++, wi += CB) {
      ShortVector s0 = (ShortVector) ShortVector.fromArray(SS, in, pos + tap[t]).check(SS);
      IntVector v0 = (IntVector) s0.convertShape(VectorOperators.S2I, IS, 0).check(IS);
      a00 = v0.mul(w[wi]).add(a00);
      a01 = v0.mul(w[wi + 1]).add(a01);
      a02 = v0.mul(w[wi + 2]).add(a02);
      a03 = v0.mul(w[wi + 3]).add(a03);
    }
    ((IntVector) a00.check(IS)).intoArray(acc, x);
    ((IntVector) a01.check(IS)).intoArray(acc, rowWidth + x);
    ((IntVector) a02.check(IS)).intoArray(acc, 2 * rowWidth + x);
    ((IntVector) a03.check(IS)).intoArray(acc, 3 * rowWidth + x);
  }

  /** Wrap_P, then {@link IntegerLayer#requantize} in int64 lanes, for one channel's row. */
  private void requantize(int[] acc, int from, short[] out, int to, int co, int rowWidth) {
    for (int i = 0; i < rowWidth; i += N) {
      IntVector a = IntVector.fromArray(IS, acc, from + i);
      if (accShift != 0) {
        a = a.lanewise(VectorOperators.LSHL, accShift).lanewise(VectorOperators.ASHR, accShift);
      }
      LongVector lo = requant((LongVector) a.convertShape(VectorOperators.I2L, LS, 0), co);
      LongVector hi = requant((LongVector) a.convertShape(VectorOperators.I2L, LS, 1), co);
      IntVector r = ((IntVector) lo.convertShape(VectorOperators.L2I, IS, 0))
          .or((IntVector) hi.convertShape(VectorOperators.L2I, IS, -1));
      ((ShortVector) r.convertShape(VectorOperators.I2S, SS, 0)).intoArray(out, to + i);
    }
  }

  private LongVector requant(LongVector a, int co) {
    // a is exact when requant is inlined; the check keeps it exact when it is compiled alone
    LongVector v = ((LongVector) a.check(LS)).mul(mult[co]);
    if (shift > 0) {
      v = v.add(1L << (shift - 1)).lanewise(VectorOperators.ASHR, shift);
    }
    if (kind == 1) {
      v = v.max(0L);
    } else if (kind == 2) {
      VectorMask<Long> neg = v.lt(0L);
      LongVector n = v.mul(slope[co]);
      if (slopeShift > 0) {
        n = n.add(1L << (slopeShift - 1)).lanewise(VectorOperators.ASHR, slopeShift);
      }
      v = v.blend(n, neg);
    }
    return v.max(outMin).min(outMax);
  }
}
