package org.nnpf.encoder.overfit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.ModelStore;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;
import org.nnpf.training.PictureTensors;
import org.nnpf.training.autodiff.Sample;
import org.nnpf.training.autodiff.Tensor;

/** Overfitting tiles kept as samples give exactly the crops of the whole-picture tensors. */
class FrameTilesTest {
  private static Picture noise(int w, int h, int bitDepth, long seed) {
    Random r = new Random(seed);
    Picture p = new Picture(w, h, bitDepth, ChromaFormat.CF420);
    for (int c = 0; c < 3; c++) {
      short[] s = p.plane(c).samples();
      for (int i = 0; i < s.length; i++) {
        s[i] = (short) r.nextInt(1 << bitDepth);
      }
    }
    return p;
  }

  private static void assertSameTensor(Tensor expected, Tensor actual, String what) {
    assertEquals(expected.channels(), actual.channels(), what);
    assertEquals(expected.height(), actual.height(), what);
    assertEquals(expected.width(), actual.width(), what);
    assertArrayEquals(expected.data(), actual.data(), what);
  }

  @Test
  void tilesAreTheCropsOfTheWholePictureTensors() {
    Model m = ModelStore.builtIn().defaultModel().model();
    int halo = m.receptiveRadius();
    for (int bitDepth : new int[] {8, 10, 16}) {
      List<Picture> rec = List.of(noise(70, 46, bitDepth, 1), noise(70, 46, bitDepth, 2));
      List<Picture> origs = List.of(noise(70, 46, bitDepth, 3), noise(70, 46, bitDepth, 4));
      int tile = 8;
      FrameTiles ft = FrameTiles.of(m, rec, origs, 37, tile);
      List<Sample> tiles = ft.tiles();
      Tensor in0 = PictureTensors.input(m, rec.get(0), 37);
      int tw = in0.width();
      int th = in0.height();
      int perPicture = ((th + tile - 1) / tile) * ((tw + tile - 1) / tile);
      assertEquals(2 * perPicture, tiles.size());
      int k = 0;
      for (int f = 0; f < 2; f++) {
        Tensor in = PictureTensors.input(m, rec.get(f), 37);
        Tensor tg = PictureTensors.target(m, origs.get(f));
        for (int y0 = 0; y0 < th; y0 += tile) {
          for (int x0 = 0; x0 < tw; x0 += tile) {
            int ty0 = Math.max(0, y0 - halo);
            int tx0 = Math.max(0, x0 - halo);
            int ty1 = Math.min(th, Math.min(th, y0 + tile) + halo);
            int tx1 = Math.min(tw, Math.min(tw, x0 + tile) + halo);
            Sample s = tiles.get(k++);
            String what = bitDepth + "-bit picture " + f + " tile (" + x0 + ", " + y0 + ")";
            assertSameTensor(PictureTensors.crop(in, ty0, tx0, ty1 - ty0, tx1 - tx0), s.inputs().get(0), what);
            assertSameTensor(PictureTensors.crop(tg, ty0, tx0, ty1 - ty0, tx1 - tx0), s.target(), what);
            assertEquals(new Sample.Region(y0 - ty0, x0 - tx0, Math.min(th, y0 + tile) - ty0, Math.min(tw, x0 + tile) - tx0),
                s.region(), what);
          }
        }
      }
      ft.close();
      org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class, () -> tiles.get(0),
          "closing deletes the tiles' file");
    }
  }

  @Test
  void aTileTakesAboutHalfTheBytesOfItsFloatTensorsOnDisk() {
    Model m = ModelStore.builtIn().defaultModel().model();
    long side = 64 + 2L * m.receptiveRadius();
    long floats = 4L * (m.inputChannels() + m.layout().pictureChannels()) * side * side;
    long b = FrameTiles.bytesPerTile(m, 64);
    assertTrue(b < floats * 0.6 && b > floats * 0.4, b + " bytes against " + floats);
  }
}
