package org.nnpf.common.nn.integer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nnpf.common.nn.Activation;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.ModelFactory;
import org.nnpf.common.nn.TestPictures;
import org.nnpf.common.nn.fp.FloatInference;
import org.nnpf.common.nn.quant.BitAllocation;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;
import org.nnpf.common.picture.Plane;

/**
 * Quantization loss of the simple rule: float and integer inference of the same model, measured
 * against the original of a degraded picture, differ by less than 0.05 dB.
 */
class FloatVersusIntegerTest {
  /** The original with noise and a small bias added, as a stand-in for a decoded picture. */
  private static Picture degrade(Picture orig, long seed) {
    java.util.Random rnd = new java.util.Random(seed);
    Picture p = orig.copy();
    int max = p.maxValue();
    for (int c = 0; c < p.planeCount(); c++) {
      Plane pl = p.plane(c);
      for (int y = 0; y < pl.height(); y++) {
        for (int x = 0; x < pl.width(); x++) {
          int v = pl.get(x, y) + (int) Math.round(rnd.nextGaussian() * max / 200.0);
          pl.set(x, y, Math.max(0, Math.min(max, v)));
        }
      }
    }
    return p;
  }

  private static void check(Model m, BitAllocation alloc, int bitDepth, double maxDb) {
    int qp = 37;
    Picture calibOrig = TestPictures.natural(96, 64, bitDepth, ChromaFormat.CF420, 1);
    IntegerNetwork net = Networks.quantized(m, alloc, qp, degrade(calibOrig, 2));
    for (long seed = 10; seed < 13; seed++) {
      Picture orig = TestPictures.natural(120, 72, bitDepth, ChromaFormat.CF420, seed);
      Picture in = degrade(orig, seed + 100);
      Picture f = new FloatInference(m).apply(in, qp);
      Picture i;
      try (IntegerInference inf = new IntegerInference(net, InferenceOptions.defaults())) {
        i = inf.apply(in, qp);
      }
      double pf = TestPictures.psnr(orig, f);
      double pi = TestPictures.psnr(orig, i);
      System.out.printf("%s %d-bit: float %.4f dB, integer %.4f dB, float vs integer %.2f dB%n",
          alloc, bitDepth, pf, pi, TestPictures.psnr(f, i));
      assertTrue(Math.abs(pf - pi) < maxDb, String.format("float %.4f dB, integer %.4f dB, %s", pf, pi, alloc));
      assertTrue(TestPictures.psnr(f, i) > 50, "float and integer outputs nearly equal: " + TestPictures.psnr(f, i));
    }
  }

  @Test
  void int16QuantizationLosesLessThanFiveHundredthsOfADb() {
    Model m = ModelFactory.polyphasePostFilter(16, 5, 42);
    check(m, BitAllocation.int16(), 10, 0.05);
    check(m, BitAllocation.int16(), 8, 0.05);
  }

  /**
   * A network of several hypotheses: every hypothesis picture of the integer process is within the
   * same bound of the float one (the quantizers cover all 6·H output channels).
   */
  @Test
  void everyHypothesisOfASeveralHypothesisModelLosesLessThanFiveHundredthsOfADb() {
    Model m = ModelFactory.withHypotheses(ModelFactory.polyphasePostFilter(16, 5, 42), 3, 0.3, 1);
    int qp = 37;
    for (int bitDepth : new int[] {8, 10}) {
      Picture calibOrig = TestPictures.natural(96, 64, bitDepth, ChromaFormat.CF420, 1);
      IntegerNetwork net = Networks.quantized(m, BitAllocation.int16(), qp, degrade(calibOrig, 2));
      Picture orig = TestPictures.natural(120, 72, bitDepth, ChromaFormat.CF420, 10);
      Picture in = degrade(orig, 110);
      FloatInference.Result fr = new FloatInference(m).run(in, qp, null);
      java.util.List<Picture> f = FloatInference.hypothesisPictures(m, in, fr.outputTensor());
      java.util.List<Picture> i;
      try (IntegerInference inf = new IntegerInference(net, InferenceOptions.defaults())) {
        i = inf.run(in, qp).hypotheses();
      }
      assertEquals(3, f.size());
      assertEquals(3, i.size());
      assertEquals(fr.output(), f.get(0));
      for (int h = 0; h < 3; h++) {
        double pf = TestPictures.psnr(orig, f.get(h));
        double pi = TestPictures.psnr(orig, i.get(h));
        System.out.printf("hypothesis %d, %d-bit: float %.4f dB, integer %.4f dB, float vs integer %.2f dB%n",
            h, bitDepth, pf, pi, TestPictures.psnr(f.get(h), i.get(h)));
        assertTrue(Math.abs(pf - pi) < 0.05, String.format("hypothesis %d: float %.4f dB, integer %.4f dB", h, pf, pi));
        assertTrue(TestPictures.psnr(f.get(h), i.get(h)) > 50, "hypothesis " + h);
      }
      assertTrue(TestPictures.psnr(f.get(0), f.get(1)) < 60, "the hypotheses differ");
    }
  }

  @Test
  void preluModelQuantizationLosesLessThanFiveHundredthsOfADb() {
    Model m = ModelFactory.polyphasePostFilter(12, 4, Activation.prelu(new float[] {0.2f}), 3, 0.1f, 43);
    check(m, BitAllocation.int16(), 10, 0.05);
  }

  @Test
  void int8WeightsCostMoreButStayWithinATenthOfADb() {
    Model m = ModelFactory.polyphasePostFilter(12, 4, Activation.relu(), 3, 0.02f, 44);
    check(m, new BitAllocation(16, 8, 32, 1.5), 10, 0.1);
  }
}
