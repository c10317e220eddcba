package org.nnpf.encoder.pipeline;

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
    assertEquals(0.57 * 512, LambdaPass.lambda(39, 8), 1e-9);
    assertEquals(0.57 * 512 * 16, LambdaPass.lambda(39, 10), 1e-9);
  }

  @Test
  void cappingTheMultiplierPrecisionRoundsHalfAwayFromZero() {
    LayerQuantization lq = LayerQuantization.builder(TensorQuantizer.int8(7), TensorQuantizer.int8(5))
        .multiplierFracBits(12).multipliers(new int[] {4096, 4104, 4103, -4104, -4103, 0}).build();
    QuantizationParams p = new QuantizationParams(TensorQuantizer.int8(6), List.of(lq));
    QuantizationParams c = DecisionPass.capMultiplierPrecision(p, 8);
    LayerQuantization out = c.layer(0);
    assertEquals(8, out.multiplierFracBits());
    // 4104 / 16 = 256.5 -> 257; 4103 / 16 = 256.4375 -> 256; negatives mirror
    assertArrayEquals(new int[] {256, 257, 256, -257, -256, 0}, out.multipliers().orElseThrow());
    assertEquals(lq, DecisionPass.capMultiplierPrecision(p, 12).layer(0), "a cap at or above qm changes nothing");
    // the shift qx + qw + qm - qout must stay >= 0: with an output of 16 fractional bits the smallest qm is 16 - 6 - 7 = 3
    LayerQuantization fine = LayerQuantization.builder(TensorQuantizer.int8(7), TensorQuantizer.int16(16))
        .multiplierFracBits(12).multipliers(new int[] {4096, 4104}).build();
    QuantizationParams pf = new QuantizationParams(TensorQuantizer.int8(6), List.of(fine));
    LayerQuantization capped = DecisionPass.capMultiplierPrecision(pf, 1).layer(0);
    assertEquals(3, capped.multiplierFracBits());
    assertArrayEquals(new int[] {8, 8}, capped.multipliers().orElseThrow());
  }

  @Test
  void cappingTheBiasPrecisionRoundsTheUpdateToItsStepHalfAwayFromZero() {
    org.nnpf.common.nn.Model m = org.nnpf.common.nn.ModelFactory.polyphasePostFilter(8, 3, 4);
    java.util.List<LayerQuantization> layers = new java.util.ArrayList<>();
    for (int l = 0; l < m.layerCount(); l++) {
      layers.add(LayerQuantization.builder(TensorQuantizer.int16(12), TensorQuantizer.int16(11)).accumulatorBits(32)
          .multiplierFracBits(14).build());
    }
    QuantizationParams plain = new QuantizationParams(TensorQuantizer.int16(13), layers);
    // layer 1: qx + qw = 11 + 12 = 23 fractional bits; at 16 kept bits the step is 2^7 = 128
    int[] pred = org.nnpf.common.nn.integer.IntegerLayer.modelBiases(m.conv(1), 23, 32);
    int[] d = {0, 100, 128, -192, 64, 63, -64, 1 << 20};
    int[] b = pred.clone();
    for (int i = 0; i < d.length; i++) {
      b[i] += d[i];
    }
    QuantizationParams p = plain.withLayer(1, plain.layer(1).toBuilder().biases(b).build());
    int[] got = DecisionPass.capBiasPrecision(m, p, 16).layer(1).biases().orElseThrow();
    int[] want = {0, 128, 128, -256, 128, 0, -128, 1 << 20};
    for (int i = 0; i < got.length; i++) {
      assertEquals(pred[i] + (i < want.length ? want[i] : 0), got[i], "bias " + i);
    }
    assertEquals(p.layer(0), DecisionPass.capBiasPrecision(m, p, 16).layer(0), "a layer without explicit biases");
    assertEquals(p.layer(1), DecisionPass.capBiasPrecision(m, p, 23).layer(1), "a step of 1 changes nothing");
    // every update rounds to 0: no explicit biases, so no bias update is signalled
    int[] small = pred.clone();
    small[2] += 63;
    QuantizationParams ps = plain.withLayer(1, plain.layer(1).toBuilder().biases(small).build());
    assertTrue(DecisionPass.capBiasPrecision(m, ps, 16).layer(1).biases().isEmpty());
  }

  @Test
  void picturesAreFilteredOnlyWhenTheirGainPaysForAnActivation() {
    double lambda = 2.0;
    double act = lambda * ContainerBits.ACTIVATION_BITS;
    double[] gain = {act + 1, -10 * act, -5, 10 * act};
    Candidate c = Candidate.of("t", null, 1000, List.of(), gain, lambda, true);
    assertArrayEquals(new boolean[] {true, false, false, true}, c.on());
    assertEquals(2, c.onCount());
    // J = -(gain of the two filtered pictures) + lambda * (1000 + 2 activations)
    assertEquals(-(act + 1 + 10 * act) + lambda * (1000 + 2 * ContainerBits.ACTIVATION_BITS), c.cost(), 1e-9);
    Candidate all = Candidate.of("t", null, 1000, List.of(), gain, lambda, false);
    assertEquals(4, all.onCount());
    // every picture filtered: one persistent activation
    assertEquals(-(act + 1 - 10 * act - 5 + 10 * act) + lambda * (1000 + ContainerBits.ACTIVATION_BITS), all.cost(), 1e-9);
  }

  @Test
  void smallGainsOnEveryPictureAreTakenUnderOnePersistentActivation() {
    // no picture pays for an activation of its own, together they pay for one
    double lambda = 3.0;
    double act = lambda * ContainerBits.ACTIVATION_BITS;
    double[] gain = new double[10];
    java.util.Arrays.fill(gain, act / 2);
    gain[3] = -act / 10;
    Candidate c = Candidate.of("t", null, 100, List.of(), gain, lambda, true);
    assertEquals(10, c.onCount());
    assertEquals(-(9 * act / 2 - act / 10) + lambda * (100 + ContainerBits.ACTIVATION_BITS), c.cost(), 1e-9);
    assertTrue(c.cost() < 0);
  }

  @Test
  void aFilterThatDoesNotPayForItsParameterSetCostsMoreThanNothing() {
    double lambda = 10;
    Candidate c = Candidate.of("t", null, 100_000, List.of(), new double[] {5000, 6000}, lambda, true);
    assertTrue(c.cost() > 0);
  }

  @Test
  void aZeroLastLayerMultiplierLeavesThatPartOfThePictureExactlyAsDecoded() {
    org.nnpf.common.nn.Model m = org.nnpf.common.nn.ModelFactory.polyphasePostFilter(8, 3, 4);
    org.nnpf.common.picture.Picture orig = org.nnpf.training.GeneratedPictures.natural(38, 22, 8, 3);
    org.nnpf.common.picture.Picture dec = org.nnpf.training.GeneratedPictures.blocky(orig, 0.4);
    org.nnpf.common.nn.fp.ActivationStatistics stats = new org.nnpf.common.nn.fp.ActivationStatistics(m);
    new org.nnpf.common.nn.fp.FloatInference(m).run(dec, 32, stats);
    QuantizationParams q = org.nnpf.common.nn.quant.SimpleQuantizer.quantize(m, stats,
        org.nnpf.common.nn.quant.BitAllocation.int16());
    org.nnpf.common.picture.Picture full = filter(m, q, dec);
    org.nnpf.common.picture.Picture luma = filter(m, DecisionPass.keepPlanes(m, q, 1).orElseThrow(), dec);
    org.nnpf.common.picture.Picture chroma = filter(m, DecisionPass.keepPlanes(m, q, 6).orElseThrow(), dec);
    assertTrue(!full.plane(0).equals(dec.plane(0)) && !full.plane(1).equals(dec.plane(1)), "the filter changes both parts");
    assertEquals(full.plane(0), luma.plane(0));
    assertEquals(dec.plane(1), luma.plane(1));
    assertEquals(dec.plane(2), luma.plane(2));
    assertEquals(dec.plane(0), chroma.plane(0));
    assertEquals(full.plane(1), chroma.plane(1));
    assertEquals(full.plane(2), chroma.plane(2));
    org.nnpf.common.picture.Picture lumaCr = filter(m, DecisionPass.keepPlanes(m, q, 5).orElseThrow(), dec);
    assertEquals(full.plane(0), lumaCr.plane(0));
    assertEquals(dec.plane(1), lumaCr.plane(1));
    assertEquals(full.plane(2), lumaCr.plane(2));
  }

  private static org.nnpf.common.picture.Picture filter(org.nnpf.common.nn.Model m, QuantizationParams q,
      org.nnpf.common.picture.Picture p) {
    try (org.nnpf.common.nn.integer.IntegerInference inf = new org.nnpf.common.nn.integer.IntegerInference(
        org.nnpf.common.nn.integer.IntegerNetwork.quantize(m, q), org.nnpf.common.nn.integer.InferenceOptions.defaults())) {
      return inf.apply(p, 32);
    }
  }
}
