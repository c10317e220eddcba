package org.nnpf.encoder.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;

/** The bit allocation's calibration windows of large pictures (docs/encoder.md, "Quantization"). */
class CalibrationWindowsTest {
  private static Picture noise(int w, int h, long seed) {
    Random r = new Random(seed);
    Picture p = new Picture(w, h, 10, ChromaFormat.CF420);
    for (int c = 0; c < 3; c++) {
      short[] s = p.plane(c).samples();
      for (int i = 0; i < s.length; i++) {
        s[i] = (short) r.nextInt(1024);
      }
    }
    return p;
  }

  @Test
  void picturesUpTo832x480AreMeasuredWhole() {
    List<Picture> pics = List.of(noise(832, 480, 1), noise(176, 144, 2));
    List<Picture> w = SequenceQuantizer.calibrationWindows(pics);
    assertSame(pics.get(0), w.get(0));
    assertSame(pics.get(1), w.get(1));
  }

  @Test
  void largerPicturesGiveWindowsOfTheirAspectWithinTheAreaAlongTheDiagonal() {
    for (int[] size : new int[][] {{1920, 1080}, {1280, 720}, {3840, 2160}, {1000, 4000}}) {
      List<Picture> pics = new ArrayList<>();
      for (int k = 0; k < 4; k++) {
        pics.add(noise(size[0], size[1], k));
      }
      List<Picture> w = SequenceQuantizer.calibrationWindows(pics);
      Set<Integer> xs = new HashSet<>();
      for (int k = 0; k < 4; k++) {
        Picture win = w.get(k);
        String what = size[0] + "x" + size[1] + " window " + k + ": " + win.width() + "x" + win.height();
        assertTrue((long) win.width() * win.height() <= SequenceQuantizer.CALIBRATION_AREA, what);
        assertTrue((long) win.width() * win.height() > SequenceQuantizer.CALIBRATION_AREA * 9 / 10, what);
        assertEquals(0, win.width() % 8, what);
        assertEquals(0, win.height() % 8, what);
        assertEquals((double) size[0] / size[1], (double) win.width() / win.height(), 0.03 * size[0] / size[1], what);
        // the window's position: the picture's window there equals it, at multiples of 8
        Picture p = pics.get(k);
        int found = -1;
        for (int y = 0; y + win.height() <= p.height() && found < 0; y += 8) {
          for (int x = 0; x + win.width() <= p.width(); x += 8) {
            if (p.plane(0).get(x, y) == win.plane(0).get(0, 0) && p.crop(x, y, win.width(), win.height()).equals(win)) {
              found = x;
              break;
            }
          }
        }
        assertTrue(found >= 0, what + " is a window of the picture, at multiples of 8");
        xs.add(found);
      }
      assertEquals(4, xs.size(), "the windows lie at different places");
    }
  }

  @Test
  void cropCopiesTheCoSitedChromaWindow() {
    Picture p = noise(64, 32, 5);
    Picture c = p.crop(16, 8, 24, 16);
    assertEquals(p.plane(0).get(16 + 3, 8 + 5), c.plane(0).get(3, 5));
    assertEquals(p.plane(1).get(8 + 2, 4 + 7), c.plane(1).get(2, 7));
    assertEquals(p.plane(2).get(8 + 11, 4), c.plane(2).get(11, 0));
    assertEquals(12, c.plane(1).width());
    assertEquals(8, c.plane(2).height());
  }

  @Test
  void cropRefusesWindowsOffTheChromaGridOrOutsideThePicture() {
    Picture p = noise(64, 32, 5);
    assertThrows(IllegalArgumentException.class, () -> p.crop(1, 0, 8, 8));
    assertThrows(IllegalArgumentException.class, () -> p.crop(0, 0, 72, 8));
    assertThrows(IllegalArgumentException.class, () -> p.crop(0, 0, 0, 8));
  }

  @Test
  void statisticsCoverEverySequenceOfTheEvaluationSetWholeAndASampleOfLongLargeOnes() {
    List<Integer> cal = SequenceQuantizer.spaced(32, 4);
    assertEquals(SequenceQuantizer.spaced(32, 32), SequenceQuantizer.statisticsPictures(32, 832, 480, cal));
    assertEquals(101, SequenceQuantizer.statisticsPictures(101, 176, 96, SequenceQuantizer.spaced(101, 4)).size());
    for (int[] c : new int[][] {{65, 1920, 1080}, {256, 1920, 1080}, {65, 3840, 2160}, {300, 1280, 720}}) {
      List<Integer> calib = SequenceQuantizer.spaced(c[0], 4);
      List<Integer> s = SequenceQuantizer.statisticsPictures(c[0], c[1], c[2], calib);
      String what = c[0] + " pictures of " + c[1] + "x" + c[2] + ": " + s;
      assertTrue(s.containsAll(calib), what);
      assertTrue(s.size() >= SequenceQuantizer.MIN_STATISTICS_PICTURES && s.size() < c[0], what);
      assertTrue((long) (s.size() - calib.size()) * c[1] * c[2] <= Math.max(SequenceQuantizer.STATISTICS_AREA,
          (long) SequenceQuantizer.MIN_STATISTICS_PICTURES * c[1] * c[2]), what);
      for (int k = 1; k < s.size(); k++) {
        assertTrue(s.get(k) > s.get(k - 1) && s.get(k) < c[0], what);
      }
      assertTrue(s.get(0) < c[0] / 8 && s.get(s.size() - 1) > c[0] * 7 / 8, "spread over the sequence: " + what);
    }
  }
}
