package org.nnpf.common.nn;

import java.util.Random;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;
import org.nnpf.common.picture.Plane;

/**
 * Deterministic generated test pictures that look a little like decoded video: smooth gradients,
 * a few edges and textured blocks, plus mild noise. Same arguments, same picture.
 */
public final class TestPictures {
  private TestPictures() {}

  public static Picture natural(int width, int height, int bitDepth, ChromaFormat cf, long seed) {
    Random rnd = new Random(seed);
    Picture p = new Picture(width, height, bitDepth, cf);
    int max = p.maxValue();
    double fx = 0.5 + rnd.nextDouble();
    double fy = 0.5 + rnd.nextDouble();
    double phase = rnd.nextDouble() * 6;
    for (int c = 0; c < p.planeCount(); c++) {
      Plane pl = p.plane(c);
      int sub = c == 0 ? 1 : 1 << cf.log2SubWidth();
      int subY = c == 0 ? 1 : 1 << cf.log2SubHeight();
      double base = c == 0 ? 0.45 : 0.5;
      double amp = c == 0 ? 0.3 : 0.12;
      for (int y = 0; y < pl.height(); y++) {
        for (int x = 0; x < pl.width(); x++) {
          double lx = x * sub / (double) width;
          double ly = y * subY / (double) height;
          double v = base + amp * Math.sin(6.28 * (fx * lx + 0.3 * ly) + phase + c) * Math.cos(6.28 * fy * ly);
          if (((x * sub) / 16 + (y * subY) / 16) % 5 == 0) {
            v += 0.08 * (((x * sub) / 2 + (y * subY) / 3) % 2 == 0 ? 1 : -1);
          }
          if (x * sub > width / 2) {
            v += 0.1;
          }
          v += rnd.nextGaussian() * 0.01;
          long s = Math.round(v * max);
          pl.set(x, y, (int) Math.max(0, Math.min(max, s)));
        }
      }
    }
    return p;
  }

  /** Uniform random samples over the full range (worst case for overflow). */
  public static Picture noise(int width, int height, int bitDepth, ChromaFormat cf, long seed) {
    Random rnd = new Random(seed);
    Picture p = new Picture(width, height, bitDepth, cf);
    for (int c = 0; c < p.planeCount(); c++) {
      short[] s = p.plane(c).samples();
      for (int i = 0; i < s.length; i++) {
        s[i] = (short) rnd.nextInt(p.maxValue() + 1);
      }
    }
    return p;
  }

  /** PSNR in dB between two pictures of the same format, over all samples (999.99 if equal). */
  public static double psnr(Picture a, Picture b) {
    double se = 0;
    long n = 0;
    for (int c = 0; c < a.planeCount(); c++) {
      short[] x = a.plane(c).samples();
      short[] y = b.plane(c).samples();
      for (int i = 0; i < x.length; i++) {
        double d = (x[i] & 0xFFFF) - (y[i] & 0xFFFF);
        se += d * d;
      }
      n += x.length;
    }
    if (se == 0) {
      return 999.99;
    }
    double peak = a.maxValue();
    return 10 * Math.log10(peak * peak * n / se);
  }
}
