package org.nnpf.training.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The lane-wise LeakyReLU and the array forms of the fake quantizer compute exactly the scalar
 * definitions: every value (signed zeros, infinities, NaN, subnormals, the clamping bounds and the
 * rounding ties included; NaNs compared as one value, their bits being unspecified in Java) and every array length (the vector loop's tail).
 */
class ElementwiseOpsTest {

  private static final float[] SPECIAL = {0f, -0f, 1f, -1f, 0.5f, -0.5f, Float.MIN_VALUE, -Float.MIN_VALUE,
      Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN,
      1.5f / 256, -1.5f / 256, 2.5f / 256, -2.5f / 256, 127.5f / 256, -128.5f / 256, 32767.49f, -32768.5f, 1e9f, -1e9f};

  private static float[] values(SplittableRandom r, int n) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = switch (r.nextInt(4)) {
        case 0 -> SPECIAL[r.nextInt(SPECIAL.length)];
        case 1 -> (float) (r.nextGaussian() * 4);
        case 2 -> Math.round(r.nextGaussian() * 512) / 256f + (r.nextBoolean() ? 0.5f / 256 : 0f); // ties
        default -> Float.intBitsToFloat(r.nextInt());
      };
    }
    return v;
  }

  private static void assertSameBits(float expected, float actual, String what) {
    // one NaN for all (Java does not specify a NaN's bits), signed zeros apart
    assertEquals(Float.floatToIntBits(expected), Float.floatToIntBits(actual),
        what + ": " + expected + " against " + actual);
  }

  @Test
  void leakyReluIsTheScalarExpressionLaneByLane() {
    SplittableRandom r = new SplittableRandom(3);
    for (float slope : new float[] {0.125f, 0.1f, 0f}) {
      LeakyReluOp op = new LeakyReluOp(slope);
      for (int n = 1; n <= 70; n++) {
        Tensor x = Tensor.fromDense(1, 1, n, values(r, n));
        Tensor y = new Tensor(1, 1, n);
        op.forward(new Tensor[] {x}, y);
        Tensor gout = Tensor.fromDense(1, 1, n, values(r, n));
        Tensor gin = Tensor.fromDense(1, 1, n, values(r, n));
        float[] before = gin.data().clone();
        op.backward(new Tensor[] {x}, y, gout, new Tensor[] {gin}, null);
        float[] xd = x.data();
        for (int i = 0; i < xd.length; i++) {
          float e = xd[i] > 0f ? xd[i] : slope * xd[i];
          assertSameBits(e, y.data()[i], "forward of " + xd[i]);
          float g = gout.data()[i];
          assertSameBits(before[i] + (xd[i] > 0f ? g : slope * g), gin.data()[i], "backward at " + xd[i]);
        }
      }
    }
  }

  @Test
  void codesClampToTheirRangeAtEveryWidth() {
    for (FakeQuantizer.Rounding rounding : FakeQuantizer.Rounding.values()) {
      for (int bits : new int[] {2, 8, 16, 53, 54, 60, 63, 64}) {
        FakeQuantizer q = new FakeQuantizer(bits, 0, rounding);
        assertEquals(q.maxCode(), q.code(1e30), q.toString());
        assertEquals(q.minCode(), q.code(-1e30), q.toString());
        assertEquals(0, q.code(Double.NaN), q.toString());
        assertEquals(-2, q.code(-2.4), q.toString());
      }
    }
  }

  @Test
  void fakeQuantizerArraysAreTheScalarQuantizer() {
    SplittableRandom r = new SplittableRandom(4);
    for (FakeQuantizer.Rounding rounding : FakeQuantizer.Rounding.values()) {
      for (int bits : new int[] {2, 8, 16, 24, 32, 63, 64}) {
        for (int frac : new int[] {-64, -9, 0, 5, 8, 15, 40, 64}) {
          FakeQuantizer q = new FakeQuantizer(bits, frac, rounding);
          float[] x = values(r, 61);
          float[] y = new float[x.length];
          q.apply(x, y, x.length);
          float[] g = values(r, x.length);
          float[] d = values(r, x.length);
          float[] before = d.clone();
          q.passGradients(x, g, d, x.length);
          for (int i = 0; i < x.length; i++) {
            String what = q + " of " + x[i];
            assertSameBits(q.apply(x[i]), y[i], what);
            assertSameBits(q.passes(x[i]) ? before[i] + g[i] : before[i], d[i], "gradient of " + what);
          }
        }
      }
    }
  }
}
