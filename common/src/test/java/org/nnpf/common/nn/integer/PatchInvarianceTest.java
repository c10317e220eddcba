package org.nnpf.common.nn.integer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nnpf.common.nn.Activation;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.ModelFactory;
import org.nnpf.common.nn.TestPictures;
import org.nnpf.common.nn.integer.InferenceOptions.Kernel;
import org.nnpf.common.nn.quant.BitAllocation;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;

/**
 * The patch-wise engine against the whole-picture reference: identical output for every patch
 * size, thread count and kernel, on odd sizes, 1-sample-wide planes, 8 and 10 bits.
 */
class PatchInvarianceTest {
  private static final int[][] PATCHES = {{1, 1}, {3, 5}, {7, 7}, {16, 16}, {17, 9}, {64, 32}, {500, 500}};

  private static void assertAllPathsMatchReference(IntegerNetwork net, Picture in, int qp, int[][] patches) {
    Picture ref = IntegerReference.run(net, in, qp).output();
    for (Kernel k : Kernel.values()) {
      for (int[] p : patches) {
        for (int threads : new int[] {1, 2, 3}) {
          InferenceOptions o = InferenceOptions.defaults().withKernel(k).withPatch(p[0], p[1]).withThreads(threads);
          try (IntegerInference inf = new IntegerInference(net, o)) {
            assertEquals(ref, inf.apply(in, qp), in + " " + o);
          }
        }
      }
    }
  }

  @Test
  void everyHypothesisOfASeveralHypothesisNetworkMatchesTheReference() {
    Model m = ModelFactory.withHypotheses(
        ModelFactory.polyphasePostFilter(8, 4, Activation.leakyRelu(0.125f), 3, 0.5f, 3), 3, 0.5, 4);
    Picture in = TestPictures.natural(37, 23, 10, ChromaFormat.CF420, 5);
    IntegerNetwork net = Networks.quantized(m, BitAllocation.int16(), 32, in);
    IntegerReference.Result ref = IntegerReference.run(net, in, 32);
    assertEquals(3, ref.hypotheses().size());
    assertEquals(ref.output(), ref.hypotheses().get(0));
    assertNotEquals(ref.hypotheses().get(0), ref.hypotheses().get(1), "the hypotheses differ");
    assertNotEquals(ref.hypotheses().get(1), ref.hypotheses().get(2), "the hypotheses differ");
    for (Kernel k : Kernel.values()) {
      for (int[] p : new int[][] {{1, 1}, {7, 5}, {64, 64}}) {
        for (int threads : new int[] {1, 2}) {
          InferenceOptions o = InferenceOptions.defaults().withKernel(k).withPatch(p[0], p[1]).withThreads(threads);
          try (IntegerInference inf = new IntegerInference(net, o)) {
            assertEquals(ref.hypotheses(), inf.run(in, 32).hypotheses(), o.toString());
          }
        }
      }
    }
  }

  @Test
  void anyPatchSizeThreadCountAndKernelGivesTheReferenceOutput() {
    Model m = ModelFactory.polyphasePostFilter(8, 4, Activation.leakyRelu(0.125f), 3, 0.5f, 3);
    Picture in = TestPictures.natural(71, 45, 10, ChromaFormat.CF420, 4);
    IntegerNetwork net = Networks.quantized(m, BitAllocation.int16(), 32, in);
    assertAllPathsMatchReference(net, in, 32, PATCHES);
  }

  @Test
  void eightBitPicturesAndInt8ActivationsMatchTheReference() {
    Model m = ModelFactory.polyphasePostFilter(6, 3, Activation.relu(), 3, 0.5f, 5);
    Picture in = TestPictures.natural(40, 34, 8, ChromaFormat.CF420, 6);
    IntegerNetwork net = Networks.quantized(m, new BitAllocation(8, 8, 24, 1.5), 27, in);
    assertAllPathsMatchReference(net, in, 27, new int[][] {{4, 4}, {19, 3}, {64, 64}});
  }

  @Test
  void onePixelWideAndTinyPicturesMatchTheReference() {
    Model m = ModelFactory.polyphasePostFilter(5, 3, Activation.leakyRelu(0.25f), 3, 0.5f, 7);
    IntegerNetwork net = Networks.quantized(m, BitAllocation.int16(), 37, TestPictures.natural(16, 16, 10, ChromaFormat.CF420, 1));
    for (int[] size : new int[][] {{1, 1}, {1, 9}, {9, 1}, {2, 2}, {3, 40}, {37, 2}}) {
      for (int bd : new int[] {8, 10}) {
        Picture in = TestPictures.natural(size[0], size[1], bd, ChromaFormat.CF420, size[0] * 100 + size[1]);
        assertAllPathsMatchReference(net, in, 37, new int[][] {{1, 1}, {2, 3}, {64, 64}});
      }
    }
  }

  @Test
  void mixedKernelSizesAndPreluMatchTheReference() {
    // 5x5, 1x1 and 3x3 layers: radius 2 + 0 + 1 = halo 3
    java.util.Random rnd = new java.util.Random(8);
    float[] slopes = new float[9];
    java.util.Arrays.fill(slopes, 0.2f);
    Model m = Model.builder(org.nnpf.common.nn.TensorLayout.POLYPHASE_420).qpPlane(6)
        .add(ModelFactory.randomConv(5, 7, 9, Activation.prelu(slopes), 1f, rnd))
        .add(ModelFactory.randomConv(1, 9, 9, Activation.relu(), 1f, rnd))
        .add(ModelFactory.randomConv(3, 9, 6, Activation.none(), 0.3f, rnd))
        .build();
    assertEquals(3, m.receptiveRadius());
    Picture in = TestPictures.natural(50, 30, 10, ChromaFormat.CF420, 9);
    IntegerNetwork net = Networks.quantized(m, BitAllocation.int16(), 22, in);
    assertAllPathsMatchReference(net, in, 22, new int[][] {{1, 2}, {5, 5}, {13, 8}, {100, 100}});
  }

  @Test
  void noisePictureExercisesClippingAndStillMatches() {
    Model m = ModelFactory.polyphasePostFilter(8, 3, Activation.leakyRelu(0.125f), 3, 2f, 10);
    Picture in = TestPictures.noise(34, 20, 10, ChromaFormat.CF420, 11);
    IntegerNetwork net = Networks.quantized(m, BitAllocation.int16(), 45, TestPictures.natural(34, 20, 10, ChromaFormat.CF420, 1));
    Picture ref = IntegerReference.run(net, in, 45).output();
    boolean clipped = false;
    for (short s : ref.plane(0).samples()) {
      clipped |= s == 0 || s == 1023;
    }
    assertTrue(clipped, "the strong random filter should clip some samples");
    assertAllPathsMatchReference(net, in, 45, new int[][] {{5, 7}, {64, 64}});
  }

  @Test
  void picturesOfAnotherChromaFormatAreRefusedWithAClearError() {
    Model m = ModelFactory.polyphasePostFilter(4, 2, 1);
    IntegerNetwork net = Networks.quantized(m, BitAllocation.int16(), 32, TestPictures.natural(8, 8, 8, ChromaFormat.CF420, 1));
    for (ChromaFormat cf : new ChromaFormat[] {ChromaFormat.CF400, ChromaFormat.CF422, ChromaFormat.CF444}) {
      Picture p = new Picture(8, 8, 8, cf);
      try (IntegerInference inf = new IntegerInference(net, InferenceOptions.defaults())) {
        org.nnpf.common.NnpfException e = org.junit.jupiter.api.Assertions.assertThrows(
            org.nnpf.common.NnpfException.class, () -> inf.apply(p, 32));
        assertEquals("post-filter input layout POLYPHASE_420 needs a 4:2:0 picture, got chroma format " + cf.shortName(), e.getMessage());
      }
    }
  }

  @Test
  void splitCutsIntoNearlyEqualIntervals() {
    assertEquals("[0, 120, 240, 360, 480, 600, 720, 840, 960]", java.util.Arrays.toString(IntegerInference.split(960, 128)));
    assertEquals("[0, 60, 120, 180, 240, 300, 360, 420, 480, 540]", java.util.Arrays.toString(IntegerInference.split(540, 64)));
    assertEquals("[0, 1]", java.util.Arrays.toString(IntegerInference.split(1, 64)));
    assertEquals("[0, 1, 2, 3]", java.util.Arrays.toString(IntegerInference.split(3, 1)));
  }
}
