package org.nnpf.conformance;

import org.nnpf.bitstream.nnpf.NnpfBlockMap;
import org.nnpf.bitstream.nnpf.NnpfMessageWriter;
import org.nnpf.bitstream.nnpf.NnpfRefinementSet;
import org.nnpf.common.nn.refine.BlockMap;
import org.nnpf.common.nn.refine.ComponentMode;
import org.nnpf.common.nn.refine.ComponentRefinement;
import org.nnpf.common.nn.refine.Refinement;
import org.nnpf.common.nn.refine.RefinementProcess;

import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.nnpf.bitstream.nnpf.ComplexityInfo;
import org.nnpf.bitstream.nnpf.Layer;
import org.nnpf.bitstream.nnpf.ModelReference;
import org.nnpf.bitstream.nnpf.NnpfActivation;
import org.nnpf.bitstream.nnpf.NnpfMessage;
import org.nnpf.bitstream.nnpf.NnpfParameterSet;
import org.nnpf.bitstream.nnpf.NnpfPictureHash;
import org.nnpf.bitstream.nnpf.PaddingType;
import org.nnpf.bitstream.nnpf.QpSet;
import org.nnpf.bitstream.nnpf.QpSetAssignment;
import org.nnpf.bitstream.nnpf.SampleFormat;
import org.nnpf.bitstream.nnpf.TensorData;
import org.nnpf.bitstream.nnpf.TensorQuantizer;
import org.nnpf.bitstream.nnpf.TensorRole;

/**
 * A second writer of {@code nnpf_message()}, written from the syntax tables of
 * docs/bitstream-syntax.md section 4 independently of the project's {@code NnpfMessageWriter},
 * with one extra ability: any syntax element can be given another value ({@link #set}), written
 * with the element's own descriptor even when the value is out of its range. The negative streams
 * use it to make exactly one element wrong; without overrides it must produce the same bytes as
 * the project's writer (a test checks that on every message of the suite).
 *
 * <p>Element names are those of the syntax tables, with indices as the reader reports them, e.g.
 * {@code layer_in_channels_minus1[0]}, {@code qps_frac_bits[0][4]}. Fixed-pattern and alignment
 * bits are written as the syntax requires.
 */
public final class SyntaxWriter {
  private final Map<String, Long> overrides = new HashMap<>();
  private final Set<String> used = new HashSet<>();
  private Bits w;

  /** Writes {@code element} with {@code value} instead of the message's value. */
  public SyntaxWriter set(String element, long value) {
    overrides.put(element, value);
    return this;
  }

  /**
   * The bytes of {@code nnpf_message()} for {@code m}: version 1.0, or 1.1 for refinement sets and block maps.
   *
   * @throws IllegalStateException if an override names an element the message does not have
   */
  public byte[] write(NnpfMessage m) {
    w = new Bits();
    used.clear();
    u(8, "nnpf_message_type", m.messageType());
    u(8, "nnpf_version_major", 1);
    u(8, "nnpf_version_minor", m instanceof NnpfRefinementSet || m instanceof NnpfBlockMap ? 1
        : m instanceof NnpfParameterSet p && p.layers().stream().anyMatch(l -> l.biasUpdate().isPresent()) ? 3
        : m instanceof NnpfParameterSet p && arithmeticCoded(p) ? 2 : 0);
    if (m instanceof NnpfParameterSet p) {
      parameterSet(p);
    } else if (m instanceof NnpfActivation a) {
      activation(a);
    } else if (m instanceof NnpfPictureHash h) {
      pictureHash(h);
    } else if (m instanceof NnpfRefinementSet r) {
      refinementSet(r);
    } else if (m instanceof NnpfBlockMap b) {
      blockMap(b);
    } else {
      throw new IllegalArgumentException("cannot write " + m);
    }
    while (!w.aligned()) {
      w.bit(0);
    }
    for (String k : overrides.keySet()) {
      if (!used.contains(k)) {
        throw new IllegalStateException("override of " + k + ", which this message does not have");
      }
    }
    return w.bytes();
  }

  private void activation(NnpfActivation a) {
    u(8, "nnpfa_target_id", a.targetId());
    u(1, "nnpfa_cancel_flag", a.cancel() ? 1 : 0);
    if (!a.cancel()) {
      u(1, "nnpfa_persistence_flag", a.persistent() ? 1 : 0);
      u(1, "nnpfa_aux_value_present_flag", a.auxValue().isPresent() ? 1 : 0);
      if (a.auxValue().isPresent()) {
        u(16, "nnpfa_aux_value", a.auxValue().getAsInt());
      }
    }
  }

  private void refinementSet(NnpfRefinementSet rs) {
    Refinement r = rs.refinement();
    u(8, "nnpfrs_ps_id", rs.psId());
    ue("nnpfrs_num_hypotheses", r.numHypotheses());
    u(1, "nnpfrs_chroma_present_flag", r.components().size() == 3 ? 1 : 0);
    for (int c = 0; c < r.components().size(); c++) {
      ComponentRefinement cr = r.component(c);
      u(2, "nnpfrs_comp_mode[" + c + "]", cr.mode().code());
      if (cr.mode() != ComponentMode.REFINED) {
        continue;
      }
      ue("nnpfrs_log2_scale[" + c + "]", cr.log2Scale());
      ue("nnpfrs_fir_shape_idc[" + c + "]", cr.shape().idc());
      u(1, "nnpfrs_classified_flag[" + c + "]", cr.classified() ? 1 : 0);
      if (cr.classified()) {
        ue("nnpfrs_num_filters_minus1[" + c + "]", cr.numFilters() - 1);
        int bits = 32 - Integer.numberOfLeadingZeros(cr.numFilters() - 1);
        for (int k = 0; k < RefinementProcess.NUM_CLASSES; k++) {
          u(bits, "nnpfrs_filter_idx[" + c + "][" + k + "]", cr.filterOf(k));
        }
      }
      int k = (int) value("nnpfrs_eg_order[" + c + "]", NnpfMessageWriter.refinementEgOrder(cr));
      w.uek(0, k);
      for (int f = 0; f < cr.numFilters(); f++) {
        int[] co = cr.coefficients(f);
        for (int i = 0; i < co.length; i++) {
          w.sek(k, value("nnpfrs_coeff[" + c + "][" + f + "][" + i + "]", co[i]));
        }
      }
    }
  }

  private void blockMap(NnpfBlockMap bm) {
    BlockMap m = bm.map();
    u(8, "nbm_target_id", bm.targetId());
    ue("nbm_log2_block_size_minus4", m.log2BlockSize() - BlockMap.MIN_LOG2_SIZE);
    u(1, "nbm_chroma_present_flag", m.components() == 3 ? 1 : 0);
    for (int c = 0; c < m.components(); c++) {
      java.util.Optional<BlockMap.Runs> runs = m.runs(c);
      u(1, "nbm_map_present_flag[" + c + "]", runs.isPresent() ? 1 : 0);
      if (runs.isPresent()) {
        int[] closed = runs.get().closed();
        u(1, "nbm_first_value[" + c + "]", runs.get().first() ? 1 : 0);
        ue("nbm_num_runs_minus1[" + c + "]", closed.length);
        for (int i = 0; i < closed.length; i++) {
          ue("nbm_run_length_minus1[" + c + "][" + i + "]", closed[i] - 1);
        }
      }
    }
  }

  private void pictureHash(NnpfPictureHash h) {
    u(8, "ph_hash_type", h.hashType().code());
    u(1, "ph_chroma_present_flag", h.planeCount() == 3 ? 1 : 0);
    u(7, "ph_reserved_zero_7bits", 0);
    for (int c = 0; c < h.planeCount(); c++) {
      byte[] d = h.digest(c);
      long v = 0;
      for (byte b : d) {
        v = (v << 8) | (b & 0xFF);
      }
      switch (h.hashType()) {
        case MD5:
          for (int i = 0; i < 16; i++) {
            u(8, "ph_md5[" + c + "][" + i + "]", d[i] & 0xFF);
          }
          break;
        case CRC:
          u(16, "ph_crc[" + c + "]", v);
          break;
        default:
          u(32, "ph_checksum[" + c + "]", v);
          break;
      }
    }
  }

  private void parameterSet(NnpfParameterSet p) {
    u(8, "nnpfps_id", p.id());
    ModelReference m = p.model();
    u(2, "nnpfps_model_idc", m.isInBand() ? 1 : 0);
    u(2, "nnpfps_model_hash_type", m.hashType().idc());
    u(4, "nnpfps_reserved_zero_4bits", 0);
    byte[] hash = m.hash();
    for (int i = 0; i < hash.length; i++) {
      u(8, "nnpfps_model_hash[" + i + "]", hash[i] & 0xFF);
    }
    if (m.isInBand()) {
      byte[] model = m.inBandModel().orElseThrow();
      u(32, "nnpfps_model_length", model.length);
      for (byte b : model) {
        w.u(8, b & 0xFF);
      }
    }
    format("inp", p.input());
    ue("nnpfps_aux_inp_idc", p.auxInputIdc());
    if (p.auxInputIdc() == 1) {
      u(16, "nnpfps_aux_default_value", p.auxDefaultValue());
    }
    format("out", p.output());
    ue("nnpfps_patch_width_minus1", p.patchWidth() - 1);
    ue("nnpfps_patch_height_minus1", p.patchHeight() - 1);
    ue("nnpfps_overlap", p.overlap());
    ue("nnpfps_padding_type", p.padding().idc());
    if (p.padding() == PaddingType.FIXED) {
      u(p.input().bitDepthLuma(), "nnpfps_luma_padding_val", p.fixedPaddingValue(0));
      u(p.input().bitDepthChroma(), "nnpfps_cb_padding_val", p.fixedPaddingValue(1));
      u(p.input().bitDepthChroma(), "nnpfps_cr_padding_val", p.fixedPaddingValue(2));
    }
    u(1, "nnpfps_complexity_info_present_flag", p.complexity().isPresent() ? 1 : 0);
    if (p.complexity().isPresent()) {
      ComplexityInfo c = p.complexity().get();
      u(2, "nnpfps_parameter_type_idc", c.parameterTypeIdc());
      u(2, "nnpfps_log2_parameter_bit_length_minus3", c.log2ParameterBitLengthMinus3());
      u(6, "nnpfps_num_parameters_idc", c.numParametersIdc());
      ue("nnpfps_num_kmac_operations_idc", c.numKmacOperationsIdc());
      ue("nnpfps_total_kilobyte_size", c.totalKilobyteSize());
    }
    quantizer("nnpfps_input_bit_width_idc", "nnpfps_input_frac_bits", p.inputQuantizer());
    ue("nnpfps_num_qp_sets_minus1", p.qpSets().size() - 1);
    for (int s = 0; s < p.qpSets().size(); s++) {
      QpSet q = p.qpSets().get(s);
      u(2, "qps_accumulator_precision_idc[" + s + "]", QpSet.accumulatorIdc(q.accumulatorBits()));
      for (TensorRole r : TensorRole.values()) {
        String n = "[" + s + "][" + r.code() + "]";
        TensorQuantizer t = q.quantizers().get(r);
        u(1, "qps_role_present_flag" + n, t == null ? 0 : 1);
        if (t != null) {
          quantizer("qps_bit_width_idc" + n, "qps_frac_bits" + n, t);
        }
      }
    }
    ue("nnpfps_num_layers_minus1", p.layers().size() - 1);
    u(2, "nnpfps_qp_set_assignment_idc", p.qpSetAssignment().idc());
    int idxBits = p.qpSets().size() <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(p.qpSets().size() - 1);
    for (int i = 0; i < p.layers().size(); i++) {
      Layer l = p.layers().get(i);
      String n = "[" + i + "]";
      u(8, "layer_kind" + n, l.kind());
      ue("layer_in_channels_minus1" + n, l.inChannels() - 1);
      ue("layer_out_channels_minus1" + n, l.outChannels() - 1);
      int flags = 0;
      for (TensorRole r : l.tensors()) {
        flags |= 1 << r.code();
      }
      u(5, "layer_tensor_flags" + n, flags);
      if ((flags & 1) != 0) {
        ue("layer_kernel_height_minus1" + n, l.kernelHeight() - 1);
        ue("layer_kernel_width_minus1" + n, l.kernelWidth() - 1);
      }
      if (p.qpSetAssignment() == QpSetAssignment.EXPLICIT) {
        u(idxBits, "layer_qp_set_idx" + n, l.qpSetIndex());
      }
      ue("layer_num_qp_overrides" + n, l.qpSetOverrides().size());
      int j = 0;
      for (Map.Entry<TensorRole, Integer> e : l.qpSetOverrides().entrySet()) {
        u(3, "layer_override_role" + n + "[" + j + "]", e.getKey().code());
        u(idxBits, "layer_override_qp_set_idx" + n + "[" + j + "]", e.getValue());
        j++;
      }
    }
    for (int i = 0; i < p.layers().size(); i++) {
      Layer l = p.layers().get(i);
      String n = "[" + i + "]";
      if (l.has(TensorRole.MULTIPLIER)) {
        u(1, "layer_multiplier_present_flag" + n, l.multipliers().isPresent() ? 1 : 0);
        l.multipliers().ifPresent(d -> tensorData("multiplier" + n, d));
      }
      if (l.has(TensorRole.BIAS)) {
        u(1, "layer_bias_update_flag" + n, l.biasUpdate().isPresent() ? 1 : 0);
        l.biasUpdate().ifPresent(d -> tensorData("bias" + n, d));
      }
      if (l.has(TensorRole.WEIGHTS)) {
        u(1, "layer_weight_update_flag" + n, l.weightUpdate().isPresent() ? 1 : 0);
        l.weightUpdate().ifPresent(d -> tensorData("weights" + n, d));
      }
    }
  }

  private void format(String prefix, SampleFormat f) {
    ue("nnpfps_" + prefix + "_order_idc", f.order().idc());
    ue("nnpfps_" + prefix + "_bitdepth_luma_minus8", f.bitDepthLuma() - 8);
    ue("nnpfps_" + prefix + "_bitdepth_chroma_minus8", f.bitDepthChroma() - 8);
  }

  private void quantizer(String widthName, String fracName, TensorQuantizer q) {
    u(2, widthName, q.bitWidth() == 8 ? 0 : q.bitWidth() == 16 ? 1 : 2);
    se(fracName, q.fracBits());
  }

  /** Version 1.2: a parameter set with a tensor of td_coding_idc 2. */
  private static boolean arithmeticCoded(NnpfParameterSet p) {
    for (Layer l : p.layers()) {
      for (java.util.Optional<TensorData> d : java.util.List.of(l.multipliers(), l.biasUpdate(), l.weightUpdate())) {
        if (d.isPresent() && d.get().coding().idc() == 2) {
          return true;
        }
      }
    }
    return false;
  }

  private void tensorData(String what, TensorData d) {
    u(2, "td_coding_idc (" + what + ")", d.coding().idc());
    if (d.coding().idc() == 2) {
      ue("td_log2_step (" + what + ")", d.log2Step());
      byte[] bytes = ArithmeticEncoder.encode(d.values());
      ue("td_ac_num_bytes (" + what + ")", bytes.length);
      String align = "td_ac_alignment_zero_bit (" + what + ")";
      boolean first = true;
      while (!w.aligned()) {
        w.bit(first && overrides.containsKey(align) ? (int) value(align, 0) : 0);
        first = false;
      }
      for (byte b : bytes) {
        w.u(8, b & 0xFF);
      }
      return;
    }
    int k = (int) value("td_eg_order (" + what + ")", d.egOrder());
    w.uek(0, k);
    for (int e = 0; e < d.size(); e++) {
      String n = "td_value[" + e + "] (" + what + ")";
      w.sek(k, value(n, d.value(e)));
    }
  }

  private long value(String element, long v) {
    Long o = overrides.get(element);
    if (o != null) {
      used.add(element);
      return o;
    }
    return v;
  }

  private void u(int n, String element, long v) {
    w.u(n, value(element, v));
  }

  private void ue(String element, long v) {
    w.uek(0, value(element, v));
  }

  private void se(String element, long v) {
    w.sek(0, value(element, v));
  }

  /** A bit buffer with the Exp-Golomb codes of section 1, for any code number below 2^63. */
  private static final class Bits {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int cur;
    private int count;

    void bit(int b) {
      cur = (cur << 1) | (b & 1);
      if (++count == 8) {
        out.write(cur);
        cur = 0;
        count = 0;
      }
    }

    /** The n low bits of v, most significant first. */
    void u(int n, long v) {
      for (int i = n - 1; i >= 0; i--) {
        bit((int) (v >>> i) & 1);
      }
    }

    /** Unsigned Exp-Golomb code of order k: codeNum = 2^(lz + k) - 2^k + b. */
    void uek(int k, long codeNum) {
      if (codeNum < 0) {
        throw new IllegalArgumentException("negative code number " + codeNum);
      }
      long x = (codeNum >> k) + 1;
      int lz = 63 - Long.numberOfLeadingZeros(x);
      for (int i = 0; i < lz; i++) {
        bit(0);
      }
      u(lz + 1, x);
      u(k, codeNum & ((1L << k) - 1));
    }

    /** Signed Exp-Golomb code of order k: 0, 1, -1, 2, -2 ... map to code numbers 0, 1, 2, 3, 4 ... */
    void sek(int k, long v) {
      uek(k, v > 0 ? 2 * v - 1 : -2 * v);
    }

    boolean aligned() {
      return count == 0;
    }

    byte[] bytes() {
      if (count != 0) {
        throw new IllegalStateException("not byte aligned");
      }
      return out.toByteArray();
    }
  }

  /**
   * The arithmetic code of docs/bitstream-syntax.md 6.3, written from the text: bytes leave the
   * 32-bit {@code low} as soon as the range is renormalised and a carry is added back into the
   * bytes already written (the project's encoder holds them back instead); the same bytes result.
   */
  static final class ArithmeticEncoder {
    private static final long MASK = 0xFFFFFFFFL;
    private final java.util.List<Integer> out = new java.util.ArrayList<>();
    private final int[] prob = new int[7];
    private long low;
    private long range = MASK;

    private ArithmeticEncoder() {
      java.util.Arrays.fill(prob, 1024);
    }

    static byte[] encode(int[] values) {
      ArithmeticEncoder e = new ArithmeticEncoder();
      int sigCtx = 0;
      for (int v : values) {
        e.bin(sigCtx, v == 0 ? 0 : 1);
        sigCtx = v == 0 ? 0 : 1;
        if (v == 0) {
          continue;
        }
        e.bin(2, v < 0 ? 1 : 0);
        long a = Math.abs((long) v);
        int k = 1;
        for (; k <= 4; k++) {
          e.bin(2 + k, a > k ? 1 : 0);
          if (a <= k) {
            break;
          }
        }
        if (a >= 5) {
          long x = a - 5 + 1;
          int lz = 63 - Long.numberOfLeadingZeros(x);
          for (int i = 0; i < lz; i++) {
            e.bypass(0);
          }
          for (int i = lz; i >= 0; i--) {
            e.bypass((int) (x >>> i) & 1);
          }
        }
      }
      return e.flush();
    }

    private void add(long x) {
      low += x;
      if (low > MASK) {
        low &= MASK;
        int i = out.size() - 1;
        while (out.get(i) == 0xFF) {
          out.set(i--, 0);
        }
        out.set(i, out.get(i) + 1);
      }
    }

    private void renormalise() {
      while (range < (1L << 24)) {
        out.add((int) (low >>> 24));
        low = (low << 8) & MASK;
        range <<= 8;
      }
    }

    private void bin(int c, int b) {
      long bound = (range >>> 11) * prob[c];
      if (b == 0) {
        range = bound;
        prob[c] += (2048 - prob[c]) >> 4;
      } else {
        add(bound);
        range -= bound;
        prob[c] -= prob[c] >> 4;
      }
      renormalise();
    }

    private void bypass(int b) {
      range >>>= 1;
      if (b == 1) {
        add(range);
      }
      renormalise();
    }

    private byte[] flush() {
      long hi = low + range - 1;
      long v = low;
      for (int k = 32; k >= 0; k--) {
        long c = ((low >> k) + ((low & ((1L << k) - 1)) == 0 ? 0 : 1)) << k;
        if (c <= hi) {
          v = c;
          break;
        }
      }
      if (v > MASK) {
        low = 0;
        add(MASK + 1);
        v &= MASK;
      }
      for (int i = 3; i >= 0; i--) {
        out.add((int) (v >>> (8 * i)) & 0xFF);
      }
      int n = out.size();
      while (n > 0 && out.get(n - 1) == 0) {
        n--;
      }
      byte[] b = new byte[n];
      for (int i = 0; i < n; i++) {
        b[i] = (byte) (int) out.get(i);
      }
      return b;
    }
  }
}
