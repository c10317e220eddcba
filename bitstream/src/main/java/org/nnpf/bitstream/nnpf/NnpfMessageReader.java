package org.nnpf.bitstream.nnpf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.nnpf.bitstream.BitstreamException;
import org.nnpf.bitstream.rbsp.BitReader;
import org.nnpf.common.nn.refine.BlockMap;
import org.nnpf.common.nn.refine.ComponentMode;
import org.nnpf.common.nn.refine.ComponentRefinement;
import org.nnpf.common.nn.refine.FirShape;
import org.nnpf.common.nn.refine.Refinement;
import org.nnpf.common.nn.refine.RefinementProcess;

/**
 * Reads {@code nnpf_message()} element by element in the order of the syntax tables of
 * docs/bitstream-syntax.md; {@link NnpfMessageWriter} is its mirror.
 *
 * <p>Every value is range-checked where it is read, and every count that sizes an allocation is
 * checked against the limits and against the bits left before allocating, so a malformed message
 * ends with a {@link BitstreamException} that names the element and its position.
 *
 * <p>Versions: a message whose {@code nnpf_version_major} is not 1 is an error. A message of
 * version 1.0 with a reserved value, or with bytes after its syntax, is an error. A message of a
 * later minor version may carry extension bytes after the 1.0 syntax, which are skipped; if it has
 * a reserved message type or a reserved value, it is returned as an {@link UnsupportedNnpfMessage}
 * (to be ignored).
 */
public final class NnpfMessageReader {
  private final BitReader r;
  private int versionMinor;

  private NnpfMessageReader(BitReader r) {
    this.r = r;
  }

  /** Reads the message that fills the reader's range (an SEI payload after the UUID, or an APS). */
  public static NnpfMessage read(BitReader r) {
    return new NnpfMessageReader(r).message();
  }

  /** Reads a message from bytes; offsets in errors count from the first byte. */
  public static NnpfMessage read(byte[] message) {
    return read(BitReader.of(message, "nnpf_message"));
  }

  /** A reserved value: an error in version 1.0, a reason to ignore the message in later versions. */
  private static final class ReservedValueException extends BitstreamException {
    private static final long serialVersionUID = 1L;

    ReservedValueException(BitstreamException e) {
      super(e.syntaxElement(), e.byteOffset(), e.bitOffset(), e.context(), e.detail());
    }
  }

  private BitstreamException reserved(String element, long start, long value) {
    return new ReservedValueException(r.errorAt(element, start, "reserved value " + value));
  }

  private NnpfMessage message() {
    if (!r.byteAligned()) {
      throw new IllegalStateException("nnpf_message() starts at a byte boundary");
    }
    long start = r.mark();
    int type = r.u(8, "nnpf_message_type");
    long majorStart = r.mark();
    int major = r.u(8, "nnpf_version_major");
    if (major != NnpfLimits.VERSION_MAJOR) {
      throw r.errorAt(
          "nnpf_version_major",
          majorStart,
          "unsupported version " + major + " (this decoder implements version " + NnpfLimits.VERSION_MAJOR + ")");
    }
    versionMinor = r.u(8, "nnpf_version_minor");
    long bodyStart = r.mark();
    try {
      NnpfMessage m;
      switch (type) {
        case NnpfMessage.TYPE_PARAMETER_SET:
          m = parameterSet();
          break;
        case NnpfMessage.TYPE_ACTIVATION:
          m = activation();
          break;
        case NnpfMessage.TYPE_PICTURE_HASH:
          m = pictureHash();
          break;
        case NnpfMessage.TYPE_REFINEMENT_SET:
          if (versionMinor < NnpfLimits.VERSION_MINOR_REFINEMENT) {
            throw reserved("nnpf_message_type", start, type);
          }
          m = refinementSet();
          break;
        case NnpfMessage.TYPE_BLOCK_MAP:
          if (versionMinor < NnpfLimits.VERSION_MINOR_REFINEMENT) {
            throw reserved("nnpf_message_type", start, type);
          }
          m = blockMap();
          break;
        default:
          throw reserved("nnpf_message_type", start, type);
      }
      r.zeroAlignment("nnpf_alignment_zero_bit");
      if (r.bitsLeft() > 0) {
        if (versionMinor == 0) {
          throw r.error("nnpf_extension_byte", (r.bitsLeft() / 8) + " bytes after the end of a version 1.0 message");
        }
        r.skipToEnd();
      }
      return m;
    } catch (ReservedValueException e) {
      if (versionMinor == 0) {
        throw new BitstreamException(e.syntaxElement(), e.byteOffset(), e.bitOffset(), e.context(), e.detail());
      }
      int bodyBytes = (int) ((r.bitsLeft() + r.mark() - bodyStart) / 8);
      r.skipToEnd();
      return new UnsupportedNnpfMessage(type, versionMinor, e.getMessage(), bodyBytes);
    }
  }

  // ------------------------------------------------------------------ block map

  /**
   * The flags are run-length coded; the number of blocks depends on the picture, which the message
   * does not know: the last run is open (it covers every remaining block), and the decoder checks,
   * when it applies the map, that the closed runs leave at least one block for it.
   */
  private NnpfBlockMap blockMap() {
    int target = r.u(8, "nbm_target_id");
    int log2 = r.ue("nbm_log2_block_size_minus4", BlockMap.MAX_LOG2_SIZE - BlockMap.MIN_LOG2_SIZE)
        + BlockMap.MIN_LOG2_SIZE;
    boolean chroma = r.flag("nbm_chroma_present_flag");
    List<Optional<BlockMap.Runs>> comps = new ArrayList<>();
    for (int c = 0; c < (chroma ? 3 : 1); c++) {
      if (!r.flag("nbm_map_present_flag[" + c + "]")) {
        comps.add(Optional.empty());
        continue;
      }
      boolean first = r.flag("nbm_first_value[" + c + "]");
      int n = r.ue("nbm_num_runs_minus1[" + c + "]", BlockMap.MAX_BLOCKS - 1) + 1;
      // each run length code word takes at least one bit: check before allocating
      r.require(n - 1, "nbm_run_length_minus1[" + c + "]");
      int[] runs = new int[n - 1];
      long total = 0;
      for (int i = 0; i < n - 1; i++) {
        String e = "nbm_run_length_minus1[" + c + "][" + i + "]";
        long start = r.mark();
        runs[i] = r.ue(e, BlockMap.MAX_BLOCKS - 1) + 1;
        total += runs[i];
        if (total >= BlockMap.MAX_BLOCKS) {
          throw r.errorAt(e, start, "the runs cover " + total + " blocks, more than MaxBlocks - 1 = " + (BlockMap.MAX_BLOCKS - 1));
        }
      }
      comps.add(Optional.of(new BlockMap.Runs(first, runs)));
    }
    return new NnpfBlockMap(target, new BlockMap(log2, comps));
  }

  // ------------------------------------------------------------------ refinement set

  private NnpfRefinementSet refinementSet() {
    int psId = r.u(8, "nnpfrs_ps_id");
    int numHyp = r.ue("nnpfrs_num_hypotheses", RefinementProcess.MAX_HYPOTHESES);
    boolean chroma = r.flag("nnpfrs_chroma_present_flag");
    List<ComponentRefinement> comps = new ArrayList<>();
    for (int c = 0; c < (chroma ? 3 : 1); c++) {
      long mStart = r.mark();
      int code = r.u(2, "nnpfrs_comp_mode[" + c + "]");
      ComponentMode mode = ComponentMode.fromCode(code);
      if (mode == null) {
        throw reserved("nnpfrs_comp_mode[" + c + "]", mStart, code);
      }
      if (mode == ComponentMode.UNFILTERED) {
        comps.add(ComponentRefinement.unfiltered());
        continue;
      }
      if (mode == ComponentMode.NETWORK) {
        comps.add(ComponentRefinement.network());
        continue;
      }
      int scale = r.ue("nnpfrs_log2_scale[" + c + "]", RefinementProcess.MAX_LOG2_SCALE);
      long sStart = r.mark();
      // every value above 2 is reserved, up to the largest ue(v) value (not a range error)
      int shapeIdc = knownUe("nnpfrs_fir_shape_idc[" + c + "]", FirShape.DIAMOND7.idc());
      FirShape shape = FirShape.fromIdc(shapeIdc);
      if (numHyp + shape.taps() == 0) {
        throw r.errorAt("nnpfrs_fir_shape_idc[" + c + "]", sStart,
            "a refined component with no hypothesis (nnpfrs_num_hypotheses 0) needs a FIR shape");
      }
      boolean classified = r.flag("nnpfrs_classified_flag[" + c + "]");
      int numFilters = 1;
      int[] index = new int[0];
      if (classified) {
        numFilters = r.ue("nnpfrs_num_filters_minus1[" + c + "]", RefinementProcess.NUM_CLASSES - 1) + 1;
        int bits = RefinementSyntax.filterIndexBits(numFilters);
        index = new int[RefinementProcess.NUM_CLASSES];
        for (int k = 0; k < index.length; k++) {
          index[k] = r.u(bits, "nnpfrs_filter_idx[" + c + "][" + k + "]", 0, numFilters - 1);
        }
      }
      int k = r.ue("nnpfrs_eg_order[" + c + "]", RefinementSyntax.MAX_EG_ORDER);
      int[][] co = new int[numFilters][numHyp + shape.taps()];
      for (int f = 0; f < numFilters; f++) {
        for (int i = 0; i < co[f].length; i++) {
          co[f][i] = r.sek(k, "nnpfrs_coeff[" + c + "][" + f + "][" + i + "]",
              RefinementProcess.MIN_COEFF, RefinementProcess.MAX_COEFF);
        }
      }
      comps.add(ComponentRefinement.refined(numHyp, scale, shape, classified, index, co));
    }
    return new NnpfRefinementSet(psId, new Refinement(numHyp, comps));
  }

  // ------------------------------------------------------------------ activation

  private NnpfActivation activation() {
    int target = r.u(8, "nnpfa_target_id");
    boolean cancel = r.flag("nnpfa_cancel_flag");
    boolean persistent = false;
    OptionalInt aux = OptionalInt.empty();
    if (!cancel) {
      persistent = r.flag("nnpfa_persistence_flag");
      if (r.flag("nnpfa_aux_value_present_flag")) {
        aux = OptionalInt.of(r.u(16, "nnpfa_aux_value"));
      }
    }
    return new NnpfActivation(target, cancel, persistent, aux);
  }

  // ------------------------------------------------------------------ picture hash

  private NnpfPictureHash pictureHash() {
    long start = r.mark();
    int code = r.u(8, "ph_hash_type");
    PictureHashType type = PictureHashType.fromCode(code);
    if (type == null) {
      throw reserved("ph_hash_type", start, code);
    }
    boolean chroma = r.flag("ph_chroma_present_flag");
    long zStart = r.mark();
    int zero = r.u(7, "ph_reserved_zero_7bits");
    if (zero != 0) {
      throw reserved("ph_reserved_zero_7bits", zStart, zero);
    }
    int planes = chroma ? 3 : 1;
    List<byte[]> digests = new ArrayList<>();
    for (int c = 0; c < planes; c++) {
      switch (type) {
        case MD5:
          digests.add(r.bytes(16, "ph_md5[" + c + "]"));
          break;
        case CRC:
          digests.add(bigEndian(r.uLong(16, "ph_crc[" + c + "]"), 2));
          break;
        default:
          digests.add(bigEndian(r.uLong(32, "ph_checksum[" + c + "]"), 4));
          break;
      }
    }
    return new NnpfPictureHash(type, digests);
  }

  private static byte[] bigEndian(long v, int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (v >>> (8 * (n - 1 - i)));
    }
    return b;
  }

  // ------------------------------------------------------------------ parameter set

  private NnpfParameterSet parameterSet() {
    NnpfParameterSet.Builder b = NnpfParameterSet.builder().versionMinorRead(versionMinor);
    b.id(r.u(8, "nnpfps_id"));
    b.model(model());

    SampleFormat input = sampleFormat("inp");
    b.input(input);
    int aux = knownUe("nnpfps_aux_inp_idc", 1);
    if (aux == 1) {
      b.auxInput(r.u(16, "nnpfps_aux_default_value"));
    }
    b.output(sampleFormat("out"));
    int pw = r.ue("nnpfps_patch_width_minus1", NnpfLimits.MAX_PATCH_SIZE - 1) + 1;
    int ph = r.ue("nnpfps_patch_height_minus1", NnpfLimits.MAX_PATCH_SIZE - 1) + 1;
    int overlap = r.ue("nnpfps_overlap", NnpfLimits.MAX_OVERLAP);
    b.patch(pw, ph, overlap);
    PaddingType padding = PaddingType.fromIdc(knownUe("nnpfps_padding_type", 4));
    if (padding == PaddingType.FIXED) {
      int y = r.u(input.bitDepthLuma(), "nnpfps_luma_padding_val");
      int cb = r.u(input.bitDepthChroma(), "nnpfps_cb_padding_val");
      int cr = r.u(input.bitDepthChroma(), "nnpfps_cr_padding_val");
      b.fixedPadding(y, cb, cr);
    } else {
      b.padding(padding);
    }
    if (r.flag("nnpfps_complexity_info_present_flag")) {
      b.complexity(complexity());
    }

    b.inputQuantizer(quantizer("nnpfps_input_bit_width_idc", "nnpfps_input_frac_bits"));
    int numQpSets = r.ue("nnpfps_num_qp_sets_minus1", NnpfLimits.MAX_QP_SETS - 1) + 1;
    List<QpSet> qpSets = new ArrayList<>(numQpSets);
    for (int s = 0; s < numQpSets; s++) {
      qpSets.add(qpSet(s));
    }
    b.qpSets(qpSets);

    int numLayers = r.ue("nnpfps_num_layers_minus1", NnpfLimits.MAX_LAYERS - 1) + 1;
    long asStart = r.mark();
    int asIdc = r.u(2, "nnpfps_qp_set_assignment_idc");
    QpSetAssignment assignment = QpSetAssignment.fromIdc(asIdc);
    if (assignment == null) {
      throw reserved("nnpfps_qp_set_assignment_idc", asStart, asIdc);
    }
    if (assignment == QpSetAssignment.PER_LAYER && numQpSets != numLayers) {
      throw r.errorAt(
          "nnpfps_qp_set_assignment_idc",
          asStart,
          "per-layer QP sets (0) need as many QP sets as layers: " + numQpSets + " sets, " + numLayers + " layers");
    }
    b.qpSetAssignment(assignment);
    int idxBits = ceilLog2(numQpSets);
    List<Layer> layers = new ArrayList<>(numLayers);
    long[] layerStarts = new long[numLayers];
    for (int i = 0; i < numLayers; i++) {
      layerStarts[i] = r.mark();
      layers.add(layerDescriptor(i, assignment, idxBits, numQpSets, qpSets));
    }
    for (int i = 0; i < numLayers; i++) {
      layers.set(i, layerData(i, layers.get(i), qpSets));
    }
    b.layers(layers);
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw r.errorAt("nnpf_parameter_set", layerStarts[0], e.getMessage());
    }
  }

  private ModelReference model() {
    long idcStart = r.mark();
    int idc = r.u(2, "nnpfps_model_idc");
    if (idc > 1) {
      throw reserved("nnpfps_model_idc", idcStart, idc);
    }
    long htStart = r.mark();
    int ht = r.u(2, "nnpfps_model_hash_type");
    ModelHashType hashType = ModelHashType.fromIdc(ht);
    if (hashType == null) {
      throw reserved("nnpfps_model_hash_type", htStart, ht);
    }
    long zStart = r.mark();
    int zero = r.u(4, "nnpfps_reserved_zero_4bits");
    if (zero != 0) {
      throw reserved("nnpfps_reserved_zero_4bits", zStart, zero);
    }
    long hashStart = r.mark();
    byte[] hash = r.bytes(hashType.length(), "nnpfps_model_hash");
    if (idc == 0) {
      return ModelReference.byHash(hashType, hash);
    }
    long lenStart = r.mark();
    long length = r.uLong(32, "nnpfps_model_length");
    r.checkRangeAt("nnpfps_model_length", lenStart, length, 1, NnpfLimits.MAX_MODEL_BYTES);
    byte[] model = r.bytes((int) length, "nnpfps_model_byte");
    if (!Arrays.equals(hashType.hash(model), hash)) {
      throw r.errorAt("nnpfps_model_hash", hashStart, "does not match the " + hashType + " hash of the in-band model");
    }
    return ModelReference.inBand(hashType, model);
  }

  private SampleFormat sampleFormat(String prefix) {
    TensorOrder order = TensorOrder.fromIdc(knownUe("nnpfps_" + prefix + "_order_idc", 3));
    int luma = r.ue("nnpfps_" + prefix + "_bitdepth_luma_minus8", NnpfLimits.MAX_BIT_DEPTH - 8) + 8;
    int chroma = r.ue("nnpfps_" + prefix + "_bitdepth_chroma_minus8", NnpfLimits.MAX_BIT_DEPTH - 8) + 8;
    return new SampleFormat(order, luma, chroma);
  }

  /** A {@code ue(v)} whose values above {@code maxKnown} are reserved. */
  private int knownUe(String element, int maxKnown) {
    long start = r.mark();
    long v = r.ueLong(element);
    if (v > maxKnown) {
      throw reserved(element, start, v);
    }
    return (int) v;
  }

  private ComplexityInfo complexity() {
    long ptStart = r.mark();
    int pt = r.u(2, "nnpfps_parameter_type_idc");
    if (pt == 3) {
      throw reserved("nnpfps_parameter_type_idc", ptStart, pt);
    }
    int bl = r.u(2, "nnpfps_log2_parameter_bit_length_minus3");
    int np = r.u(6, "nnpfps_num_parameters_idc", 0, 52);
    long kmac = r.ueLong("nnpfps_num_kmac_operations_idc");
    long kb = r.ueLong("nnpfps_total_kilobyte_size");
    return new ComplexityInfo(pt, bl, np, kmac, kb);
  }

  private TensorQuantizer quantizer(String widthName, String fracName) {
    long start = r.mark();
    int idc = r.u(2, widthName);
    if (idc == 3) {
      throw reserved(widthName, start, idc);
    }
    int frac = r.se(fracName, NnpfLimits.MIN_FRAC_BITS, NnpfLimits.MAX_FRAC_BITS);
    return new TensorQuantizer(TensorQuantizer.bitWidthOf(idc), frac);
  }

  private QpSet qpSet(int s) {
    String accName = "qps_accumulator_precision_idc[" + s + "]";
    long start = r.mark();
    int acc = r.u(2, accName);
    if (acc == 3) {
      throw reserved(accName, start, acc);
    }
    Map<TensorRole, TensorQuantizer> q = new EnumMap<>(TensorRole.class);
    for (TensorRole role : TensorRole.values()) {
      int c = role.code();
      if (r.flag("qps_role_present_flag[" + s + "][" + c + "]")) {
        q.put(role, quantizer("qps_bit_width_idc[" + s + "][" + c + "]", "qps_frac_bits[" + s + "][" + c + "]"));
      }
    }
    return new QpSet(QpSet.accumulatorBitsOf(acc), q);
  }

  private Layer layerDescriptor(
      int i, QpSetAssignment assignment, int idxBits, int numQpSets, List<QpSet> qpSets) {
    String n = "[" + i + "]";
    int kind = r.u(8, "layer_kind" + n);
    int in = r.ue("layer_in_channels_minus1" + n, NnpfLimits.MAX_CHANNELS - 1) + 1;
    int out = r.ue("layer_out_channels_minus1" + n, NnpfLimits.MAX_CHANNELS - 1) + 1;
    int flags = r.u(TensorRole.COUNT, "layer_tensor_flags" + n);
    Set<TensorRole> tensors = EnumSet.noneOf(TensorRole.class);
    for (TensorRole role : TensorRole.values()) {
      if ((flags >> role.code() & 1) != 0) {
        tensors.add(role);
      }
    }
    int kh = 0;
    int kw = 0;
    if (tensors.contains(TensorRole.WEIGHTS)) {
      kh = r.ue("layer_kernel_height_minus1" + n, NnpfLimits.MAX_KERNEL_SIZE - 1) + 1;
      kw = r.ue("layer_kernel_width_minus1" + n, NnpfLimits.MAX_KERNEL_SIZE - 1) + 1;
    }
    int own;
    switch (assignment) {
      case PER_LAYER:
        own = i;
        break;
      case SHARED:
        own = 0;
        break;
      default:
        own = r.u(idxBits, "layer_qp_set_idx" + n, 0, numQpSets - 1);
        break;
    }
    long ovStart = r.mark();
    int numOverrides = r.ue("layer_num_qp_overrides" + n, TensorRole.COUNT);
    Map<TensorRole, Integer> overrides = new EnumMap<>(TensorRole.class);
    int lastRole = -1;
    for (int j = 0; j < numOverrides; j++) {
      String m = n + "[" + j + "]";
      long roleStart = r.mark();
      int code = r.u(3, "layer_override_role" + m);
      TensorRole role = TensorRole.fromCode(code);
      if (role == null) {
        throw reserved("layer_override_role" + m, roleStart, code);
      }
      if (code <= lastRole || !tensors.contains(role)) {
        throw r.errorAt(
            "layer_override_role" + m,
            roleStart,
            "role " + code + " must be a tensor of the layer and greater than the previous override's role");
      }
      lastRole = code;
      overrides.put(role, r.u(idxBits, "layer_override_qp_set_idx" + m, 0, numQpSets - 1));
    }
    for (TensorRole role : tensors) {
      int s = overrides.getOrDefault(role, own);
      if (!qpSets.get(s).quantizers().containsKey(role)) {
        throw r.errorAt(
            "layer_num_qp_overrides" + n,
            ovStart,
            "layer " + i + " tensor " + role + " resolves to QP set " + s + ", which has no " + role + " quantizer");
      }
    }
    return new Layer(kind, in, out, kh, kw, tensors, own, overrides, Optional.empty(), Optional.empty(), Optional.empty());
  }

  private Layer layerData(int i, Layer l, List<QpSet> qpSets) {
    String n = "[" + i + "]";
    Layer out = l;
    if (l.has(TensorRole.MULTIPLIER) && r.flag("layer_multiplier_present_flag" + n)) {
      out = out.withMultipliers(tensorData("multiplier" + n, l.outChannels(), bitWidth(l, TensorRole.MULTIPLIER, qpSets)));
    }
    if (l.has(TensorRole.BIAS) && r.flag("layer_bias_update_flag" + n)) {
      out = out.withBiasUpdate(tensorData("bias" + n, l.outChannels(), bitWidth(l, TensorRole.BIAS, qpSets)));
    }
    if (l.has(TensorRole.WEIGHTS) && r.flag("layer_weight_update_flag" + n)) {
      out = out.withWeightUpdate(tensorData("weights" + n, l.weightCount(), bitWidth(l, TensorRole.WEIGHTS, qpSets)));
    }
    return out;
  }

  private static int bitWidth(Layer l, TensorRole role, List<QpSet> qpSets) {
    return qpSets.get(l.qpSetIndexFor(role)).quantizers().get(role).bitWidth();
  }

  private TensorData tensorData(String what, long count, int bitWidth) {
    long start = r.mark();
    String idcName = "td_coding_idc (" + what + ")";
    int idc = r.u(2, idcName);
    TensorCoding coding = TensorCoding.fromIdc(idc);
    if (coding == null
        || (coding == TensorCoding.DELTA_AC && versionMinor < NnpfLimits.VERSION_MINOR_ARITHMETIC)) {
      // 2 is defined from version 1.2 on: reserved in a version 1.0 or 1.1 message
      throw reserved(idcName, start, idc);
    }
    if (coding == TensorCoding.DELTA_AC) {
      return arithmeticTensorData(what, count, start);
    }
    int k = r.ue("td_eg_order (" + what + ")", NnpfLimits.MAX_EG_ORDER);
    // every sek(v) code word of order k has at least k + 1 bits: check before allocating
    r.require(count * (k + 1), "td_value (" + what + ", " + count + " values)");
    int[] values = new int[(int) count];
    long min = coding == TensorCoding.ABSOLUTE ? -(1L << (bitWidth - 1)) : Integer.MIN_VALUE;
    long max = coding == TensorCoding.ABSOLUTE ? (1L << (bitWidth - 1)) - 1 : Integer.MAX_VALUE;
    int i = 0;
    try {
      for (; i < count; i++) {
        long vStart = r.mark();
        long v = r.sekLong(k, "td_value");
        r.checkRangeAt("td_value", vStart, v, min, max);
        values[i] = (int) v;
      }
    } catch (BitstreamException e) {
      throw new BitstreamException(
          "td_value[" + i + "] (" + what + ")", e.byteOffset(), e.bitOffset(), e.context(), e.detail());
    }
    return new TensorData(coding, k, values);
  }

  /** Elements of the arithmetic-coded tensors read so far in this message (MaxAcElements). */
  private long acElements;

  /**
   * {@code td_coding_idc} 2 (version 1.2): {@code td_log2_step}, {@code td_ac_num_bytes}, the
   * alignment, the bytes, and the values decoded from them (docs/bitstream-syntax.md 6.3).
   */
  private TensorData arithmeticTensorData(String what, long count, long idcStart) {
    acElements += count;
    if (acElements > NnpfLimits.MAX_AC_ELEMENTS) {
      // an arithmetic code may code many zeros in no byte: the allocation is bounded by this limit
      throw r.errorAt("td_coding_idc (" + what + ")", idcStart, "the arithmetic-coded tensors of the message have "
          + acElements + " elements, more than MaxAcElements = " + NnpfLimits.MAX_AC_ELEMENTS);
    }
    int step = r.ue("td_log2_step (" + what + ")", NnpfLimits.MAX_LOG2_STEP);
    long nStart = r.mark();
    String nName = "td_ac_num_bytes (" + what + ")";
    long n = r.ueLong(nName);
    // the bytes start at the next byte boundary: at most the whole bytes left after the alignment
    long bytesLeft = r.bitsLeft() / 8;
    if (n > bytesLeft) {
      throw r.errorAt(nName, nStart, "value " + n + " is more than the " + bytesLeft + " bytes left in the message");
    }
    r.zeroAlignment("td_ac_alignment_zero_bit (" + what + ")");
    long bytesStart = r.mark();
    byte[] bytes = r.bytes((int) n, "td_ac_byte (" + what + ")");
    TensorArithmeticCode.Decoder d;
    try {
      d = new TensorArithmeticCode.Decoder(bytes);
    } catch (IllegalArgumentException e) {
      throw r.errorAt("td_ac_byte[0] (" + what + ")", bytesStart, e.getMessage());
    }
    int[] values = new int[(int) count];
    for (int i = 0; i < count; i++) {
      try {
        values[i] = d.next();
      } catch (TensorArithmeticCode.ValueOutOfRange e) {
        throw r.errorAt("td_value[" + i + "] (" + what + ")", bytesStart,
            e.getMessage() + " (arithmetic-coded values are reported at td_ac_byte[0])");
      }
    }
    return TensorData.arithmetic(step, values);
  }

  /** Ceil(Log2(n)) for n >= 1: the bits of an index into n items. */
  static int ceilLog2(int n) {
    return n <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(n - 1);
  }
}
