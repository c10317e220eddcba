package org.nnpf.training.autodiff;

import com.google.common.base.Preconditions;

/**
 * Sum of squared errors over a rectangular region of every channel (so that the loss can ignore
 * the zero padding at patch borders, or count only the interior of a tile with a halo), and its
 * gradient.
 */
public final class MseLoss {
  private MseLoss() {}

  /**
   * Returns {@code sum (out - target)^2} over {@code region} (null: nothing), summed in a fixed
   * order, and writes {@code gout = scale * 2 * (out - target)} there (zero elsewhere) when {@code
   * gout} is not null.
   */
  public static double sumSquares(Tensor out, Tensor target, Sample.Region region, float scale, Tensor gout) {
    Preconditions.checkArgument(out.sameShape(target), "output %s and target %s differ", out, target);
    if (gout != null) {
      Preconditions.checkArgument(gout.sameShape(out), "gradient %s for output %s", gout, out);
      gout.zero();
    }
    if (region == null) {
      return 0;
    }
    float[] o = out.data();
    float[] t = target.data();
    double total = 0;
    for (int c = 0; c < out.channels(); c++) {
      for (int y = region.top(); y < region.bottom(); y++) {
        int i = out.index(c, y, region.left());
        double row = 0;
        for (int x = region.left(); x < region.right(); x++, i++) {
          float d = o[i] - t[i];
          row += (double) d * d;
          if (gout != null) {
            gout.data()[i] = scale * 2f * d;
          }
        }
        total += row;
      }
    }
    return total;
  }
}
