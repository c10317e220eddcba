package org.nnpf.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnpf.common.nn.Activation;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.ModelFactory;
import org.nnpf.common.nn.ModelFile;
import org.nnpf.common.nn.fp.FloatInference;
import org.nnpf.common.nn.fp.FloatTensor;
import org.nnpf.common.picture.Picture;
import org.nnpf.training.autodiff.Adam;
import org.nnpf.training.autodiff.BatchGradients;
import org.nnpf.training.autodiff.Sample;
import org.nnpf.training.autodiff.Tensor;
import org.nnpf.training.autodiff.Workspace;

class TrainableModelTest {

  static void assertSameAsFloatInference(Model m, Picture in, int qp) {
    TrainableModel tm = TrainableModel.of(m);
    Tensor raw = tm.forwardRaw(new Workspace(tm.graph()), PictureTensors.input(m, in, qp));
    FloatInference.Result ref = new FloatInference(m).run(in, qp, null);
    FloatTensor rt = ref.outputTensor();
    for (int c = 0; c < rt.channels(); c++) {
      for (int y = 0; y < rt.height(); y++) {
        for (int x = 0; x < rt.width(); x++) {
          assertEquals(rt.get(c, x, y), raw.get(c, y, x), 2e-6, "output " + c + "," + y + "," + x);
        }
      }
    }
    Picture mine = PictureTensors.toPicture(m, in, raw);
    int differ = 0;
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < mine.plane(c).samples().length; i++) {
        int d = Math.abs(mine.plane(c).samples()[i] - ref.output().plane(c).samples()[i]);
        assertTrue(d <= 1, "sample differs by " + d);
        differ += d;
      }
    }
    assertTrue(differ <= in.sampleCount() / 1000, differ + " samples differ by 1 (float rounding at .5)");
  }

  @Test
  void graphComputesWhatFloatInferenceComputes() {
    Picture in = GeneratedPictures.natural(37, 26, 8, 1); // odd width: replicated column
    assertSameAsFloatInference(ModelFactory.polyphasePostFilter(8, 4, 3), in, 37);
    float[] s = new float[8];
    java.util.Arrays.fill(s, 0.2f);
    assertSameAsFloatInference(ModelFactory.polyphasePostFilter(8, 3, Activation.prelu(s), 3, 0.5f, 4), in, 22);
    assertSameAsFloatInference(ModelFactory.polyphasePostFilter(5, 3, Activation.relu(), 1, 0.5f, 5),
        GeneratedPictures.natural(20, 16, 10, 2), 30);
  }

  @Test
  void trainedWeightsExportToAModelFileThatFloatInferenceRunsIdentically(@TempDir Path dir) {
    Model m = ModelFactory.polyphasePostFilter(8, 3, 7);
    TrainableModel tm = TrainableModel.of(m);
    Picture orig = GeneratedPictures.natural(32, 24, 8, 3);
    Picture rec = GeneratedPictures.blocky(orig, 0.5);
    Sample s = Sample.of(PictureTensors.input(m, rec, 32), PictureTensors.target(m, orig));
    Adam adam = new Adam();
    try (BatchGradients bg = new BatchGradients(tm.graph(), 1, 0)) {
      for (int i = 0; i < 5; i++) {
        bg.compute(List.of(s));
        adam.step(tm.graph().params(), bg.gradients(), 1e-3);
      }
    }
    Model trained = tm.toModel();
    Path f = dir.resolve("t.nnpm");
    ModelFile.write(trained, f);
    Model back = ModelFile.read(f);
    assertEquals(trained, back);
    assertTrue(!back.equals(m), "training changed the parameters");
    TrainableModel again = TrainableModel.of(back);
    assertEquals(tm.graph().paramCount(), again.graph().paramCount());
    assertSameAsFloatInference(back, rec, 32);
  }
}
