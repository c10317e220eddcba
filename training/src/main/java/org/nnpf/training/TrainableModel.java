package org.nnpf.training;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;
import org.nnpf.common.nn.Activation;
import org.nnpf.common.nn.Conv2d;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.OutputMode;
import org.nnpf.training.autodiff.AddOp;
import org.nnpf.training.autodiff.ConvOp;
import org.nnpf.training.autodiff.FakeQuantOp;
import org.nnpf.training.autodiff.Graph;
import org.nnpf.training.autodiff.LeakyReluOp;
import org.nnpf.training.autodiff.PReluOp;
import org.nnpf.training.autodiff.Param;
import org.nnpf.training.autodiff.ReluOp;
import org.nnpf.training.autodiff.ScaleOp;
import org.nnpf.training.autodiff.SliceOp;
import org.nnpf.training.autodiff.Tensor;
import org.nnpf.training.autodiff.Workspace;

/**
 * A {@link Model} turned into a trainable {@link Graph}, and back.
 *
 * <p>Each {@link Conv2d} becomes {@code conv(k) + bias -> multiplier (if the layer has one) ->
 * [fake quant "scaled"] -> activation -> [fake quant "output"]}, the order of the model
 * description. The two fake-quant nodes mirror the integer requantization: {@code V = Rsh(A * Mq,
 * s)} rounds the scaled accumulation to the output grid (unbounded range), the activation slope
 * multiplies and rounds again, and the result saturates to the output bit width. Parameters are named {@code layer<i>.weight}, {@code .bias},
 * {@code .multiplier}, {@code .slope}. A layer without bias gets a frozen zero bias that is not
 * exported; kernels other than 1x1 and 3x3 are refused. In residual mode the graph output is the
 * last layer plus the input's picture channels; for a model of several hypotheses the graph output
 * is hypothesis 0 (the filter's output picture, the first six channels), or with {@link
 * #rawResiduals} every hypothesis's raw residual; {@link #rawOutputNode()} is the last layer alone.
 *
 * <p>A fake-quant node also follows the graph input. The fake-quantization nodes are the identity until a quantizer is set on them
 * (quantization-aware training; see {@link org.nnpf.encoder.quant.QuantizationAwareModel}).
 */
public final class TrainableModel {
  private final Model template;
  private final Graph graph;
  private final List<Layer> layers;
  private final int rawOutput;
  private final FakeQuantOp inputQuantizer;

  /** Parameters and fake-quant nodes of one layer. */
  public record Layer(
      int index,
      Param weight,
      Param bias,
      Param multiplier,
      Param slope,
      FakeQuantOp scaled,
      FakeQuantOp output,
      int convNode,
      int outputNode) {}

  private TrainableModel(Model template, Graph graph, List<Layer> layers, int rawOutput, FakeQuantOp inputQuantizer) {
    this.inputQuantizer = inputQuantizer;
    this.template = template;
    this.graph = graph;
    this.layers = List.copyOf(layers);
    this.rawOutput = rawOutput;
  }

  /**
   * A trainable copy of {@code model}'s parameters (the model itself is not changed), with the
   * fake-quantization nodes of quantization-aware training.
   */
  public static TrainableModel of(Model model) {
    return build(model, true);
  }

  /**
   * As {@link #of}, without fake-quantization nodes (faster float training; {@link
   * #inputQuantizer()} and the layers' {@code scaled} / {@code output} quantizers are null).
   */
  public static TrainableModel floatOnly(Model model) {
    return build(model, false, false);
  }

  /**
   * As {@link #floatOnly}, with the graph output the last layer's raw residuals, all hypotheses
   * (6·H channels): for the combination objectives (BatchGradients.Loss.COMBINATION,
   * BATCH_COMBINATION), which weigh them and add the input themselves.
   */
  public static TrainableModel rawResiduals(Model model) {
    return build(model, false, true);
  }

  /**
   * As {@link #rawResiduals}, with the fake-quantization nodes of {@link #of}: quantization-aware
   * training toward the refinement stage's output (the encoder's overfitting, {@code
   * BatchGradients.Loss.BATCH_REFINEMENT}).
   */
  public static TrainableModel quantizableRawResiduals(Model model) {
    return build(model, true, true);
  }

  private static TrainableModel build(Model model, boolean quantizable) {
    return build(model, quantizable, false);
  }

  private static TrainableModel build(Model model, boolean quantizable, boolean rawOutput) {
    Graph.Builder b = Graph.builder();
    int in = b.input("input", model.inputChannels());
    FakeQuantOp inQ = quantizable ? new FakeQuantOp(null) : null;
    int x = quantizable ? b.op("input.q", inQ, in) : in;
    List<Layer> layers = new ArrayList<>();
    for (int i = 0; i < model.layerCount(); i++) {
      Conv2d c = model.conv(i);
      Preconditions.checkArgument(
          c.kernelSize() == 1 || c.kernelSize() == 3,
          "layer %s has a %sx%s kernel; the trainer supports 1x1 and 3x3",
          i, c.kernelSize(), c.kernelSize());
      String n = "layer" + i;
      Param w = new Param(n + ".weight", c.weights());
      Param bias = new Param(n + ".bias", c.bias());
      if (!c.hasBias()) {
        bias.trainable(false);
      }
      x = b.op(n + ".conv", new ConvOp(c.kernelSize(), c.inChannels(), c.outChannels(), w, bias), x);
      int convNode = x;
      Param m = null;
      if (c.hasMultipliers()) {
        m = new Param(n + ".multiplier", c.multipliers().orElseThrow());
        x = b.op(n + ".mul", new ScaleOp(m), x);
      }
      FakeQuantOp scaledQ = quantizable ? new FakeQuantOp(null) : null;
      if (quantizable) {
        x = b.op(n + ".scaledq", scaledQ, x);
      }
      Param slope = null;
      Activation a = c.activation();
      switch (a.kind()) {
        case RELU -> x = b.op(n + ".act", new ReluOp(), x);
        case LEAKY_RELU -> x = b.op(n + ".act", new LeakyReluOp(a.slope(0)), x);
        case PRELU -> {
          slope = new Param(n + ".slope", a.slopes());
          x = b.op(n + ".act", new PReluOp(slope), x);
        }
        default -> { }
      }
      FakeQuantOp outQ = quantizable ? new FakeQuantOp(null) : null;
      if (quantizable) {
        x = b.op(n + ".outq", outQ, x);
      }
      layers.add(new Layer(i, w, bias, m, slope, scaledQ, outQ, convNode, x));
    }
    int raw = x;
    int out = x;
    if (!rawOutput) {
      if (model.hypotheses() > 1) {
        // the filter's output is hypothesis 0: output channels 0..5
        out = b.op("hypothesis0", new SliceOp(0, model.outputChannels()), out);
      }
      if (model.outputMode() == OutputMode.RESIDUAL) {
        int s = b.op("samples", new SliceOp(0, model.outputChannels()), in);
        out = b.op("residual", new AddOp(), out, s);
      }
    }
    return new TrainableModel(model, b.build(out), layers, raw, inQ);
  }

  public Graph graph() {
    return graph;
  }

  /** The model this was built from (its structure; parameters as they were then). */
  public Model template() {
    return template;
  }

  public List<Layer> layers() {
    return layers;
  }

  /** Whether the graph has fake-quantization nodes ({@link #of}, not {@link #floatOnly}). */
  public boolean quantizable() {
    return inputQuantizer != null;
  }

  /** The fake quantizer of the input tensor (identity until set; null if not {@link #quantizable()}). */
  public FakeQuantOp inputQuantizer() {
    return inputQuantizer;
  }

  /** Node index of the last layer's output (the residual before the add). */
  public int rawOutputNode() {
    return rawOutput;
  }

  /** Makes only the parameters accepted by {@code which} trainable. */
  public void trainOnly(java.util.function.Predicate<Param> which) {
    for (Param p : graph.params()) {
      boolean isFrozenBias = false;
      for (Layer l : layers) {
        if (l.bias == p && !template.conv(l.index).hasBias()) {
          isFrozenBias = true;
        }
      }
      p.trainable(!isFrozenBias && which.test(p));
    }
  }

  /** All multipliers. */
  public List<Param> multipliers() {
    List<Param> r = new ArrayList<>();
    for (Layer l : layers) {
      if (l.multiplier != null) {
        r.add(l.multiplier);
      }
    }
    return r;
  }

  /** All biases of layers that have one. */
  public List<Param> biases() {
    List<Param> r = new ArrayList<>();
    for (Layer l : layers) {
      if (template.conv(l.index).hasBias()) {
        r.add(l.bias);
      }
    }
    return r;
  }

  /** The current parameters as a model of the template's structure (master values, not fake-quantized). */
  public Model toModel() {
    Model.Builder mb = template.toBuilder();
    for (Layer l : layers) {
      Conv2d c = template.conv(l.index);
      Conv2d.Builder cb = c.toBuilder().weights(l.weight.value());
      if (c.hasBias()) {
        cb.bias(l.bias.value());
      }
      if (l.multiplier != null) {
        cb.multipliers(l.multiplier.value());
      }
      if (l.slope != null) {
        cb.activation(Activation.prelu(l.slope.value()));
      }
      mb.set(l.index, cb.build());
    }
    return mb.build();
  }

  /** Copies the parameters of {@code m} (same structure) into the graph. */
  public void load(Model m) {
    Preconditions.checkArgument(m.layerCount() == template.layerCount(), "model has %s layers, expected %s", m.layerCount(), template.layerCount());
    for (Layer l : layers) {
      Conv2d c = m.conv(l.index);
      l.weight.set(c.weights());
      l.bias.set(c.bias());
      if (l.multiplier != null) {
        l.multiplier.set(c.multipliers().orElseThrow());
      }
      if (l.slope != null) {
        l.slope.set(c.activation().slopes());
      }
    }
  }

  /** Runs the graph on one input tensor in {@code ws} and returns the raw last-layer output. */
  public Tensor forwardRaw(Workspace ws, Tensor input) {
    Preconditions.checkArgument(ws.graph() == graph, "workspace of another graph");
    ws.forward(input);
    return ws.value(rawOutput);
  }

  @Override
  public String toString() {
    return "TrainableModel[" + template.summary() + "]";
  }
}
