package org.nnpf.encoder.quant;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nnpf.common.nn.Activation;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.ModelFactory;
import org.nnpf.common.picture.Picture;
import org.nnpf.encoder.overfit.FloatFilter;
import org.nnpf.training.GeneratedPictures;
import org.nnpf.training.TrainableModel;

/** The fake-quantized float graph follows the integer decoding process step by step. */
class QuantizationAwareModelTest {

  static void assertNearlyIdentical(Model m, TensorBitAllocation bits, Strategy s, int p, Picture in, int qp) {
    NetworkStatistics st = NetworkStatistics.measure(m, List.of(in), qp);
    QuantizationPlan plan = QuantizationPlanner.plan(st, bits, s, p);
    TrainableModel tm = TrainableModel.of(m);
    QuantizationAwareModel.apply(tm, plan);
    Picture fake = FloatFilter.apply(tm, List.of(in), qp, 1).get(0);
    IntegerEvaluator.Run run = IntegerEvaluator.run(m, plan.toParams(m, true), List.of(in), qp, 1);
    Picture integer = run.outputs().get(0);
    long differ = 0;
    for (int c = 0; c < 3; c++) {
      short[] a = fake.plane(c).samples();
      short[] b = integer.plane(c).samples();
      for (int i = 0; i < a.length; i++) {
        int d = Math.abs(a[i] - b[i]);
        assertTrue(d <= 1, "plane " + c + " sample " + i + " differs by " + d);
        differ += d;
      }
    }
    // Only float rounding of the sums can separate them: a handful of samples off by one.
    assertTrue(differ <= in.sampleCount() / 200, differ + " of " + in.sampleCount() + " samples differ\n" + plan.table());
  }

  @Test
  void fakeQuantizedGraphMatchesTheIntegerDecoder() {
    Picture in = GeneratedPictures.blocky(GeneratedPictures.natural(40, 30, 8, 5), 0.3);
    Model leaky = ModelFactory.polyphasePostFilter(8, 3, Activation.leakyRelu(0.125f), 3, 1f, 2);
    assertNearlyIdentical(leaky, TensorBitAllocation.uniform(3, 8), Strategy.MEASURED, 32, in, 37);
    assertNearlyIdentical(leaky, TensorBitAllocation.uniform(3, 16), Strategy.APPROXIMATE, 32, in, 22);
    float[] s = {0.1f, 0.2f, 0.3f, 0.05f, 0.25f, 0.15f, 0.12f, 0.3f};
    Model prelu = ModelFactory.polyphasePostFilter(8, 3, Activation.prelu(s), 3, 1f, 3);
    assertNearlyIdentical(prelu, TensorBitAllocation.uniform(3, 8).with(0, 16), Strategy.MEASURED, 24, in, 30);
    Picture ten = GeneratedPictures.blocky(GeneratedPictures.natural(24, 18, 10, 6), 0.3);
    assertNearlyIdentical(leaky, TensorBitAllocation.uniform(3, 16), Strategy.WORST_CASE, 32, ten, 37);
  }
}
