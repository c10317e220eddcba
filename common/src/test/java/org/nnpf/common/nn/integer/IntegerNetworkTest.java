package org.nnpf.common.nn.integer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nnpf.common.NnpfException;
import org.nnpf.common.nn.Activation;
import org.nnpf.common.nn.Conv2d;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.OutputMode;
import org.nnpf.common.nn.TensorLayout;
import org.nnpf.common.nn.quant.LayerQuantization;
import org.nnpf.common.nn.quant.QuantizationParams;
import org.nnpf.common.nn.quant.TensorQuantizer;

/** Section 3 of docs/integer-inference.md: integer parameters from float parameters. */
class IntegerNetworkTest {
  private static Model model(Activation act, float[] mult) {
    Conv2d.Builder c = Conv2d.builder(1, 7, 6).activation(act).multipliers(mult)
        .bias(new float[] {0.5f, -0.25f, 1e-9f, 3f, -3f, 0f});
    c.weight(0, 0, 0, 0, 0.3f).weight(0, 1, 0, 0, -0.3f).weight(0, 2, 0, 0, 0.375f)
        .weight(0, 3, 0, 0, -0.375f).weight(0, 4, 0, 0, 100f).weight(0, 5, 0, 0, -100f);
    return Model.builder(TensorLayout.POLYPHASE_420).qpPlane(6).outputMode(OutputMode.DIRECT).add(c.build()).build();
  }

  private static QuantizationParams params(int[] explicitMultipliers) {
    return new QuantizationParams(TensorQuantizer.int16(12), List.of(
        LayerQuantization.builder(TensorQuantizer.int8(2), TensorQuantizer.int16(10))
            .accumulatorBits(16).multiplierFracBits(3).slopeFracBits(4).multipliers(explicitMultipliers).build()));
  }

  @Test
  void weightsRoundHalfAwayFromZeroAndSaturate() {
    IntegerLayer l = IntegerNetwork.quantize(model(Activation.none(), null), params(null)).layer(0);
    assertEquals(1, l.weight(0, 0, 0, 0));    // 0.3 * 4 = 1.2
    assertEquals(-1, l.weight(0, 1, 0, 0));
    assertEquals(2, l.weight(0, 2, 0, 0));    // 1.5 -> 2
    assertEquals(-2, l.weight(0, 3, 0, 0));   // -1.5 -> -2
    assertEquals(127, l.weight(0, 4, 0, 0));  // 400 saturates to int8
    assertEquals(-128, l.weight(0, 5, 0, 0));
  }

  @Test
  void biasIsAtTheAccumulatorScaleAndSaturatesToItsPrecision() {
    IntegerLayer l = IntegerNetwork.quantize(model(Activation.none(), null), params(null)).layer(0);
    // q = 12 + 2 = 14 fractional bits, P = 16
    assertEquals(8192, l.bias(0));
    assertEquals(-4096, l.bias(1));
    assertEquals(0, l.bias(2));
    assertEquals(32767, l.bias(3));
    assertEquals(-32768, l.bias(4));
    assertEquals(12 + 2 + 3 - 10, l.shift());
  }

  @Test
  void multipliersComeFromTheModelUnlessSignalled() {
    float[] m = {1f, 0.5f, -2f, 1.0625f, 10000f, 0f};
    IntegerLayer fromModel = IntegerNetwork.quantize(model(Activation.none(), m), params(null)).layer(0);
    assertEquals(8, fromModel.multiplier(0));
    assertEquals(4, fromModel.multiplier(1));
    assertEquals(-16, fromModel.multiplier(2));
    assertEquals(9, fromModel.multiplier(3));      // 8.5 -> 9
    assertEquals(32767, fromModel.multiplier(4));
    IntegerLayer noMult = IntegerNetwork.quantize(model(Activation.none(), null), params(null)).layer(0);
    assertEquals(8, noMult.multiplier(5), "a missing multiplier is 1");
    IntegerLayer signalled = IntegerNetwork.quantize(model(Activation.none(), m), params(new int[] {1, 2, 3, 4, 5, -6})).layer(0);
    assertEquals(-6, signalled.multiplier(5));
  }

  @Test
  void slopesUseTheirOwnFractionalBits() {
    IntegerLayer l = IntegerNetwork.quantize(model(Activation.leakyRelu(0.1f), null), params(null)).layer(0);
    assertEquals(2, l.slope(0)); // 1.6 -> 2
    assertEquals(2, l.slope(5));
    // V < 0: Rsh(V * 2, 4); V = -100 -> Rsh(-200, 4) = (-200 + 8) >> 4 = -12
    assertEquals(-12, FixedPoint.sat(FixedPoint.rsh(-100L * l.slope(0), l.slopeShift()), 16));
  }

  @Test
  void requantizationFollowsSection43() {
    IntegerLayer relu = IntegerNetwork.quantize(model(Activation.relu(), null), params(new int[] {3, 3, 3, 3, 3, 3})).layer(0);
    // s = 7: V = Rsh(A * 3, 7)
    assertEquals(Math.floorDiv(1000 * 3 + 64, 128), relu.requantize(1000, 0));
    assertEquals(0, relu.requantize(-1000, 0));
    IntegerLayer none = IntegerNetwork.quantize(model(Activation.none(), null), params(new int[] {3, 3, 3, 3, 3, 3})).layer(0);
    assertEquals(Math.floorDiv(-1000 * 3 + 64, 128), none.requantize(-1000, 0));
    assertEquals(-1, none.requantize(-64, 0), "(-192 + 64) >> 7 = -1: half rounds up");
    assertEquals(32767, none.requantize(Integer.MAX_VALUE, 0), "saturated to int16");
  }

  @Test
  void parametersOfAnotherShapeAreAUserFacingError() {
    QuantizationParams two = new QuantizationParams(TensorQuantizer.int16(12), List.of(params(null).layer(0), params(null).layer(0)));
    NnpfException e = assertThrows(NnpfException.class, () -> IntegerNetwork.quantize(model(Activation.none(), null), two));
    assertEquals("quantization parameters do not fit model '': quantization parameters for 2 layers, model has 1", e.getMessage());
    NnpfException m = assertThrows(NnpfException.class,
        () -> IntegerNetwork.quantize(model(Activation.none(), null), params(new int[] {1, 2})));
    assertEquals("quantization parameters do not fit model '': layer 0: 2 explicit multipliers, layer has 6 output channels", m.getMessage());
  }
}
