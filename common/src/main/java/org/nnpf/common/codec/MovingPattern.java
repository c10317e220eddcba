package org.nnpf.common.codec;

import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;
import org.nnpf.common.picture.Plane;

/**
 * A small deterministic moving test pattern for the round-trip demo and the codec benchmark:
 * a diagonal gradient, a blocky texture under a global pan of (2, 1) samples per picture, a
 * bright square moving by 3 samples per picture with a dark border, and low-amplitude noise.
 * Integer arithmetic only, so every platform produces the same samples.
 */
final class MovingPattern {
  private final int width;
  private final int height;
  private final int bitDepth;
  private final ChromaFormat chromaFormat;

  MovingPattern(int width, int height, int bitDepth, ChromaFormat chromaFormat) {
    this.width = width;
    this.height = height;
    this.bitDepth = bitDepth;
    this.chromaFormat = chromaFormat;
  }

  /** Picture number {@code t} of the sequence. */
  Picture picture(int t) {
    Picture pic = new Picture(width, height, bitDepth, chromaFormat);
    int shift = bitDepth - 8;
    int max = pic.maxValue();
    int side = Math.max(4, Math.min(width, height) / 3);
    int sqX = Math.floorMod(3 * t, Math.max(1, width - side));
    int sqY = (height - side) / 2;
    for (int c = 0; c < pic.planeCount(); c++) {
      Plane p = pic.plane(c);
      int sx = c == 0 ? 0 : chromaFormat.log2SubWidth();
      int sy = c == 0 ? 0 : chromaFormat.log2SubHeight();
      for (int y = 0; y < p.height(); y++) {
        int ly = y << sy;
        for (int x = 0; x < p.width(); x++) {
          int lx = x << sx;
          int v;
          if (lx >= sqX && lx < sqX + side && ly >= sqY && ly < sqY + side) {
            boolean border = lx < sqX + 2 || ly < sqY + 2 || lx >= sqX + side - 2 || ly >= sqY + side - 2;
            v = border ? 24 : (c == 0 ? 220 : c == 1 ? 90 : 170);
          } else if (c == 0) {
            int grad = 40 + lx * 100 / width + ly * 60 / height;
            int tex = hash((lx + 2 * t) >> 3, (ly + t) >> 3, 0) & 63;
            v = grad + tex - 32;
          } else {
            v = 128 + (c == 1 ? (lx * 40 / width - 20) : (ly * 40 / height - 20))
                + (hash((lx + 2 * t) >> 4, (ly + t) >> 4, c) & 15) - 8;
          }
          int noise = hash(lx, ly, t * 3 + c) & ((1 << (shift + 2)) - 1);
          int s = (v << shift) + noise - (1 << (shift + 1));
          p.set(x, y, Math.max(0, Math.min(max, s)));
        }
      }
    }
    return pic;
  }

  private static int hash(int x, int y, int z) {
    int h = x * 0x27d4eb2d ^ y * 0x165667b1 ^ z * 0x1b873593;
    h ^= h >>> 15;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    return h & 0x7fffffff;
  }
}
