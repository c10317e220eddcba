package org.nnpf.encoder.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.ModelStore;
import org.nnpf.common.picture.Picture;
import org.nnpf.training.GeneratedPictures;
import org.nnpf.training.PictureTensors;
import org.nnpf.training.TrainableModel;
import org.nnpf.training.autodiff.Tensor;
import org.nnpf.training.autodiff.Workspace;

/**
 * The patch-wise float pass gives bit-identical statistics and output pictures to the
 * whole-picture pass ({@link NetworkStatistics#measure} and the graph run on the whole input
 * tensor), for picture sizes that are not multiples of the patch or of the vector width, odd
 * polyphase sizes, patches smaller than the receptive radius, 8 and 10 bits, 1 and 2 threads.
 */
class FloatPassTest {
  private static final Model MODEL = ModelStore.builtIn().defaultModel().model();

  private static List<Picture> pictures(int width, int height, int bitDepth, int count) {
    List<Picture> r = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      r.add(GeneratedPictures.blocky(GeneratedPictures.natural(width, height, bitDepth, 17 + 31L * i + width), 0.3));
    }
    return r;
  }

  /** The whole-picture reference: the graph on the whole input tensor. */
  private static List<Picture> wholePictureOutputs(TrainableModel tm, List<Picture> pics, int qp) {
    tm.graph().refresh();
    Workspace ws = new Workspace(tm.graph());
    List<Picture> r = new ArrayList<>();
    for (Picture p : pics) {
      Tensor in = PictureTensors.input(tm.template(), p, qp);
      r.add(PictureTensors.toPicture(tm.template(), p, tm.forwardRaw(ws, in)));
    }
    return r;
  }

  private static void assertSamePictures(List<Picture> want, List<Picture> got, String what) {
    assertEquals(want.size(), got.size(), what);
    for (int i = 0; i < want.size(); i++) {
      for (int c = 0; c < want.get(i).planeCount(); c++) {
        short[] a = want.get(i).plane(c).samples();
        short[] b = got.get(i).plane(c).samples();
        for (int k = 0; k < a.length; k++) {
          assertEquals(a[k], b[k], what + ": picture " + i + " plane " + c + " sample " + k);
        }
      }
      assertEquals(want.get(i), got.get(i), what);
    }
  }

  @ParameterizedTest
  @CsvSource({
    "34, 18, 8, 8, 8, 1",
    "34, 18, 10, 5, 3, 2",
    "66, 40, 8, 16, 8, 2",
    "66, 40, 10, 7, 13, 1",
    "37, 23, 10, 4, 6, 2",
    "200, 130, 8, 24, 16, 1",
    "200, 130, 10, 32, 32, 2",
    "200, 130, 10, 128, 128, 1",
    "5, 3, 8, 1, 1, 1",
    "2, 2, 10, 1, 1, 2",
    "21, 49, 8, 1, 2, 1",
  })
  void patchByPatchEqualsTheWholePicture(int width, int height, int bitDepth, int patchWidth, int patchHeight,
      int threads) {
    List<Picture> pics = pictures(width, height, bitDepth, 3);
    int qp = 32 + bitDepth;
    String what = width + "x" + height + " " + bitDepth + "-bit, patches " + patchWidth + "x" + patchHeight + ", "
        + threads + " thread(s)";
    Picture[] got = new Picture[pics.size()];
    List<Integer> order = new ArrayList<>();
    NetworkStatistics stats = FloatPass.run(MODEL, pics, qp, threads, patchWidth, patchHeight, (i, p) -> {
      order.add(i);
      got[i] = p;
    });
    assertEquals(List.of(0, 1, 2), order, "outputs in picture order");
    assertEquals(NetworkStatistics.measure(MODEL, pics, qp), stats, what);
    assertSamePictures(wholePictureOutputs(TrainableModel.floatOnly(MODEL), pics, qp), List.of(got), what);
  }

  @Test
  void theDefaultPatchEqualsTheWholePictureOnPicturesLargerThanIt() {
    // 600x300: tensor 300x150, three patch columns and two rows of the default 128x128 cores
    List<Picture> pics = pictures(600, 300, 10, 1);
    List<Picture> got = new ArrayList<>();
    NetworkStatistics stats = FloatPass.run(MODEL, pics, 37, 1, (i, p) -> got.add(p));
    assertEquals(NetworkStatistics.measure(MODEL, pics, 37), stats);
    assertSamePictures(wholePictureOutputs(TrainableModel.floatOnly(MODEL), pics, 37), got, "default patch");
  }

  @Test
  void theQuantizationAwareGraphToo() {
    List<Picture> pics = pictures(66, 40, 10, 2);
    NetworkStatistics st = NetworkStatistics.measure(MODEL, pics, 37);
    QuantizationPlan plan = QuantizationPlanner.plan(st, TensorBitAllocation.uniform(MODEL.layerCount(), 8),
        Strategy.MEASURED, 32);
    TrainableModel tm = TrainableModel.of(MODEL);
    QuantizationAwareModel.apply(tm, plan);
    Picture[] got = new Picture[pics.size()];
    FloatPass.outputs(tm, pics, 37, 2, 9, 6, (i, p) -> got[i] = p);
    List<Picture> want = wholePictureOutputs(tm, pics, 37);
    assertSamePictures(want, List.of(got), "fake-quantized graph");
    // the fake quantizers are in force: the output differs from the float one
    assertTrue(!want.equals(wholePictureOutputs(TrainableModel.floatOnly(MODEL), pics, 37)), "fake quantization changes the output");
  }

  @Test
  void theWindowCoversTheCoreAndItsHaloOrThePictureEdge() {
    int halo = 8;
    for (int size = 1; size < 60; size++) {
      for (int patch = 1; patch < 20; patch++) {
        int core = FloatPass.core(size, patch);
        assertTrue(core <= patch && (size + core - 1) / core == (size + patch - 1) / patch, "as few cores as patches");
        int w = FloatPass.window(size, core, halo);
        for (int c0 = 0; c0 < size; c0 += core) {
          int c1 = Math.min(size, c0 + core);
          int o = FloatPass.origin(c0, halo, size, w);
          assertTrue(o >= 0 && o + w <= size, "window inside the tensor");
          assertTrue(o == 0 || o <= c0 - halo, "left edge: picture edge or R before the core");
          assertTrue(o + w == size || o + w >= c1 + halo, "right edge: picture edge or R after the core");
        }
      }
    }
    assertEquals(MODEL.receptiveRadius(), FloatPass.halo(TrainableModel.floatOnly(MODEL).graph()));
  }
}
