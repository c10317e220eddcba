package org.nnpf.encoder.pipeline;

import org.nnpf.common.metrics.PicturePsnr;
import org.nnpf.common.picture.Picture;

/** The distortion every decision of the encoder weighs. */
public final class Distortion {
  private Distortion() {}

  /**
   * Distortion for the filter decision: SSE weighted 6:1:1 over Y, Cb, Cr (the weighting of the
   * YUV BD-rate); a 4:0:0 picture counts its luma alone, at the same weight 6.
   */
  public static double weightedSse(Picture original, Picture test) {
    double[] s = planeSse(original, test);
    return 6.0 * s[0] + s[1] + s[2];
  }

  /** SSE of each plane of {@code test} against {@code original} (0 for the chroma of 4:0:0). */
  public static double[] planeSse(Picture original, Picture test) {
    PicturePsnr p = PicturePsnr.of(original, test);
    double[] r = new double[3];
    for (int c = 0; c < p.planeCount(); c++) {
      r[c] = p.sse(c);
    }
    return r;
  }
}
