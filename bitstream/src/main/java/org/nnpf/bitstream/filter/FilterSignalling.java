package org.nnpf.bitstream.filter;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.nnpf.bitstream.BitstreamException;
import org.nnpf.bitstream.nnpf.ComplexityInfo;
import org.nnpf.bitstream.nnpf.Layer;
import org.nnpf.bitstream.nnpf.ModelReference;
import org.nnpf.bitstream.nnpf.NnpfParameterSet;
import org.nnpf.bitstream.nnpf.PaddingType;
import org.nnpf.bitstream.nnpf.QpSet;
import org.nnpf.bitstream.nnpf.SampleFormat;
import org.nnpf.bitstream.nnpf.TensorCoding;
import org.nnpf.bitstream.nnpf.TensorData;
import org.nnpf.bitstream.nnpf.NnpfMessageWriter;
import org.nnpf.bitstream.nnpf.NnpfLimits;
import org.nnpf.bitstream.nnpf.TensorQuantizer;
import org.nnpf.bitstream.nnpf.TensorRole;
import org.nnpf.common.nn.Activation;
import org.nnpf.common.nn.Conv2d;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.integer.FixedPoint;
import org.nnpf.common.nn.integer.IntegerLayer;
import org.nnpf.common.nn.quant.LayerQuantization;
import org.nnpf.common.nn.quant.QuantizationParams;

/**
 * The correspondence between a quantized post-filter ({@link Model} + {@link QuantizationParams})
 * and the NN post-filter parameter set that signals it (docs/bitstream-syntax.md, "Mapping to the
 * integer decoding process").
 *
 * <p>Layer {@code i} of the parameter set is convolution {@code i} of the model; it owns QP set
 * {@code i} (the per-layer assignment). The QP set holds the layer's accumulator precision P and
 * the quantizers of its tensors:
 *
 * <ul>
 *   <li>WEIGHTS: the weight bit width (8/16) and fractional bits qw;
 *   <li>BIAS: 32 bits, qx + qw fractional bits (implied by the integer decoding process; signalled
 *       so that a reader of the parameter set alone sees the full quantization);
 *   <li>MULTIPLIER (when the layer has multipliers): 16 bits, qm fractional bits;
 *   <li>SLOPE (LeakyReLU / PReLU): 16 bits, qa fractional bits;
 *   <li>OUTPUT: the bit width and fractional bits of the tensor the layer produces.
 * </ul>
 *
 * <p>The multipliers of every layer that has them are signalled (unless the {@link
 * Options#compact} form leaves out those equal to the base model's), coded as differences to
 * the base model's multipliers quantized with the same qm ({@code FixedPoint.quantize}, the rule
 * the integer decoding process uses for multipliers it derives from the model). When reading, a
 * layer whose multipliers are not signalled ({@code layer_multiplier_present_flag} 0) takes those
 * base-model multipliers.
 */
public final class FilterSignalling {
  /** {@code layer_kind} of a convolution: the layer kind code of the model format. */
  public static final int KIND_CONV2D = 1;

  private FilterSignalling() {}

  /**
   * How the parameter set identifies the model and cuts pictures into patches.
   *
   * @param hashType the model hash written ({@code nnpfps_model_hash_type})
   * @param compact the compact form: write {@code layer_multiplier_present_flag} 0 for a layer
   *     whose multipliers equal the base model's (every difference zero) instead of coding the
   *     zeros, code each distinct QP set once (layers with equal quantizers share it) and leave out
   *     the complexity information
   */
  public record Options(int id, boolean modelInBand, int patchWidth, int patchHeight,
      org.nnpf.bitstream.nnpf.ModelHashType hashType, boolean compact) {
    /** Full SHA-256 and every multiplier tensor coded (the form of the conformance streams). */
    public Options(int id, boolean modelInBand, int patchWidth, int patchHeight) {
      this(id, modelInBand, patchWidth, patchHeight, org.nnpf.bitstream.nnpf.ModelHashType.SHA256, false);
    }

    public static Options defaults(int id) {
      return new Options(id, false, 128, 64);
    }

    /**
     * The encoder's compact form: the model named by the first 16 bytes of its SHA-256 (type 1),
     * multiplier tensors equal to the base model's left out, equal QP sets shared, no complexity
     * information. All of it is version 1.0 syntax.
     */
    public static Options compact(int id, boolean modelInBand, int patchWidth, int patchHeight) {
      return new Options(id, modelInBand, patchWidth, patchHeight, org.nnpf.bitstream.nnpf.ModelHashType.SHA256_128, true);
    }
  }

  /**
   * The parameter set signalling {@code params} for the base model {@code model}, whose model file
   * is {@code modelFile}.
   */
  public static NnpfParameterSet toParameterSet(
      Model model, byte[] modelFile, QuantizationParams params, int bitDepth, Options options) {
    params.checkFits(model);
    NnpfParameterSet.Builder b = NnpfParameterSet.builder()
        .id(options.id())
        .model(options.modelInBand()
            ? ModelReference.inBand(options.hashType(), modelFile)
            : ModelReference.byHashOf(options.hashType(), modelFile))
        .input(SampleFormat.polyphase420(bitDepth))
        .output(SampleFormat.polyphase420(bitDepth))
        .patch(options.patchWidth(), options.patchHeight(), model.receptiveRadius())
        .padding(PaddingType.ZERO)
        .complexity(complexity(model, params, modelFile.length))
        .inputQuantizer(toBitstream(params.input()));
    if (model.hasQpPlane()) {
      b.auxInput(0);
    } else {
      b.noAuxInput();
    }
    if (options.compact()) {
      b.noComplexity();
    }
    List<QpSet> sets = new ArrayList<>();
    for (int i = 0; i < model.layerCount(); i++) {
      Conv2d c = (Conv2d) model.layers().get(i);
      LayerQuantization lq = params.layer(i);
      int qx = params.layerInput(i).fracBits();
      EnumMap<TensorRole, TensorQuantizer> qs = new EnumMap<>(TensorRole.class);
      EnumSet<TensorRole> roles = EnumSet.of(TensorRole.WEIGHTS, TensorRole.OUTPUT);
      qs.put(TensorRole.WEIGHTS, toBitstream(lq.weights()));
      qs.put(TensorRole.OUTPUT, toBitstream(lq.output()));
      if (c.hasBias()) {
        roles.add(TensorRole.BIAS);
        qs.put(TensorRole.BIAS, new TensorQuantizer(32, qx + lq.weights().fracBits()));
      }
      if (c.hasMultipliers()) {
        roles.add(TensorRole.MULTIPLIER);
        qs.put(TensorRole.MULTIPLIER, new TensorQuantizer(16, lq.multiplierFracBits()));
      }
      if (hasSlopes(c)) {
        roles.add(TensorRole.SLOPE);
        qs.put(TensorRole.SLOPE, new TensorQuantizer(16, lq.slopeFracBits()));
      }
      QpSet set = new QpSet(lq.accumulatorBits(), qs);
      int setIndex = options.compact() ? sets.indexOf(set) : -1;
      if (setIndex < 0) {
        setIndex = sets.size();
        sets.add(set);
        b.addQpSet(set);
      }
      Optional<TensorData> mult = Optional.empty();
      if (c.hasMultipliers()) {
        int[] base = baseMultipliers(c, lq.multiplierFracBits());
        int[] values = lq.multipliers().orElse(base);
        if (!options.compact() || !java.util.Arrays.equals(values, base)) {
          mult = Optional.of(TensorData.deltaToBase(values, base));
        }
      }
      // explicit biases that differ from the base model's: a bias update (version 1.3)
      Optional<TensorData> biasUpdate = Optional.empty();
      if (lq.hasExplicitBiases()) {
        int[] base = IntegerLayer.modelBiases(c, qx + lq.weights().fracBits(), lq.accumulatorBits());
        int[] values = lq.biases().orElseThrow();
        if (!java.util.Arrays.equals(values, base)) {
          biasUpdate = Optional.of(TensorData.deltaToBase(values, base));
        }
      }
      b.addLayer(new Layer(KIND_CONV2D, c.inChannels(), c.outChannels(), c.kernelSize(), c.kernelSize(),
          roles, setIndex, Map.of(), mult, biasUpdate, Optional.empty()));
    }
    return cheapestCodings(b.build(), options.compact());
  }

  /**
   * {@code ps} with its difference-coded tensors in the fewest bits, by exact counts at each
   * tensor's position in the message, in message order (an arithmetic-coded tensor's alignment
   * depends on everything before it):
   *
   * <ul>
   *   <li>with {@code multipliers} (the compact form), each multiplier tensor: Exp-Golomb
   *       differences ({@code td_coding_idc} 1, best order) or the arithmetic code ({@code
   *       td_coding_idc} 2, step 0); the message becomes version 1.2 only when some tensor is
   *       cheaper arithmetic coded;
   *   <li>each bias update: the same, or the arithmetic code in units of the largest power of two
   *       dividing every difference ({@link TensorData#cheapestDifferences}).
   * </ul>
   */
  static NnpfParameterSet cheapestCodings(NnpfParameterSet ps, boolean multipliers) {
    NnpfParameterSet out = ps;
    for (int i = 0; i < ps.layers().size(); i++) {
      if (multipliers) {
        out = cheapest(out, i, TensorRole.MULTIPLIER);
      }
      out = cheapest(out, i, TensorRole.BIAS);
    }
    return out;
  }

  /** {@code ps} with layer {@code i}'s Exp-Golomb-coded tensor {@code role} (MULTIPLIER or BIAS) in its cheapest coding. */
  private static NnpfParameterSet cheapest(NnpfParameterSet ps, int i, TensorRole role) {
    Layer l = ps.layers().get(i);
    boolean mult = role == TensorRole.MULTIPLIER;
    Optional<TensorData> d = mult ? l.multipliers() : l.biasUpdate();
    if (d.isEmpty() || d.get().coding() != TensorCoding.DELTA_TO_BASE) {
      return ps;
    }
    TensorData eg = d.get();
    long start = NnpfMessageWriter.tensorStarts(ps, role)[i];
    int[] zeros = new int[eg.size()];
    TensorData best = mult ? TensorData.cheapestDeltaToBase(eg.values(), zeros, start)
        : TensorData.cheapestDifferences(eg.values(), zeros, start);
    if (best.equals(eg)) {
      return ps;
    }
    List<Layer> layers = new ArrayList<>(ps.layers());
    layers.set(i, mult ? l.withMultipliers(best) : l.withBiasUpdate(best));
    return ps.toBuilder().layers(layers).build();
  }

  /**
   * The quantization parameters a parameter set signals for the model it refers to. Throws a
   * {@link BitstreamException} naming the element when the parameter set does not fit the model
   * (layer count, kinds, channels, kernel sizes, tensors) or uses a value the integer decoding
   * process does not support.
   */
  public static QuantizationParams toQuantizationParams(NnpfParameterSet ps, Model model) {
    String ctx = "parameter set " + ps.id();
    require(ps.layers().size() == model.layerCount(), "nnpfps_num_layers_minus1", ctx,
        "the parameter set has " + ps.layers().size() + " layers, the model " + model.layerCount());
    require(model.hasQpPlane() == (ps.auxInputIdc() == 1), "nnpfps_aux_inp_idc", ctx,
        "aux input idc " + ps.auxInputIdc() + " does not match the model's QP plane");
    List<LayerQuantization> layers = new ArrayList<>();
    org.nnpf.common.nn.quant.TensorQuantizer input = toCommon(ps.inputQuantizer(), "input quantizer", ctx,
        "nnpfps_input_bit_width_idc", "nnpfps_input_frac_bits");
    for (int i = 0; i < model.layerCount(); i++) {
      Conv2d c = (Conv2d) model.layers().get(i);
      Layer l = ps.layers().get(i);
      String lc = ctx + ", layer " + i;
      require(l.kind() == KIND_CONV2D, "layer_kind", lc, "kind " + l.kind() + " is not a convolution");
      String channels = (l.inChannels() != c.inChannels() ? "layer_in_channels_minus1[" : "layer_out_channels_minus1[")
          + i + "]";
      require(l.inChannels() == c.inChannels() && l.outChannels() == c.outChannels(), channels, lc,
          l.inChannels() + "->" + l.outChannels() + " channels, the model has "
              + c.inChannels() + "->" + c.outChannels());
      String kernel = (l.kernelHeight() != c.kernelSize() ? "layer_kernel_height_minus1[" : "layer_kernel_width_minus1[")
          + i + "]";
      require(l.kernelHeight() == c.kernelSize() && l.kernelWidth() == c.kernelSize(), kernel, lc,
          "kernel " + l.kernelHeight() + "x" + l.kernelWidth() + ", the model has " + c.kernelSize());
      require(l.has(TensorRole.BIAS) == c.hasBias(), "layer_tensor_flags", lc, "bias presence differs from the model");
      require(l.has(TensorRole.MULTIPLIER) == c.hasMultipliers(), "layer_tensor_flags", lc,
          "multiplier presence differs from the model");
      require(l.has(TensorRole.SLOPE) == hasSlopes(c), "layer_tensor_flags", lc,
          "slope presence differs from the model");
      // bias updates have a decoding process from version 1.3 on; weight updates have none in
      // version 1.x: an error when applied
      require(l.biasUpdate().isEmpty()
          || ps.versionMinorRead().orElse(NnpfLimits.VERSION_MINOR_BIAS_UPDATE) >= NnpfLimits.VERSION_MINOR_BIAS_UPDATE,
          "layer_bias_update_flag[" + i + "]", lc, "a bias update in a message of version 1."
              + ps.versionMinorRead().orElse(0) + " (bias updates are defined from version 1."
              + NnpfLimits.VERSION_MINOR_BIAS_UPDATE + " on)");
      require(l.weightUpdate().isEmpty(), "layer_weight_update_flag[" + i + "]", lc,
          "weight updates are not supported by this decoder version");
      org.nnpf.common.nn.quant.TensorQuantizer w = toCommon(ps.quantizer(i, TensorRole.WEIGHTS), "weights", lc);
      org.nnpf.common.nn.quant.TensorQuantizer out = toCommon(ps.quantizer(i, TensorRole.OUTPUT), "output", lc);
      LayerQuantization.Builder lb = LayerQuantization.builder(w, out).accumulatorBits(ps.accumulatorBits(i));
      int qx = i == 0 ? input.fracBits() : layers.get(i - 1).output().fracBits();
      if (c.hasBias()) {
        TensorQuantizer bq = ps.quantizer(i, TensorRole.BIAS);
        require(bq.bitWidth() == 32 && bq.fracBits() == qx + w.fracBits(), "qps_frac_bits", lc,
            "bias quantizer " + bq + " is not 32 bits with qx + qw = " + (qx + w.fracBits()) + " fractional bits");
        if (l.biasUpdate().isPresent()) {
          // Pred (the base model's bias at the accumulator's scale, clipped to P bits) + the
          // signalled difference, which shall fit the accumulator's P bits
          TensorData d = l.biasUpdate().get();
          int p = ps.accumulatorBits(i);
          int[] base = d.coding().usesBase() ? IntegerLayer.modelBiases(c, qx + w.fracBits(), p) : null;
          lb.biases(elements(d, base, p, "bias", i, "the " + p + "-bit accumulator", lc));
        }
      }
      if (c.hasMultipliers()) {
        TensorQuantizer mq = ps.quantizer(i, TensorRole.MULTIPLIER);
        require(mq.bitWidth() == 16 && mq.fracBits() >= 0
            && mq.fracBits() <= LayerQuantization.MAX_MULTIPLIER_FRAC_BITS, "qps_frac_bits", lc,
            "multiplier quantizer " + mq + " is not 16 bits with 0..15 fractional bits");
        lb.multiplierFracBits(mq.fracBits());
        // layer_multiplier_present_flag 0: the base model's multipliers with the signalled quantizer
        TensorData d = l.multipliers().orElse(TensorData.deltaToBase(new int[c.outChannels()], new int[c.outChannels()]));
        int[] base = d.coding().usesBase() ? baseMultipliers(c, mq.fracBits()) : null;
        lb.multipliers(elements(d, base, 16, "multiplier", i, "16 bits", lc));
      }
      if (hasSlopes(c)) {
        TensorQuantizer sq = ps.quantizer(i, TensorRole.SLOPE);
        require(sq.bitWidth() == 16 && sq.fracBits() >= 0 && sq.fracBits() <= LayerQuantization.MAX_SLOPE_FRAC_BITS,
            "qps_frac_bits", lc, "slope quantizer " + sq + " is not 16 bits with 0..15 fractional bits");
        lb.slopeFracBits(sq.fracBits());
      }
      LayerQuantization lq = lb.build();
      int shift = qx + lq.weights().fracBits() + lq.multiplierFracBits() - lq.output().fracBits();
      require(shift >= 0 && shift <= QuantizationParams.MAX_SHIFT, "qps_frac_bits", lc,
          "the requantization shift qx + qw + qm - qout = " + qx + " + " + lq.weights().fracBits() + " + "
              + lq.multiplierFracBits() + " - " + lq.output().fracBits() + " = " + shift + " is not in 0.."
              + QuantizationParams.MAX_SHIFT);
      layers.add(lq);
    }
    return new QuantizationParams(input, layers);
  }

  /**
   * The signalled elements of layer {@code layer}'s tensor {@code what}: {@code Pred + td_value} (or
   * {@code Pred + (td_value << td_log2_step)}, or {@code td_value}) in 64 bits, since td_value may
   * be any 32-bit value, each of which shall fit {@code bits} signed bits (else an error at {@code
   * td_value[k] (what[layer])}, saying it does not fit {@code range}).
   */
  private static int[] elements(TensorData d, int[] base, int bits, String what, int layer, String range, String lc) {
    long max = (1L << (bits - 1)) - 1;
    int[] values = new int[d.size()];
    for (int k = 0; k < values.length; k++) {
      long v = d.element(k, base);
      require(v >= -max - 1 && v <= max, "td_value[" + k + "] (" + what + "[" + layer + "])", lc,
          what + " " + k + " = " + v + " does not fit " + range);
      values[k] = (int) v;
    }
    return values;
  }

  /** The base model's multipliers of {@code c} as int16 with {@code qm} fractional bits. */
  public static int[] baseMultipliers(Conv2d c, int qm) {
    int[] m = new int[c.outChannels()];
    for (int co = 0; co < m.length; co++) {
      m[co] = (int) FixedPoint.quantize(c.multiplier(co), qm, Short.MIN_VALUE, Short.MAX_VALUE);
    }
    return m;
  }

  private static boolean hasSlopes(Conv2d c) {
    Activation.Kind k = c.activation().kind();
    return k == Activation.Kind.LEAKY_RELU || k == Activation.Kind.PRELU;
  }

  /**
   * The complexity information of the filter {@code ps} describes for {@code model}, whose model file
   * has {@code modelFileBytes} bytes: integer parameters of the largest signalled weight bit width,
   * the number of parameters bounded by {@code 2048 << (idc - 1)}, the kMAC per luma sample rounded
   * up, the model file's size in KiB rounded up (the values of H.274's NNPFC complexity elements).
   */
  public static ComplexityInfo complexityOf(Model model, NnpfParameterSet ps, long modelFileBytes) {
    int maxBits = 8;
    for (int l = 0; l < ps.layers().size(); l++) {
      if (ps.layers().get(l).has(TensorRole.WEIGHTS)) {
        maxBits = Math.max(maxBits, ps.quantizer(l, TensorRole.WEIGHTS).bitWidth());
      }
    }
    return complexityInfo(model, maxBits, modelFileBytes);
  }

  private static ComplexityInfo complexityInfo(Model model, int maxBits, long modelFileBytes) {
    long n = model.parameterCount();
    int paramsIdc = 1;
    while ((2048L << (paramsIdc - 1)) < n) {
      paramsIdc++;
    }
    long kmac = (long) Math.ceil(model.kmacPerLumaPixel());
    long kbytes = (modelFileBytes + 1023) / 1024;
    return new ComplexityInfo(0, Integer.numberOfTrailingZeros(maxBits) - 3, paramsIdc, kmac, kbytes);
  }

  private static ComplexityInfo complexity(Model model, QuantizationParams params, long modelFileBytes) {
    int maxBits = 8;
    for (LayerQuantization lq : params.layers()) {
      maxBits = Math.max(maxBits, lq.weights().bits());
    }
    return complexityInfo(model, maxBits, modelFileBytes);
  }

  static TensorQuantizer toBitstream(org.nnpf.common.nn.quant.TensorQuantizer q) {
    return new TensorQuantizer(q.bits(), q.fracBits());
  }

  static org.nnpf.common.nn.quant.TensorQuantizer toCommon(TensorQuantizer q, String what, String ctx) {
    return toCommon(q, what, ctx, "qps_bit_width_idc", "qps_frac_bits");
  }

  /** The same, naming the given syntax elements in errors (the input quantizer has its own). */
  static org.nnpf.common.nn.quant.TensorQuantizer toCommon(
      TensorQuantizer q, String what, String ctx, String widthElement, String fracElement) {
    require(q.bitWidth() == 8 || q.bitWidth() == 16, widthElement, ctx,
        what + " bit width " + q.bitWidth() + " is not 8 or 16");
    require(q.fracBits() >= org.nnpf.common.nn.quant.TensorQuantizer.MIN_FRAC_BITS
        && q.fracBits() <= org.nnpf.common.nn.quant.TensorQuantizer.MAX_FRAC_BITS, fracElement, ctx,
        what + " fractional bits " + q.fracBits() + " outside "
            + org.nnpf.common.nn.quant.TensorQuantizer.MIN_FRAC_BITS + ".."
            + org.nnpf.common.nn.quant.TensorQuantizer.MAX_FRAC_BITS);
    return new org.nnpf.common.nn.quant.TensorQuantizer(q.bitWidth(), q.fracBits());
  }

  private static void require(boolean ok, String element, String ctx, String detail) {
    if (!ok) {
      throw new BitstreamException(element, 0, 0, ctx, detail);
    }
  }
}
