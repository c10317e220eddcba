package org.nnpf.encoder.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

class BitAllocatorTest {
  static final Model MODEL = ModelFactory.polyphasePostFilter(8, 3, Activation.leakyRelu(0.125f), 3, 0.5f, 9);
  static final List<Picture> ORIG = List.of(GeneratedPictures.natural(32, 24, 8, 4));
  static final List<Picture> REC = List.of(GeneratedPictures.blocky(ORIG.get(0), 0.4));

  static BitAllocator.Result allocate(double threshold) {
    NetworkStatistics st = NetworkStatistics.measure(MODEL, REC, 32);
    List<Picture> fl = FloatFilter.apply(TrainableModel.floatOnly(MODEL), REC, 32, 1);
    return BitAllocator.allocate(MODEL, st, Strategy.MEASURED, 32, REC, ORIG, fl, 32, threshold, 1);
  }

  @Test
  void aGenerousThresholdKeepsEveryTensorAt8Bits() {
    BitAllocator.Result r = allocate(100);
    assertEquals(TensorBitAllocation.uniform(3, 8), r.plan().allocation());
    assertEquals(1, r.evaluations());
  }

  @Test
  void aTightThresholdUpgradesTensorsInOrderOfSensitivityUntilItHolds() {
    BitAllocator.Result r = allocate(0.002);
    TensorBitAllocation a = r.plan().allocation();
    int upgraded = 0;
    for (int t = 0; t < a.tensorCount(); t++) {
      upgraded += a.bits(t) == 16 ? 1 : 0;
    }
    assertTrue(upgraded > 0, r.log().toString());
    assertTrue(r.lossDb() <= 0.002 || upgraded == a.tensorCount(), r.log().toString());
    // 1 evaluation of all 8 bits, one sensitivity per tensor, one per upgrade.
    assertEquals(1 + a.tensorCount() + upgraded, r.evaluations(), r.log().toString());
  }
}
