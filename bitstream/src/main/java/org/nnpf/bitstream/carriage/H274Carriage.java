package org.nnpf.bitstream.carriage;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.nnpf.bitstream.BitstreamException;
import org.nnpf.bitstream.nnpf.ComplexityInfo;
import org.nnpf.bitstream.nnpf.H274Activation;
import org.nnpf.bitstream.nnpf.H274Characteristics;
import org.nnpf.bitstream.nnpf.H274Format;
import org.nnpf.bitstream.nnpf.ModelHashType;
import org.nnpf.bitstream.nnpf.ModelReference;
import org.nnpf.bitstream.nnpf.NnpfActivation;
import org.nnpf.bitstream.nnpf.NnpfMessage;
import org.nnpf.bitstream.nnpf.NnpfParameterSet;
import org.nnpf.bitstream.nnpf.PaddingType;

/**
 * The H.274 carriage (docs/bitstream-syntax.md section 12): a filter with a network is described
 * by a standard NNPFC SEI message and activated by NNPFA SEI messages; what H.274 has no element
 * for (quantization parameters, bit allocations, multipliers, refinement sets, block maps,
 * post-filtered picture hashes) travels in the project's {@code nnpf_message()}s, the
 * <em>extension</em>, in {@code user_data_unregistered} SEI messages of the same SEI NAL unit.
 *
 * <p>The NNPFC names the network with {@code nnpfc_mode_idc} 1: {@code nnpfc_tag_uri} is {@link
 * #TAG_URI} (the network is a model file of the project's format, docs/model-format.md, and the
 * filter's integer decoding process is the project's, defined by the extension) and {@code
 * nnpfc_uri} is an RFC 6920 named-information URI of the model file's SHA-256 ({@code
 * ni:///sha-256;…} or, truncated to 128 bits, {@code ni:///sha-256-128;…}). A URI is a name: a
 * decoder looks the model up among those it holds and never fetches it.
 *
 * <p><b>Association.</b> An NNPFC with {@link #TAG_URI} and {@code nnpfc_id} N is associated with
 * the NNPF parameter set with {@code nnpfps_id} N carried in the same access unit; that parameter
 * set must exist and agree with the NNPFC element by element ({@link #checkConsistent}).
 */
public final class H274Carriage {
  private H274Carriage() {}

  /** {@code nnpfc_tag_uri} of a network in the project's model format with the project's extension. */
  public static final String TAG_URI = "tag:nnpf.org,2026:nnpm";

  /** The {@code nnpfc_purpose} the project writes: visual quality improvement. */
  public static final int PURPOSE = H274Characteristics.PURPOSE_VISUAL_QUALITY;

  private static final String NI_SHA256 = "ni:///sha-256;";
  private static final String NI_SHA256_128 = "ni:///sha-256-128;";

  /**
   * The {@code nnpfc_uri} naming the model of {@code ref}: {@code ni:///sha-256;} with the
   * unpadded base64url of the 32-byte SHA-256, or {@code ni:///sha-256-128;} with its first 16
   * bytes.
   *
   * @throws IllegalArgumentException for an MD5 reference (no named-information name exists)
   */
  public static String modelUri(ModelReference ref) {
    String b64 = Base64.getUrlEncoder().withoutPadding().encodeToString(ref.hash());
    return switch (ref.hashType()) {
      case SHA256 -> NI_SHA256 + b64;
      case SHA256_128 -> NI_SHA256_128 + b64;
      case MD5 -> throw new IllegalArgumentException("a model named by MD5 has no ni URI; use SHA-256");
    };
  }

  /** The SHA-256 bytes (32, or the first 16) an {@code nnpfc_uri} names, if it is such a URI. */
  public static Optional<byte[]> uriHash(String uri) {
    String b64;
    int length;
    if (uri.startsWith(NI_SHA256)) {
      b64 = uri.substring(NI_SHA256.length());
      length = 32;
    } else if (uri.startsWith(NI_SHA256_128)) {
      b64 = uri.substring(NI_SHA256_128.length());
      length = 16;
    } else {
      return Optional.empty();
    }
    try {
      byte[] h = Base64.getUrlDecoder().decode(b64);
      return h.length == length && !b64.contains("=") ? Optional.of(h) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * The NNPFC describing the network of {@code ps}: purpose 1, {@code nnpfc_id} = {@code
   * nnpfps_id}, a base filter by URI, integer tensors in the parameter set's order and bit depths,
   * the auxiliary (QP strength) plane when the parameter set has one, its patch size, overlap and
   * padding, and {@code complexity}.
   */
  public static H274Characteristics characteristics(NnpfParameterSet ps, ComplexityInfo complexity) {
    if (ps.input().bitDepthLuma() != ps.input().bitDepthChroma()
        || ps.output().bitDepthLuma() != ps.output().bitDepthChroma()
        || ps.input().order() != ps.output().order() || ps.input().bitDepthLuma() != ps.output().bitDepthLuma()) {
      throw new IllegalArgumentException("the H.274 carriage describes filters with one bit depth and one order");
    }
    H274Format f = H274Format.integerTensors(ps.input().order().idc(), ps.input().bitDepthLuma(),
        ps.auxInputIdc() == 1 ? 1 : 0, ps.patchWidth(), ps.patchHeight(), ps.overlap(), ps.padding().idc(),
        Optional.of(complexity));
    if (ps.padding() == PaddingType.FIXED) {
      f = new H274Format(f.numInputPicsMinus1(), f.componentLastFlag(), f.inpFormatIdc(), f.auxInpIdc(),
          f.inpOrderIdc(), f.inpBitDepthLumaMinus8(), f.inpBitDepthChromaMinus8(), f.outFormatIdc(), f.outOrderIdc(),
          f.outBitDepthLumaMinus8(), f.outBitDepthChromaMinus8(), false, false, f.overlap(), true,
          f.patchWidthMinus1(), f.patchHeightMinus1(), 4, ps.fixedPaddingValue(0), ps.fixedPaddingValue(1),
          ps.fixedPaddingValue(2), f.complexity(), 0);
    }
    return H274Characteristics.byUri(PURPOSE, ps.id(), TAG_URI, modelUri(ps.model()), f);
  }

  /**
   * Checks that the NNPFC {@code c} (with {@link #TAG_URI}) and its associated parameter set
   * {@code ps} describe the same filter.
   *
   * @param offset stream offset of the NNPFC's first payload byte, for errors
   * @throws BitstreamException naming the first NNPFC element that disagrees
   */
  public static void checkConsistent(H274Characteristics c, NnpfParameterSet ps, long offset) {
    String ctx = "stream, the NNPFC SEI message with nnpfc_id " + c.id() + " starts there";
    require(c.purpose() == PURPOSE, "nnpfc_purpose", offset, ctx,
        "is " + c.purpose() + "; a filter of " + TAG_URI + " is a visual quality improvement (1)");
    byte[] named = uriHash(c.uri()).orElseThrow(() -> new BitstreamException("nnpfc_uri", offset, 0, ctx,
        "'" + c.uri() + "' is not an ni:///sha-256; or ni:///sha-256-128; URI, which " + TAG_URI + " requires"));
    ModelReference ref = ps.model();
    boolean sha = ref.hashType() == ModelHashType.SHA256 || ref.hashType() == ModelHashType.SHA256_128;
    int n = Math.min(named.length, ref.hash().length);
    require(sha && Arrays.equals(Arrays.copyOf(named, n), Arrays.copyOf(ref.hash(), n)), "nnpfc_uri", offset, ctx,
        "names model " + c.uri() + ", the associated NNPF parameter set " + ps.id() + " model " + ref.hashType() + " "
            + ref.hashHex());
    H274Format f = c.format().orElseThrow(() -> new BitstreamException("nnpfc_property_present_flag", offset, 0, ctx,
        "is 0; a base filter of " + TAG_URI + " describes its tensors"));
    require(f.numInputPicsMinus1() == 0, "nnpfc_num_input_pics_minus1", offset, ctx,
        "is " + f.numInputPicsMinus1() + "; the filter takes one picture");
    require(!f.componentLastFlag(), "nnpfc_component_last_flag", offset, ctx, "is 1; the tensors are channel first");
    require(f.inpFormatIdc() == 1, "nnpfc_inp_format_idc", offset, ctx, "is " + f.inpFormatIdc() + ", not 1 (integers)");
    require(f.outFormatIdc() == 1, "nnpfc_out_format_idc", offset, ctx, "is " + f.outFormatIdc() + ", not 1 (integers)");
    require(f.inpOrderIdc() == ps.input().order().idc(), "nnpfc_inp_order_idc", offset, ctx,
        "is " + f.inpOrderIdc() + ", nnpfps_inp_order_idc " + ps.input().order().idc());
    require(f.outOrderIdc() == ps.output().order().idc(), "nnpfc_out_order_idc", offset, ctx,
        "is " + f.outOrderIdc() + ", nnpfps_out_order_idc " + ps.output().order().idc());
    checkDepth(f.inpBitDepthLumaMinus8(), ps.input().bitDepthLuma(), "nnpfc_inp_tensor_luma_bitdepth_minus8", offset, ctx);
    checkDepth(f.inpBitDepthChromaMinus8(), ps.input().bitDepthChroma(), "nnpfc_inp_tensor_chroma_bitdepth_minus8",
        offset, ctx);
    checkDepth(f.outBitDepthLumaMinus8(), ps.output().bitDepthLuma(), "nnpfc_out_tensor_luma_bitdepth_minus8",
        offset, ctx);
    checkDepth(f.outBitDepthChromaMinus8(), ps.output().bitDepthChroma(), "nnpfc_out_tensor_chroma_bitdepth_minus8",
        offset, ctx);
    int aux = ps.auxInputIdc() == 1 ? 1 : 0;
    require(f.auxInpIdc() == aux, "nnpfc_auxiliary_inp_idc", offset, ctx,
        "is " + f.auxInpIdc() + ", nnpfps_aux_inp_idc " + ps.auxInputIdc() + " (expected " + aux + ")");
    require(f.overlap() == ps.overlap(), "nnpfc_overlap", offset, ctx,
        "is " + f.overlap() + ", nnpfps_overlap " + ps.overlap());
    require(f.constantPatchSizeFlag(), "nnpfc_constant_patch_size_flag", offset, ctx, "is 0; the patch size is constant");
    require(f.patchWidthMinus1() == ps.patchWidth() - 1, "nnpfc_patch_width_minus1", offset, ctx,
        "is " + f.patchWidthMinus1() + ", nnpfps_patch_width_minus1 " + (ps.patchWidth() - 1));
    require(f.patchHeightMinus1() == ps.patchHeight() - 1, "nnpfc_patch_height_minus1", offset, ctx,
        "is " + f.patchHeightMinus1() + ", nnpfps_patch_height_minus1 " + (ps.patchHeight() - 1));
    require(f.paddingType() == ps.padding().idc(), "nnpfc_padding_type", offset, ctx,
        "is " + f.paddingType() + ", nnpfps_padding_type " + ps.padding().idc());
    if (ps.padding() == PaddingType.FIXED) {
      require(f.lumaPaddingVal() == ps.fixedPaddingValue(0) && f.cbPaddingVal() == ps.fixedPaddingValue(1)
          && f.crPaddingVal() == ps.fixedPaddingValue(2), "nnpfc_luma_padding_val", offset, ctx,
          "the fixed padding values differ from the parameter set's");
    }
    if (ps.complexity().isPresent() && f.complexity().isPresent()) {
      require(ps.complexity().get().equals(f.complexity().get()), "nnpfc_complexity_info_present_flag", offset, ctx,
          "the complexity information " + f.complexity().get() + " differs from the parameter set's "
              + ps.complexity().get());
    }
  }

  /**
   * The access units of {@code stream} (decoding order) other than the first that start a coded
   * layer video sequence: HEVC IDR and BLA pictures (types 16..20), AVC IDR pictures (type 5).
   * (A CRA that follows an end-of-sequence NAL unit also starts one; the project's base encoders
   * write none.)
   */
  public static Set<Integer> clvsStarts(byte[] stream, org.nnpf.bitstream.nal.NalCodec codec) {
    Set<Integer> out = new HashSet<>();
    org.nnpf.bitstream.nal.AccessUnitSplitter aus = new org.nnpf.bitstream.nal.AccessUnitSplitter(
        new org.nnpf.bitstream.nal.NalUnitStream(stream, codec), codec);
    while (aus.hasNext()) {
      org.nnpf.bitstream.nal.AccessUnit au = aus.next();
      int v = au.firstVclIndex();
      if (v < 0 || au.index() == 0) {
        continue;
      }
      int t = au.units().get(v).type();
      boolean start = switch (codec) {
        case HEVC -> t >= 16 && t <= 20;
        case AVC -> t == 5;
        default -> false;
      };
      if (start) {
        out.add(au.index());
      }
    }
    return out;
  }

  private static void checkDepth(int minus8, int depth, String element, long offset, String ctx) {
    require(minus8 + 8 == depth, element, offset, ctx, "is " + minus8 + ", the parameter set's bit depth is " + depth);
  }

  private static void require(boolean ok, String element, long offset, String ctx, String detail) {
    if (!ok) {
      throw new BitstreamException(element, offset, 0, ctx, detail);
    }
  }

  /**
   * Rewrites the messages the encoder plans for the SEI or APS carriage (access unit index in
   * decoding order -> messages) into the H.274 carriage: before each parameter set, the NNPFC
   * describing it (with {@code complexity} of it); every activation of a filter that has an NNPFC
   * becomes an NNPFA (base filter, persistence kept); the auxiliary value those activations carried
   * becomes the parameter set's {@code nnpfps_aux_default_value} (NNPFA has no such element). A
   * filter whose activations carry different auxiliary values, and a refinement set without a
   * parameter set (no network, so no NNPFC), keep the extension's activations.
   *
   * <p>H.274 limits an NNPFC and a persistent NNPFA to their coded layer video sequence: the
   * messages of access unit 0 that define a filter (NNPFC, parameter set, refinement set, a
   * persistent activation) are repeated in every access unit of {@code clvsStarts}.
   */
  public static Map<Integer, List<NnpfMessage>> translate(Map<Integer, List<NnpfMessage>> plan,
      Function<NnpfParameterSet, ComplexityInfo> complexity, Set<Integer> clvsStarts) {
    Map<Integer, Set<OptionalInt>> auxById = new HashMap<>();
    Set<Integer> psIds = new HashSet<>();
    for (List<NnpfMessage> au : plan.values()) {
      for (NnpfMessage m : au) {
        if (m instanceof NnpfParameterSet p) {
          psIds.add(p.id());
        } else if (m instanceof NnpfActivation a && !a.cancel()) {
          auxById.computeIfAbsent(a.targetId(), k -> new HashSet<>()).add(a.auxValue());
        }
      }
    }
    Set<Integer> standard = new HashSet<>();
    for (int id : psIds) {
      Set<OptionalInt> aux = auxById.getOrDefault(id, Set.of());
      if (aux.size() <= 1) {
        standard.add(id);
      }
    }
    Map<Integer, List<NnpfMessage>> out = new TreeMap<>();
    for (Map.Entry<Integer, List<NnpfMessage>> e : new TreeMap<>(plan).entrySet()) {
      List<NnpfMessage> au = new ArrayList<>();
      for (NnpfMessage m : e.getValue()) {
        if (m instanceof NnpfParameterSet p && standard.contains(p.id())) {
          Set<OptionalInt> aux = auxById.getOrDefault(p.id(), Set.of());
          NnpfParameterSet q = p;
          if (p.auxInputIdc() == 1 && aux.size() == 1 && aux.iterator().next().isPresent()) {
            q = p.toBuilder().auxInput(aux.iterator().next().getAsInt()).build();
          }
          au.add(characteristics(q, complexity.apply(q)));
          au.add(q);
        } else if (m instanceof NnpfActivation a && standard.contains(a.targetId())) {
          au.add(a.cancel() ? H274Activation.cancel(a.targetId()) : H274Activation.activate(a.targetId(), a.persistent()));
        } else {
          au.add(m);
        }
      }
      out.put(e.getKey(), au);
    }
    // NNPFA after the NNPFC and the extension that defines its filter, within each access unit
    for (Map.Entry<Integer, List<NnpfMessage>> e : out.entrySet()) {
      List<NnpfMessage> au = e.getValue();
      List<NnpfMessage> defs = new ArrayList<>();
      List<NnpfMessage> rest = new ArrayList<>();
      for (NnpfMessage m : au) {
        if (m instanceof H274Characteristics || m instanceof NnpfParameterSet
            || m instanceof org.nnpf.bitstream.nnpf.NnpfRefinementSet) {
          defs.add(m);
        } else {
          rest.add(m);
        }
      }
      defs.addAll(rest);
      e.setValue(defs);
    }
    List<NnpfMessage> first = out.getOrDefault(0, List.of());
    List<NnpfMessage> repeat = new ArrayList<>();
    for (NnpfMessage m : first) {
      if (m instanceof H274Characteristics || m instanceof NnpfParameterSet
          || m instanceof org.nnpf.bitstream.nnpf.NnpfRefinementSet
          || (m instanceof H274Activation a && a.persistence())
          || (m instanceof NnpfActivation a2 && a2.persistent())) {
        repeat.add(m);
      }
    }
    for (int k : new java.util.TreeSet<>(clvsStarts)) {
      if (k == 0 || repeat.isEmpty()) {
        continue;
      }
      List<NnpfMessage> au = new ArrayList<>(repeat);
      for (NnpfMessage m : out.getOrDefault(k, List.of())) {
        boolean dup = m instanceof NnpfActivation a && !a.cancel() || m instanceof H274Activation b && !b.cancel();
        if (!dup || repeat.stream().noneMatch(r -> r instanceof H274Activation || r instanceof NnpfActivation)) {
          au.add(m);
        }
      }
      out.put(k, au);
    }
    return out;
  }

}
