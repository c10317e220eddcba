package org.nnpf.common.nn.integer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nnpf.common.nn.Activation;
import org.nnpf.common.nn.Conv2d;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.ModelFactory;
import org.nnpf.common.nn.OutputMode;
import org.nnpf.common.nn.TensorLayout;
import org.nnpf.common.nn.TestPictures;
import org.nnpf.common.nn.quant.BitAllocation;
import org.nnpf.common.nn.quant.LayerQuantization;
import org.nnpf.common.nn.quant.QuantizationParams;
import org.nnpf.common.nn.quant.TensorQuantizer;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;

/** The checking mode: counts accumulations outside the declared precision. */
class AccumulatorCheckingTest {
  /**
   * 1x1 conv summing the 4 luma phases with weight 1, input 16 bits at 14 fractional bits, 16-bit
   * accumulator: a white 10-bit picture gives 4 * (1023 << 4) = 65472 > 32767 at every position.
   */
  private static IntegerNetwork crafted() {
    Conv2d.Builder c = Conv2d.builder(1, 7, 6);
    for (int ci = 0; ci < 4; ci++) {
      c.weight(0, ci, 0, 0, 1f);
    }
    Model m = Model.builder(TensorLayout.POLYPHASE_420).qpPlane(6).outputMode(OutputMode.DIRECT).add(c.build()).build();
    QuantizationParams q = new QuantizationParams(TensorQuantizer.int16(14), java.util.List.of(
        LayerQuantization.builder(TensorQuantizer.int16(0), TensorQuantizer.int16(14)).accumulatorBits(16).build()));
    return IntegerNetwork.quantize(m, q);
  }

  @Test
  void craftedOverflowIsCountedAtEveryPositionAndWrapped() {
    Picture white = new Picture(10, 6, 10, ChromaFormat.CF420);
    for (int c = 0; c < 3; c++) {
      white.plane(c).fill(1023);
    }
    IntegerNetwork net = crafted();
    IntegerReference.Result ref = IntegerReference.run(net, white, 30);
    AccumulatorReport r = ref.report();
    assertEquals(5 * 3 * 6, r.accumulations(0));
    assertEquals(5 * 3, r.violations(0), "channel 0 overflows at each of the 15 positions");
    assertEquals(4 * (1023 << 4), r.maxAbs(0));
    assertEquals(17, r.bitsUsed(0));
    // Wrap_16(65472) = -64 -> Scale(-64, 10 - 14) = -4 -> clipped to 0
    assertEquals(0, ref.output().plane(0).get(0, 0));
    try (IntegerInference inf = new IntegerInference(net, InferenceOptions.defaults().withChecking(true).withPatch(3, 2).withThreads(2))) {
      IntegerInference.Result res = inf.run(white, 30);
      assertEquals(r, res.report().orElseThrow(), "patch-wise checking counts each accumulation once");
      assertEquals(ref.output(), res.output());
    }
    try (IntegerInference fast = new IntegerInference(net, InferenceOptions.defaults())) {
      assertEquals(ref.output(), fast.apply(white, 30), "normal mode wraps the same way");
    }
  }

  @Test
  void simpleQuantizerNeverViolatesEvenOnNoise() {
    Model m = ModelFactory.polyphasePostFilter(8, 4, Activation.leakyRelu(0.125f), 3, 1f, 21);
    Picture calib = TestPictures.natural(48, 32, 10, ChromaFormat.CF420, 2);
    for (BitAllocation a : new BitAllocation[] {BitAllocation.int16(), new BitAllocation(16, 8, 24, 1.5), new BitAllocation(8, 8, 16, 2)}) {
      IntegerNetwork net = Networks.quantized(m, a, 32, calib);
      Picture noise = TestPictures.noise(48, 32, 10, ChromaFormat.CF420, 3);
      try (IntegerInference inf = new IntegerInference(net, InferenceOptions.defaults().withChecking(true))) {
        AccumulatorReport rep = inf.run(noise, 63).report().orElseThrow();
        assertTrue(rep.conforming(), a + "\n" + rep.describe());
        assertEquals(IntegerReference.run(net, noise, 63).report(), rep);
      }
    }
  }

  @Test
  void reportWithoutCheckingIsEmpty() {
    try (IntegerInference inf = new IntegerInference(crafted(), InferenceOptions.defaults())) {
      assertTrue(inf.run(new Picture(4, 4, 8, ChromaFormat.CF420), 22).report().isEmpty());
    }
  }

  @Test
  void guardedRunCountsExactlyWhatCheckingModeCountsWithAnUpperBoundOfTheMaximum() {
    // the crafted overflow (every layer-patch must fall back to the checking kernel) ...
    Picture white = new Picture(10, 6, 10, ChromaFormat.CF420);
    for (int c = 0; c < 3; c++) {
      white.plane(c).fill(1023);
    }
    IntegerNetwork crafted = crafted();
    AccumulatorReport exact = IntegerReference.run(crafted, white, 30).report();
    try (IntegerInference inf = new IntegerInference(crafted, InferenceOptions.defaults().withPatch(3, 2).withThreads(2))) {
      IntegerInference.Result g = inf.runGuarded(white, 30);
      assertEquals(exact, g.report().orElseThrow());
      assertEquals(IntegerReference.run(crafted, white, 30).output(), g.output());
    }
    // ... and real networks at every precision, where the bound mostly excludes violations
    Model m = ModelFactory.polyphasePostFilter(8, 4, Activation.leakyRelu(0.125f), 3, 1f, 21);
    Picture calib = TestPictures.natural(48, 32, 10, ChromaFormat.CF420, 2);
    for (BitAllocation a : new BitAllocation[] {BitAllocation.int16(), new BitAllocation(16, 8, 24, 1.5),
        new BitAllocation(8, 8, 16, 1), new BitAllocation(16, 16, 16, 1)}) {
      IntegerNetwork net = Networks.quantized(m, a, 32, calib);
      Picture noise = TestPictures.noise(48, 32, 10, ChromaFormat.CF420, 3);
      AccumulatorReport ref = IntegerReference.run(net, noise, 63).report();
      for (int[] patch : new int[][] {{7, 5}, {256, 128}}) {
        try (IntegerInference inf = new IntegerInference(net, InferenceOptions.defaults().withPatch(patch[0], patch[1]))) {
          IntegerInference.Result g = inf.runGuarded(noise, 63);
          AccumulatorReport r = g.report().orElseThrow();
          assertEquals(IntegerReference.run(net, noise, 63).output(), g.output());
          for (int l = 0; l < r.layerCount(); l++) {
            assertEquals(ref.accumulations(l), r.accumulations(l), a + " layer " + l);
            assertEquals(ref.violations(l), r.violations(l), a + " layer " + l);
            assertTrue(r.maxAbs(l) >= ref.maxAbs(l), a + " layer " + l);
            if (ref.violations(l) > 0) {
              assertEquals(ref.maxAbs(l), r.maxAbs(l), "a layer with violations ran checked: " + a + " layer " + l);
            }
          }
        }
      }
    }
  }
}
