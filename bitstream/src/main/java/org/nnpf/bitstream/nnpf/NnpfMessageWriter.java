package org.nnpf.bitstream.nnpf;

import java.util.Optional;
import org.nnpf.common.nn.refine.BlockMap;
import org.nnpf.common.nn.refine.ComponentMode;
import org.nnpf.common.nn.refine.ComponentRefinement;
import org.nnpf.common.nn.refine.Refinement;
import org.nnpf.common.nn.refine.RefinementProcess;

import java.util.Map;
import org.nnpf.bitstream.rbsp.BitWriter;

/**
 * Writes {@code nnpf_message()} element by element, the mirror of {@link NnpfMessageReader}. It
 * writes version 1.0 for the messages of version 1.0 syntax, version 1.1 for refinement sets and
 * block maps, and version 1.2 for parameter sets with an arithmetic-coded tensor ({@link #versionMinor}). Structures are validated when they are built, so writing never fails
 * for a message made through the public constructors and builders.
 */
public final class NnpfMessageWriter {
  private final BitWriter w;
  /**
   * When not null, the bit position at which each layer's {@code tensor_data()} of role {@link
   * #startsRole} starts (−1: none).
   */
  private long[] starts;
  private TensorRole startsRole;

  private NnpfMessageWriter(BitWriter w) {
    this.w = w;
  }

  /** The bytes of {@code nnpf_message()} for {@code m}. */
  public static byte[] toBytes(NnpfMessage m) {
    BitWriter w = new BitWriter();
    write(m, w);
    return w.toByteArray();
  }

  /** Appends {@code nnpf_message()} to {@code w}, which must be byte aligned. */
  public static void write(NnpfMessage m, BitWriter w) {
    if (!w.byteAligned()) {
      throw new IllegalStateException("nnpf_message() starts at a byte boundary");
    }
    new NnpfMessageWriter(w).message(m);
  }

  /**
   * The {@code nnpf_version_minor} this writer gives {@code m}: 3 for a parameter set with a bias
   * update, 2 for one with a tensor coded with {@code td_coding_idc} 2, 1 for refinement sets and
   * block maps, else 0 (version 1.0 syntax, byte-identical to what version 1.0 and 1.1 writers
   * produce).
   */
  public static int versionMinor(NnpfMessage m) {
    if (m instanceof NnpfRefinementSet || m instanceof NnpfBlockMap) {
      return NnpfLimits.VERSION_MINOR_REFINEMENT;
    }
    if (m instanceof NnpfParameterSet p && p.layers().stream().anyMatch(l -> l.biasUpdate().isPresent())) {
      return NnpfLimits.VERSION_MINOR_BIAS_UPDATE;
    }
    if (m instanceof NnpfParameterSet p && usesArithmeticCoding(p)) {
      return NnpfLimits.VERSION_MINOR_ARITHMETIC;
    }
    return NnpfLimits.VERSION_MINOR;
  }

  /** Whether a tensor of {@code p} is coded with {@code td_coding_idc} 2. */
  public static boolean usesArithmeticCoding(NnpfParameterSet p) {
    for (Layer l : p.layers()) {
      for (java.util.Optional<TensorData> d : java.util.List.of(l.multipliers(), l.biasUpdate(), l.weightUpdate())) {
        if (d.isPresent() && d.get().coding() == TensorCoding.DELTA_AC) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * For each layer of {@code p}, the bit position in {@code nnpf_message()} at which its {@code
   * tensor_data()} of {@code role} (MULTIPLIER, BIAS or WEIGHTS: the multipliers, the bias update,
   * the weight update) starts, or −1 when the layer signals none (the position decides the alignment
   * bits of an arithmetic-coded tensor, {@link TensorData#bitCount}).
   */
  public static long[] tensorStarts(NnpfParameterSet p, TensorRole role) {
    NnpfMessageWriter mw = new NnpfMessageWriter(new BitWriter());
    mw.starts = new long[p.layers().size()];
    mw.startsRole = role;
    java.util.Arrays.fill(mw.starts, -1);
    mw.message(p);
    return mw.starts;
  }

  private void message(NnpfMessage m) {
    w.u(8, m.messageType());
    w.u(8, NnpfLimits.VERSION_MAJOR);
    w.u(8, versionMinor(m));
    if (m instanceof NnpfParameterSet p) {
      parameterSet(p);
    } else if (m instanceof NnpfActivation a) {
      activation(a);
    } else if (m instanceof NnpfPictureHash h) {
      pictureHash(h);
    } else if (m instanceof NnpfRefinementSet rs) {
      refinementSet(rs);
    } else if (m instanceof NnpfBlockMap bm) {
      blockMap(bm);
    } else {
      throw new IllegalArgumentException("cannot write " + m);
    }
    w.zeroAlignment();
  }

  private void blockMap(NnpfBlockMap bm) {
    BlockMap m = bm.map();
    w.u(8, bm.targetId());
    w.ue(m.log2BlockSize() - BlockMap.MIN_LOG2_SIZE);
    w.flag(m.components() == 3);
    for (int c = 0; c < m.components(); c++) {
      Optional<BlockMap.Runs> runs = m.runs(c);
      w.flag(runs.isPresent());
      if (runs.isPresent()) {
        int[] closed = runs.get().closed();
        w.flag(runs.get().first());
        w.ue(closed.length);
        for (int r : closed) {
          w.ue(r - 1);
        }
      }
    }
  }

  private void refinementSet(NnpfRefinementSet rs) {
    Refinement r = rs.refinement();
    w.u(8, rs.psId());
    w.ue(r.numHypotheses());
    w.flag(r.components().size() == 3);
    for (ComponentRefinement c : r.components()) {
      component(c);
    }
  }

  /** The {@code nnpfrs_eg_order} this writer chooses for a refined component: the order that codes its weights in the fewest bits. */
  public static int refinementEgOrder(ComponentRefinement c) {
    return RefinementSyntax.bestEgOrder(c);
  }

  /**
   * The {@code nnpfrs_eg_order} this writer would choose for a component whose coefficients, all
   * filters together, are the values of {@code rows}.
   */
  public static int refinementEgOrder(int[][] rows) {
    return RefinementSyntax.bestEgOrder(rows);
  }

  /** Length in bits of the {@code sek(v)} code word of {@code v} at Exp-Golomb order {@code k} (e.g. of {@code nnpfrs_coeff}). */
  public static int sekBits(int k, long v) {
    return RefinementSyntax.sekBits(k, v);
  }

  /** The bits of one component's syntax in a refinement set ({@code nnpfrs_comp_mode[ c ]} to its last coefficient). */
  public static long componentBits(ComponentRefinement c) {
    BitWriter bw = new BitWriter();
    new NnpfMessageWriter(bw).component(c);
    return bw.bitPosition();
  }

  private void component(ComponentRefinement c) {
    w.u(2, c.mode().code());
    if (c.mode() != ComponentMode.REFINED) {
      return;
    }
    w.ue(c.log2Scale());
    w.ue(c.shape().idc());
    w.flag(c.classified());
    if (c.classified()) {
      w.ue(c.numFilters() - 1);
      int bits = RefinementSyntax.filterIndexBits(c.numFilters());
      for (int k = 0; k < RefinementProcess.NUM_CLASSES; k++) {
        w.u(bits, c.filterOf(k));
      }
    }
    int k = RefinementSyntax.bestEgOrder(c);
    w.ue(k);
    for (int f = 0; f < c.numFilters(); f++) {
      for (int v : c.coefficients(f)) {
        w.sek(k, v);
      }
    }
  }

  private void activation(NnpfActivation a) {
    w.u(8, a.targetId());
    w.flag(a.cancel());
    if (!a.cancel()) {
      w.flag(a.persistent());
      w.flag(a.auxValue().isPresent());
      if (a.auxValue().isPresent()) {
        w.u(16, a.auxValue().getAsInt());
      }
    }
  }

  private void pictureHash(NnpfPictureHash h) {
    w.u(8, h.hashType().code());
    w.flag(h.planeCount() == 3);
    w.u(7, 0);
    for (int c = 0; c < h.planeCount(); c++) {
      byte[] d = h.digest(c);
      switch (h.hashType()) {
        case MD5:
          w.bytes(d);
          break;
        case CRC:
          w.u(16, ((d[0] & 0xFF) << 8) | (d[1] & 0xFF));
          break;
        default:
          w.u(32, ((long) (d[0] & 0xFF) << 24) | ((d[1] & 0xFF) << 16) | ((d[2] & 0xFF) << 8) | (d[3] & 0xFF));
          break;
      }
    }
  }

  private void parameterSet(NnpfParameterSet p) {
    w.u(8, p.id());
    ModelReference model = p.model();
    w.u(2, model.isInBand() ? 1 : 0);
    w.u(2, model.hashType().idc());
    w.u(4, 0);
    w.bytes(model.hash());
    if (model.isInBand()) {
      byte[] bytes = model.inBandModel().orElseThrow();
      w.u(32, bytes.length);
      w.bytes(bytes);
    }
    sampleFormat(p.input());
    w.ue(p.auxInputIdc());
    if (p.auxInputIdc() == 1) {
      w.u(16, p.auxDefaultValue());
    }
    sampleFormat(p.output());
    w.ue(p.patchWidth() - 1);
    w.ue(p.patchHeight() - 1);
    w.ue(p.overlap());
    w.ue(p.padding().idc());
    if (p.padding() == PaddingType.FIXED) {
      w.u(p.input().bitDepthLuma(), p.fixedPaddingValue(0));
      w.u(p.input().bitDepthChroma(), p.fixedPaddingValue(1));
      w.u(p.input().bitDepthChroma(), p.fixedPaddingValue(2));
    }
    w.flag(p.complexity().isPresent());
    if (p.complexity().isPresent()) {
      ComplexityInfo c = p.complexity().get();
      w.u(2, c.parameterTypeIdc());
      w.u(2, c.log2ParameterBitLengthMinus3());
      w.u(6, c.numParametersIdc());
      w.ue(c.numKmacOperationsIdc());
      w.ue(c.totalKilobyteSize());
    }
    quantizer(p.inputQuantizer());
    w.ue(p.qpSets().size() - 1);
    for (QpSet s : p.qpSets()) {
      w.u(2, QpSet.accumulatorIdc(s.accumulatorBits()));
      for (TensorRole role : TensorRole.values()) {
        TensorQuantizer q = s.quantizers().get(role);
        w.flag(q != null);
        if (q != null) {
          quantizer(q);
        }
      }
    }
    w.ue(p.layers().size() - 1);
    w.u(2, p.qpSetAssignment().idc());
    int idxBits = NnpfMessageReader.ceilLog2(p.qpSets().size());
    for (Layer l : p.layers()) {
      w.u(8, l.kind());
      w.ue(l.inChannels() - 1);
      w.ue(l.outChannels() - 1);
      int flags = 0;
      for (TensorRole role : l.tensors()) {
        flags |= 1 << role.code();
      }
      w.u(TensorRole.COUNT, flags);
      if (l.has(TensorRole.WEIGHTS)) {
        w.ue(l.kernelHeight() - 1);
        w.ue(l.kernelWidth() - 1);
      }
      if (p.qpSetAssignment() == QpSetAssignment.EXPLICIT) {
        w.u(idxBits, l.qpSetIndex());
      }
      w.ue(l.qpSetOverrides().size());
      for (Map.Entry<TensorRole, Integer> e : l.qpSetOverrides().entrySet()) {
        w.u(3, e.getKey().code());
        w.u(idxBits, e.getValue());
      }
    }
    for (int i = 0; i < p.layers().size(); i++) {
      Layer l = p.layers().get(i);
      if (l.has(TensorRole.MULTIPLIER)) {
        layerTensor(i, TensorRole.MULTIPLIER, l.multipliers());
      }
      if (l.has(TensorRole.BIAS)) {
        layerTensor(i, TensorRole.BIAS, l.biasUpdate());
      }
      if (l.has(TensorRole.WEIGHTS)) {
        layerTensor(i, TensorRole.WEIGHTS, l.weightUpdate());
      }
    }
  }

  /** A present flag and, when present, the {@code tensor_data()} of layer {@code i}'s tensor {@code role}. */
  private void layerTensor(int i, TensorRole role, java.util.Optional<TensorData> d) {
    w.flag(d.isPresent());
    if (starts != null && role == startsRole && d.isPresent()) {
      starts[i] = w.bitPosition();
    }
    d.ifPresent(this::tensorData);
  }

  private void sampleFormat(SampleFormat f) {
    w.ue(f.order().idc());
    w.ue(f.bitDepthLuma() - 8);
    w.ue(f.bitDepthChroma() - 8);
  }

  private void quantizer(TensorQuantizer q) {
    w.u(2, TensorQuantizer.bitWidthIdc(q.bitWidth()));
    w.se(q.fracBits());
  }

  /**
   * The bits this writer spends on {@code tensor_data()} of {@code d} after {@code prefixBits}
   * other bits of the message (what {@link TensorData#bitCount} must equal).
   */
  static long writtenTensorBits(TensorData d, int prefixBits) {
    BitWriter bw = new BitWriter();
    for (int i = 0; i < prefixBits; i++) {
      bw.flag(false);
    }
    new NnpfMessageWriter(bw).tensorData(d);
    return bw.bitPosition() - prefixBits;
  }

  private void tensorData(TensorData d) {
    w.u(2, d.coding().idc());
    if (d.coding() == TensorCoding.DELTA_AC) {
      byte[] bytes = d.arithmeticBytes();
      w.ue(d.log2Step());
      w.ue(bytes.length);
      w.zeroAlignment();
      w.bytes(bytes);
      return;
    }
    w.ue(d.egOrder());
    for (int i = 0; i < d.size(); i++) {
      w.sek(d.egOrder(), d.value(i));
    }
  }
}
