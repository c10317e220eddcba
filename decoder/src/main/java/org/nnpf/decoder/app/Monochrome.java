package org.nnpf.decoder.app;

import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;

/** The output convention for 4:0:0 pictures (docs/io-and-metrics.md, "Monochrome output"). */
final class Monochrome {
  private Monochrome() {}

  /**
   * {@code p} as 4:2:0 with both chroma planes at mid-grey ({@code 1 << (bitDepth - 1)}), as JM and
   * FFmpeg write monochrome streams; pictures of other formats unchanged.
   */
  static Picture withMidGreyChroma(Picture p) {
    if (p.chromaFormat() != ChromaFormat.CF400) {
      return p;
    }
    Picture out = new Picture(p.width(), p.height(), p.bitDepth(), ChromaFormat.CF420);
    System.arraycopy(p.plane(0).samples(), 0, out.plane(0).samples(), 0, p.plane(0).samples().length);
    out.plane(1).fill(1 << (p.bitDepth() - 1));
    out.plane(2).fill(1 << (p.bitDepth() - 1));
    return out;
  }
}
