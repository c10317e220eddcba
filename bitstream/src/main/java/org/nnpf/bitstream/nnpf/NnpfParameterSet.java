package org.nnpf.bitstream.nnpf;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An NN post-filter parameter set ({@code nnpf_parameter_set()}): which model the filter is, the
 * formats of its input and output tensors, how pictures are cut into patches, complexity
 * information, and the quantization of every tensor with the adaptation data (multipliers, bias
 * and weight updates) that the encoder determined for the sequence. Immutable; build with {@link
 * #builder()}.
 *
 * <p>The quantizer of tensor {@code role} of layer {@code i} is taken from QP set {@code
 * layers[i].qpSetIndexFor(role)}; the accumulator precision of layer {@code i} from its own QP set
 * {@code layers[i].qpSetIndex()}. Construction checks that every tensor of every layer resolves
 * to a quantizer.
 */
public final class NnpfParameterSet implements NnpfMessage {
  private final int id;
  private final ModelReference model;
  private final SampleFormat input;
  private final SampleFormat output;
  private final int auxInputIdc;
  private final int auxDefaultValue;
  private final int patchWidth;
  private final int patchHeight;
  private final int overlap;
  private final PaddingType padding;
  private final int[] fixedPadding;
  private final Optional<ComplexityInfo> complexity;
  private final TensorQuantizer inputQuantizer;
  private final List<QpSet> qpSets;
  private final QpSetAssignment qpSetAssignment;
  private final List<Layer> layers;
  private final int versionMinorRead;

  private NnpfParameterSet(Builder b) {
    id = b.id;
    model = Objects.requireNonNull(b.model, "model");
    input = Objects.requireNonNull(b.input, "input format");
    output = Objects.requireNonNull(b.output, "output format");
    auxInputIdc = b.auxInputIdc;
    auxDefaultValue = b.auxDefaultValue;
    patchWidth = b.patchWidth;
    patchHeight = b.patchHeight;
    overlap = b.overlap;
    padding = Objects.requireNonNull(b.padding, "padding");
    fixedPadding = b.fixedPadding.clone();
    complexity = Objects.requireNonNull(b.complexity);
    inputQuantizer = Objects.requireNonNull(b.inputQuantizer, "input quantizer");
    qpSets = List.copyOf(b.qpSets);
    layers = List.copyOf(b.layers);
    versionMinorRead = b.versionMinorRead;
    check(id >= 0 && id <= NnpfLimits.MAX_ID, "id %s outside 0..%s", id, NnpfLimits.MAX_ID);
    check(auxInputIdc == 0 || auxInputIdc == 1, "aux input idc %s is not 0 or 1", auxInputIdc);
    check(auxDefaultValue >= 0 && auxDefaultValue <= 0xFFFF, "aux default value %s", auxDefaultValue);
    check(auxInputIdc == 1 || auxDefaultValue == 0, "aux default value without an aux input");
    check(patchWidth >= 1 && patchWidth <= NnpfLimits.MAX_PATCH_SIZE, "patch width %s", patchWidth);
    check(patchHeight >= 1 && patchHeight <= NnpfLimits.MAX_PATCH_SIZE, "patch height %s", patchHeight);
    check(overlap >= 0 && overlap <= NnpfLimits.MAX_OVERLAP, "overlap %s", overlap);
    if (padding == PaddingType.FIXED) {
      check(fixedPadding[0] >= 0 && fixedPadding[0] < 1 << input.bitDepthLuma(), "luma padding value %s", fixedPadding[0]);
      check(fixedPadding[1] >= 0 && fixedPadding[1] < 1 << input.bitDepthChroma(), "cb padding value %s", fixedPadding[1]);
      check(fixedPadding[2] >= 0 && fixedPadding[2] < 1 << input.bitDepthChroma(), "cr padding value %s", fixedPadding[2]);
    } else {
      check(fixedPadding[0] == 0 && fixedPadding[1] == 0 && fixedPadding[2] == 0, "padding values without fixed padding");
    }
    check(!qpSets.isEmpty() && qpSets.size() <= NnpfLimits.MAX_QP_SETS, "%s QP sets", qpSets.size());
    check(!layers.isEmpty() && layers.size() <= NnpfLimits.MAX_LAYERS, "%s layers", layers.size());
    qpSetAssignment = b.qpSetAssignment != null ? b.qpSetAssignment : chooseAssignment(qpSets, layers);
    for (int i = 0; i < layers.size(); i++) {
      Layer l = layers.get(i);
      switch (qpSetAssignment) {
        case PER_LAYER:
          check(qpSets.size() == layers.size(), "per-layer QP sets need %s sets, have %s", layers.size(), qpSets.size());
          check(l.qpSetIndex() == i, "layer %s uses QP set %s under per-layer assignment", i, l.qpSetIndex());
          break;
        case SHARED:
          check(l.qpSetIndex() == 0, "layer %s uses QP set %s under shared assignment", i, l.qpSetIndex());
          break;
        default:
          check(l.qpSetIndex() < qpSets.size(), "layer %s uses QP set %s of %s", i, l.qpSetIndex(), qpSets.size());
          break;
      }
      for (TensorRole r : l.tensors()) {
        int s = l.qpSetIndexFor(r);
        check(s < qpSets.size(), "layer %s %s uses QP set %s of %s", i, r, s, qpSets.size());
        check(qpSets.get(s).quantizers().containsKey(r), "layer %s %s: QP set %s has no %s quantizer", i, r, s, r);
      }
      checkAbsolute(i, l.multipliers(), TensorRole.MULTIPLIER);
      checkAbsolute(i, l.biasUpdate(), TensorRole.BIAS);
      checkAbsolute(i, l.weightUpdate(), TensorRole.WEIGHTS);
    }
  }

  private void checkAbsolute(int layer, Optional<TensorData> data, TensorRole role) {
    if (data.isPresent() && data.get().coding() == TensorCoding.ABSOLUTE) {
      TensorQuantizer q = quantizer(layer, role);
      for (int v : data.get().values()) {
        check(v >= q.minValue() && v <= q.maxValue(), "layer %s %s value %s does not fit %s bits", layer, role, v, q.bitWidth());
      }
    }
  }

  /**
   * The assignment a builder uses when none is given: per layer if set i is layer i's own set for
   * every i (and there are as many sets as layers), shared if every layer uses set 0, else explicit.
   */
  static QpSetAssignment chooseAssignment(List<QpSet> sets, List<Layer> layers) {
    boolean perLayer = sets.size() == layers.size();
    boolean shared = true;
    for (int i = 0; i < layers.size(); i++) {
      perLayer &= layers.get(i).qpSetIndex() == i;
      shared &= layers.get(i).qpSetIndex() == 0;
    }
    return perLayer ? QpSetAssignment.PER_LAYER : shared ? QpSetAssignment.SHARED : QpSetAssignment.EXPLICIT;
  }

  private static void check(boolean ok, String format, Object... args) {
    if (!ok) {
      throw new IllegalArgumentException(String.format(format, args));
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this parameter set's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.id = id;
    b.model = model;
    b.input = input;
    b.output = output;
    b.auxInputIdc = auxInputIdc;
    b.auxDefaultValue = auxDefaultValue;
    b.patchWidth = patchWidth;
    b.patchHeight = patchHeight;
    b.overlap = overlap;
    b.padding = padding;
    b.fixedPadding = fixedPadding.clone();
    b.complexity = complexity;
    b.inputQuantizer = inputQuantizer;
    b.qpSets = new ArrayList<>(qpSets);
    b.qpSetAssignment = qpSetAssignment;
    b.layers = new ArrayList<>(layers);
    b.versionMinorRead = versionMinorRead;
    return b;
  }

  /**
   * The {@code nnpf_version_minor} of the message this parameter set was read from, or empty for
   * one built in memory (a writer gives it {@link NnpfMessageWriter#versionMinor}). Not part of
   * {@link #equals}: it decides only whether bias updates have a decoding process (version 1.3).
   */
  public java.util.OptionalInt versionMinorRead() {
    return versionMinorRead < 0 ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(versionMinorRead);
  }

  @Override
  public int messageType() {
    return TYPE_PARAMETER_SET;
  }

  /** {@code nnpfps_id}. */
  public int id() {
    return id;
  }

  public ModelReference model() {
    return model;
  }

  public SampleFormat input() {
    return input;
  }

  public SampleFormat output() {
    return output;
  }

  /** {@code nnpfps_aux_inp_idc}: 0 no auxiliary input, 1 one auxiliary plane (e.g. derived from QP). */
  public int auxInputIdc() {
    return auxInputIdc;
  }

  /** Sample value of the auxiliary plane when the activation gives none (0 without aux input). */
  public int auxDefaultValue() {
    return auxDefaultValue;
  }

  public int patchWidth() {
    return patchWidth;
  }

  public int patchHeight() {
    return patchHeight;
  }

  public int overlap() {
    return overlap;
  }

  public PaddingType padding() {
    return padding;
  }

  /** Fixed padding value of plane {@code c} (0 unless padding is {@link PaddingType#FIXED}). */
  public int fixedPaddingValue(int c) {
    return fixedPadding[c];
  }

  public Optional<ComplexityInfo> complexity() {
    return complexity;
  }

  /** Quantizer of the network's input tensor. */
  public TensorQuantizer inputQuantizer() {
    return inputQuantizer;
  }

  public List<QpSet> qpSets() {
    return qpSets;
  }

  public QpSetAssignment qpSetAssignment() {
    return qpSetAssignment;
  }

  public List<Layer> layers() {
    return layers;
  }

  /** The quantizer of tensor {@code role} of layer {@code layer}. */
  public TensorQuantizer quantizer(int layer, TensorRole role) {
    Layer l = layers.get(layer);
    if (!l.has(role)) {
      throw new IllegalArgumentException("layer " + layer + " has no " + role + " tensor");
    }
    return qpSets.get(l.qpSetIndexFor(role)).quantizers().get(role);
  }

  /** Accumulator precision of layer {@code layer}, in bits. */
  public int accumulatorBits(int layer) {
    return qpSets.get(layers.get(layer).qpSetIndex()).accumulatorBits();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NnpfParameterSet p
        && p.id == id
        && p.model.equals(model)
        && p.input.equals(input)
        && p.output.equals(output)
        && p.auxInputIdc == auxInputIdc
        && p.auxDefaultValue == auxDefaultValue
        && p.patchWidth == patchWidth
        && p.patchHeight == patchHeight
        && p.overlap == overlap
        && p.padding == padding
        && java.util.Arrays.equals(p.fixedPadding, fixedPadding)
        && p.complexity.equals(complexity)
        && p.inputQuantizer.equals(inputQuantizer)
        && p.qpSets.equals(qpSets)
        && p.qpSetAssignment == qpSetAssignment
        && p.layers.equals(layers);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, model, input, output, auxInputIdc, auxDefaultValue, patchWidth, patchHeight,
        overlap, padding, java.util.Arrays.hashCode(fixedPadding), complexity, inputQuantizer, qpSets,
        qpSetAssignment, layers);
  }

  @Override
  public String toString() {
    return "NnpfParameterSet[id=" + id + ", " + model + ", " + layers.size() + " layers, " + qpSets.size()
        + " QP sets (" + qpSetAssignment + ")]";
  }

  /**
   * Builder. Defaults: id 0; input and output 4:2:0 polyphase at 8 bits; no auxiliary input; 64x64
   * patches with overlap 4; replication padding; no complexity information; QP set assignment chosen
   * by {@link #chooseAssignment} unless set. Model, input quantizer, QP sets and layers must be given.
   */
  public static final class Builder {
    private int id;
    private ModelReference model;
    private SampleFormat input = SampleFormat.polyphase420(8);
    private SampleFormat output = SampleFormat.polyphase420(8);
    private int auxInputIdc;
    private int auxDefaultValue;
    private int patchWidth = 64;
    private int patchHeight = 64;
    private int overlap = 4;
    private PaddingType padding = PaddingType.REPLICATION;
    private int[] fixedPadding = new int[3];
    private Optional<ComplexityInfo> complexity = Optional.empty();
    private TensorQuantizer inputQuantizer;
    private List<QpSet> qpSets = new ArrayList<>();
    private QpSetAssignment qpSetAssignment;
    private List<Layer> layers = new ArrayList<>();
    private int versionMinorRead = -1;

    private Builder() {}

    /** The {@code nnpf_version_minor} of the message being read ({@link #versionMinorRead()}). */
    public Builder versionMinorRead(int v) {
      this.versionMinorRead = v;
      return this;
    }

    public Builder id(int v) {
      id = v;
      return this;
    }

    public Builder model(ModelReference v) {
      model = v;
      return this;
    }

    public Builder input(SampleFormat v) {
      input = v;
      return this;
    }

    public Builder output(SampleFormat v) {
      output = v;
      return this;
    }

    /** No auxiliary input plane. */
    public Builder noAuxInput() {
      auxInputIdc = 0;
      auxDefaultValue = 0;
      return this;
    }

    /** One auxiliary input plane (e.g. from the QP) whose samples default to {@code defaultValue}. */
    public Builder auxInput(int defaultValue) {
      auxInputIdc = 1;
      auxDefaultValue = defaultValue;
      return this;
    }

    public Builder patch(int width, int height, int overlapSamples) {
      patchWidth = width;
      patchHeight = height;
      overlap = overlapSamples;
      return this;
    }

    /** A padding type other than {@link PaddingType#FIXED}. */
    public Builder padding(PaddingType v) {
      padding = v;
      fixedPadding = new int[3];
      return this;
    }

    /** Fixed padding with one value per plane. */
    public Builder fixedPadding(int luma, int cb, int cr) {
      padding = PaddingType.FIXED;
      fixedPadding = new int[] {luma, cb, cr};
      return this;
    }

    public Builder complexity(ComplexityInfo v) {
      complexity = Optional.of(v);
      return this;
    }

    public Builder noComplexity() {
      complexity = Optional.empty();
      return this;
    }

    public Builder inputQuantizer(TensorQuantizer v) {
      inputQuantizer = v;
      return this;
    }

    public Builder qpSets(List<QpSet> v) {
      qpSets = new ArrayList<>(v);
      return this;
    }

    public Builder addQpSet(QpSet v) {
      qpSets.add(v);
      return this;
    }

    /** The assignment to code; null chooses the shortest that fits the layers' indices. */
    public Builder qpSetAssignment(QpSetAssignment v) {
      qpSetAssignment = v;
      return this;
    }

    public Builder layers(List<Layer> v) {
      layers = new ArrayList<>(v);
      return this;
    }

    public Builder addLayer(Layer v) {
      layers.add(v);
      return this;
    }

    /** Replaces layer {@code i}. */
    public Builder layer(int i, Layer v) {
      layers.set(i, v);
      return this;
    }

    /** @throws IllegalArgumentException if the values are inconsistent or out of range */
    public NnpfParameterSet build() {
      return new NnpfParameterSet(this);
    }
  }
}
