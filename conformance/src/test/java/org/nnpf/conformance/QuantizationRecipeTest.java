package org.nnpf.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nnpf.common.content.SyntheticSource;
import org.nnpf.common.io.SequenceInfo;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.fp.ActivationStatistics;
import org.nnpf.common.nn.fp.FloatInference;
import org.nnpf.common.nn.quant.QuantizationParams;
import org.nnpf.common.nn.quant.TensorQuantizer;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.conformance.QuantizationRecipe.LayerRecipe;

/** The explicit recipes give the allocations they name, and worst cases that fit the declared precision. */
class QuantizationRecipeTest {
  private static ActivationStatistics stats(Model m) {
    SyntheticSource src = new SyntheticSource(new SequenceInfo(48, 32, 8, ChromaFormat.CF420, 30, 1, 1), 3);
    ActivationStatistics s = new ActivationStatistics(m);
    new FloatInference(m).run(src.frame(0), 37, s);
    return s;
  }

  @Test
  void everyLayerOfEverySuiteRecipeFitsItsDeclaredAccumulatorWhateverTheInput() {
    List<Object[]> cases = List.of(
        new Object[] {ConformanceModels.leaky(), ConformanceSuite.int8(ConformanceModels.leaky())},
        new Object[] {ConformanceModels.activations(), ConformanceSuite.mixedPrecisions()},
        new Object[] {ConformanceModels.activations(), ConformanceSuite.int16WithAcc24(ConformanceModels.activations())},
        new Object[] {ConformanceModels.direct(), ConformanceSuite.int16(ConformanceModels.direct())},
        new Object[] {ConformanceModels.byHash(), ConformanceSuite.int16(ConformanceModels.byHash())});
    for (Object[] c : cases) {
      Model m = (Model) c[0];
      QuantizationRecipe r = (QuantizationRecipe) c[1];
      QuantizationParams q = r.design(m, stats(m));
      assertEquals(r.inputBits(), q.input().bits());
      for (int l = 0; l < m.layerCount(); l++) {
        LayerRecipe lr = r.layers().get(l);
        assertEquals(lr.weightBits(), q.layer(l).weights().bits(), m.name() + " layer " + l);
        assertEquals(lr.outputBits(), q.layer(l).output().bits(), m.name() + " layer " + l);
        assertEquals(lr.accumulatorBits(), q.layer(l).accumulatorBits(), m.name() + " layer " + l);
        long worst = QuantizationRecipe.worstCase(m.conv(l), q.layerInput(l), lr, q.layer(l).weights().fracBits());
        assertTrue(worst <= (1L << (lr.accumulatorBits() - 1)) - 1, m.name() + " layer " + l + ": worst case " + worst);
        assertTrue(q.shift(l) >= 0 && q.shift(l) <= QuantizationParams.MAX_SHIFT);
      }
    }
  }

  @Test
  void aSixteenBitAccumulatorWithSixteenBitInputsIsRefused() {
    Model m = ConformanceModels.leaky();
    QuantizationRecipe r = new QuantizationRecipe(16, List.of(LayerRecipe.of(16, 16, 16), LayerRecipe.of(16, 16, 32),
        LayerRecipe.of(16, 16, 32)), 1.25, 0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.design(m, stats(m)));
    assertTrue(e.getMessage().contains("layer 0"), e.getMessage());
  }

  @Test
  void theInputQuantizerUsesTheWholeRange() {
    Model m = ConformanceModels.leaky();
    assertEquals(new TensorQuantizer(8, 7), ConformanceSuite.int8(m).design(m, stats(m)).input());
    assertEquals(new TensorQuantizer(16, 15), ConformanceSuite.int16(m).design(m, stats(m)).input());
  }
}
