package org.nnpf.training.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The vectorised kernels against a plain double-precision reference. */
class ConvKernelsTest {

  static Tensor random(SplittableRandom r, int c, int h, int w) {
    Tensor t = new Tensor(c, h, w);
    for (int k = 0; k < c; k++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          t.set(k, y, x, (float) (r.nextDouble() * 2 - 1));
        }
      }
    }
    return t;
  }

  static float[] random(SplittableRandom r, int n) {
    float[] a = new float[n];
    for (int i = 0; i < n; i++) {
      a[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return a;
  }

  static double in(Tensor t, int c, int y, int x) {
    return y < 0 || x < 0 || y >= t.height() || x >= t.width() ? 0 : t.get(c, y, x);
  }

  static double[] refForward(Tensor x, float[] w, float[] b, int k, int cout) {
    int h = x.height();
    int wd = x.width();
    int cin = x.channels();
    double[] out = new double[cout * h * wd];
    for (int co = 0; co < cout; co++) {
      for (int y = 0; y < h; y++) {
        for (int xx = 0; xx < wd; xx++) {
          double s = b[co];
          for (int ci = 0; ci < cin; ci++) {
            for (int ky = 0; ky < k; ky++) {
              for (int kx = 0; kx < k; kx++) {
                s += w[((co * cin + ci) * k + ky) * k + kx] * in(x, ci, y + ky - k / 2, xx + kx - k / 2);
              }
            }
          }
          out[(co * h + y) * wd + xx] = s;
        }
      }
    }
    return out;
  }

  @ParameterizedTest
  @CsvSource({"3,1,1,1,1", "3,3,5,4,4", "3,7,32,9,13", "3,8,8,17,33", "3,5,6,1,40", "3,2,3,40,1", "1,7,9,5,19", "1,4,4,16,16", "1,1,1,1,1"})
  void forwardAndBackwardMatchTheReference(int k, int cin, int cout, int h, int w) {
    SplittableRandom r = new SplittableRandom(k * 1000 + cin * 100 + cout * 10 + h + w);
    Tensor x = random(r, cin, h, w);
    float[] wt = random(r, cout * cin * k * k);
    float[] b = random(r, cout);
    Tensor y = new Tensor(cout, h, w);
    ConvKernels.forward(x, wt, b, k, y, false);
    double[] ref = refForward(x, wt, b, k, cout);
    double tol = 1e-5 * cin * k * k;
    for (int co = 0; co < cout; co++) {
      for (int yy = 0; yy < h; yy++) {
        for (int xx = 0; xx < w; xx++) {
          assertEquals(ref[(co * h + yy) * w + xx], y.get(co, yy, xx), tol, "out " + co + "," + yy + "," + xx);
        }
      }
    }
    assertBorderZero(y);

    // Backward against the reference: the loss sum(g * y) has gradients conv^T(g) and in x g.
    Tensor g = random(r, cout, h, w);
    Tensor gin = random(r, cin, h, w);
    Tensor gin0 = gin.copy();
    ConvKernels.backwardInput(g, wt, k, gin);
    float[] gw = random(r, wt.length);
    float[] gw0 = gw.clone();
    float[] gb = new float[cout];
    ConvKernels.backwardWeights(x, g, k, gw, gb);
    for (int ci = 0; ci < cin; ci++) {
      for (int yy = 0; yy < h; yy++) {
        for (int xx = 0; xx < w; xx++) {
          double s = gin0.get(ci, yy, xx);
          for (int co = 0; co < cout; co++) {
            for (int ky = 0; ky < k; ky++) {
              for (int kx = 0; kx < k; kx++) {
                // y(co, Y, X) reads x(ci, Y+ky-k/2, X+kx-k/2): x(yy,xx) is read by Y = yy-ky+k/2.
                s += wt[((co * cin + ci) * k + ky) * k + kx] * in(g, co, yy - ky + k / 2, xx - kx + k / 2);
              }
            }
          }
          assertEquals(s, gin.get(ci, yy, xx), 1e-5 * cout * k * k + 1e-6, "gin " + ci + "," + yy + "," + xx);
        }
      }
    }
    assertBorderZero(gin);
    for (int co = 0; co < cout; co++) {
      double sb = 0;
      for (int yy = 0; yy < h; yy++) {
        for (int xx = 0; xx < w; xx++) {
          sb += g.get(co, yy, xx);
        }
      }
      assertEquals(sb, gb[co], 1e-5 * h * w, "gb " + co);
      for (int ci = 0; ci < cin; ci++) {
        for (int ky = 0; ky < k; ky++) {
          for (int kx = 0; kx < k; kx++) {
            int wi = ((co * cin + ci) * k + ky) * k + kx;
            double s = gw0[wi];
            for (int yy = 0; yy < h; yy++) {
              for (int xx = 0; xx < w; xx++) {
                s += g.get(co, yy, xx) * in(x, ci, yy + ky - k / 2, xx + kx - k / 2);
              }
            }
            assertEquals(s, gw[wi], 1e-5 * h * w, "gw " + wi);
          }
        }
      }
    }
  }

  static void assertBorderZero(Tensor t) {
    Tensor c = t.copy();
    c.zeroBorder();
    for (int i = 0; i < t.data().length; i++) {
      assertEquals(c.data()[i], t.data()[i], "entry " + i + " of " + t);
    }
  }
}
