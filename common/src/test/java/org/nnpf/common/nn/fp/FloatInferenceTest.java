package org.nnpf.common.nn.fp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nnpf.common.NnpfException;
import org.nnpf.common.nn.Activation;
import org.nnpf.common.nn.Conv2d;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.ModelFactory;
import org.nnpf.common.nn.OutputMode;
import org.nnpf.common.nn.TensorLayout;
import org.nnpf.common.nn.TestPictures;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;

class FloatInferenceTest {
  /** A 1x1 conv copying the six picture channels, direct output: the identity filter. */
  private static Model identity() {
    Conv2d.Builder c = Conv2d.builder(1, 7, 6);
    for (int i = 0; i < 6; i++) {
      c.weight(i, i, 0, 0, 1f);
    }
    return Model.builder(TensorLayout.POLYPHASE_420).qpPlane(6).outputMode(OutputMode.DIRECT).add(c.build()).build();
  }

  @Test
  void identityModelReproducesOddSizedPictures() {
    for (int bd : new int[] {8, 10}) {
      Picture in = TestPictures.natural(7, 5, bd, ChromaFormat.CF420, 3);
      assertEquals(in, new FloatInference(identity()).apply(in, 32));
    }
  }

  @Test
  void zeroResidualModelReturnsTheInput() {
    Model m = ModelFactory.polyphasePostFilter(4, 3, Activation.relu(), 3, 0f, 1);
    Picture in = TestPictures.natural(33, 17, 10, ChromaFormat.CF420, 2);
    Picture out = new FloatInference(m).apply(in, 37);
    // last-layer gain 0 gives zero weights and biases: the residual is exactly 0
    assertEquals(in, out);
  }

  @Test
  void qpPlaneHoldsQpOver64() {
    Model m = identity();
    FloatTensor t = FloatInference.inputTensor(m, TestPictures.natural(4, 4, 8, ChromaFormat.CF420, 1), 40);
    assertEquals(40 / 64f, t.get(6, 1, 1));
  }

  @Test
  void polyphaseChannelsFollowTheDocumentedOrder() {
    Picture in = new Picture(4, 2, 8, ChromaFormat.CF420);
    int[] row0 = {1, 2, 3, 4};
    int[] row1 = {5, 6, 7, 8};
    for (int x = 0; x < 4; x++) {
      in.plane(0).set(x, 0, row0[x]);
      in.plane(0).set(x, 1, row1[x]);
    }
    FloatTensor t = FloatInference.inputTensor(identity(), in, 0);
    assertEquals(1 / 256f, t.get(0, 0, 0));
    assertEquals(2 / 256f, t.get(1, 0, 0));
    assertEquals(5 / 256f, t.get(2, 0, 0));
    assertEquals(6 / 256f, t.get(3, 0, 0));
    assertEquals(8 / 256f, t.get(3, 1, 0));
  }

  @Test
  void statisticsRecordLargestMagnitudes() {
    Model m = ModelFactory.polyphasePostFilter(8, 3, 3);
    ActivationStatistics s = new ActivationStatistics(m);
    new FloatInference(m).run(TestPictures.natural(32, 32, 8, ChromaFormat.CF420, 1), 37, s);
    assertTrue(s.maxInput() >= 37 / 64f && s.maxInput() < 1f);
    for (int l = 0; l < 3; l++) {
      assertTrue(s.maxAccumulation(l) > 0 && s.maxOutput(l) > 0);
    }
  }

  @Test
  void nonFourTwoZeroPicturesAreRefusedClearly() {
    Picture in = new Picture(8, 8, 8, ChromaFormat.CF444);
    NnpfException e = assertThrows(NnpfException.class, () -> new FloatInference(identity()).apply(in, 32));
    assertEquals("post-filter input layout POLYPHASE_420 needs a 4:2:0 picture, got chroma format 444", e.getMessage());
  }
}
