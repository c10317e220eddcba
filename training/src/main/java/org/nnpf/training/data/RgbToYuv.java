package org.nnpf.training.data;

import java.awt.image.BufferedImage;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;
import org.nnpf.common.picture.Plane;

/**
 * RGB to Y'CbCr 4:2:0, 8 bits, ITU-R BT.601 matrix, limited ("studio") range, as used for the
 * training images:
 *
 * <pre>
 *   Y  = 16  + ( 65.481 R + 128.553 G +  24.966 B)
 *   Cb = 128 + (-37.797 R -  74.203 G + 112.000 B)
 *   Cr = 128 + (112.000 R -  93.786 G -  18.214 B)      with R, G, B in [0, 1] (gamma-encoded)
 * </pre>
 *
 * Luma is rounded to the nearest integer. Chroma is subsampled by averaging the unrounded Cb / Cr
 * of each 2x2 block (chroma sited between the four luma samples, as in MPEG-1 / JPEG), then
 * rounded. The picture is cropped to even width and height first. Gray images give R = G = B.
 * BT.601 is chosen because most of the evaluation material is standard-definition content.
 */
public final class RgbToYuv {
  private RgbToYuv() {}

  /** Converts {@code img} (any type ImageIO delivers; alpha ignored). */
  public static Picture convert(BufferedImage img) {
    int w = img.getWidth() & ~1;
    int h = img.getHeight() & ~1;
    int[] rgb = img.getRGB(0, 0, w, h, null, 0, w);
    return convert(rgb, w, h);
  }

  /** Converts packed 0xRRGGBB pixels, row-major, {@code w x h} (both even). */
  public static Picture convert(int[] rgb, int w, int h) {
    if ((w & 1) != 0 || (h & 1) != 0 || w <= 0 || h <= 0) {
      throw new IllegalArgumentException("size " + w + "x" + h + " is not even and positive");
    }
    Picture p = new Picture(w, h, 8, ChromaFormat.CF420);
    Plane y = p.plane(0);
    Plane u = p.plane(1);
    Plane v = p.plane(2);
    for (int by = 0; by < h; by += 2) {
      for (int bx = 0; bx < w; bx += 2) {
        double cb = 0;
        double cr = 0;
        for (int dy = 0; dy < 2; dy++) {
          for (int dx = 0; dx < 2; dx++) {
            int px = rgb[(by + dy) * w + bx + dx];
            double r = ((px >> 16) & 0xFF) / 255.0;
            double g = ((px >> 8) & 0xFF) / 255.0;
            double b = (px & 0xFF) / 255.0;
            y.set(bx + dx, by + dy, clip(16 + 65.481 * r + 128.553 * g + 24.966 * b));
            cb += 128 - 37.797 * r - 74.203 * g + 112.0 * b;
            cr += 128 + 112.0 * r - 93.786 * g - 18.214 * b;
          }
        }
        u.set(bx / 2, by / 2, clip(cb / 4));
        v.set(bx / 2, by / 2, clip(cr / 4));
      }
    }
    return p;
  }

  /**
   * Converts planar 8-bit 4:4:4 Y'CbCr (already in the target colour space) to 4:2:0 by averaging
   * each 2x2 chroma block with rounding, cropping to even size.
   */
  public static Picture from444(byte[] yuv, int w, int h) {
    int we = w & ~1;
    int he = h & ~1;
    Picture p = new Picture(we, he, 8, ChromaFormat.CF420);
    int plane = w * h;
    for (int yy = 0; yy < he; yy++) {
      for (int x = 0; x < we; x++) {
        p.plane(0).set(x, yy, yuv[yy * w + x] & 0xFF);
      }
    }
    for (int c = 1; c <= 2; c++) {
      int base = c * plane;
      for (int by = 0; by < he; by += 2) {
        for (int bx = 0; bx < we; bx += 2) {
          int s = (yuv[base + by * w + bx] & 0xFF) + (yuv[base + by * w + bx + 1] & 0xFF)
              + (yuv[base + (by + 1) * w + bx] & 0xFF) + (yuv[base + (by + 1) * w + bx + 1] & 0xFF);
          p.plane(c).set(bx / 2, by / 2, (s + 2) >> 2);
        }
      }
    }
    return p;
  }

  private static int clip(double v) {
    long r = Math.round(v);
    return (int) Math.max(0, Math.min(255, r));
  }
}
