package org.nnpf.common.content;

import java.util.SplittableRandom;

/**
 * One octave of periodic value noise: random values in [-1, 1] on a square lattice of spacing
 * {@code cell}, interpolated with smoothstep weights, repeating with period {@code width × height}
 * (both multiples of {@code cell}). Evaluated a row at a time.
 */
final class ValueNoise {
  private final int cell;
  private final int gridW;
  private final int gridH;
  private final float[] lattice;
  private final float[] weight;

  ValueNoise(int width, int height, int cell, SplittableRandom rnd) {
    if (width % cell != 0 || height % cell != 0) {
      throw new IllegalArgumentException(width + "x" + height + " is not a multiple of " + cell);
    }
    this.cell = cell;
    this.gridW = width / cell;
    this.gridH = height / cell;
    this.lattice = new float[gridW * gridH];
    for (int i = 0; i < lattice.length; i++) {
      lattice[i] = (float) (rnd.nextDouble() * 2 - 1);
    }
    this.weight = new float[cell];
    for (int i = 0; i < cell; i++) {
      float t = (i + 0.5f) / cell;
      weight[i] = t * t * (3 - 2 * t);
    }
  }

  /** Adds {@code amp} times row {@code y} of the noise to {@code row[0 .. width)}. */
  void addRow(float[] row, int y, float amp) {
    int gy0 = (y / cell) % gridH;
    int gy1 = gy0 + 1 == gridH ? 0 : gy0 + 1;
    float wy = weight[y % cell];
    int r0 = gy0 * gridW;
    int r1 = gy1 * gridW;
    int x = 0;
    for (int gx = 0; gx < gridW; gx++) {
      int gx1 = gx + 1 == gridW ? 0 : gx + 1;
      float top0 = lattice[r0 + gx];
      float top1 = lattice[r0 + gx1];
      float a = top0 + (lattice[r1 + gx] - top0) * wy;
      float b = top1 + (lattice[r1 + gx1] - top1) * wy;
      float d = (b - a) * amp;
      float base = a * amp;
      for (int i = 0; i < cell; i++) {
        row[x++] += base + d * weight[i];
      }
    }
  }
}
