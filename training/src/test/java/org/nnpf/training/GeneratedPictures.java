package org.nnpf.training;

import java.util.Random;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;
import org.nnpf.common.picture.Plane;

/** Deterministic generated 4:2:0 test content, and a crude "coded" version of it. */
public final class GeneratedPictures {
  private GeneratedPictures() {}

  /** Smooth gradients, edges and texture. Same arguments, same picture. */
  public static Picture natural(int width, int height, int bitDepth, long seed) {
    Random rnd = new Random(seed);
    Picture p = new Picture(width, height, bitDepth, ChromaFormat.CF420);
    int max = p.maxValue();
    double fx = 0.5 + rnd.nextDouble();
    double fy = 0.5 + rnd.nextDouble();
    double phase = rnd.nextDouble() * 6;
    for (int c = 0; c < 3; c++) {
      Plane pl = p.plane(c);
      int sub = c == 0 ? 1 : 2;
      for (int y = 0; y < pl.height(); y++) {
        for (int x = 0; x < pl.width(); x++) {
          double lx = x * sub / (double) width;
          double ly = y * sub / (double) height;
          double v = (c == 0 ? 0.45 : 0.5)
              + (c == 0 ? 0.3 : 0.12) * Math.sin(6.28 * (fx * lx + 0.3 * ly) + phase + c) * Math.cos(6.28 * fy * ly);
          if (((x * sub) / 8 + (y * sub) / 8) % 3 == 0) {
            v += 0.08 * (((x * sub) / 2 + (y * sub) / 3) % 2 == 0 ? 1 : -1);
          }
          if (x * sub > width / 2) {
            v += 0.1;
          }
          v += rnd.nextGaussian() * 0.01;
          pl.set(x, y, (int) Math.max(0, Math.min(max, Math.round(v * max))));
        }
      }
    }
    return p;
  }

  /**
   * A degraded copy: each 4x4 block (2x2 in chroma) replaced by its mean plus a fraction of the
   * detail, as a stand-in for coding artifacts.
   */
  public static Picture blocky(Picture src, double keep) {
    Picture p = src.copy();
    for (int c = 0; c < 3; c++) {
      Plane pl = p.plane(c);
      Plane o = src.plane(c);
      int b = c == 0 ? 4 : 2;
      for (int by = 0; by < pl.height(); by += b) {
        for (int bx = 0; bx < pl.width(); bx += b) {
          double s = 0;
          int n = 0;
          for (int y = by; y < Math.min(pl.height(), by + b); y++) {
            for (int x = bx; x < Math.min(pl.width(), bx + b); x++) {
              s += o.get(x, y);
              n++;
            }
          }
          double mean = s / n;
          for (int y = by; y < Math.min(pl.height(), by + b); y++) {
            for (int x = bx; x < Math.min(pl.width(), bx + b); x++) {
              pl.set(x, y, (int) Math.round(mean + keep * (o.get(x, y) - mean)));
            }
          }
        }
      }
    }
    return p;
  }

  /** Y-PSNR of two pictures of the same format. */
  public static double psnrY(Picture a, Picture b) {
    short[] x = a.plane(0).samples();
    short[] y = b.plane(0).samples();
    double se = 0;
    for (int i = 0; i < x.length; i++) {
      double d = (x[i] & 0xFFFF) - (y[i] & 0xFFFF);
      se += d * d;
    }
    if (se == 0) {
      return 999.99;
    }
    return 10 * Math.log10((double) a.maxValue() * a.maxValue() * x.length / se);
  }
}
