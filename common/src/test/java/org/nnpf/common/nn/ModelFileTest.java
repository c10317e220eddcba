package org.nnpf.common.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnpf.common.NnpfException;

class ModelFileTest {
  private static Model smallModel() {
    float[] slopes = new float[5];
    Arrays.fill(slopes, 0.25f);
    return Model.builder(TensorLayout.POLYPHASE_420)
        .name("small é")
        .qpPlane(6)
        .add(Conv2d.builder(3, 7, 5).weights(random(7 * 5 * 9, 1)).bias(random(5, 2))
            .multipliers(random(5, 3)).activation(Activation.prelu(slopes)).build())
        .add(Conv2d.builder(1, 5, 4).weights(random(20, 4)).activation(Activation.relu()).build())
        .add(Conv2d.builder(3, 4, 6).weights(random(4 * 6 * 9, 5)).activation(Activation.leakyRelu(0.125f)).build())
        .build();
  }

  private static float[] random(int n, long seed) {
    java.util.Random r = new java.util.Random(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) r.nextGaussian();
    }
    return v;
  }

  @Test
  void roundTripKeepsEveryFieldAndTheHash() {
    Model m = smallModel();
    byte[] bytes = ModelFile.toBytes(m);
    Model back = ModelFile.fromBytes(bytes, "test");
    assertEquals(m, back);
    assertArrayEquals(bytes, ModelFile.toBytes(back));
    assertEquals(ModelHash.of(bytes), back.hash());
  }

  @Test
  void fileRoundTripThroughPath(@TempDir Path dir) throws Exception {
    Model m = ModelFactory.polyphasePostFilter(8, 3, 7);
    Path p = dir.resolve("m.nnpm");
    ModelFile.write(m, p);
    assertEquals(m, ModelFile.read(p));
    try (var s = Files.list(dir)) {
      assertEquals(1, s.count(), "no temporary file left behind");
    }
  }

  @Test
  void headerLayoutIsAsDocumented() {
    byte[] b = ModelFile.toBytes(smallModel());
    ByteBuffer bb = ByteBuffer.wrap(b);
    assertEquals(0x4E4E504D, bb.getInt(0));
    assertEquals(1, bb.getShort(4));
    assertEquals(1, b[6]); // polyphase 4:2:0
    assertEquals(1, b[7]); // qp plane, residual
    assertEquals(6, b[8]);
    int nameLen = b[9];
    assertEquals("small é".getBytes(java.nio.charset.StandardCharsets.UTF_8).length, nameLen);
    assertEquals(3, bb.getShort(10 + nameLen));
  }

  @Test
  void badMagicIsNamed() {
    byte[] b = ModelFile.toBytes(smallModel());
    b[0] = 'X';
    NnpfException e = assertThrows(NnpfException.class, () -> ModelFile.fromBytes(b, "m.nnpm"));
    assertEquals("m.nnpm: magic at byte offset 0 is not \"NNPM\"", e.getMessage());
  }

  @Test
  void everyTruncationIsReportedWithAnOffset() {
    byte[] b = ModelFile.toBytes(smallModel());
    for (int n = 0; n < b.length; n++) {
      byte[] t = Arrays.copyOf(b, n);
      NnpfException e = assertThrows(NnpfException.class, () -> ModelFile.fromBytes(t, "m"));
      assertTrue(e.getMessage().contains("at byte offset "), e.getMessage());
      assertTrue(e.getMessage().contains("remain"), e.getMessage());
    }
  }

  @Test
  void absurdChannelCountIsRejectedBeforeAllocating() {
    byte[] b = ModelFile.toBytes(smallModel());
    int nameLen = b[9];
    int layer0 = 12 + nameLen;
    // layer[0].out_channels = 1024 passes the range check, but 1024*(7*9+3) floats are not there.
    b[layer0 + 4] = 0x04;
    b[layer0 + 5] = 0x00;
    NnpfException e = assertThrows(NnpfException.class, () -> ModelFile.fromBytes(b, "m"));
    assertEquals("m: layer[0].weights at byte offset " + (layer0 + 8)
        + " needs 67584 float32 parameters and the CRC (270340 bytes), only "
        + (b.length - layer0 - 8) + " remain (file truncated?)", e.getMessage());
    b[layer0 + 4] = (byte) 0xFF;
    e = assertThrows(NnpfException.class, () -> ModelFile.fromBytes(b, "m"));
    assertEquals("m: layer[0].out_channels at byte offset " + (layer0 + 4) + " = 65280 is not in 1..1024", e.getMessage());
  }

  @Test
  void wrongInputChannelsAreNamed() {
    byte[] b = ModelFile.toBytes(smallModel());
    int layer0 = 12 + b[9];
    b[layer0 + 3] = 9;
    NnpfException e = assertThrows(NnpfException.class, () -> ModelFile.fromBytes(b, "m"));
    assertEquals("m: layer[0].in_channels at byte offset " + (layer0 + 2) + " = 9, the previous tensor has 7 channels", e.getMessage());
  }

  @Test
  void corruptedWeightFailsTheCrc() {
    byte[] b = ModelFile.toBytes(smallModel());
    b[b.length - 10] ^= 1;
    NnpfException e = assertThrows(NnpfException.class, () -> ModelFile.fromBytes(b, "m"));
    assertTrue(e.getMessage().startsWith("m: crc32 at byte offset " + (b.length - 4)), e.getMessage());
  }

  @Test
  void nonFiniteWeightIsRejected() {
    byte[] b = ModelFile.toBytes(smallModel());
    int w0 = 12 + b[9] + 8;
    ByteBuffer.wrap(b).putFloat(w0 + 4, Float.NaN);
    fixCrc(b);
    NnpfException e = assertThrows(NnpfException.class, () -> ModelFile.fromBytes(b, "m"));
    assertEquals("m: layer[0].weights[1] at byte offset " + (w0 + 4) + " is not a finite float32 (NaN)", e.getMessage());
  }

  @Test
  void unknownVersionLayoutAndTrailingBytesAreRejected() {
    byte[] b = ModelFile.toBytes(smallModel());
    byte[] v = b.clone();
    v[5] = 3;
    assertTrue(assertThrows(NnpfException.class, () -> ModelFile.fromBytes(v, "m")).getMessage()
        .contains("format_version at byte offset 4 = 3, this reader knows versions 1 and 2"));
    byte[] l = b.clone();
    l[6] = 9;
    assertTrue(assertThrows(NnpfException.class, () -> ModelFile.fromBytes(l, "m")).getMessage()
        .contains("input_layout at byte offset 6 = 9 is unknown"));
    byte[] t = Arrays.copyOf(b, b.length + 1);
    assertTrue(assertThrows(NnpfException.class, () -> ModelFile.fromBytes(t, "m")).getMessage()
        .contains("1 bytes follow the CRC"));
  }

  /** smallModel with three hypotheses (its last layer 3 × 6 channels). */
  private static Model threeHypotheses() {
    return ModelFactory.withHypotheses(smallModel(), 3, 0.1, 9);
  }

  @Test
  void severalHypothesesRoundTripAsVersionTwo() {
    Model m = threeHypotheses();
    assertEquals(3, m.hypotheses());
    assertEquals(18, m.conv(2).outChannels());
    assertEquals(18, m.outputTensorChannels());
    assertEquals(6, m.outputChannels());
    byte[] bytes = ModelFile.toBytes(m);
    ByteBuffer bb = ByteBuffer.wrap(bytes);
    assertEquals(2, bb.getShort(4), "format_version 2");
    assertEquals(3, bytes[9], "num_hypotheses after qp_log2_scale");
    int nameLen = bytes[10];
    assertEquals(3, bb.getShort(11 + nameLen));
    Model back = ModelFile.fromBytes(bytes, "test");
    assertEquals(m, back);
    assertEquals(3, back.hypotheses());
    assertArrayEquals(bytes, ModelFile.toBytes(back));
    assertEquals(ModelHash.of(bytes), back.hash());
    // hypothesis 0 is the original last layer; a one-hypothesis model stays version 1, byte for byte
    float[] w0 = Arrays.copyOf(m.conv(2).weights(), smallModel().conv(2).weights().length);
    assertArrayEquals(smallModel().conv(2).weights(), w0);
    assertEquals(1, ByteBuffer.wrap(ModelFile.toBytes(smallModel())).getShort(4));
    assertTrue(m.summary().contains("-> 18 channels (3 hypotheses)"), m.summary());
  }

  @Test
  void badHypothesisCountsAreNamed() {
    byte[] b = ModelFile.toBytes(threeHypotheses());
    for (int h : new int[] {0, 1, 17, 255}) {
      byte[] v = b.clone();
      v[9] = (byte) h;
      fixCrc(v);
      NnpfException e = assertThrows(NnpfException.class, () -> ModelFile.fromBytes(v, "m"));
      assertEquals("m: num_hypotheses at byte offset 9 = " + h + " is not in 2..16", e.getMessage());
    }
    // two hypotheses declared, the last layer outputs three
    byte[] v = b.clone();
    v[9] = 2;
    fixCrc(v);
    NnpfException e = assertThrows(NnpfException.class, () -> ModelFile.fromBytes(v, "m"));
    assertTrue(e.getMessage().contains("layer[2].out_channels")
        && e.getMessage().contains("= 18, the output tensor of layout POLYPHASE_420 has 12 (2 hypotheses)"), e.getMessage());
    // a version-1 file whose last layer outputs 18 channels
    Model one = smallModel();
    assertThrows(IllegalArgumentException.class, () -> one.toBuilder().set(2, threeHypotheses().conv(2)).build());
  }

  private static void fixCrc(byte[] b) {
    CRC32 crc = new CRC32();
    crc.update(b, 0, b.length - 4);
    ByteBuffer.wrap(b).putInt(b.length - 4, (int) crc.getValue());
  }
}
