package org.nnpf.common.content;

import java.util.SplittableRandom;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;

/**
 * A camera filming a {@link World} plus objects moving in front of it; {@link #render} draws
 * picture {@code t} as a pure function of the seed and {@code t}.
 *
 * <ul>
 *   <li>Global motion: the camera centre drifts at a constant velocity (0.3..1.5 samples per
 *       picture) plus a slow sinusoidal sway, and zooms in and out by up to ±7 % with a period of
 *       80..200 pictures; the world is sampled bilinearly.
 *   <li>Local motion: 2 to 8 objects (ellipses and rounded rectangles, textured with a piece of the
 *       world, shaded towards their rim, with their own colour) move at 0.4..3 samples per picture
 *       with a small wobble, rotate slowly, and leave one side of the picture to come back on the
 *       other.
 *   <li>Sensor noise: independent triangular noise per sample and picture (standard deviation
 *       about 0.9 for luma and 0.6 for chroma on the 8-bit scale).
 * </ul>
 *
 * Values are computed on the 8-bit scale and stored as {@code round(v · 2^(bitDepth - 8))},
 * clipped to {@code [0, 2^bitDepth - 1]}.
 */
final class Scene {
  private static final float LUMA_NOISE = 2.2f;
  private static final float CHROMA_NOISE = 1.5f;

  private final int width;
  private final int height;
  private final long seed;
  private final World world;
  private final double camX0;
  private final double camY0;
  private final double camVx;
  private final double camVy;
  private final double swayAmp;
  private final double swayFx;
  private final double swayFy;
  private final double swayPx;
  private final double swayPy;
  private final double zoomAmp;
  private final double zoomFreq;
  private final double zoomPhase;
  private final MovingObject[] objects;

  Scene(int width, int height, long seed) {
    this.width = width;
    this.height = height;
    this.seed = seed;
    SplittableRandom rnd = new SplittableRandom(seed);
    this.world = World.build(width, height, rnd.split());
    SplittableRandom cam = rnd.split();
    camX0 = cam.nextDouble() * world.width;
    camY0 = cam.nextDouble() * world.height;
    double speed = 0.3 + 1.2 * cam.nextDouble();
    double dir = cam.nextDouble() * 2 * Math.PI;
    camVx = speed * StrictMath.cos(dir);
    camVy = speed * StrictMath.sin(dir);
    swayAmp = 3 + 12 * cam.nextDouble();
    swayFx = 2 * Math.PI / (60 + 90 * cam.nextDouble());
    swayFy = 2 * Math.PI / (60 + 90 * cam.nextDouble());
    swayPx = cam.nextDouble() * 2 * Math.PI;
    swayPy = cam.nextDouble() * 2 * Math.PI;
    zoomAmp = 0.03 + 0.04 * cam.nextDouble();
    zoomFreq = 2 * Math.PI / (80 + 120 * cam.nextDouble());
    zoomPhase = cam.nextDouble() * 2 * Math.PI;
    SplittableRandom obj = rnd.split();
    int n = (int) Math.max(2, Math.min(8, 2 + (long) width * height / 60000));
    objects = new MovingObject[n];
    for (int i = 0; i < n; i++) {
      objects[i] = MovingObject.random(width, height, world, obj);
    }
  }

  /** Draws picture {@code t} into {@code out}, whose size must be this scene's. */
  void render(long t, Picture out) {
    double zoom = 1 + zoomAmp * StrictMath.sin(zoomFreq * t + zoomPhase);
    double cx = camX0 + camVx * t + swayAmp * StrictMath.sin(swayFx * t + swayPx);
    double cy = camY0 + camVy * t + swayAmp * StrictMath.sin(swayFy * t + swayPy);
    cx = cx - Math.floor(cx / world.width) * world.width;
    cy = cy - Math.floor(cy / world.height) * world.height;
    float invZoom = (float) (1 / zoom);
    MovingObject.State[] states = new MovingObject.State[objects.length];
    for (int i = 0; i < objects.length; i++) {
      states[i] = objects[i].at(t);
    }
    ChromaFormat cf = out.chromaFormat();
    int bitDepth = out.bitDepth();
    for (int c = 0; c < out.planeCount(); c++) {
      int sx = c == 0 ? 0 : cf.log2SubWidth();
      int sy = c == 0 ? 0 : cf.log2SubHeight();
      renderPlane(c, sx, sy, (float) cx, (float) cy, invZoom, states, t, out.plane(c).samples(), out.plane(c).width(),
          out.plane(c).height(), bitDepth);
    }
  }

  private void renderPlane(
      int c, int sx, int sy, float cx, float cy, float invZoom, MovingObject.State[] states, long t,
      short[] dst, int pw, int ph, int bitDepth) {
    float[] tex = c == 0 ? world.luma : c == 1 ? world.cb : world.cr;
    // world position of each column / row centre; chroma samples sit at the centre of the luma
    // samples they cover
    int texW = c == 0 ? world.width : world.chromaWidth;
    int texH = c == 0 ? world.height : world.chromaHeight;
    float texScale = c == 0 ? 1f : 0.5f;
    int[] x0 = new int[pw];
    int[] x1 = new int[pw];
    float[] ax = new float[pw];
    float[] lumaX = new float[pw];
    for (int i = 0; i < pw; i++) {
      lumaX[i] = ((i << sx) + (1 << sx) * 0.5f);
      float wx = (cx + (lumaX[i] - width * 0.5f) * invZoom) * texScale;
      int f = World.floor(wx);
      ax[i] = wx - f;
      x0[i] = Math.floorMod(f, texW);
      x1[i] = x0[i] + 1 == texW ? 0 : x0[i] + 1;
    }
    float edgeScale = 1f / ((1 << sx) + (1 << sy)) * 2;
    float scale = 1 << (bitDepth - 8);
    int max = (1 << bitDepth) - 1;
    float noiseAmp = (c == 0 ? LUMA_NOISE : CHROMA_NOISE) / 255f;
    float[] row = new float[pw];
    for (int j = 0; j < ph; j++) {
      float lumaY = (j << sy) + (1 << sy) * 0.5f;
      float wy = (cy + (lumaY - height * 0.5f) * invZoom) * texScale;
      int fy = World.floor(wy);
      float ay = wy - fy;
      int y0 = Math.floorMod(fy, texH);
      int y1 = y0 + 1 == texH ? 0 : y0 + 1;
      int r0 = y0 * texW;
      int r1 = y1 * texW;
      for (int i = 0; i < pw; i++) {
        float a = tex[r0 + x0[i]] + (tex[r0 + x1[i]] - tex[r0 + x0[i]]) * ax[i];
        float b = tex[r1 + x0[i]] + (tex[r1 + x1[i]] - tex[r1 + x0[i]]) * ax[i];
        row[i] = a + (b - a) * ay;
      }
      for (MovingObject.State s : states) {
        s.drawRow(c, row, lumaX, lumaY, edgeScale, world);
      }
      // sensor noise and quantisation
      long state = mix(seed ^ mix(t * 0x2545F4914F6CDD1DL + c * 0x9E3779B97F4A7C15L + j));
      int o = j * pw;
      long bits = 0;
      for (int i = 0; i < pw; i++) {
        if ((i & 3) == 0) {
          state ^= state << 13;
          state ^= state >>> 7;
          state ^= state << 17;
          bits = state;
        }
        int n = (int) (bits & 0xFF) + (int) ((bits >>> 8) & 0xFF) - 255;
        bits >>>= 16;
        float v = (row[i] + n * noiseAmp) * scale + 0.5f;
        int q = v <= 0 ? 0 : (int) v;
        dst[o + i] = (short) (q > max ? max : q);
      }
    }
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z = z ^ (z >>> 31);
    return z == 0 ? 0x9E3779B97F4A7C15L : z;
  }
}
