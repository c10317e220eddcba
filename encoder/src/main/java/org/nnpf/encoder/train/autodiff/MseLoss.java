package org.nnpf.encoder.train.autodiff;

import com.google.common.base.Preconditions;

/**
 * Sum of squared errors over the interior of a tensor minus a margin of {@code margin} samples on
 * each side (so that the loss ignores the zero padding at patch borders), and its gradient.
 */
public final class MseLoss {
  private MseLoss() {}

  /** Number of samples the loss counts for a tensor of this shape. */
  public static long count(Shape s, int margin) {
    long h = Math.max(0, s.height() - 2L * margin);
    long w = Math.max(0, s.width() - 2L * margin);
    return s.channels() * h * w;
  }

  /**
   * Returns {@code sum (out - target)^2} over the counted region, summed in a fixed order, and
   * writes {@code gout = scale * 2 * (out - target)} there (zero elsewhere) when {@code gout} is not
   * null.
   */
  public static double sumSquares(Tensor out, Tensor target, int margin, float scale, Tensor gout) {
    Preconditions.checkArgument(out.sameShape(target), "output %s and target %s differ", out, target);
    Preconditions.checkArgument(margin >= 0, "margin %s", margin);
    if (gout != null) {
      Preconditions.checkArgument(gout.sameShape(out), "gradient %s for output %s", gout, out);
      gout.zero();
    }
    float[] o = out.data();
    float[] t = target.data();
    double total = 0;
    for (int c = 0; c < out.channels(); c++) {
      for (int y = margin; y < out.height() - margin; y++) {
        int i = out.index(c, y, margin);
        double row = 0;
        for (int x = margin; x < out.width() - margin; x++, i++) {
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
