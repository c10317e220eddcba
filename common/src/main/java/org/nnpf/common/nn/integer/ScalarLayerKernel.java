package org.nnpf.common.nn.integer;

/**
 * The plain scalar kernel: one output at a time, accumulation in a Java int (arithmetic modulo
 * 2^32, then {@code Wrap_P}), requantization by {@link IntegerLayer#requantize}. Optionally
 * counts exact accumulations (checking mode) over a sub-region, computed in a long.
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
    for (int co = 0; co < L.outChannels(); co++) {
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          int pos = origin + y * stride + x;
          int acc = L.bias(co);
          long exact = L.bias(co);
          for (int ci = 0; ci < L.inChannels(); ci++) {
            int base = ci * planeSize + pos - r * stride - r;
            for (int ky = 0; ky < k; ky++) {
              for (int kx = 0; kx < k; kx++) {
                int prod = L.weight(co, ci, ky, kx) * in[base + ky * stride + kx];
                acc += prod;
                exact += prod;
              }
            }
          }
          if (counter != null && x >= cx0 && x < cx1 && y >= cy0 && y < cy1) {
            counter.record(layerIndex, exact);
          }
          int a = p == 32 ? acc : (acc << (32 - p)) >> (32 - p);
          out[co * planeSize + pos] = (short) L.requantize(a, co);
        }
      }
    }
  }
}
