package org.nnpf.encoder.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nnpf.common.nn.quant.LayerQuantization;
import org.nnpf.common.nn.quant.QuantizationParams;
import org.nnpf.common.nn.quant.TensorQuantizer;

/** The encoder's rate-distortion rules, on hand-computed cases. */
class RdDecisionTest {
  @Test
  void lambdaIsHmsLagrangianScaledForTheBitDepth() {
    assertEquals(0.57 * 512, NnpfEncoder.lambda(39, 8), 1e-9);
    assertEquals(0.57 * 512 * 16, NnpfEncoder.lambda(39, 10), 1e-9);
  }

  @Test
  void cappingTheMultiplierPrecisionRoundsHalfAwayFromZero() {
    LayerQuantization lq = LayerQuantization.builder(TensorQuantizer.int8(7), TensorQuantizer.int8(5))
        .multiplierFracBits(12).multipliers(new int[] {4096, 4104, 4103, -4104, -4103, 0}).build();
    QuantizationParams p = new QuantizationParams(TensorQuantizer.int8(6), List.of(lq));
    QuantizationParams c = NnpfEncoder.capMultiplierPrecision(p, 8);
    LayerQuantization out = c.layer(0);
    assertEquals(8, out.multiplierFracBits());
    // 4104 / 16 = 256.5 -> 257; 4103 / 16 = 256.4375 -> 256; negatives mirror
    assertArrayEquals(new int[] {256, 257, 256, -257, -256, 0}, out.multipliers().orElseThrow());
    assertEquals(lq, NnpfEncoder.capMultiplierPrecision(p, 12).layer(0), "a cap at or above qm changes nothing");
  }

  @Test
  void picturesAreFilteredOnlyWhenTheirGainPaysForAnActivation() {
    double lambda = 2.0;
    double act = lambda * NnpfEncoder.ACTIVATION_BITS;
    double[] gain = {act + 1, -10 * act, -5, 10 * act};
    NnpfEncoder.Candidate c = NnpfEncoder.Candidate.of("t", null, 1000, List.of(), gain, lambda, true);
    assertArrayEquals(new boolean[] {true, false, false, true}, c.on());
    assertEquals(2, c.onCount());
    // J = -(gain of the two filtered pictures) + lambda * (1000 + 2 activations)
    assertEquals(-(act + 1 + 10 * act) + lambda * (1000 + 2 * NnpfEncoder.ACTIVATION_BITS), c.cost(), 1e-9);
    NnpfEncoder.Candidate all = NnpfEncoder.Candidate.of("t", null, 1000, List.of(), gain, lambda, false);
    assertEquals(4, all.onCount());
    // every picture filtered: one persistent activation
    assertEquals(-(act + 1 - 10 * act - 5 + 10 * act) + lambda * (1000 + NnpfEncoder.ACTIVATION_BITS), all.cost(), 1e-9);
  }

  @Test
  void smallGainsOnEveryPictureAreTakenUnderOnePersistentActivation() {
    // no picture pays for an activation of its own, together they pay for one
    double lambda = 3.0;
    double act = lambda * NnpfEncoder.ACTIVATION_BITS;
    double[] gain = new double[10];
    java.util.Arrays.fill(gain, act / 2);
    gain[3] = -act / 10;
    NnpfEncoder.Candidate c = NnpfEncoder.Candidate.of("t", null, 100, List.of(), gain, lambda, true);
    assertEquals(10, c.onCount());
    assertEquals(-(9 * act / 2 - act / 10) + lambda * (100 + NnpfEncoder.ACTIVATION_BITS), c.cost(), 1e-9);
    assertTrue(c.cost() < 0);
  }

  @Test
  void aFilterThatDoesNotPayForItsParameterSetCostsMoreThanNothing() {
    double lambda = 10;
    NnpfEncoder.Candidate c = NnpfEncoder.Candidate.of("t", null, 100_000, List.of(), new double[] {5000, 6000}, lambda, true);
    assertTrue(c.cost() > 0);
  }
}
