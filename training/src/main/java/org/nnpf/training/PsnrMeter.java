package org.nnpf.training;

import com.google.common.base.Preconditions;
import java.util.List;
import org.nnpf.common.picture.Picture;

/**
 * PSNR as the HM / VTM encoders report it: per picture and component {@code 10 log10(peak^2 /
 * MSE)} with {@code peak = 255 << (bitDepth - 8)} (999.99 dB for MSE 0), averaged over the
 * pictures of a sequence.
 */
public final class PsnrMeter {
  private PsnrMeter() {}

  /** PSNR of component {@code c} of one picture. */
  public static double psnr(Picture a, Picture b, int c) {
    Preconditions.checkArgument(a.sameFormat(b), "%s and %s differ in format", a, b);
    short[] x = a.plane(c).samples();
    short[] y = b.plane(c).samples();
    double se = 0;
    for (int i = 0; i < x.length; i++) {
      double d = (x[i] & 0xFFFF) - (y[i] & 0xFFFF);
      se += d * d;
    }
    if (se == 0) {
      return 999.99;
    }
    double peak = 255 << (a.bitDepth() - 8);
    return 10 * Math.log10(peak * peak * x.length / se);
  }

  /** Per-component PSNR averaged over the pictures: {@code [Y, U, V]}. */
  public static double[] average(List<Picture> a, List<Picture> b) {
    Preconditions.checkArgument(a.size() == b.size() && !a.isEmpty(), "%s and %s pictures", a.size(), b.size());
    Average s = new Average();
    for (int i = 0; i < a.size(); i++) {
      s.add(a.get(i), b.get(i));
    }
    return s.result();
  }

  /** {@link #average} picture by picture, for sequences that are not held in memory. */
  public static final class Average {
    private final double[] sum = new double[3];
    private int pictures;

    /** Adds one picture pair. */
    public void add(Picture a, Picture b) {
      for (int c = 0; c < 3; c++) {
        sum[c] += psnr(a, b, c);
      }
      pictures++;
    }

    /** The average so far: {@code [Y, U, V]}. */
    public double[] result() {
      Preconditions.checkState(pictures > 0, "no picture");
      double[] s = sum.clone();
      for (int c = 0; c < 3; c++) {
        s[c] /= pictures;
      }
      return s;
    }
  }
}
