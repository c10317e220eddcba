package org.nnpf.common.nn.refine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;
import org.nnpf.common.picture.Plane;

/** The integer refinement process of docs/integer-inference.md section 8, on hand-computed cases. */
class RefinementProcessTest {

  private static Picture mono(int w, int h, int bitDepth, int... samples) {
    Picture p = new Picture(w, h, bitDepth, ChromaFormat.CF400);
    for (int i = 0; i < samples.length; i++) {
      p.plane(0).set(i % w, i / w, samples[i]);
    }
    return p;
  }

  private static int[] samples(Picture p) {
    Plane pl = p.plane(0);
    int[] s = new int[pl.width() * pl.height()];
    for (int i = 0; i < s.length; i++) {
      s[i] = pl.get(i % pl.width(), i / pl.width());
    }
    return s;
  }

  private static Refinement one(ComponentRefinement c) {
    return new Refinement(c.numHypotheses(), List.of(c));
  }

  @Test
  void hypothesisWeightRoundsHalfUpAfterTheShift() {
    Picture x = mono(3, 1, 8, 100, 100, 100);
    Picture n = mono(3, 1, 8, 103, 97, 101);
    // w = 3 at S = 2 (0.75): residuals 3, -3, 1 -> sums 9, -9, 3 -> (9 + 2) >> 2 = 2, (-9 + 2) >> 2 = -2, (3 + 2) >> 2 = 1
    Refinement r = one(ComponentRefinement.refined(1, 2, FirShape.NONE, false, new int[0], new int[][] {{3}}));
    assertArrayEquals(new int[] {102, 98, 101}, samples(RefinementProcess.apply(x, List.of(n), r)));
  }

  @Test
  void firTapsUseReplicatedBordersAndAnImpliedCentre() {
    // 3x3, 5x5 diamond, only the tap pair (1, 0) with coefficient 4 at S = 3 (0.5):
    // out = X + ((4 * (X(x+1,y) + X(x-1,y) - 2X) + 4) >> 3)
    Picture x = mono(3, 3, 8,
        10, 20, 40,
        10, 20, 40,
        10, 20, 40);
    int[] a = {0, 4, 0, 0, 0, 0};
    Refinement r = one(ComponentRefinement.refined(0, 3, FirShape.DIAMOND5, false, new int[0], new int[][] {a}));
    // column 0: X(-1) replicates 10: 4 * (20 + 10 - 20) = 40 -> (44 >> 3) = 5 -> 15
    // column 1: 4 * (40 + 10 - 40) = 40 -> 5 -> 25
    // column 2: X(3) replicates 40: 4 * (40 + 20 - 80) = -80 -> (-76 >> 3) = -10 -> 30
    assertArrayEquals(new int[] {15, 25, 30, 15, 25, 30, 15, 25, 30}, samples(RefinementProcess.apply(x, List.of(), r)));
  }

  @Test
  void outputIsClippedToTheBitDepthAndScaleZeroAddsTheSumItself() {
    Picture x = mono(2, 1, 10, 1020, 3);
    Picture n = mono(2, 1, 10, 1023, 0);
    Refinement r = one(ComponentRefinement.refined(1, 0, FirShape.NONE, false, new int[0], new int[][] {{5}}));
    // 1020 + 5 * 3 = 1035 -> 1023; 3 + 5 * -3 = -12 -> 0
    assertArrayEquals(new int[] {1023, 0}, samples(RefinementProcess.apply(x, List.of(n), r)));
  }

  @Test
  void aConstantPictureIsLeftUnchangedByAnyFir() {
    Random rnd = new Random(3);
    Picture x = mono(9, 7, 8);
    x.plane(0).fill(77);
    for (int i = 0; i < 50; i++) {
      int[] a = new int[12];
      for (int t = 0; t < a.length; t++) {
        a[t] = rnd.nextInt(2001) - 1000;
      }
      Refinement r = one(ComponentRefinement.refined(0, rnd.nextInt(16), FirShape.DIAMOND7, false, new int[0], new int[][] {a}));
      assertEquals(x, RefinementProcess.apply(x, List.of(), r));
    }
  }

  @Test
  void networkModeOutputsHypothesisZeroAndUnfilteredModeTheDecodedPicture() {
    Picture x = new Picture(6, 4, 8, ChromaFormat.CF420);
    Picture n = new Picture(6, 4, 8, ChromaFormat.CF420);
    x.plane(0).fill(10);
    x.plane(1).fill(20);
    x.plane(2).fill(30);
    n.plane(0).fill(11);
    n.plane(1).fill(21);
    n.plane(2).fill(31);
    Picture out = RefinementProcess.apply(x, List.of(n), new Refinement(0, List.of(
        ComponentRefinement.network(), ComponentRefinement.unfiltered(), ComponentRefinement.network())));
    assertEquals(n.plane(0), out.plane(0));
    assertEquals(x.plane(1), out.plane(1));
    assertEquals(n.plane(2), out.plane(2));
  }

  @Test
  void classesFollowActivityAndDirection() {
    // 8x4: block 0 flat; block 1 alternating columns 0/100 (strong horizontal gradient: D = 1)
    int[] s = new int[32];
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 8; x++) {
        s[y * 8 + x] = x < 4 ? 50 : (x % 2 == 0 ? 0 : 100);
      }
    }
    Picture p = mono(8, 4, 8, s);
    int[] cls = RefinementProcess.classify(new RefinementProcess.PaddedPlane(p.plane(0)), 8);
    // block 0: flat, but its column x = 3 sees the 0 of x = 4: gh = 4 * |100 - 50 - 0| = 200, gv = 0:
    // A = 200, L = FloorLog2(1 + 6) = 2, D = 1 -> class 7
    assertEquals(7, cls[0]);
    // block 1: interior columns |2X - left - right| = 200; the column x = 4 sees 50 on its left: |0 - 50 - 100| = 150;
    // x = 7 replicates 100 on its right: |200 - 0 - 100| = 100: gh = 4 * (150 + 200 + 200 + 100) = 2600, gv = 0
    // A = 2600, L = Min(4, FloorLog2(1 + 81)) = 4, D = 1 -> class 9
    assertEquals(9, cls[1]);
    // 10-bit: the same picture scaled by 4 gives the same classes
    int[] s10 = s.clone();
    for (int i = 0; i < s10.length; i++) {
      s10[i] *= 4;
    }
    assertArrayEquals(cls, RefinementProcess.classify(new RefinementProcess.PaddedPlane(mono(8, 4, 10, s10).plane(0)), 10));
  }

  @Test
  void classifiedComponentsApplyTheFilterOfEachBlocksClass() {
    int[] s = new int[32];
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 8; x++) {
        s[y * 8 + x] = x < 4 ? 50 : (x % 2 == 0 ? 0 : 100);
      }
    }
    Picture x = mono(8, 4, 8, s);
    Picture n = mono(8, 4, 8, s);
    for (int i = 0; i < 32; i++) {
      n.plane(0).set(i % 8, i / 8, s[i] + 2);
    }
    int[] idx = new int[RefinementProcess.NUM_CLASSES];
    idx[9] = 1; // class 9 -> filter 1 (weight 0), every other class -> filter 0 (weight 1)
    Refinement r = one(ComponentRefinement.refined(1, 0, FirShape.NONE, true, idx, new int[][] {{1}, {0}}));
    int[] out = samples(RefinementProcess.apply(x, List.of(n), r));
    for (int i = 0; i < 32; i++) {
      assertEquals(i % 8 < 4 ? s[i] + 2 : s[i], out[i], "sample " + i);
    }
  }
}
