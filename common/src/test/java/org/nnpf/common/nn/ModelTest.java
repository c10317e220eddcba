package org.nnpf.common.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ModelTest {
  @Test
  void benchmarkModelCosts1476KmacPerLumaPixel() {
    Model m = ModelFactory.polyphasePostFilter(32, 8, 1);
    assertEquals(9.0 * (7 * 32 + 6 * 32 * 32 + 32 * 6) / 4 / 1000, m.kmacPerLumaPixel(), 1e-12);
    assertEquals(14.76, m.kmacPerLumaPixel(), 0.005);
    assertEquals(7, m.inputChannels());
    assertEquals(6, m.outputChannels());
    assertEquals(8, m.receptiveRadius());
    assertEquals(32, m.maxChannels());
  }

  @Test
  void parameterCountIncludesWeightsBiasesMultipliersAndSlopes() {
    Model m = ModelFactory.polyphasePostFilter(32, 8, 1);
    long weights = 9L * (7 * 32 + 6 * 32 * 32 + 32 * 6);
    long perChannel = 7 * 32 * 2 + 6 * 2; // bias + multiplier
    long slopes = 7; // one LeakyReLU slope per hidden layer
    assertEquals(weights + perChannel + slopes, m.parameterCount());
  }

  @Test
  void channelChainMismatchIsRejected() {
    Model.Builder b = Model.builder(TensorLayout.POLYPHASE_420).qpPlane(6)
        .add(Conv2d.builder(3, 7, 16).build())
        .add(Conv2d.builder(3, 8, 6).build());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
    assertEquals("layer 1 reads 8 channels, the previous tensor has 16", e.getMessage());
  }

  @Test
  void lastLayerMustProduceThePictureChannels() {
    Model.Builder b = Model.builder(TensorLayout.POLYPHASE_420).noQpPlane()
        .add(Conv2d.builder(1, 6, 5).build());
    assertThrows(IllegalArgumentException.class, b::build);
  }

  @Test
  void preluNeedsOneSlopePerOutputChannel() {
    assertThrows(IllegalArgumentException.class,
        () -> Conv2d.builder(3, 7, 4).activation(Activation.prelu(new float[] {0.1f, 0.2f})));
  }

  @Test
  void hashChangesWithAnyWeight() {
    Model a = ModelFactory.polyphasePostFilter(8, 3, 5);
    Conv2d c = a.conv(1);
    Model b = a.toBuilder().set(1, c.toBuilder().weight(0, 0, 0, 0, c.weight(0, 0, 0, 0) + 1e-3f).build()).build();
    assertEquals(a.hash(), ModelFactory.polyphasePostFilter(8, 3, 5).hash());
    org.junit.jupiter.api.Assertions.assertNotEquals(a.hash(), b.hash());
  }
}
