package org.nnpf.common.nn.integer;

/**
 * The plain scalar kernel, the vector kernel's twin: for each output channel and row it adds
 * {@code Wq * X} tap by tap into a row of Java ints (arithmetic modulo 2^32, then {@code Wrap_P}),
 * and requantizes with {@link IntegerLayer#requantize}. In checking mode it also sums every
 * accumulation exactly in a long and records it, over a sub-region, into an
 * {@link AccumulatorReport.Counter}.
 */
final class ScalarLayerKernel implements LayerKernel {
  private final IntegerLayer layer;
  private final int layerIndex;

  ScalarLayerKernel(IntegerLayer layer, int layerIndex) {
    this.layer = layer;
    this.layerIndex = layerIndex;
  }

  @Override
  public int overrun() {
    return 0;
  }

  @Override
  public void run(short[] in, short[] out, int stride, int planeSize, int origin, int width, int height) {
    runChecked(in, out, stride, planeSize, origin, width, height, null, 0, 0, 0, 0);
  }

  /**
   * As {@link #run}, and records into {@code counter} (if not null) the exact accumulation of
   * every output position (x, y) of the region with {@code cx0 <= x < cx1, cy0 <= y < cy1}
   * (region-relative).
   */
  void runChecked(short[] in, short[] out, int stride, int planeSize, int origin, int width, int height,
      AccumulatorReport.Counter counter, int cx0, int cx1, int cy0, int cy1) {
    IntegerLayer L = layer;
    int k = L.kernelSize();
    int r = L.radius();
    int p = L.accumulatorBits();
    int[] acc = new int[width];
    long[] exact = counter == null ? null : new long[width];
    for (int co = 0; co < L.outChannels(); co++) {
      for (int y = 0; y < height; y++) {
        int pos = origin + y * stride;
        java.util.Arrays.fill(acc, L.bias(co));
        if (exact != null) {
          java.util.Arrays.fill(exact, L.bias(co));
        }
        for (int ci = 0; ci < L.inChannels(); ci++) {
          for (int ky = 0; ky < k; ky++) {
            for (int kx = 0; kx < k; kx++) {
              int w = L.weight(co, ci, ky, kx);
              int src = ci * planeSize + pos + (ky - r) * stride + (kx - r);
              for (int x = 0; x < width; x++) {
                acc[x] += w * in[src + x];
              }
              if (exact != null) {
                for (int x = 0; x < width; x++) {
                  exact[x] += (long) w * in[src + x];
                }
              }
            }
          }
        }
        int o = co * planeSize + pos;
        for (int x = 0; x < width; x++) {
          if (exact != null && x >= cx0 && x < cx1 && y >= cy0 && y < cy1) {
            counter.record(layerIndex, exact[x]);
          }
          int a = p == 32 ? acc[x] : (acc[x] << (32 - p)) >> (32 - p);
          out[o + x] = (short) L.requantize(a, co);
        }
      }
    }
  }
}
