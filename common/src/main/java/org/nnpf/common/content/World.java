package org.nnpf.common.content;

import java.util.SplittableRandom;

/**
 * The static, periodic "world" that the synthetic camera films: a luma texture and two chroma
 * textures (at half resolution) on a torus of {@code width × height} luma samples, values on the
 * 8-bit scale (0..255, floats).
 *
 * <p>Content, from large to small scale:
 *
 * <ul>
 *   <li>regions: a jittered-grid Voronoi partition (cells of 64 or 128 samples) whose borders are
 *       bent by low-frequency noise; every region has its own tone, colour and material, and
 *       borders between regions are sharp (anti-aliased over one sample);
 *   <li>materials: smooth (shading only), fine texture (1/f-like value noise down to 2-sample
 *       detail), stripes (a clipped sinusoid of random period and orientation) and blocks (a brick
 *       or window pattern with mortar lines);
 *   <li>low-frequency shading over everything (octaves of 128, 64, 32 samples);
 *   <li>static shapes painted on top: discs, rectangles and thin lines with sharp edges.
 * </ul>
 *
 * All randomness comes from the {@link SplittableRandom} given to {@link #build}; the arithmetic is
 * plain IEEE float/double (deterministic on every Java platform; {@link StrictMath} for the few
 * transcendental functions).
 */
final class World {
  private static final int SMOOTH = 0;
  private static final int FINE = 1;
  private static final int STRIPES = 2;
  private static final int BLOCKS = 3;

  /** Largest displacement of region borders by the warp noise, in luma samples. */
  private static final float WARP = 22;
  private static final int SIN_SIZE = 4096;
  private static final float[] SIN = sinTable();

  final int width;
  final int height;
  final float[] luma;
  final int chromaWidth;
  final int chromaHeight;
  final float[] cb;
  final float[] cr;

  // regions
  private final int grid;
  private final float invGrid;
  private final int gridW;
  private final int gridH;
  private final float[] jitX;
  private final float[] jitY;
  private final int[] material;
  private final float[] tone;
  private final float[] lowAmp;
  private final float[] gain;
  private final float[] paramA; // stripes: cos angle / period; blocks: block width
  private final float[] paramB; // stripes: sin angle / period; blocks: block height
  private final float[] paramC; // stripes: phase; blocks: x offset
  private final float[] amp;
  private final float[] regionCb;
  private final float[] regionCr;
  private ValueNoise warpX;
  private ValueNoise warpY;

  private World(int width, int height, int grid) {
    this.width = width;
    this.height = height;
    this.luma = new float[width * height];
    this.chromaWidth = width / 2;
    this.chromaHeight = height / 2;
    this.cb = new float[chromaWidth * chromaHeight];
    this.cr = new float[chromaWidth * chromaHeight];
    this.grid = grid;
    this.invGrid = 1f / grid;
    this.gridW = width / grid;
    this.gridH = height / grid;
    int n = gridW * gridH;
    jitX = new float[n];
    jitY = new float[n];
    material = new int[n];
    tone = new float[n];
    lowAmp = new float[n];
    gain = new float[n];
    paramA = new float[n];
    paramB = new float[n];
    paramC = new float[n];
    amp = new float[n];
    regionCb = new float[n];
    regionCr = new float[n];
  }

  /** A world large enough to film a {@code picW × picH} picture with zoom down to 0.9 without repeating. */
  static World build(int picW, int picH, SplittableRandom rnd) {
    int w = roundUp(Math.max(256, picW + picW / 4 + 64), 128);
    int h = roundUp(Math.max(256, picH + picH / 4 + 64), 128);
    int grid = (long) picW * picH >= 640L * 360 ? 128 : 64;
    World world = new World(w, h, grid);
    world.chooseRegions(rnd);
    world.warpX = new ValueNoise(w, h, 64, rnd.split());
    world.warpY = new ValueNoise(w, h, 64, rnd.split());
    world.paintLuma(rnd.split());
    world.paintChroma(rnd.split());
    world.paintShapes(rnd.split());
    return world;
  }

  private void chooseRegions(SplittableRandom rnd) {
    for (int k = 0; k < material.length; k++) {
      jitX[k] = (float) (0.15 + 0.7 * rnd.nextDouble()) * grid;
      jitY[k] = (float) (0.15 + 0.7 * rnd.nextDouble()) * grid;
      double m = rnd.nextDouble();
      material[k] = m < 0.2 ? SMOOTH : m < 0.62 ? FINE : m < 0.78 ? STRIPES : BLOCKS;
      tone[k] = (float) (30 + 190 * (rnd.nextDouble() + rnd.nextDouble()) / 2);
      lowAmp[k] = (float) (8 + 22 * rnd.nextDouble());
      gain[k] = (float) (material[k] == FINE ? 16 + 24 * rnd.nextDouble() : 3 + 6 * rnd.nextDouble());
      if (material[k] == STRIPES) {
        double angle = rnd.nextDouble() * Math.PI;
        double period = 4 + 20 * rnd.nextDouble();
        paramA[k] = (float) (StrictMath.cos(angle) / period);
        paramB[k] = (float) (StrictMath.sin(angle) / period);
        paramC[k] = (float) rnd.nextDouble();
        amp[k] = (float) (10 + 30 * rnd.nextDouble());
      } else if (material[k] == BLOCKS) {
        paramA[k] = 6 + rnd.nextInt(36);
        paramB[k] = 4 + rnd.nextInt(22);
        paramC[k] = rnd.nextInt(64);
        amp[k] = (float) (12 + 28 * rnd.nextDouble());
      }
      float[] colour = naturalColour(rnd, 26);
      regionCb[k] = colour[0];
      regionCr[k] = colour[1];
    }
  }

  /** Nearest and second-nearest region of a (warped) position, and the distance to their border. */
  private static final class Nearest {
    int k1;
    int k2;
    float border;
    // the 3x3 seeds around the last cell looked up
    boolean valid;
    int cellX;
    int cellY;
    final int[] ks = new int[9];
    final float[] sxs = new float[9];
    final float[] sys = new float[9];
  }

  private void nearest(float px, float py, Nearest out) {
    int cx = floor(px * invGrid);
    int cy = floor(py * invGrid);
    if (cx != out.cellX || cy != out.cellY || !out.valid) {
      out.cellX = cx;
      out.cellY = cy;
      out.valid = true;
      int n = 0;
      for (int dj = -1; dj <= 1; dj++) {
        int gj = cy + dj;
        int rowK = Math.floorMod(gj, gridH) * gridW;
        for (int di = -1; di <= 1; di++) {
          int gi = cx + di;
          int k = rowK + Math.floorMod(gi, gridW);
          out.ks[n] = k;
          out.sxs[n] = gi * grid + jitX[k];
          out.sys[n] = gj * grid + jitY[k];
          n++;
        }
      }
    }
    float d1 = Float.MAX_VALUE;
    float d2 = Float.MAX_VALUE;
    int n1 = 0;
    int n2 = 0;
    for (int n = 0; n < 9; n++) {
      float dx = out.sxs[n] - px;
      float dy = out.sys[n] - py;
      float d = dx * dx + dy * dy;
      if (d < d1) {
        d2 = d1;
        n2 = n1;
        d1 = d;
        n1 = n;
      } else if (d < d2) {
        d2 = d;
        n2 = n;
      }
    }
    float ex = out.sxs[n2] - out.sxs[n1];
    float ey = out.sys[n2] - out.sys[n1];
    out.k1 = out.ks[n1];
    out.k2 = out.ks[n2];
    out.border = (d2 - d1) / (2 * (float) Math.sqrt(ex * ex + ey * ey));
  }

  private void paintLuma(SplittableRandom rnd) {
    ValueNoise[] low = {
      new ValueNoise(width, height, 128, rnd), new ValueNoise(width, height, 64, rnd), new ValueNoise(width, height, 32, rnd)
    };
    float[] lowAmps = {0.6f, 0.3f, 0.15f};
    ValueNoise[] detail = {
      new ValueNoise(width, height, 16, rnd),
      new ValueNoise(width, height, 8, rnd),
      new ValueNoise(width, height, 4, rnd),
      new ValueNoise(width, height, 2, rnd)
    };
    float[] detailAmps = {0.5f, 0.45f, 0.4f, 0.3f};
    float[] lowRow = new float[width];
    float[] detRow = new float[width];
    float[] wxRow = new float[width];
    float[] wyRow = new float[width];
    Nearest nn = new Nearest();
    for (int y = 0; y < height; y++) {
      java.util.Arrays.fill(lowRow, 0);
      java.util.Arrays.fill(detRow, 0);
      java.util.Arrays.fill(wxRow, 0);
      java.util.Arrays.fill(wyRow, 0);
      for (int o = 0; o < low.length; o++) {
        low[o].addRow(lowRow, y, lowAmps[o]);
      }
      for (int o = 0; o < detail.length; o++) {
        detail[o].addRow(detRow, y, detailAmps[o]);
      }
      warpX.addRow(wxRow, y, WARP);
      warpY.addRow(wyRow, y, WARP);
      int base = y * width;
      for (int x = 0; x < width; x++) {
        nearest(x + wxRow[x], y + wyRow[x], nn);
        float v = materialValue(nn.k1, x, y, lowRow[x], detRow[x]);
        if (nn.border < 1) {
          float v2 = materialValue(nn.k2, x, y, lowRow[x], detRow[x]);
          float t = 0.5f + 0.5f * nn.border;
          v = v2 + (v - v2) * t;
        }
        luma[base + x] = v;
      }
    }
  }

  private float materialValue(int k, int x, int y, float low, float det) {
    float v = tone[k] + lowAmp[k] * low;
    switch (material[k]) {
      case SMOOTH:
        return v + gain[k] * 0.3f * det;
      case FINE:
        return v + gain[k] * det;
      case STRIPES:
        {
          float s = sin(x * paramA[k] + y * paramB[k] + paramC[k]) * 1.6f;
          s = Math.max(-1f, Math.min(1f, s));
          return v + amp[k] * s + gain[k] * 0.4f * det;
        }
      default:
        {
          int bw = (int) paramA[k];
          int bh = (int) paramB[k];
          int xx = x + (int) paramC[k];
          int bx = Math.floorDiv(xx, bw);
          int yy = y + ((bx & 1) * bh / 2);
          int by = Math.floorDiv(yy, bh);
          int ux = xx - bx * bw;
          int uy = yy - by * bh;
          boolean mortar = ux < 1 || uy < 1 || (bw > 20 && ux < 2);
          float cell = mortar ? -amp[k] : amp[k] * (unit(bx, by, k) - 0.5f);
          return v + cell + gain[k] * 0.4f * det;
        }
    }
  }

  private void paintChroma(SplittableRandom rnd) {
    ValueNoise n1 = new ValueNoise(chromaWidth, chromaHeight, 64, rnd);
    ValueNoise n2 = new ValueNoise(chromaWidth, chromaHeight, 64, rnd);
    ValueNoise n3 = new ValueNoise(chromaWidth, chromaHeight, 16, rnd);
    ValueNoise n4 = new ValueNoise(chromaWidth, chromaHeight, 16, rnd);
    float[] bRow = new float[chromaWidth];
    float[] rRow = new float[chromaWidth];
    float[] wxRow = new float[width];
    float[] wyRow = new float[width];
    Nearest nn = new Nearest();
    for (int j = 0; j < chromaHeight; j++) {
      java.util.Arrays.fill(bRow, 0);
      java.util.Arrays.fill(rRow, 0);
      java.util.Arrays.fill(wxRow, 0);
      java.util.Arrays.fill(wyRow, 0);
      n1.addRow(bRow, j, 7);
      n3.addRow(bRow, j, 2.5f);
      n2.addRow(rRow, j, 7);
      n4.addRow(rRow, j, 2.5f);
      // the same bent borders as the luma regions
      warpX.addRow(wxRow, 2 * j, WARP);
      warpY.addRow(wyRow, 2 * j, WARP);
      int base = j * chromaWidth;
      for (int i = 0; i < chromaWidth; i++) {
        int x = 2 * i;
        int y = 2 * j;
        nearest(x + wxRow[x], y + wyRow[x], nn);
        float b = regionCb[nn.k1];
        float r = regionCr[nn.k1];
        if (nn.border < 2) {
          float t = 0.5f + 0.25f * nn.border;
          b = regionCb[nn.k2] + (b - regionCb[nn.k2]) * t;
          r = regionCr[nn.k2] + (r - regionCr[nn.k2]) * t;
        }
        cb[base + i] = b + bRow[i];
        cr[base + i] = r + rRow[i];
      }
    }
  }

  /** Static discs, rectangles and lines with sharp edges, painted into all three textures. */
  private void paintShapes(SplittableRandom rnd) {
    int n = Math.max(6, (int) ((long) width * height / (110 * 110)));
    for (int s = 0; s < n; s++) {
      double kind = rnd.nextDouble();
      float cx = (float) (rnd.nextDouble() * width);
      float cy = (float) (rnd.nextDouble() * height);
      float t = (float) (20 + 215 * rnd.nextDouble());
      float[] colour = naturalColour(rnd, 34);
      float b = colour[0];
      float r = colour[1];
      Shape shape;
      if (kind < 0.4) {
        shape = new Shape(0, cx, cy, (float) (3 + 28 * rnd.nextDouble()), 0, 0, 0);
      } else if (kind < 0.75) {
        shape = new Shape(1, cx, cy, (float) (2 + 30 * rnd.nextDouble()), (float) (2 + 30 * rnd.nextDouble()), 0, 0);
      } else {
        double a = rnd.nextDouble() * Math.PI;
        float len = (float) (20 + 160 * rnd.nextDouble());
        shape =
            new Shape(
                2,
                cx,
                cy,
                (float) (0.5 + 1.2 * rnd.nextDouble()),
                len,
                (float) StrictMath.cos(a),
                (float) StrictMath.sin(a));
      }
      paintShape(shape, t, b, r, (float) (2 + 6 * rnd.nextDouble()));
    }
  }

  /**
   * kind 0 disc (a = radius), 1 rectangle (a, b = half sizes), 2 line (a = half width, b =
   * length, c/s = direction).
   */
  private record Shape(int kind, float cx, float cy, float a, float b, float c, float s) {
    float extent() {
      return switch (kind) {
        case 0 -> a;
        case 1 -> Math.max(a, b);
        default -> b / 2 + a;
      };
    }

    /** Signed distance (positive inside) from a point to the shape's edge, in luma samples. */
    float inside(float x, float y) {
      float dx = x - cx;
      float dy = y - cy;
      switch (kind) {
        case 0:
          return a - (float) Math.sqrt(dx * dx + dy * dy);
        case 1:
          return Math.min(a - Math.abs(dx), b - Math.abs(dy));
        default:
          {
            float along = dx * c + dy * s;
            float across = -dx * s + dy * c;
            float outAlong = Math.abs(along) - b / 2;
            return a - (outAlong > 0 ? (float) Math.sqrt(outAlong * outAlong + across * across) : Math.abs(across));
          }
      }
    }
  }

  private void paintShape(Shape sh, float tone, float tb, float tr, float texture) {
    int e = (int) Math.ceil(sh.extent()) + 2;
    int x0 = (int) Math.floor(sh.cx()) - e;
    int y0 = (int) Math.floor(sh.cy()) - e;
    for (int y = y0; y <= y0 + 2 * e; y++) {
      int wy = Math.floorMod(y, height);
      for (int x = x0; x <= x0 + 2 * e; x++) {
        float cov = clamp01(sh.inside(x, y) + 0.5f);
        if (cov > 0) {
          int idx = wy * width + Math.floorMod(x, width);
          float v = tone + texture * (unit(x, y, 7) - 0.5f) + 0.25f * (luma[idx] - 128);
          luma[idx] += (v - luma[idx]) * cov;
        }
      }
    }
    for (int j = Math.floorDiv(y0, 2); j <= Math.floorDiv(y0 + 2 * e, 2); j++) {
      int wj = Math.floorMod(j, chromaHeight);
      for (int i = Math.floorDiv(x0, 2); i <= Math.floorDiv(x0 + 2 * e, 2); i++) {
        float cov = clamp01(sh.inside(2 * i + 0.5f, 2 * j + 0.5f) / 2 + 0.5f);
        if (cov > 0) {
          int idx = wj * chromaWidth + Math.floorMod(i, chromaWidth);
          cb[idx] += (tb - cb[idx]) * cov;
          cr[idx] += (tr - cr[idx]) * cov;
        }
      }
    }
  }

  /** Bilinear sample of the luma texture at luma position (x, y), wrapping around. */
  float sampleLuma(float x, float y) {
    return bilinear(luma, width, height, x, y);
  }

  /** Bilinear sample of a chroma texture at luma position (x, y), wrapping around. */
  float sampleChroma(float[] plane, float x, float y) {
    return bilinear(plane, chromaWidth, chromaHeight, x * 0.5f, y * 0.5f);
  }

  private static float bilinear(float[] t, int w, int h, float x, float y) {
    int ix = floor(x);
    int iy = floor(y);
    float ax = x - ix;
    float ay = y - iy;
    int x0 = wrap(ix, w);
    int y0 = wrap(iy, h);
    int x1 = x0 + 1 == w ? 0 : x0 + 1;
    int r0 = y0 * w;
    int r1 = (y0 + 1 == h ? 0 : y0 + 1) * w;
    float a = t[r0 + x0] + (t[r0 + x1] - t[r0 + x0]) * ax;
    float b = t[r1 + x0] + (t[r1 + x1] - t[r1 + x0]) * ax;
    return a + (b - a) * ay;
  }

  /** The largest integer not above {@code v} (for |v| below 2^31). */
  static int floor(float v) {
    int i = (int) v;
    return v < i ? i - 1 : i;
  }

  /** {@code floorMod(i, n)}, fast when {@code i} is within one period of [0, n). */
  static int wrap(int i, int n) {
    if (i < 0) {
      i += n;
      return i < 0 ? Math.floorMod(i, n) : i;
    }
    if (i >= n) {
      i -= n;
      return i >= n ? Math.floorMod(i, n) : i;
    }
    return i;
  }

  /**
   * A (Cb, Cr) pair on the 8-bit scale, drawn as most colours in natural scenes are: a third
   * nearly grey, the rest of moderate saturation (up to {@code maxSat}) around the hues of
   * foliage, earth and skin, sky and water, and a few reds and purples.
   */
  static float[] naturalColour(SplittableRandom rnd, double maxSat) {
    if (rnd.nextDouble() < 0.3) {
      return new float[] {(float) (128 + 8 * (rnd.nextDouble() - 0.5)), (float) (128 + 8 * (rnd.nextDouble() - 0.5))};
    }
    double h = rnd.nextDouble();
    double[] dir =
        h < 0.3 ? new double[] {-0.6, -0.5} // foliage
            : h < 0.6 ? new double[] {-0.5, 0.55} // earth, skin, wood
            : h < 0.85 ? new double[] {0.75, -0.35} // sky, water
            : h < 0.95 ? new double[] {-0.15, 0.9} // red
            : new double[] {0.5, 0.5}; // purple
    double sat = maxSat * (0.25 + 0.75 * rnd.nextDouble());
    double jb = 0.25 * (rnd.nextDouble() - 0.5);
    double jr = 0.25 * (rnd.nextDouble() - 0.5);
    return new float[] {(float) (128 + sat * (dir[0] + jb)), (float) (128 + sat * (dir[1] + jr))};
  }

  /** sin(2π·phase) from a table. */
  static float sin(float phase) {
    float f = phase - (float) Math.floor(phase);
    int i = (int) (f * SIN_SIZE);
    return SIN[i >= SIN_SIZE ? 0 : i];
  }

  private static float[] sinTable() {
    float[] t = new float[SIN_SIZE];
    for (int i = 0; i < SIN_SIZE; i++) {
      t[i] = (float) StrictMath.sin(2 * Math.PI * i / SIN_SIZE);
    }
    return t;
  }

  /** A hash of three integers mapped to [0, 1). */
  static float unit(int a, int b, int c) {
    long h = a * 0x9E3779B97F4A7C15L + b * 0xC2B2AE3D27D4EB4FL + c * 0x165667B19E3779F9L;
    h = (h ^ (h >>> 31)) * 0xBF58476D1CE4E5B9L;
    h = (h ^ (h >>> 29)) * 0x94D049BB133111EBL;
    h ^= h >>> 32;
    return (h >>> 40) / (float) (1 << 24);
  }

  static float clamp01(float v) {
    return v < 0 ? 0 : v > 1 ? 1 : v;
  }

  private static int roundUp(int v, int m) {
    return (v + m - 1) / m * m;
  }
}
