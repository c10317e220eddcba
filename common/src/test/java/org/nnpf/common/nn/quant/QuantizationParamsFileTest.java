package org.nnpf.common.nn.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnpf.common.NnpfException;

class QuantizationParamsFileTest {
  private static QuantizationParams sample() {
    return new QuantizationParams(TensorQuantizer.int16(14), List.of(
        LayerQuantization.builder(TensorQuantizer.int16(13), TensorQuantizer.int16(11))
            .accumulatorBits(32).multiplierFracBits(14).slopeFracBits(3).build(),
        LayerQuantization.builder(TensorQuantizer.int8(-2), TensorQuantizer.int8(5))
            .accumulatorBits(24).multiplierFracBits(12).multipliers(new int[] {4096, -32768, 32767}).build()));
  }

  @Test
  void roundTripKeepsEveryField(@TempDir Path dir) {
    QuantizationParams p = sample();
    byte[] b = QuantizationParamsFile.toBytes(p);
    assertEquals(p, QuantizationParamsFile.fromBytes(b, "q"));
    assertArrayEquals(b, QuantizationParamsFile.toBytes(QuantizationParamsFile.fromBytes(b, "q")));
    Path f = dir.resolve("q.nnpq");
    QuantizationParamsFile.write(p, f);
    assertEquals(p, QuantizationParamsFile.read(f));
    assertEquals(4 + 2 + 2 + 2 + 8 + 8 + 2 + 6 + 4, b.length);
  }

  @Test
  void shiftsAreDerivedFromTheChainOfQuantizers() {
    QuantizationParams p = sample();
    assertEquals(14 + 13 + 14 - 11, p.shift(0));
    assertEquals(11 - 2 + 12 - 5, p.shift(1));
  }

  @Test
  void truncationsAndBadFieldsAreNamed() {
    byte[] b = QuantizationParamsFile.toBytes(sample());
    for (int n = 0; n < b.length; n++) {
      byte[] t = Arrays.copyOf(b, n);
      NnpfException e = assertThrows(NnpfException.class, () -> QuantizationParamsFile.fromBytes(t, "q"));
      assertTrue(e.getMessage().startsWith("q: ") && e.getMessage().contains(" at byte offset "), e.getMessage());
    }
    byte[] acc = b.clone();
    acc[12] = 20;
    assertEquals("q: layer[0].accumulator_bits at byte offset 12 = 20 is not 16, 24 or 32",
        assertThrows(NnpfException.class, () -> QuantizationParamsFile.fromBytes(acc, "q")).getMessage());
    byte[] shift = b.clone();
    shift[11] = -8; // layer[0].weight_frac_bits
    shift[16] = 31; // layer[0].output_frac_bits: shift 14 - 8 + 14 - 31 = -11
    assertEquals("q: layer[0].output_frac_bits at byte offset 16 = 31 gives the shift -11 (not in 0..62)",
        assertThrows(NnpfException.class, () -> QuantizationParamsFile.fromBytes(shift, "q")).getMessage());
  }

  /** Explicit biases (bias updates) travel as int32 values, each within the layer's accumulator. */
  @Test
  void explicitBiasesRoundTripAndMustFitTheAccumulator() {
    QuantizationParams p = sample();
    QuantizationParams b = p.withLayer(1, p.layer(1).toBuilder().biases(new int[] {-(1 << 23), 5, (1 << 23) - 1}).build());
    byte[] bytes = QuantizationParamsFile.toBytes(b);
    assertEquals(b, QuantizationParamsFile.fromBytes(bytes, "q"));
    assertTrue(!b.equals(p), "explicit biases are part of the parameters");
    assertEquals(QuantizationParamsFile.toBytes(p).length + 2 + 12, bytes.length);
    // 2^23 does not fit layer 1's 24-bit accumulator: refused when built, and when read
    assertThrows(IllegalArgumentException.class, () -> p.layer(1).toBuilder().biases(new int[] {1 << 23, 0, 0}).build());
    int at = bytes.length - 4 - 12;  // the first bias, before the CRC
    bytes[at + 1] = 0x7f;
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(bytes, 0, bytes.length - 4);
    java.nio.ByteBuffer.wrap(bytes).putInt(bytes.length - 4, (int) crc.getValue());
    NnpfException e = assertThrows(NnpfException.class, () -> QuantizationParamsFile.fromBytes(bytes, "q"));
    assertTrue(e.getMessage().contains("layer[1].biases") && e.getMessage().contains("24-bit accumulator"), e.getMessage());
  }
}
