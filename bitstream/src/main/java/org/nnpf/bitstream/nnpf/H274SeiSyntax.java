package org.nnpf.bitstream.nnpf;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.nnpf.bitstream.BitstreamException;
import org.nnpf.bitstream.rbsp.BitReader;
import org.nnpf.bitstream.rbsp.BitWriter;

/**
 * Reads and writes the payloads of the H.274 NNPFC (210) and NNPFA (211) SEI messages, element by
 * element in the order of the syntax (docs/bitstream-syntax.md section 12, written after the
 * syntax of ITU-T H.274 as the HEVC reference software HM reads and writes it). The writer and the
 * reader mirror each other.
 *
 * <p>Reading is strict about structure (every element must fit the payload, strings must end, a
 * value outside the range H.274 allows for an element is an error naming it) and follows H.274's
 * forward-compatibility rules: an NNPFC with a value that H.274 reserves for future use in one of
 * the elements listed in section 12.6 is returned as {@link H274Ignored}, to be ignored as a whole.
 * Bits after the known syntax and before the payload's final {@code payload_bit_equal_to_one} are
 * {@code reserved_payload_extension_data} and are skipped.
 */
public final class H274SeiSyntax {
  /** One syntax element as read: its name and value (strings as read, flags 0/1). */
  public record Element(String name, String value) {}

  /** Longest {@code st(v)} string accepted, in bytes including its terminating null byte. */
  public static final int MAX_STRING_BYTES = 4096;

  private static final int CHROMA_UPSAMPLING = 0x02;
  private static final int RESOLUTION_UPSAMPLING = 0x04;
  private static final int PICTURE_RATE_UPSAMPLING = 0x08;
  private static final int COLOURIZATION = 0x20;
  private static final int TEMPORAL_EXTRAPOLATION = 0x40;
  private static final int SPATIAL_EXTRAPOLATION = 0x80;
  /** Purpose bits without elements of their own: visual quality (0x01), bit depth (0x10). */
  private static final int PURPOSE_WITHOUT_ELEMENTS = 0x11;
  /** {@code nnpfc_purpose} bits this implementation knows; others are reserved. */
  private static final int KNOWN_PURPOSES = 0xFF;

  private final BitReader r;
  private final List<Element> trace;

  private H274SeiSyntax(BitReader r, List<Element> trace) {
    this.r = r;
    this.trace = trace;
  }

  /** Signals a reserved value: the message is to be ignored. */
  private static final class Ignore extends RuntimeException {
    final String element;
    final String reason;

    Ignore(String element, String reason) {
      super(element + ": " + reason, null, false, false);
      this.element = element;
      this.reason = reason;
    }
  }

  // ------------------------------------------------------------------------------------- reading

  /**
   * Reads the payload of an SEI message of {@code payloadType} 210 or 211 from {@code r}, which
   * covers exactly the payload; every element read is appended to {@code trace} (may be null).
   *
   * @throws BitstreamException for a malformed payload
   */
  public static NnpfMessage read(int payloadType, BitReader r, List<Element> trace) {
    H274SeiSyntax s = new H274SeiSyntax(r, trace == null ? new ArrayList<>() : trace);
    return payloadType == H274Characteristics.PAYLOAD_TYPE ? s.characteristics() : s.activation();
  }

  private long ue(String name) {
    long v = r.ueLong(name);
    trace.add(new Element(name, Long.toString(v)));
    return v;
  }

  private int ue(String name, int max) {
    long start = r.mark();
    long v = ue(name);
    if (v > max) {
      throw r.errorAt(name, start, "value " + v + " is outside the allowed range 0.." + max);
    }
    return (int) v;
  }

  private long se(String name) {
    long v = r.sekLong(0, name);
    trace.add(new Element(name, Long.toString(v)));
    return v;
  }

  private int u(int n, String name) {
    int v = r.u(n, name);
    trace.add(new Element(name, Integer.toString(v)));
    return v;
  }

  private boolean flag(String name) {
    return u(1, name) == 1;
  }

  private void alignment(String name) {
    while (!r.byteAligned()) {
      long start = r.mark();
      if (r.u(1, name) != 0) {
        throw r.errorAt(name, start, "shall be 0");
      }
    }
  }

  /** {@code st(v)}: bytes up to and including a null byte, UTF-8. */
  private String string(String name) {
    long start = r.mark();
    byte[] b = new byte[Math.min(MAX_STRING_BYTES, (int) Math.min(Integer.MAX_VALUE, r.bitsLeft() / 8))];
    int n = 0;
    while (true) {
      if (r.bitsLeft() < 8) {
        throw r.errorAt(name, start, "the string has no terminating null byte before the end of the SEI payload");
      }
      if (n == MAX_STRING_BYTES) {
        throw r.errorAt(name, start, "the string is longer than " + (MAX_STRING_BYTES - 1) + " bytes");
      }
      int c = r.u(8, name);
      if (c == 0) {
        break;
      }
      b[n++] = (byte) c;
    }
    String v = new String(b, 0, n, StandardCharsets.UTF_8);
    trace.add(new Element(name, v));
    return v;
  }

  private NnpfMessage characteristics() {
    int purpose = u(16, "nnpfc_purpose");
    long id = ue("nnpfc_id");
    try {
      if ((purpose & ~KNOWN_PURPOSES) != 0) {
        throw new Ignore("nnpfc_purpose", "value " + purpose + " has a reserved bit (0x100 and above)");
      }
      if ((id >= 256 && id <= 511) || (id >= 0x8000_0100L && id <= H274Characteristics.MAX_ID)) {
        throw new Ignore("nnpfc_id", "value " + id + " is reserved (256..511, 2^31 + 256..2^32 - 2)");
      }
      boolean base = flag("nnpfc_base_flag");
      long mode = ue("nnpfc_mode_idc");
      if (mode > 1) {
        throw new Ignore("nnpfc_mode_idc", "value " + mode + " is reserved");
      }
      String tag = "";
      String uri = "";
      if (mode == 1) {
        alignment("nnpfc_alignment_zero_bit_a");
        tag = string("nnpfc_tag_uri");
        uri = string("nnpfc_uri");
      }
      Optional<H274Format> format = Optional.empty();
      if (flag("nnpfc_property_present_flag")) {
        format = Optional.of(properties(purpose));
      }
      byte[] payload = new byte[0];
      if (mode == 0) {
        alignment("nnpfc_alignment_zero_bit_b");
        payload = r.bytes((int) (r.bitsLeft() / 8), "nnpfc_payload_byte");
        trace.add(new Element("nnpfc_payload_byte", payload.length + " bytes"));
      } else {
        payloadTrailingBits();
      }
      return new H274Characteristics(purpose, id, base, (int) mode, tag, uri, format, payload);
    } catch (Ignore e) {
      r.skipToEnd();
      return new H274Ignored(H274Characteristics.PAYLOAD_TYPE, OptionalLong.of(id), e.element, e.reason);
    }
  }

  private H274Format properties(int purpose) {
    int numInputMinus1 = ue("nnpfc_num_input_pics_minus1", 63);
    if (numInputMinus1 > 0) {
      for (int i = 0; i <= numInputMinus1; i++) {
        flag("nnpfc_input_pic_filtering_flag[" + i + "]");
      }
      flag("nnpfc_absent_input_pic_zero_flag");
    }
    if ((purpose & CHROMA_UPSAMPLING) != 0) {
      flag("nnpfc_out_sub_c_flag");
    }
    if ((purpose & COLOURIZATION) != 0) {
      u(2, "nnpfc_out_colour_format_idc");
    }
    if ((purpose & RESOLUTION_UPSAMPLING) != 0) {
      ue("nnpfc_pic_width_num_minus1", 65535);
      ue("nnpfc_pic_width_denom_minus1", 65535);
      ue("nnpfc_pic_height_num_minus1", 65535);
      ue("nnpfc_pic_height_denom_minus1", 65535);
    }
    if ((purpose & PICTURE_RATE_UPSAMPLING) != 0) {
      for (int i = 0; i < numInputMinus1; i++) {
        ue("nnpfc_interpolated_pics[" + i + "]");
      }
    }
    if ((purpose & TEMPORAL_EXTRAPOLATION) != 0) {
      ue("nnpfc_extrapolated_pics_minus1");
    }
    if ((purpose & SPATIAL_EXTRAPOLATION) != 0) {
      se("nnpfc_spatial_extrapolation_left_offset");
      se("nnpfc_spatial_extrapolation_right_offset");
      se("nnpfc_spatial_extrapolation_top_offset");
      se("nnpfc_spatial_extrapolation_bottom_offset");
    }
    boolean componentLast = flag("nnpfc_component_last_flag");
    int inpFormat = ue("nnpfc_inp_format_idc", 255);
    if (inpFormat > 1) {
      throw new Ignore("nnpfc_inp_format_idc", "value " + inpFormat + " is reserved");
    }
    int aux = ue("nnpfc_auxiliary_inp_idc", 255);
    if (aux > 7) {
      throw new Ignore("nnpfc_auxiliary_inp_idc", "value " + aux + " is reserved");
    }
    if ((aux & 2) != 0 && flag("nnpfc_inband_prompt_flag")) {
      alignment("nnpfc_alignment_zero_bit_c");
      string("nnpfc_prompt");
    }
    if ((aux & 4) != 0 && flag("nnpfc_inband_seed_flag")) {
      u(16, "nnpfc_seed");
    }
    int inpOrder = ue("nnpfc_inp_order_idc", 255);
    if (inpOrder > 3) {
      throw new Ignore("nnpfc_inp_order_idc", "value " + inpOrder + " is reserved");
    }
    int inpLuma = -1;
    int inpChroma = -1;
    if (inpFormat == 1) {
      if (inpOrder != 1) {
        inpLuma = ue("nnpfc_inp_tensor_luma_bitdepth_minus8", 24);
      }
      if (inpOrder != 0) {
        inpChroma = ue("nnpfc_inp_tensor_chroma_bitdepth_minus8", 24);
      }
    }
    int outFormat = ue("nnpfc_out_format_idc", 255);
    if (outFormat > 1) {
      throw new Ignore("nnpfc_out_format_idc", "value " + outFormat + " is reserved");
    }
    int outOrder = ue("nnpfc_out_order_idc", 255);
    if (outOrder > 3) {
      throw new Ignore("nnpfc_out_order_idc", "value " + outOrder + " is reserved");
    }
    int outLuma = -1;
    int outChroma = -1;
    if (outFormat == 1) {
      if (outOrder != 1) {
        outLuma = ue("nnpfc_out_tensor_luma_bitdepth_minus8", 24);
      }
      if (outOrder != 0) {
        outChroma = ue("nnpfc_out_tensor_chroma_bitdepth_minus8", 24);
      }
    }
    boolean sepCol = flag("nnpfc_sep_col_desc_flag");
    if (sepCol) {
      u(8, "nnpfc_col_primaries");
      u(8, "nnpfc_trans_characteristics");
      if (outFormat == 1) {
        u(8, "nnpfc_matrix_coeffs");
        flag("nnpfc_full_range_flag");
      }
    }
    boolean chromaLoc = false;
    if (outOrder != 0) {
      chromaLoc = flag("nnpfc_chroma_loc_info_present_flag");
      if (chromaLoc) {
        ue("nnpfc_chroma_sample_loc_type_frame", 6);
      }
    }
    int overlap = 0;
    boolean constant = true;
    if ((purpose & SPATIAL_EXTRAPOLATION) == 0) {
      overlap = ue("nnpfc_overlap", 0x7FFF_FFFE);
      constant = flag("nnpfc_constant_patch_size_flag");
    }
    int pw;
    int ph;
    if (constant) {
      pw = ue("nnpfc_patch_width_minus1", 0x7FFF_FFFE);
      ph = ue("nnpfc_patch_height_minus1", 0x7FFF_FFFE);
    } else {
      pw = ue("nnpfc_extended_patch_width_cd_delta_minus1", 0x7FFF_FFFE);
      ph = ue("nnpfc_extended_patch_height_cd_delta_minus1", 0x7FFF_FFFE);
    }
    int padding = ue("nnpfc_padding_type", 15);
    if (padding > 4) {
      throw new Ignore("nnpfc_padding_type", "value " + padding + " is reserved");
    }
    int lumaPad = 0;
    int cbPad = 0;
    int crPad = 0;
    if (padding == 4) {
      if (inpOrder != 1) {
        lumaPad = ue("nnpfc_luma_padding_val", 0xFFFF);
      }
      if (inpOrder != 0) {
        cbPad = ue("nnpfc_cb_padding_val", 0xFFFF);
        crPad = ue("nnpfc_cr_padding_val", 0xFFFF);
      }
    }
    Optional<ComplexityInfo> complexity = Optional.empty();
    if (flag("nnpfc_complexity_info_present_flag")) {
      int type = u(2, "nnpfc_parameter_type_idc");
      if (type == 3) {
        throw new Ignore("nnpfc_parameter_type_idc", "value 3 is reserved");
      }
      int log2 = type == 2 ? 0 : u(2, "nnpfc_log2_parameter_bit_length_minus3");
      int params = u(6, "nnpfc_num_parameters_idc");
      if (params > 52) {
        throw new Ignore("nnpfc_num_parameters_idc", "value " + params + " is reserved");
      }
      long kmac = ue("nnpfc_num_kmac_operations_idc");
      long kbytes = ue("nnpfc_total_kilobyte_size");
      complexity = Optional.of(new ComplexityInfo(type, log2, params, kmac, kbytes));
    }
    long extStart = r.mark();
    long extBits = ue("nnpfc_metadata_extension_num_bits");
    if (extBits > 4096) {
      throw r.errorAt("nnpfc_metadata_extension_num_bits", extStart,
          "value " + extBits + " is outside the allowed range 0..4096");
    }
    if (extBits > 0) {
      // the metadata extension (application purpose tag URI, viewing and analysis indications and
      // reserved bits) is informative to this decoder: its bits are skipped as a whole
      r.require(extBits, "nnpfc_metadata_extension_num_bits");
      for (long i = 0; i < extBits; i++) {
        r.u(1, "nnpfc_reserved_metadata_extension");
      }
      trace.add(new Element("nnpfc_metadata_extension", extBits + " bits skipped"));
    }
    return new H274Format(numInputMinus1, componentLast, inpFormat, aux, inpOrder, inpLuma, inpChroma, outFormat,
        outOrder, outLuma, outChroma, sepCol, chromaLoc, overlap, constant, pw, ph, padding, lumaPad, cbPad, crPad,
        complexity, extBits);
  }

  private NnpfMessage activation() {
    long target = ue("nnpfa_target_id");
    boolean cancel = flag("nnpfa_cancel_flag");
    boolean persistence = false;
    boolean targetBase = false;
    boolean noPrev = false;
    boolean noFoll = false;
    List<Boolean> out = new ArrayList<>();
    if (!cancel) {
      persistence = flag("nnpfa_persistence_flag");
      targetBase = flag("nnpfa_target_base_flag");
      noPrev = flag("nnpfa_no_prev_clvs_flag");
      if (persistence) {
        noFoll = flag("nnpfa_no_foll_clvs_flag");
      }
      long n = ue("nnpfa_num_output_entries");
      r.require(n, "nnpfa_num_output_entries");
      for (long i = 0; i < n; i++) {
        out.add(flag("nnpfa_output_flag[" + i + "]"));
      }
      // the elements of later editions (prompt and seed updates of generative filters, selected
      // input): present when data remains before the payload's final bit; informative here
      if (moreData()) {
        if (flag("nnpfa_prompt_update_flag")) {
          alignment("nnpfa_alignment_zero_bit");
          string("nnpfa_prompt");
        }
        if (moreData() && flag("nnpfa_seed_update_flag")) {
          u(16, "nnpfa_seed");
        }
        if (moreData() && flag("nnpfa_selected_input_flag")) {
          ue("nnpfa_num_input_pic_shift");
        }
      }
    }
    payloadTrailingBits();
    return new H274Activation(target, cancel, persistence, targetBase, noPrev, noFoll, out);
  }

  /** Data before the payload's final {@code payload_bit_equal_to_one} (more_data_in_payload). */
  private boolean moreData() {
    return !r.onlyPayloadAlignmentLeft();
  }

  /**
   * What follows the syntax in the payload: {@code reserved_payload_extension_data} (skipped),
   * then, when the payload does not end byte aligned, {@code payload_bit_equal_to_one} and {@code
   * payload_bit_equal_to_zero} bits up to the end of the payload.
   */
  private void payloadTrailingBits() {
    long left = r.bitsLeft();
    if (left == 0) {
      return;
    }
    long start = r.mark();
    long lastOne = -1;
    for (long i = 0; i < left; i++) {
      if (r.u(1, "payload_bit_equal_to_one") == 1) {
        lastOne = i;
      }
    }
    if (lastOne < 0) {
      throw r.errorAt("payload_bit_equal_to_one", start, "the SEI payload ends without payload_bit_equal_to_one");
    }
  }

  // ------------------------------------------------------------------------------------- writing

  /** The payload bytes of {@code m}, an NNPFC or NNPFA, with the SEI payload's final alignment. */
  public static byte[] write(NnpfMessage m) {
    BitWriter w = new BitWriter();
    if (m instanceof H274Characteristics c) {
      writeCharacteristics(c, w);
    } else if (m instanceof H274Activation a) {
      writeActivation(a, w);
    } else {
      throw new IllegalArgumentException("not an H.274 message: " + m);
    }
    if (!w.byteAligned()) {
      w.u(1, 1); // payload_bit_equal_to_one
      w.zeroAlignment(); // payload_bit_equal_to_zero
    }
    return w.toByteArray();
  }

  private static void writeString(BitWriter w, String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    for (byte x : b) {
      if (x == 0) {
        throw new IllegalArgumentException("a null byte inside an st(v) string");
      }
    }
    if (b.length + 1 > MAX_STRING_BYTES) {
      throw new IllegalArgumentException("string of " + b.length + " bytes");
    }
    w.bytes(b);
    w.u(8, 0);
  }

  private static void writeCharacteristics(H274Characteristics c, BitWriter w) {
    if ((c.purpose() & ~(PURPOSE_WITHOUT_ELEMENTS)) != 0) {
      throw new IllegalArgumentException("the writer writes no purpose-specific element (purpose " + c.purpose() + ")");
    }
    w.u(16, c.purpose());
    w.ue(c.id());
    w.flag(c.baseFlag());
    w.ue(c.modeIdc());
    if (c.modeIdc() == 1) {
      w.zeroAlignment();
      writeString(w, c.tagUri());
      writeString(w, c.uri());
    }
    w.flag(c.format().isPresent());
    if (c.format().isPresent()) {
      H274Format f = c.format().get();
      if (f.numInputPicsMinus1() != 0 || f.sepColDescFlag() || f.chromaLocInfoPresentFlag()
          || f.metadataExtensionNumBits() != 0 || (f.auxInpIdc() & ~1) != 0) {
        throw new IllegalArgumentException("the writer writes one input picture, no colour description, no"
            + " chroma location, no metadata extension, no prompt or seed: " + f);
      }
      w.ue(0);
      w.flag(f.componentLastFlag());
      w.ue(f.inpFormatIdc());
      w.ue(f.auxInpIdc());
      w.ue(f.inpOrderIdc());
      if (f.inpFormatIdc() == 1) {
        if (f.inpOrderIdc() != 1) {
          w.ue(f.inpBitDepthLumaMinus8());
        }
        if (f.inpOrderIdc() != 0) {
          w.ue(f.inpBitDepthChromaMinus8());
        }
      }
      w.ue(f.outFormatIdc());
      w.ue(f.outOrderIdc());
      if (f.outFormatIdc() == 1) {
        if (f.outOrderIdc() != 1) {
          w.ue(f.outBitDepthLumaMinus8());
        }
        if (f.outOrderIdc() != 0) {
          w.ue(f.outBitDepthChromaMinus8());
        }
      }
      w.flag(false); // nnpfc_sep_col_desc_flag
      if (f.outOrderIdc() != 0) {
        w.flag(false); // nnpfc_chroma_loc_info_present_flag
      }
      w.ue(f.overlap());
      w.flag(f.constantPatchSizeFlag());
      w.ue(f.patchWidthMinus1());
      w.ue(f.patchHeightMinus1());
      w.ue(f.paddingType());
      if (f.paddingType() == 4) {
        if (f.inpOrderIdc() != 1) {
          w.ue(f.lumaPaddingVal());
        }
        if (f.inpOrderIdc() != 0) {
          w.ue(f.cbPaddingVal());
          w.ue(f.crPaddingVal());
        }
      }
      w.flag(f.complexity().isPresent());
      if (f.complexity().isPresent()) {
        ComplexityInfo ci = f.complexity().get();
        w.u(2, ci.parameterTypeIdc());
        if (ci.parameterTypeIdc() != 2) {
          w.u(2, ci.log2ParameterBitLengthMinus3());
        }
        w.u(6, ci.numParametersIdc());
        w.ue(ci.numKmacOperationsIdc());
        w.ue(ci.totalKilobyteSize());
      }
      w.ue(0); // nnpfc_metadata_extension_num_bits
    }
    if (c.modeIdc() == 0) {
      w.zeroAlignment();
      w.bytes(c.nnrPayload());
    }
  }

  private static void writeActivation(H274Activation a, BitWriter w) {
    w.ue(a.targetId());
    w.flag(a.cancel());
    if (!a.cancel()) {
      w.flag(a.persistence());
      w.flag(a.targetBaseFlag());
      w.flag(a.noPrevClvsFlag());
      if (a.persistence()) {
        w.flag(a.noFollClvsFlag());
      }
      w.ue(a.outputFlags().size());
      for (boolean b : a.outputFlags()) {
        w.flag(b);
      }
      w.flag(false); // nnpfa_prompt_update_flag
      w.flag(false); // nnpfa_seed_update_flag
      w.flag(false); // nnpfa_selected_input_flag
    }
  }
}
