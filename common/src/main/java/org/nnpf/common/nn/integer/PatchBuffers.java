package org.nnpf.common.nn.integer;

/**
 * Scratch of one worker: two channel-planar int16 buffers (a layer reads one and writes the other)
 * sized by the patch, not by the picture. A plane holds the patch core plus the halo on each side,
 * plus a margin of the largest kernel radius R on each side and room on the right for the vector
 * kernel's overrun: tensor position (tx, ty) of the patch with core origin (cx0, cy0) is at
 * {@code (ty - cy0 + H + R) * stride + (tx - cx0 + H + R)}.
 */
final class PatchBuffers {
  final int stride;
  final int planeSize;
  final int margin;
  final short[] a;
  final short[] b;

  PatchBuffers(int patchWidth, int patchHeight, int halo, int maxRadius, int overrun, int channels) {
    this.margin = halo + maxRadius;
    this.stride = patchWidth + 2 * margin + overrun + maxRadius;
    this.planeSize = (patchHeight + 2 * margin) * stride;
    long n = (long) channels * planeSize + stride + overrun;
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("patch buffers of " + n + " samples are too large; use smaller patches");
    }
    this.a = new short[(int) n];
    this.b = new short[(int) n];
  }
}
