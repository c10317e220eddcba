package org.nnpf.common.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;
import org.nnpf.common.picture.Plane;

class PicturePsnrTest {
  private static final double EPS = 1e-9;

  private static Picture picture(int w, int h, int bitDepth, ChromaFormat cf, int[]... planes) {
    Plane[] p = new Plane[planes.length];
    for (int c = 0; c < planes.length; c++) {
      short[] s = new short[planes[c].length];
      for (int i = 0; i < s.length; i++) {
        s[i] = (short) planes[c][i];
      }
      p[c] = new Plane(cf.planeWidth(c, w), cf.planeHeight(c, h), s);
    }
    return new Picture(w, h, bitDepth, cf, p);
  }

  @Test
  void eightBitPsnrOfATwoByTwoPlaneUsesPeak255() {
    // SSE = 1² + 2² = 5, N = 4: 10·log10(255² · 4 / 5) = 10·log10(52020)
    Picture ref = picture(2, 2, 8, ChromaFormat.CF400, new int[] {10, 20, 30, 40});
    Picture test = picture(2, 2, 8, ChromaFormat.CF400, new int[] {11, 18, 30, 40});
    PicturePsnr p = PicturePsnr.of(ref, test);
    assertEquals(5, p.sse(0));
    assertEquals(1.25, p.mse(0), EPS);
    assertEquals(47.16170347859854, p.psnr(0), EPS);
  }

  @Test
  void tenBitPsnrUsesPeak1020NotTheMaximumSampleValue() {
    // SSE = 16, N = 4: 10·log10(1020² · 4 / 16) = 10·log10(260100)
    Picture ref = picture(2, 2, 10, ChromaFormat.CF400, new int[] {100, 200, 300, 1023});
    Picture test = picture(2, 2, 10, ChromaFormat.CF400, new int[] {104, 200, 300, 1023});
    assertEquals(1020, PicturePsnr.peak(10));
    assertEquals(54.15140352195873, PicturePsnr.of(ref, test).psnr(0), EPS);
  }

  @Test
  void identicalPlanesGive999Point99() {
    Picture a = picture(2, 2, 8, ChromaFormat.CF400, new int[] {1, 2, 3, 4});
    PicturePsnr p = PicturePsnr.of(a, a.copy());
    assertEquals(999.99, p.psnr(0));
    assertEquals(999.99, p.yuvPsnr());
  }

  @Test
  void yuvPsnrWeightsTheMseFourToOneToOneForFourTwoZero() {
    // Y: SSE 5 over 4 -> 1.25; U: 1 sample, SSE 4 -> 4; V identical -> 0
    // MSE_yuv = (4·1.25 + 4 + 0) / 6 = 1.5; PSNR = 10·log10(65025 / 1.5)
    Picture ref = picture(2, 2, 8, ChromaFormat.CF420, new int[] {10, 20, 30, 40}, new int[] {100}, new int[] {50});
    Picture test = picture(2, 2, 8, ChromaFormat.CF420, new int[] {11, 18, 30, 40}, new int[] {102}, new int[] {50});
    PicturePsnr p = PicturePsnr.of(ref, test);
    assertEquals(4.0, p.mse(1), EPS);
    assertEquals(999.99, p.psnr(2));
    assertEquals(1.5, p.yuvMse(), EPS);
    assertEquals(46.36989101812229, p.yuvPsnr(), EPS);
    assertEquals(10 * Math.log10(65025.0 / 4), p.psnr(1), EPS);
  }

  @Test
  void yuvWeightsFollowTheChromaSubsamplingAsInHm() {
    // 4:4:4 weights 4:4:4 (a plain mean); 4:2:2 weights 4:2:2
    Picture r444 = picture(2, 1, 8, ChromaFormat.CF444, new int[] {0, 0}, new int[] {0, 0}, new int[] {0, 0});
    Picture t444 = picture(2, 1, 8, ChromaFormat.CF444, new int[] {2, 0}, new int[] {4, 0}, new int[] {0, 0});
    assertEquals((2.0 + 8.0 + 0.0) / 3, PicturePsnr.of(r444, t444).yuvMse(), EPS);
    Picture r422 = picture(2, 1, 8, ChromaFormat.CF422, new int[] {0, 0}, new int[] {0}, new int[] {0});
    Picture t422 = picture(2, 1, 8, ChromaFormat.CF422, new int[] {2, 0}, new int[] {4}, new int[] {0});
    assertEquals((4 * 2.0 + 2 * 16.0 + 2 * 0.0) / 8, PicturePsnr.of(r422, t422).yuvMse(), EPS);
  }

  @Test
  void fourZeroZeroYuvPsnrIsTheLumaPsnr() {
    Picture ref = picture(2, 2, 8, ChromaFormat.CF400, new int[] {10, 20, 30, 40});
    Picture test = picture(2, 2, 8, ChromaFormat.CF400, new int[] {11, 18, 30, 40});
    PicturePsnr p = PicturePsnr.of(ref, test);
    assertEquals(p.psnr(0), p.yuvPsnr(), EPS);
  }

  @Test
  void sixteenBitDifferencesDoNotOverflow() {
    Picture ref = picture(1, 1, 16, ChromaFormat.CF400, new int[] {0});
    Picture test = picture(1, 1, 16, ChromaFormat.CF400, new int[] {65535});
    assertEquals(65535L * 65535L, PicturePsnr.of(ref, test).sse(0));
  }

  @Test
  void picturesOfDifferentFormatsCannotBeCompared() {
    Picture a = new Picture(2, 2, 8, ChromaFormat.CF420);
    Picture b = new Picture(2, 2, 10, ChromaFormat.CF420);
    assertThrows(IllegalArgumentException.class, () -> PicturePsnr.of(a, b));
  }

  @Test
  void sequenceAveragesFollowHmTEncAnalyze() {
    // picture 1: Y SSE 4 (MSE 1), U SSE 1 (MSE 1), V identical
    // picture 2: Y and U identical, V SSE 9 (MSE 9)
    Picture ref = picture(2, 2, 8, ChromaFormat.CF420, new int[] {0, 0, 0, 0}, new int[] {0}, new int[] {0});
    Picture t1 = picture(2, 2, 8, ChromaFormat.CF420, new int[] {2, 0, 0, 0}, new int[] {1}, new int[] {0});
    Picture t2 = picture(2, 2, 8, ChromaFormat.CF420, new int[] {0, 0, 0, 0}, new int[] {0}, new int[] {3});
    PsnrAccumulator acc = new PsnrAccumulator().add(PicturePsnr.of(ref, t1)).add(PicturePsnr.of(ref, t2));
    assertEquals(2, acc.count());
    // Y-PSNR: mean of 10·log10(65025) and 999.99 (HM counts identical pictures as 999.99)
    assertEquals(524.0604018043396, acc.averagePsnr(0), EPS);
    assertEquals((10 * Math.log10(65025.0 / 9) + 999.99) / 2, acc.averagePsnr(2), EPS);
    // YUV-PSNR: from the mean MSEs Y 0.5, U 0.5, V 4.5: (4·0.5 + 0.5 + 4.5) / 6 = 7/6
    assertEquals(7.0 / 6, acc.yuvMse(), EPS);
    assertEquals(47.46133571237297, acc.yuvPsnr(), EPS);
    // HM's "From MSE" line: 10·log10(peak² / mean MSE)
    assertEquals(10 * Math.log10(65025 / 0.5), acc.psnrOfMeanMse(0), EPS);
  }

  @Test
  void aFourZeroZeroSequenceHasNoChromaAverages() {
    Picture a = picture(2, 2, 8, ChromaFormat.CF400, new int[] {1, 2, 3, 4});
    PsnrAccumulator acc = new PsnrAccumulator().add(PicturePsnr.of(a, a));
    assertEquals(999.99, acc.averagePsnr(0));
    assertThrows(IllegalArgumentException.class, () -> acc.averagePsnr(1));
  }

  @Test
  void anEmptyAccumulatorGivesNaN() {
    PsnrAccumulator acc = new PsnrAccumulator();
    assertEquals(Double.NaN, acc.averagePsnr(0));
    assertEquals(Double.NaN, acc.yuvPsnr());
  }
}
