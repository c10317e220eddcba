package org.nnpf.conformance;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;
import org.nnpf.common.nn.Activation;
import org.nnpf.common.nn.Conv2d;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.fp.ActivationStatistics;
import org.nnpf.common.nn.integer.FixedPoint;
import org.nnpf.common.nn.quant.LayerQuantization;
import org.nnpf.common.nn.quant.QuantizationParams;
import org.nnpf.common.nn.quant.TensorQuantizer;

/**
 * Explicit quantization parameters for a conformance stream: the bit allocation of every tensor and
 * the accumulator precision of every layer are chosen by the stream's author, not by the encoder's
 * optimiser, so that the suite exercises each allocation and precision on purpose.
 *
 * <p>Rules ({@link #design}), for layer l reading a tensor of {@code bx} bits and {@code qx}
 * fractional bits:
 *
 * <ul>
 *   <li>input tensor: {@code q0 = inputBits - 1} (picture samples, in [0, 1), use the whole range);
 *   <li>weights: {@code qw} is the largest value with {@code max|W| * 2^qw <= 2^(bw-1) - 1} and
 *       {@code max_co(sum |Wq[co]| * 2^(bx-1) + |Bq[co]|) <= 2^(D-1) - 1}, where D is the
 *       precision the layer is <em>designed</em> for (normally its declared precision P): no input
 *       whatsoever can then make an accumulation leave D bits (docs/integer-inference.md section
 *       5). A 16-bit accumulator therefore needs 8-bit input activations. A recipe whose shift
 *       would leave an output channel without a non-zero weight is refused. An output channel
 *       whose weights are all 0 in the model takes no part in either rule: it accumulates its
 *       bias alone, clipped to P bits (stream NNPF18_BIAS_CLIPPING);
 *   <li>multipliers: {@code qm} the largest value up to 15 with {@code max|m| * 2^qm <= 32767}
 *       (0 for a layer without multipliers); slopes likewise ({@code qa}, 0 without slopes);
 *   <li>output: {@code qout} the largest value with {@code max|output| * headroom * 2^qout <=
 *       2^(bo-1) - 1}, the maximum measured by float inference on the stream's decoded pictures,
 *       limited so that the shift {@code qx + qw + qm - qout} lies in 0..62;
 *   <li>explicit multipliers (as a stream signals them; the decoder reads them as explicit
 *       values): output channel c of layer l gets {@code Round(m[c] * 2^qm) + multiplierOffset *
 *       ((c + l) % 5 - 2)}, clipped to int16 ({@code multiplierOffset} 0: the model's own
 *       multipliers; otherwise "overfitted" ones);
 *   <li>explicit biases (bias updates, syntax version 1.3) when {@code biasOffset} is not 0:
 *       output channel c of layer l gets the model's bias at the accumulator's scale ({@code
 *       Round(b[c] * 2^(qx + qw))} clipped to P bits) plus {@code Round(biasOffset * 2^8) *
 *       ((c + 2l) % 5 - 2) * 2^(qx + qw - 8)} (a multiple of the step {@code 2^(qx + qw - 8)}; the
 *       step 1 and no shift when {@code qx + qw < 8}), clipped to P bits. The worst case of the
 *       weight shift counts the biases as the model has them: a recipe with a bias offset should
 *       leave the accumulator room (P 32).
 * </ul>
 *
 * @param inputBits bit width of the input tensor, 8 or 16
 * @param layers one allocation per layer of the model
 * @param headroom factor on the measured output maxima (at least 1)
 * @param multiplierOffset perturbation of the explicit multipliers (0: the model's multipliers)
 * @param biasOffset perturbation of explicit biases, in real units (0: none, the biases are derived
 *     from the model)
 */
public record QuantizationRecipe(int inputBits, List<LayerRecipe> layers, double headroom, int multiplierOffset,
    double biasOffset) {

  /** A recipe without explicit biases. */
  public QuantizationRecipe(int inputBits, List<LayerRecipe> layers, double headroom, int multiplierOffset) {
    this(inputBits, layers, headroom, multiplierOffset, 0);
  }

  /**
   * The allocation of one layer.
   *
   * @param weightBits 8 or 16
   * @param outputBits bit width of the layer's output tensor, 8 or 16
   * @param accumulatorBits the declared accumulator precision P: 16, 24 or 32
   * @param designBits the precision the weight shift is chosen for; equal to {@code
   *     accumulatorBits} in a conforming stream, larger in a stream that violates its declaration
   */
  public record LayerRecipe(int weightBits, int outputBits, int accumulatorBits, int designBits) {
    public LayerRecipe {
      Preconditions.checkArgument(weightBits == 8 || weightBits == 16, "weight bits %s", weightBits);
      Preconditions.checkArgument(outputBits == 8 || outputBits == 16, "output bits %s", outputBits);
      Preconditions.checkArgument(
          accumulatorBits == 16 || accumulatorBits == 24 || accumulatorBits == 32, "accumulator bits %s", accumulatorBits);
      Preconditions.checkArgument(designBits >= 16 && designBits <= 32, "design bits %s", designBits);
    }

    /** A layer designed for its declared precision. */
    public static LayerRecipe of(int weightBits, int outputBits, int accumulatorBits) {
      return new LayerRecipe(weightBits, outputBits, accumulatorBits, accumulatorBits);
    }

    @Override
    public String toString() {
      return "w" + weightBits + "/out" + outputBits + "/P" + accumulatorBits
          + (designBits != accumulatorBits ? " (weights shifted for " + designBits + " bits)" : "");
    }
  }

  public QuantizationRecipe {
    Preconditions.checkArgument(inputBits == 8 || inputBits == 16, "input bits %s", inputBits);
    Preconditions.checkArgument(headroom >= 1, "headroom %s", headroom);
    layers = List.copyOf(layers);
  }

  /** Every layer with the same allocation. */
  public static QuantizationRecipe uniform(int layerCount, int activationBits, int weightBits, int accumulatorBits) {
    List<LayerRecipe> l = new ArrayList<>();
    for (int i = 0; i < layerCount; i++) {
      l.add(LayerRecipe.of(weightBits, activationBits, accumulatorBits));
    }
    return new QuantizationRecipe(activationBits, l, 1.25, 0);
  }

  /** This recipe with explicit multipliers perturbed by {@code offset}. */
  public QuantizationRecipe withMultiplierOffset(int offset) {
    return new QuantizationRecipe(inputBits, layers, headroom, offset, biasOffset);
  }

  /** This recipe with explicit biases perturbed by {@code offset} (real units; see the class comment). */
  public QuantizationRecipe withBiasOffset(double offset) {
    return new QuantizationRecipe(inputBits, layers, headroom, multiplierOffset, offset);
  }

  /** A short description: input bits and the allocation of each layer. */
  public String describe() {
    StringBuilder sb = new StringBuilder("input int").append(inputBits);
    for (int l = 0; l < layers.size(); l++) {
      sb.append("; layer ").append(l).append(' ').append(layers.get(l));
    }
    if (multiplierOffset != 0) {
      sb.append("; explicit multipliers (offset ").append(multiplierOffset).append(')');
    }
    if (biasOffset != 0) {
      sb.append("; explicit biases (offset ").append(biasOffset).append(')');
    }
    return sb.toString();
  }

  /**
   * The quantization parameters of {@code model} by the rules of the class comment, with output
   * ranges from {@code stats}.
   *
   * @throws IllegalArgumentException if the recipe does not fit the model or no weight shift down to
   *     the smallest allowed one keeps the worst case within the designed precision
   */
  public QuantizationParams design(Model model, ActivationStatistics stats) {
    Preconditions.checkArgument(layers.size() == model.layerCount(),
        "recipe for %s layers, model %s has %s", layers.size(), model.name(), model.layerCount());
    TensorQuantizer input = new TensorQuantizer(inputBits, inputBits - 1);
    TensorQuantizer x = input;
    List<LayerQuantization> out = new ArrayList<>();
    for (int l = 0; l < model.layerCount(); l++) {
      Conv2d c = model.conv(l);
      LayerRecipe r = layers.get(l);
      int qw = weightFracBits(c, x, r, l);
      int qm = c.hasMultipliers() ? fracBitsFor(maxAbs(c.multipliers().orElseThrow()), Short.MAX_VALUE, 15) : 0;
      Activation.Kind kind = c.activation().kind();
      boolean slopes = kind == Activation.Kind.LEAKY_RELU || kind == Activation.Kind.PRELU;
      int qa = slopes ? fracBitsFor(maxAbs(c.activation().slopes()), Short.MAX_VALUE, 15) : 0;
      int outMax = (1 << (r.outputBits() - 1)) - 1;
      int qout = fracBitsFor(stats.maxOutput(l) * headroom, outMax, TensorQuantizer.MAX_FRAC_BITS);
      int top = x.fracBits() + qw + qm;
      qout = Math.max(Math.min(qout, top), top - QuantizationParams.MAX_SHIFT);
      qout = Math.max(qout, TensorQuantizer.MIN_FRAC_BITS);
      TensorQuantizer oq = new TensorQuantizer(r.outputBits(), qout);
      LayerQuantization.Builder b = LayerQuantization.builder(new TensorQuantizer(r.weightBits(), qw), oq)
          .accumulatorBits(r.accumulatorBits())
          .multiplierFracBits(qm)
          .slopeFracBits(qa);
      if (c.hasMultipliers()) {
        int[] m = new int[c.outChannels()];
        for (int co = 0; co < m.length; co++) {
          long base = FixedPoint.quantize(c.multiplier(co), qm, Short.MIN_VALUE, Short.MAX_VALUE);
          m[co] = (int) FixedPoint.clip3(Short.MIN_VALUE, Short.MAX_VALUE,
              base + (long) multiplierOffset * ((co + l) % 5 - 2));
        }
        b.multipliers(m);
      }
      if (biasOffset != 0 && c.hasBias()) {
        int frac = x.fracBits() + qw;
        int shift = Math.max(0, frac - 8);
        long unit = Math.round(biasOffset * Math.pow(2, frac - shift));
        long max = (1L << (r.accumulatorBits() - 1)) - 1;
        float[] bias = c.bias();
        int[] bq = new int[c.outChannels()];
        for (int co = 0; co < bq.length; co++) {
          long base = FixedPoint.quantize(bias[co], frac, -max - 1, max);
          bq[co] = (int) FixedPoint.clip3(-max - 1, max, base + (unit * ((co + 2 * l) % 5 - 2) << shift));
        }
        b.biases(bq);
      }
      out.add(b.build());
      x = oq;
    }
    return new QuantizationParams(input, out);
  }

  private static int weightFracBits(Conv2d c, TensorQuantizer x, LayerRecipe r, int l) {
    float[] w = c.weights();
    int qw = fracBitsFor(maxAbs(w), (1 << (r.weightBits() - 1)) - 1, TensorQuantizer.MAX_FRAC_BITS);
    long limit = (1L << (r.designBits() - 1)) - 1;
    for (; qw >= TensorQuantizer.MIN_FRAC_BITS; qw--) {
      if (worstCase(c, x, r, qw) <= limit) {
        break;
      }
    }
    if (qw < TensorQuantizer.MIN_FRAC_BITS || !everyChannelHasWeights(c, r, qw)) {
      throw new IllegalArgumentException("layer " + l + ": no weight shift keeps the worst-case accumulation within "
          + r.designBits() + " bits with " + x.bits() + "-bit inputs and leaves a non-zero weight in every output channel");
    }
    return qw;
  }

  private static boolean everyChannelHasWeights(Conv2d c, LayerRecipe r, int qw) {
    float[] w = c.weights();
    int fan = c.fanIn();
    long wmax = (1L << (r.weightBits() - 1)) - 1;
    for (int co = 0; co < c.outChannels(); co++) {
      if (withoutWeights(w, co, fan)) {
        continue;  // a constant channel by design, whatever the shift
      }
      boolean any = false;
      for (int i = 0; i < fan && !any; i++) {
        any = FixedPoint.quantize(w[co * fan + i], qw, -wmax - 1, wmax) != 0;
      }
      if (!any) {
        return false;
      }
    }
    return true;
  }

  /** Whether every weight of output channel {@code co} is exactly 0 in the model. */
  private static boolean withoutWeights(float[] w, int co, int fan) {
    for (int i = 0; i < fan; i++) {
      if (w[co * fan + i] != 0f) {
        return false;
      }
    }
    return true;
  }

  /**
   * {@code max_co(sum |Wq[co]| * 2^(bx-1) + |Bq[co]|)} over the output channels that have weights in
   * the model: a channel whose weights are all 0 accumulates its bias alone, which the decoding
   * process clips to P bits (docs/integer-inference.md section 3), so it fits whatever its value.
   */
  static long worstCase(Conv2d c, TensorQuantizer x, LayerRecipe r, int qw) {
    float[] w = c.weights();
    float[] bias = c.bias();
    int fan = c.fanIn();
    long wmax = (1L << (r.weightBits() - 1)) - 1;
    long pmax = (1L << (r.accumulatorBits() - 1)) - 1;
    long worst = 0;
    for (int co = 0; co < c.outChannels(); co++) {
      if (withoutWeights(w, co, fan)) {
        continue;
      }
      long sum = 0;
      for (int i = 0; i < fan; i++) {
        sum += Math.abs(FixedPoint.quantize(w[co * fan + i], qw, -wmax - 1, wmax));
      }
      long bq = Math.abs(FixedPoint.quantize(bias[co], x.fracBits() + qw, -pmax - 1, pmax));
      worst = Math.max(worst, sum * (1L << (x.bits() - 1)) + bq);
    }
    return worst;
  }

  /** The largest q in [MIN_FRAC_BITS, cap] with {@code maxAbs * 2^q <= limit}. */
  private static int fracBitsFor(double maxAbs, long limit, int cap) {
    if (maxAbs <= 0) {
      return cap;
    }
    int q = cap;
    while (q > TensorQuantizer.MIN_FRAC_BITS && Math.scalb(maxAbs, q) > limit) {
      q--;
    }
    return q;
  }

  private static double maxAbs(float[] v) {
    double m = 0;
    for (float f : v) {
      m = Math.max(m, Math.abs(f));
    }
    return m;
  }
}
