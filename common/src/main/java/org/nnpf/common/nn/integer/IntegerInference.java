package org.nnpf.common.nn.integer;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.nnpf.common.nn.TensorLayout;
import org.nnpf.common.picture.Picture;

/**
 * The integer post-filter: runs the decoding process of docs/integer-inference.md patch by patch,
 * in parallel, with the vector (or scalar) kernel. The output is bit-identical to
 * {@link IntegerReference} for every patch size, thread count and kernel.
 *
 * <p>The tensor is cut into patch cores of nearly equal size, at most the requested patch size
 * ({@link #split}). Each patch core is processed with a halo of the network's receptive radius H. Layer l is
 * computed over the core grown by {@code h_l = H - (r_0 + ... + r_l)} on each side, clipped to the
 * tensor; tensor positions outside the picture read as 0, exactly as in the whole-picture process.
 * Scratch memory is two patch-sized buffers per worker thread.
 *
 * <p>Thread-safe: several pictures may be filtered concurrently. Close it to stop its threads.
 */
public final class IntegerInference implements AutoCloseable {
  private final IntegerNetwork net;
  private final InferenceOptions options;
  private final LayerKernel[] kernels;
  private final ScalarLayerKernel[] checkingKernels;
  private final int halo;
  private final int maxRadius;
  private final int overrun;
  private final int channels;
  private final ExecutorService pool;
  /**
   * Whether the first vector-kernel inference of the JVM warms the kernel up first
   * ({@link KernelWarmUp}); {@code -Dnnpf.kernelWarmUp=false} turns it off and {@code =verbose}
   * prints what it did on standard error (for measurements).
   */
  private static final String WARM_UP_MODE = System.getProperty("nnpf.kernelWarmUp", "true");
  private static final boolean WARM_UP = !"false".equals(WARM_UP_MODE);

  private static void ensureWarmUp() {
    if (KernelWarmUp.ensure() && "verbose".equals(WARM_UP_MODE)) {
      System.err.println("nnpf: vector kernel warm-up: " + KernelWarmUp.summary());
    }
  }

  /**
   * Starts the vector kernel's warm-up ({@link KernelWarmUp}) on a daemon thread, so that it
   * overlaps the rest of a program's start (loading the base codec, reading and parsing the input);
   * the first vector inference waits for it to end (or runs it, if the thread has not started).
   * Programs call it as soon as they know they will run the vector kernel. Nothing happens with
   * {@code -Dnnpf.kernelWarmUp=false} or once the warm-up has run.
   */
  public static void warmUpInBackground() {
    if (WARM_UP) {
      Thread t = new Thread(IntegerInference::ensureWarmUp, "nnpf-kernel-warm-up");
      t.setDaemon(true);
      t.start();
    }
  }

  private final ConcurrentLinkedQueue<PatchBuffers> scratch = new ConcurrentLinkedQueue<>();
  /** Per layer and output channel, {@code Σ|Wq[co][ci][ky][kx]|} (for {@link #runGuarded}). */
  private final long[][] absWeightSums;

  public IntegerInference(IntegerNetwork net, InferenceOptions options) {
    this.net = Preconditions.checkNotNull(net);
    this.options = Preconditions.checkNotNull(options);
    int n = net.layers().size();
    this.kernels = new LayerKernel[n];
    if (options.kernel() == InferenceOptions.Kernel.VECTOR && WARM_UP) {
      ensureWarmUp();
    }
    this.checkingKernels = new ScalarLayerKernel[n];
    int h = 0;
    int r = 0;
    for (int l = 0; l < n; l++) {
      IntegerLayer layer = net.layer(l);
      kernels[l] = options.kernel() == InferenceOptions.Kernel.VECTOR
          ? new VectorLayerKernel(layer) : new ScalarLayerKernel(layer, l);
      checkingKernels[l] = new ScalarLayerKernel(layer, l);
      h += layer.radius();
      r = Math.max(r, layer.radius());
    }
    this.absWeightSums = new long[n][];
    for (int l = 0; l < n; l++) {
      IntegerLayer layer = net.layer(l);
      int k = layer.kernelSize();
      absWeightSums[l] = new long[layer.outChannels() * layer.inChannels()];
      for (int co = 0; co < layer.outChannels(); co++) {
        for (int ci = 0; ci < layer.inChannels(); ci++) {
          for (int ky = 0; ky < k; ky++) {
            for (int kx = 0; kx < k; kx++) {
              absWeightSums[l][co * layer.inChannels() + ci] += Math.abs(layer.weight(co, ci, ky, kx));
            }
          }
        }
      }
    }
    this.halo = h;
    this.maxRadius = r;
    int o = 0;
    for (LayerKernel k : kernels) {
      o = Math.max(o, k.overrun());
    }
    this.overrun = o;
    this.channels = net.model().maxChannels();
    if (options.threads() > 1) {
      AtomicInteger id = new AtomicInteger();
      this.pool = Executors.newFixedThreadPool(options.threads(), task -> {
        Thread t = new Thread(task, "nnpf-inference-" + id.incrementAndGet());
        t.setDaemon(true);
        return t;
      });
    } else {
      this.pool = null;
    }
  }

  public IntegerNetwork network() {
    return net;
  }

  public InferenceOptions options() {
    return options;
  }

  /**
   * The filtered picture (hypothesis 0), in checking mode the accumulator report, and the pictures
   * of all the network's hypotheses (hypothesis 0 first; one for a model of format version 1).
   */
  public record Result(Picture output, Optional<AccumulatorReport> report, List<Picture> hypotheses) {}

  /** Filters {@code in} (a decoded picture) with its base-codec QP. */
  public Picture apply(Picture in, int qp) {
    return run(in, qp).output();
  }

  /** Filters {@code in}; in checking mode also reports accumulations outside the declared precision. */
  public Result run(Picture in, int qp) {
    return run(in, qp, options.checking() ? Check.EXACT : Check.NONE);
  }

  /**
   * Filters {@code in} and reports the accumulations outside the declared precision, exactly as
   * checking mode counts them, but with the fast kernels wherever no violation is possible: for each
   * patch and layer, the bound {@code max_co(|Bq[co]| + Σ|Wq[co]| · M)}, with M the largest |value|
   * of the layer's input over the positions it reads, bounds every accumulation |A*| (the triangle
   * inequality); when it fits the precision the fast kernel runs and the bound is recorded, otherwise
   * the layer runs with the scalar checking kernel. The report's accumulation and violation counts
   * equal checking mode's; its largest |A*| is an upper bound (exact where a layer ran checked). The
   * output is that of {@link #run}.
   */
  public Result runGuarded(Picture in, int qp) {
    return run(in, qp, Check.BOUNDED);
  }

  private enum Check { NONE, EXACT, BOUNDED }

  private Result run(Picture in, int qp, Check check) {
    net.checkSupported(in);
    TensorLayout layout = net.layout();
    int tw = layout.tensorWidth(in.width());
    int th = layout.tensorHeight(in.height());
    Picture[] outs = new Picture[net.model().hypotheses()];
    for (int p = 0; p < outs.length; p++) {
      outs[p] = new Picture(in.width(), in.height(), in.bitDepth(), in.chromaFormat());
    }
    AccumulatorReport.Counter counter = check != Check.NONE ? new AccumulatorReport.Counter(net) : null;
    boolean bounded = check == Check.BOUNDED;
    int[] xs = split(tw, options.patchWidth());
    int[] ys = split(th, options.patchHeight());
    List<int[]> patches = new ArrayList<>();
    for (int j = 0; j + 1 < ys.length; j++) {
      for (int i = 0; i + 1 < xs.length; i++) {
        patches.add(new int[] {xs[i], ys[j], xs[i + 1], ys[j + 1]});
      }
    }
    int qpValue = net.qpValue(qp);
    if (pool == null) {
      for (int[] p : patches) {
        runPatch(in, outs, qpValue, tw, th, p, counter, bounded);
      }
    } else {
      List<Future<?>> futures = new ArrayList<>();
      for (int[] p : patches) {
        futures.add(pool.submit(() -> runPatch(in, outs, qpValue, tw, th, p, counter, bounded)));
      }
      try {
        for (Future<?> f : futures) {
          f.get();
        }
      } catch (InterruptedException e) {
        futures.forEach(f -> f.cancel(true));
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while filtering", e);
      } catch (ExecutionException e) {
        futures.forEach(f -> f.cancel(true));
        Throwable c = e.getCause();
        if (c instanceof RuntimeException re) {
          throw re;
        }
        throw new IllegalStateException(c);
      }
    }
    return new Result(outs[0], Optional.ofNullable(counter).map(AccumulatorReport.Counter::report), List.of(outs));
  }

  /**
   * Cuts {@code [0, size)} into {@code ceil(size / max)} intervals of nearly equal length (none
   * longer than max): the boundaries, first 0, last size. Equal patches balance the threads and
   * avoid thin patches whose halo would cost more than their core.
   */
  static int[] split(int size, int max) {
    int n = (size + max - 1) / max;
    int[] b = new int[n + 1];
    for (int i = 0; i <= n; i++) {
      b[i] = (int) ((long) size * i / n);
    }
    return b;
  }

  private void runPatch(Picture in, Picture[] out, int qpValue, int tw, int th, int[] core, AccumulatorReport.Counter counter,
      boolean bounded) {
    PatchBuffers buf = scratch.poll();
    if (buf == null) {
      buf = new PatchBuffers(options.patchWidth(), options.patchHeight(), halo, maxRadius, overrun, channels);
    }
    try {
      AccumulatorReport.Counter local = counter == null ? null : new AccumulatorReport.Counter(net);
      new Patch(buf, in, tw, th, core).run(in, out, qpValue, local, bounded);
      if (local != null) {
        counter.merge(local);
      }
    } finally {
      scratch.add(buf);
    }
  }

  /** One patch: geometry and the layer loop. */
  private final class Patch {
    final PatchBuffers buf;
    final int tw;
    final int th;
    final int cx0;
    final int cy0;
    final int cx1;
    final int cy1;
    final int bitDepth;

    Patch(PatchBuffers buf, Picture in, int tw, int th, int[] core) {
      this.buf = buf;
      this.tw = tw;
      this.th = th;
      this.cx0 = core[0];
      this.cy0 = core[1];
      this.cx1 = core[2];
      this.cy1 = core[3];
      this.bitDepth = in.bitDepth();
    }

    /** Index within a plane of tensor position (tx, ty). */
    int index(int tx, int ty) {
      return (ty - cy0 + buf.margin) * buf.stride + (tx - cx0 + buf.margin);
    }

    void run(Picture in, Picture[] out, int qpValue, AccumulatorReport.Counter counter, boolean bounded) {
      TensorLayout layout = net.layout();
      int[] channelMax = bounded ? new int[net.model().maxChannels()] : null;
      short[] x = buf.a;
      short[] y = buf.b;
      int ps = buf.planeSize;
      // 4.1: the input tensor over the core grown by H, clipped; zeros outside the picture.
      int x0 = Math.max(0, cx0 - halo);
      int x1 = Math.min(tw, cx1 + halo);
      int y0 = Math.max(0, cy0 - halo);
      int y1 = Math.min(th, cy1 + halo);
      for (int c = 0; c < layout.pictureChannels(); c++) {
        for (int ty = y0; ty < y1; ty++) {
          int o = c * ps + index(0, ty);
          for (int tx = x0; tx < x1; tx++) {
            x[o + tx] = (short) net.inputSample(layout.sample(in, c, tx, ty), bitDepth);
          }
        }
      }
      for (int c = layout.pictureChannels(); c < net.model().inputChannels(); c++) {
        for (int ty = y0; ty < y1; ty++) {
          int o = c * ps + index(0, ty);
          Arrays.fill(x, o + x0, o + x1, (short) qpValue);
        }
      }
      zeroOutside(x, net.model().inputChannels(), halo);
      // 4.2, 4.3: the layers, each over a region shrinking towards the core.
      int h = halo;
      for (int l = 0; l < kernels.length; l++) {
        IntegerLayer layer = net.layer(l);
        h -= layer.radius();
        int rx0 = Math.max(0, cx0 - h);
        int rx1 = Math.min(tw, cx1 + h);
        int ry0 = Math.max(0, cy0 - h);
        int ry1 = Math.min(th, cy1 + h);
        int origin = index(rx0, ry0);
        long bound = bounded ? bound(l, maxAbs(x, layer.inChannels(), rx0 - layer.radius(), rx1 + layer.radius(),
            ry0 - layer.radius(), ry1 + layer.radius(), channelMax)) : Long.MAX_VALUE;
        if (bounded && FixedPoint.fits(bound, layer.accumulatorBits()) && FixedPoint.fits(-bound, layer.accumulatorBits())) {
          kernels[l].run(x, y, buf.stride, ps, origin, rx1 - rx0, ry1 - ry0);
          counter.recordBounded(l, (long) layer.outChannels() * (cx1 - cx0) * (cy1 - cy0), bound);
        } else if (counter != null) {
          checkingKernels[l].runChecked(x, y, buf.stride, ps, origin, rx1 - rx0, ry1 - ry0, counter,
              cx0 - rx0, cx1 - rx0, cy0 - ry0, cy1 - ry0);
        } else {
          kernels[l].run(x, y, buf.stride, ps, origin, rx1 - rx0, ry1 - ry0);
        }
        if (l + 1 < kernels.length) {
          zeroOutside(y, layer.outChannels(), h);
        }
        short[] t = x;
        x = y;
        y = t;
      }
      // 4.4: output samples of the core, each hypothesis p from output channels 6p .. 6p + 5.
      for (int p = 0; p < out.length; p++) {
        int c0 = p * layout.pictureChannels();
        for (int c = 0; c < layout.pictureChannels(); c++) {
          for (int ty = cy0; ty < cy1; ty++) {
            int o = (c0 + c) * ps + index(0, ty);
            for (int tx = cx0; tx < cx1; tx++) {
              int s = layout.sample(in, c, tx, ty);
              layout.setSample(out[p], c, tx, ty, net.outputSample(x[o + tx], s, bitDepth));
            }
          }
        }
      }
    }

    /**
     * The largest |value| of each of the first {@code nch} planes of {@code t} over tensor positions
     * [x0, x1) x [y0, y1), in {@code m}.
     */
    int[] maxAbs(short[] t, int nch, int x0, int x1, int y0, int y1, int[] m) {
      for (int c = 0; c < nch; c++) {
        int mc = 0;
        for (int ty = y0; ty < y1; ty++) {
          mc = ChannelMax.maxAbs(t, c * buf.planeSize + index(x0, ty), x1 - x0, mc);
        }
        m[c] = mc;
      }
      return m;
    }

    /**
     * Sets to 0 the positions outside the picture within the core grown by {@code h}: the next
     * layer reads them as the zero padding of the tensor.
     */
    void zeroOutside(short[] t, int nch, int h) {
      int bx0 = cx0 - h;
      int bx1 = cx1 + h;
      int by0 = cy0 - h;
      int by1 = cy1 + h;
      if (bx0 >= 0 && by0 >= 0 && bx1 <= tw && by1 <= th) {
        return;
      }
      for (int c = 0; c < nch; c++) {
        for (int ty = by0; ty < by1; ty++) {
          int o = c * buf.planeSize + index(0, ty);
          if (ty < 0 || ty >= th) {
            Arrays.fill(t, o + bx0, o + bx1, (short) 0);
          } else {
            if (bx0 < 0) {
              Arrays.fill(t, o + bx0, o, (short) 0);
            }
            if (bx1 > tw) {
              Arrays.fill(t, o + tw, o + bx1, (short) 0);
            }
          }
        }
      }
    }
  }

  /**
   * {@code max_co(|Bq[co]| + Σ_ci Σ_k |Wq[co][ci][k]| · m[ci])}: a bound of every accumulation of
   * layer l whose input channel ci is at most m[ci] in magnitude (the triangle inequality, channel
   * by channel).
   */
  private long bound(int l, int[] m) {
    IntegerLayer layer = net.layer(l);
    int nin = layer.inChannels();
    long[] s = absWeightSums[l];
    long b = 0;
    for (int co = 0; co < layer.outChannels(); co++) {
      long a = Math.abs((long) layer.bias(co));
      for (int ci = 0; ci < nin; ci++) {
        a += s[co * nin + ci] * m[ci];
      }
      b = Math.max(b, a);
    }
    return b;
  }

  /** Stops the worker threads. */
  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
