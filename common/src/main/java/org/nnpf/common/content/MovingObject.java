package org.nnpf.common.content;

import java.util.SplittableRandom;

/**
 * An object moving in front of the background: an ellipse or a rounded rectangle (superellipse
 * of exponent 4) with semi-axes {@code rx, ry}, textured with a piece of the world's luma and
 * chroma, darker towards its rim, moving at a constant velocity plus a wobble, rotating slowly,
 * and re-entering on the opposite side after leaving the picture. Its edge is anti-aliased over
 * one sample of the plane being drawn.
 */
final class MovingObject {
  private final int picW;
  private final int picH;
  private final boolean ellipse;
  private final float rx;
  private final float ry;
  private final float extent;
  private final double x0;
  private final double y0;
  private final double vx;
  private final double vy;
  private final double wobbleAmp;
  private final double wobbleFreq;
  private final double wobblePhase;
  private final double angle0;
  private final double spin;
  private final float texX;
  private final float texY;
  private final float contrast;
  private final float tone;
  private final float colourCb;
  private final float colourCr;

  private MovingObject(int picW, int picH, SplittableRandom r, World world) {
    this.picW = picW;
    this.picH = picH;
    int minDim = Math.min(picW, picH);
    ellipse = r.nextBoolean();
    rx = (float) Math.max(1.5, (0.06 + 0.14 * r.nextDouble()) * minDim);
    ry = (float) Math.max(1.5, rx * (0.5 + r.nextDouble()));
    extent = Math.max(rx, ry) * 1.2f + 2;
    x0 = r.nextDouble() * picW;
    y0 = r.nextDouble() * picH;
    double speed = 0.4 + 2.6 * r.nextDouble();
    double dir = r.nextDouble() * 2 * Math.PI;
    vx = speed * StrictMath.cos(dir);
    vy = speed * StrictMath.sin(dir);
    wobbleAmp = 1 + 4 * r.nextDouble();
    wobbleFreq = 2 * Math.PI / (30 + 60 * r.nextDouble());
    wobblePhase = r.nextDouble() * 2 * Math.PI;
    angle0 = r.nextDouble() * 2 * Math.PI;
    spin = (r.nextDouble() - 0.5) * 0.03;
    texX = (float) (r.nextDouble() * world.width);
    texY = (float) (r.nextDouble() * world.height);
    contrast = (float) (0.6 + 0.7 * r.nextDouble());
    tone = (float) (40 + 175 * r.nextDouble());
    float[] colour = World.naturalColour(r, 40);
    colourCb = colour[0];
    colourCr = colour[1];
  }

  static MovingObject random(int picW, int picH, World world, SplittableRandom r) {
    return new MovingObject(picW, picH, r, world);
  }

  /** Position and orientation at picture {@code t}. */
  State at(long t) {
    double wob = wobbleAmp * StrictMath.sin(wobbleFreq * t + wobblePhase);
    double spanX = picW + 2.0 * extent;
    double spanY = picH + 2.0 * extent;
    double px = x0 + vx * t - vy / StrictMath.hypot(vx, vy) * wob + extent;
    double py = y0 + vy * t + vx / StrictMath.hypot(vx, vy) * wob + extent;
    px = px - Math.floor(px / spanX) * spanX - extent;
    py = py - Math.floor(py / spanY) * spanY - extent;
    double a = angle0 + spin * t;
    a = a - Math.floor(a / (2 * Math.PI)) * 2 * Math.PI;
    return new State(this, (float) px, (float) py, (float) StrictMath.cos(a), (float) StrictMath.sin(a));
  }

  /** The object at one picture. */
  static final class State {
    private final MovingObject o;
    private final float px;
    private final float py;
    private final float cos;
    private final float sin;

    State(MovingObject o, float px, float py, float cos, float sin) {
      this.o = o;
      this.px = px;
      this.py = py;
      this.cos = cos;
      this.sin = sin;
    }

    /**
     * Draws the object over one row of plane {@code c}, whose samples are centred at luma
     * positions {@code lumaX[i]} (increasing, evenly spaced) on the row at luma position
     * {@code lumaY}; {@code edgeScale} is the size of a luma sample in samples of that plane.
     */
    void drawRow(int c, float[] row, float[] lumaX, float lumaY, float edgeScale, World world) {
      float dy = lumaY - py;
      if (Math.abs(dy) > o.extent || lumaX.length == 0) {
        return;
      }
      float step = lumaX.length > 1 ? lumaX[1] - lumaX[0] : 1;
      // the object lies within the circle of radius extent: limit the row to its chord
      float half = (float) Math.sqrt(o.extent * o.extent - dy * dy);
      int i0 = Math.max(0, World.floor((px - half - lumaX[0]) / step));
      int i1 = Math.min(lumaX.length - 1, (int) Math.ceil((px + half - lumaX[0]) / step));
      float minR = Math.min(o.rx, o.ry);
      float[] chroma = c == 1 ? world.cb : world.cr;
      float colour = c == 1 ? o.colourCb : o.colourCr;
      for (int i = i0; i <= i1; i++) {
        float dx = lumaX[i] - px;
        float u = cos * dx + sin * dy;
        float v = -sin * dx + cos * dy;
        float nu = u / o.rx;
        float nv = v / o.ry;
        float r2 = nu * nu + nv * nv;
        float r = o.ellipse ? (float) Math.sqrt(r2) : (float) Math.sqrt(Math.sqrt(nu * nu * nu * nu + nv * nv * nv * nv));
        float cov = World.clamp01((1 - r) * minR * edgeScale + 0.5f);
        if (cov <= 0) {
          continue;
        }
        float value;
        if (c == 0) {
          value = o.tone + o.contrast * (world.sampleLuma(o.texX + u, o.texY + v) - 128) - 22 * r * r;
        } else {
          value = colour + 0.6f * (world.sampleChroma(chroma, o.texX + u, o.texY + v) - 128);
        }
        row[i] += (value - row[i]) * cov;
      }
    }
  }
}
