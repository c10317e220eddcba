package org.nnpf.common.nn.integer;

/**
 * Computes one convolution layer (docs/integer-inference.md, 4.2 and 4.3) on a region of patch
 * buffers. Buffers are channel-planar {@code short[]}: channel c, row y, column x at
 * {@code c * planeSize + y * stride + x}. The caller guarantees that every position a kernel
 * reads for an output position of the region holds the input tensor value there (0 outside the
 * picture), and leaves room for kernels that compute whole vectors past the region's right edge
 * (see {@link PatchBuffers}).
 */
public interface LayerKernel {
  /**
   * Writes the output of the region of {@code width x height} positions whose top-left output
   * position has index {@code origin} within a plane.
   */
  void run(short[] in, short[] out, int stride, int planeSize, int origin, int width, int height);

  /** Columns a kernel may write and read past the right edge of a region. */
  int overrun();
}
