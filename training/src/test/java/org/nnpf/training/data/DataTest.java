package org.nnpf.training.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnpf.common.NnpfException;
import org.nnpf.common.picture.Picture;
import org.nnpf.training.GeneratedPictures;

class DataTest {

  @Test
  void bt601LimitedRangeConversionOfPrimaries() {
    // 2x2 blocks of one colour: white, black, red, then a block mixing red and blue.
    int[] rgb = {0xFFFFFF, 0xFFFFFF, 0x000000, 0x000000, 0xFFFFFF, 0xFFFFFF, 0x000000, 0x000000};
    Picture p = RgbToYuv.convert(rgb, 4, 2);
    assertEquals(235, p.plane(0).get(0, 0));
    assertEquals(16, p.plane(0).get(2, 1));
    assertEquals(128, p.plane(1).get(0, 0));
    assertEquals(128, p.plane(2).get(1, 0));
    Picture red = RgbToYuv.convert(new int[] {0xFF0000, 0xFF0000, 0xFF0000, 0xFF0000}, 2, 2);
    assertEquals(81, red.plane(0).get(0, 0)); // 16 + 65.481
    assertEquals(90, red.plane(1).get(0, 0)); // 128 - 37.797
    assertEquals(240, red.plane(2).get(0, 0)); // 128 + 112
    // Chroma averages the unrounded values of the 2x2 block: red and blue give (90.2 + 240) / 2.
    Picture mix = RgbToYuv.convert(new int[] {0xFF0000, 0x0000FF, 0xFF0000, 0x0000FF}, 2, 2);
    assertEquals(Math.round((128 - 37.797 + 128 + 112.0) / 2), mix.plane(1).get(0, 0));
  }

  @Test
  void trainingRefusesEvaluationFolders() {
    NnpfException e = assertThrows(NnpfException.class, () -> DatasetBuilder.refuseEvaluationData(Path.of("/x/shared/data/eval")));
    assertTrue(e.getMessage().contains("eval"), e.getMessage());
    DatasetBuilder.refuseEvaluationData(Path.of("/x/shared/data/train/images"));
  }

  @Test
  void datasetCacheRoundTripSharesOriginals(@TempDir Path dir) {
    Picture o = GeneratedPictures.natural(20, 14, 8, 1);
    Picture o10 = GeneratedPictures.natural(10, 8, 10, 2);
    List<CodedPair> pairs = List.of(
        new CodedPair("a ai", o, GeneratedPictures.blocky(o, 0.5), 30),
        new CodedPair("a pan", o, GeneratedPictures.blocky(o, 0.2), 40),
        new CodedPair("ten", o10, GeneratedPictures.blocky(o10, 0.2), 22));
    DatasetCache.write(dir, pairs);
    assertTrue(DatasetCache.exists(dir));
    List<CodedPair> back = DatasetCache.read(dir);
    assertEquals(pairs, back);
    assertTrue(back.get(0).original() == back.get(1).original(), "one original object for both pairs");
  }

  @Test
  void cropAndPanKeepChromaAligned() {
    Picture o = GeneratedPictures.natural(40, 24, 8, 3);
    Picture c = DatasetBuilder.crop(o, 6, 4, 10, 8);
    assertEquals(o.plane(0).get(6, 4), c.plane(0).get(0, 0));
    assertEquals(o.plane(1).get(3, 2), c.plane(1).get(0, 0));
    assertEquals(o.plane(2).get(7, 5), c.plane(2).get(4, 3));
    List<Picture> pan = DatasetBuilder.pan(o, 16, 16, 5, new java.util.SplittableRandom(1));
    assertEquals(5, pan.size());
    for (Picture p : pan) {
      assertEquals(16, p.width());
    }
  }

  /** Grouped patches: every group cut from one picture, the draw a function of the generator only. */
  @Test
  void groupedPatchesComeFromOnePictureEach() {
    org.nnpf.common.nn.Model m = org.nnpf.common.nn.ModelFactory.polyphasePostFilter(4, 2, 1);
    java.util.List<CodedPair> pairs = new java.util.ArrayList<>();
    for (int k = 0; k < 5; k++) {
      Picture o = GeneratedPictures.natural(96, 64, 8, k);
      pairs.add(new CodedPair("p" + k, o, GeneratedPictures.blocky(o, 0.5), 20 + 4 * k));
    }
    PatchSampler s = new PatchSampler(m, pairs, 32, true);
    List<org.nnpf.training.autodiff.Sample> a = s.drawGrouped(new java.util.SplittableRandom(3), 24, 4);
    List<org.nnpf.training.autodiff.Sample> b = s.drawGrouped(new java.util.SplittableRandom(3), 24, 4);
    assertEquals(24, a.size());
    java.util.Set<Float> qps = new java.util.HashSet<>();
    for (int g = 0; g < 6; g++) {
      // the QP plane (input channel 6) tells the picture: one per group
      float q = a.get(4 * g).inputs().get(0).get(6, 0, 0);
      qps.add(q);
      for (int i = 4 * g; i < 4 * g + 4; i++) {
        assertEquals(q, a.get(i).inputs().get(0).get(6, 3, 5));
        assertTrue(java.util.Arrays.equals(a.get(i).target().data(), b.get(i).target().data()));
      }
    }
    assertTrue(qps.size() > 1, "groups from several pictures");
    assertThrows(IllegalArgumentException.class, () -> s.drawGrouped(new java.util.SplittableRandom(3), 10, 4));
  }
}
