package org.nnpf.training.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The float convolution gives every output value with the same arithmetic wherever it sits in the
 * row: on any crop of a tensor (rows and columns), every value whose k x k neighbourhood lies in the
 * crop, or reaches past it only where the crop edge is the tensor edge, is bit-identical to the
 * value on the whole tensor. This is what lets the encoder's float pass run patch by patch with
 * statistics and outputs identical to the whole-picture pass (the vector body, the single-vector
 * loop and the scalar tail of a row all use the same fused multiply-adds in the same order). Widths
 * 1 to 2 x vector length + 3 put every column in the vector body, the single-vector loop and the
 * scalar tail of some crop; 7 and 9 output channels exercise the blocks of four and the remainder.
 */
class ConvCropInvarianceTest {

  @ParameterizedTest
  @CsvSource({"3,5,7", "3,3,4", "3,4,9", "1,5,7", "1,6,9"})
  void everyCropGivesTheSameValues(int k, int cin, int cout) {
    int vl = ConvKernels.vectorLength();
    int r = k / 2;
    SplittableRandom rnd = new SplittableRandom(1000L * k + 10L * cin + cout);
    float[] w = ConvKernelsTest.random(rnd, cout * cin * k * k);
    float[] b = ConvKernelsTest.random(rnd, cout);
    long compared = 0;
    for (int width = 1; width <= 2 * vl + 3; width++) {
      int height = 1 + width % 4;
      Tensor in = ConvKernelsTest.random(rnd, cin, height, width);
      Tensor full = new Tensor(cout, height, width);
      ConvKernels.forward(in, w, b, k, full, false);
      for (int x0 = 0; x0 < width; x0++) {
        for (int x1 = x0 + 1; x1 <= width; x1++) {
          // a few row ranges per column range: all rows, the first rows, the last rows, one inner row
          int[][] rows = {{0, height}, {0, Math.max(1, height - 1)}, {Math.min(1, height - 1), height},
              {height / 2, height / 2 + 1}};
          for (int[] yr : rows) {
            compared += compareCrop(in, full, w, b, k, r, yr[0], x0, yr[1] - yr[0], x1 - x0);
          }
        }
      }
    }
    assertTrue(compared > 10_000, compared + " values compared");
  }

  /** Runs the conv on the crop and compares the values it shares with the whole tensor; returns their count. */
  private static long compareCrop(Tensor in, Tensor full, float[] w, float[] b, int k, int r, int y0, int x0, int h, int wd) {
    Tensor crop = new Tensor(in.channels(), h, wd);
    for (int c = 0; c < in.channels(); c++) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < wd; x++) {
          crop.set(c, y, x, in.get(c, y0 + y, x0 + x));
        }
      }
    }
    Tensor out = new Tensor(full.channels(), h, wd);
    ConvKernels.forward(crop, w, b, k, out, false);
    // positions whose neighbourhood is the whole tensor's: r from a crop edge inside the tensor
    int xa = x0 == 0 ? 0 : r;
    int xb = x0 + wd == in.width() ? wd : wd - r;
    int ya = y0 == 0 ? 0 : r;
    int yb = y0 + h == in.height() ? h : h - r;
    long n = 0;
    for (int c = 0; c < full.channels(); c++) {
      for (int y = ya; y < yb; y++) {
        for (int x = xa; x < xb; x++) {
          float want = full.get(c, y0 + y, x0 + x);
          float got = out.get(c, y, x);
          if (Float.floatToRawIntBits(want) != Float.floatToRawIntBits(got)) {
            assertEquals(want, got, 0f, String.format("conv%dx%d, channel %d, crop %dx%d at (%d, %d) of %dx%d, position (%d, %d)",
                k, k, c, wd, h, x0, y0, in.width(), in.height(), x, y));
            assertEquals(Float.floatToRawIntBits(want), Float.floatToRawIntBits(got), "sign of zero");
          }
          n++;
        }
      }
    }
    return n;
  }
}
