package org.nnpf.bitstream.nnpf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nnpf.bitstream.BitstreamException;
import org.nnpf.bitstream.Hex;
import org.nnpf.bitstream.rbsp.BitReader;
import org.nnpf.bitstream.rbsp.BitWriter;

class H274SeiSyntaxTest {

  private static NnpfMessage read(int type, byte[] payload, List<H274SeiSyntax.Element> trace) {
    return H274SeiSyntax.read(type, BitReader.of(payload, "test payload"), trace);
  }

  static H274Characteristics projectForm() {
    H274Format f = H274Format.integerTensors(3, 10, 1, 64, 32, 4, 0,
        Optional.of(new ComplexityInfo(0, 1, 7, 20, 110)));
    return H274Characteristics.byUri(1, 0, "tag:nnpf.org,2026:nnpm", "ni:///sha-256-128;nzTxT3KOpv0Cn3-5qy-wDw", f);
  }

  @Test
  void activationsHaveTheGoldenBytesOfSection12() {
    assertArrayEquals(Hex.bytes("B220"), H274SeiSyntax.write(H274Activation.activate(0, true)));
    assertArrayEquals(Hex.bytes("3144"), H274SeiSyntax.write(H274Activation.activate(5, false)));
    assertArrayEquals(Hex.bytes("E0"), H274SeiSyntax.write(H274Activation.cancel(0)));
    assertEquals(H274Activation.activate(0, true), read(211, Hex.bytes("B220"), null));
    assertEquals(H274Activation.activate(5, false), read(211, Hex.bytes("3144"), null));
    assertEquals(H274Activation.cancel(0), read(211, Hex.bytes("E0"), null));
  }

  @Test
  void anActivationWithoutTheLaterEditionsFlagsIsReadToo() {
    // HM-18 style: ends after nnpfa_num_output_entries (bits 1 0 1 1 0 0 1, then the final 1)
    assertEquals(H274Activation.activate(0, true), read(211, Hex.bytes("B3"), null));
  }

  @Test
  void theProjectsCharacteristicsRoundTripElementByElement() {
    H274Characteristics c = projectForm();
    byte[] b = H274SeiSyntax.write(c);
    List<H274SeiSyntax.Element> trace = new ArrayList<>();
    assertEquals(c, read(210, b, trace));
    List<String> expected = List.of(
        "nnpfc_purpose=1", "nnpfc_id=0", "nnpfc_base_flag=1", "nnpfc_mode_idc=1",
        "nnpfc_tag_uri=tag:nnpf.org,2026:nnpm", "nnpfc_uri=ni:///sha-256-128;nzTxT3KOpv0Cn3-5qy-wDw",
        "nnpfc_property_present_flag=1", "nnpfc_num_input_pics_minus1=0", "nnpfc_component_last_flag=0",
        "nnpfc_inp_format_idc=1", "nnpfc_auxiliary_inp_idc=1", "nnpfc_inp_order_idc=3",
        "nnpfc_inp_tensor_luma_bitdepth_minus8=2", "nnpfc_inp_tensor_chroma_bitdepth_minus8=2",
        "nnpfc_out_format_idc=1", "nnpfc_out_order_idc=3", "nnpfc_out_tensor_luma_bitdepth_minus8=2",
        "nnpfc_out_tensor_chroma_bitdepth_minus8=2", "nnpfc_sep_col_desc_flag=0",
        "nnpfc_chroma_loc_info_present_flag=0", "nnpfc_overlap=4", "nnpfc_constant_patch_size_flag=1",
        "nnpfc_patch_width_minus1=63", "nnpfc_patch_height_minus1=31", "nnpfc_padding_type=0",
        "nnpfc_complexity_info_present_flag=1", "nnpfc_parameter_type_idc=0",
        "nnpfc_log2_parameter_bit_length_minus3=1", "nnpfc_num_parameters_idc=7",
        "nnpfc_num_kmac_operations_idc=20", "nnpfc_total_kilobyte_size=110", "nnpfc_metadata_extension_num_bits=0");
    assertEquals(expected, trace.stream().map(e -> e.name() + "=" + e.value()).toList());
  }

  @Test
  void theProjectsCharacteristicsHaveTheGoldenBytesOfSection12() {
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    b.writeBytes(Hex.bytes("0001D0"));
    b.writeBytes("tag:nnpf.org,2026:nnpm".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    b.write(0);
    b.writeBytes("ni:///sha-256-128;nzTxT3KOpv0Cn3-5qy-wDw".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    b.write(0);
    b.writeBytes(Hex.bytes("C911B446C2C08008311C2A06FC"));
    assertArrayEquals(b.toByteArray(), H274SeiSyntax.write(projectForm()));
  }

  @Test
  void randomFormsRoundTrip() {
    Random rnd = new Random(25);
    for (int i = 0; i < 300; i++) {
      int order = rnd.nextInt(4);
      int padding = rnd.nextInt(5);
      H274Format f = H274Format.integerTensors(order, 8 + rnd.nextInt(9), rnd.nextInt(2), 1 + rnd.nextInt(4096),
          1 + rnd.nextInt(4096), rnd.nextInt(300), padding, rnd.nextBoolean() ? Optional.empty()
              : Optional.of(new ComplexityInfo(rnd.nextInt(3), rnd.nextInt(4), rnd.nextInt(53),
                  rnd.nextInt(1 << 20), rnd.nextInt(1 << 20))));
      if (f.complexity().isPresent() && f.complexity().get().parameterTypeIdc() == 2) {
        ComplexityInfo ci = f.complexity().get();
        f = H274Format.integerTensors(order, 8, 0, 8, 8, 0, padding, Optional.of(new ComplexityInfo(2, 0,
            ci.numParametersIdc(), ci.numKmacOperationsIdc(), ci.totalKilobyteSize())));
      }
      if (padding == 4) {
        f = new H274Format(0, rnd.nextBoolean(), f.inpFormatIdc(), f.auxInpIdc(), order, f.inpBitDepthLumaMinus8(),
            f.inpBitDepthChromaMinus8(), f.outFormatIdc(), order, f.outBitDepthLumaMinus8(), f.outBitDepthChromaMinus8(),
            false, false, f.overlap(), rnd.nextBoolean(), f.patchWidthMinus1(), f.patchHeightMinus1(), 4,
            order == 1 ? 0 : rnd.nextInt(1024), order == 0 ? 0 : rnd.nextInt(1024), order == 0 ? 0 : rnd.nextInt(1024),
            f.complexity(), 0);
      }
      long id = rnd.nextBoolean() ? rnd.nextInt(256) : 512 + rnd.nextInt(1 << 30);
      H274Characteristics c = new H274Characteristics(rnd.nextBoolean() ? 1 : 0x11, id, rnd.nextBoolean(), 1,
          "tag:example.com,2026:x" + rnd.nextInt(1000), "urn:x:" + rnd.nextInt(), Optional.of(f), new byte[0]);
      assertEquals(c, read(210, H274SeiSyntax.write(c), null), "form " + i);
      H274Activation a = rnd.nextBoolean() ? H274Activation.cancel(id)
          : new H274Activation(id, false, rnd.nextBoolean(), rnd.nextBoolean(), rnd.nextBoolean(), false,
              List.of(rnd.nextBoolean(), rnd.nextBoolean()));
      assertEquals(a, read(211, H274SeiSyntax.write(a), null), "activation " + i);
    }
  }

  @Test
  void aNetworkInTheMessageIsReadAsItsPayloadBytes() {
    H274Characteristics c = new H274Characteristics(1, 7, false, 0, "", "", Optional.empty(), new byte[] {1, 2, 3});
    H274Characteristics back = (H274Characteristics) read(210, H274SeiSyntax.write(c), null);
    assertEquals(c, back);
    assertArrayEquals(new byte[] {1, 2, 3}, back.nnrPayload());
  }

  private static byte[] withId(int purpose, long id, String rest) {
    BitWriter w = new BitWriter();
    w.u(16, purpose);
    w.ue(id);
    for (char ch : rest.toCharArray()) {
      w.u(1, ch - '0');
    }
    w.u(1, 1);
    w.zeroAlignment();
    return w.toByteArray();
  }

  @Test
  void reservedValuesMakeTheMessageIgnoredAsAWhole() {
    H274Ignored g = assertInstanceOf(H274Ignored.class, read(210, withId(0x100, 3, "1"), null));
    assertEquals("nnpfc_purpose", g.element());
    assertEquals(3, g.id().getAsLong());
    assertEquals("nnpfc_id", ((H274Ignored) read(210, withId(1, 300, "1"), null)).element());
    assertEquals("nnpfc_id", ((H274Ignored) read(210, withId(1, 0x8000_0100L, "1"), null)).element());
    // mode 2 (ue 011)
    assertEquals("nnpfc_mode_idc", ((H274Ignored) read(210, withId(1, 3, "1011"), null)).element());
    // a reserved padding type: the project's form with nnpfc_padding_type 7
    H274Characteristics c = projectForm();
    List<H274SeiSyntax.Element> trace = new ArrayList<>();
    read(210, H274SeiSyntax.write(c), trace);
    H274Format f = c.format().get();
    H274Format bad = new H274Format(0, false, 2, f.auxInpIdc(), 3, 2, 2, 1, 3, 2, 2, false, false, 4, true, 63, 31, 0,
        0, 0, 0, f.complexity(), 0);
    // inp_format_idc 2 written through a hand-made payload: the writer refuses nothing here, the reader ignores
    H274Characteristics withFormat2 = new H274Characteristics(1, 9, true, 1, "t", "u", Optional.of(bad), new byte[0]);
    H274Ignored g2 = assertInstanceOf(H274Ignored.class, read(210, H274SeiSyntax.write(withFormat2), null));
    assertEquals("nnpfc_inp_format_idc", g2.element());
    assertEquals(9, g2.id().getAsLong());
  }

  @Test
  void malformedPayloadsAreErrorsNamingTheElement() {
    byte[] b = H274SeiSyntax.write(projectForm());
    BitstreamException e = assertThrows(BitstreamException.class,
        () -> read(210, java.util.Arrays.copyOf(b, 10), null));
    assertEquals("nnpfc_tag_uri", e.syntaxElement());
    assertTrue(e.getMessage().contains("null byte"), e.getMessage());
    byte[] cut = java.util.Arrays.copyOf(b, b.length - 4);
    BitstreamException e2 = assertThrows(BitstreamException.class, () -> read(210, cut, null));
    assertTrue(e2.syntaxElement().startsWith("nnpfc_"), e2.syntaxElement());
    // alignment bit 1 before the tag URI
    byte[] a = b.clone();
    a[2] |= 0x01;
    assertEquals("nnpfc_alignment_zero_bit_a",
        assertThrows(BitstreamException.class, () -> read(210, a, null)).syntaxElement());
    // a bit depth out of range: nnpfc_inp_tensor_luma_bitdepth_minus8 = 25
    H274Format f = projectForm().format().get();
    BitstreamException e3 = assertThrows(BitstreamException.class, () -> read(210, H274SeiSyntax.write(
        new H274Characteristics(1, 0, true, 1, "t", "u", Optional.of(new H274Format(0, false, 1, 1, 3, 25, 2, 1, 3, 2, 2,
            false, false, 4, true, 63, 31, 0, 0, 0, 0, f.complexity(), 0)), new byte[0])), null));
    assertEquals("nnpfc_inp_tensor_luma_bitdepth_minus8", e3.syntaxElement());
    // an empty NNPFA payload
    assertEquals("nnpfa_target_id", assertThrows(BitstreamException.class,
        () -> read(211, new byte[0], null)).syntaxElement());
  }
}
