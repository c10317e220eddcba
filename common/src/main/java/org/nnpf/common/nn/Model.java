package org.nnpf.common.nn;

import com.google.common.base.Preconditions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A post-filter network described as data: the input layout (which picture planes go to which
 * tensor channels), an optional auxiliary QP plane, a chain of layers and the output mode. The
 * float32 parameters live in the layers; integer inference adds a separate
 * {@link org.nnpf.common.nn.quant.QuantizationParams}.
 *
 * <p>Input tensor channels: the layout's picture channels, in layout order, with sample value
 * {@code s / 2^bitDepth}; then, if {@link #hasQpPlane()}, one constant plane of value
 * {@code qp / 2^qpLog2Scale}. The last layer must produce exactly the layout's picture channels.
 *
 * <p>Immutable; build with {@link #builder(TensorLayout)}. Serialised by {@link ModelFile}.
 */
public final class Model {
  /** Largest number of layers. */
  public static final int MAX_LAYERS = 1024;
  /** Largest name length in UTF-8 bytes. */
  public static final int MAX_NAME_BYTES = 255;
  /** Largest number of residual hypotheses (model format version 2). */
  public static final int MAX_HYPOTHESES = 16;

  private final String name;
  private final TensorLayout layout;
  private final boolean qpPlane;
  private final int qpLog2Scale;
  private final OutputMode outputMode;
  private final int hypotheses;
  private final List<Layer> layers;

  private Model(Builder b) {
    this.name = b.name;
    this.layout = b.layout;
    this.qpPlane = b.qpPlane;
    this.qpLog2Scale = b.qpLog2Scale;
    this.outputMode = b.outputMode;
    this.hypotheses = b.hypotheses;
    this.layers = List.copyOf(b.layers);
  }

  public static Builder builder(TensorLayout layout) {
    return new Builder(layout);
  }

  /** A builder initialised with this model's values. */
  public Builder toBuilder() {
    Builder b = new Builder(layout);
    b.name = name;
    b.qpPlane = qpPlane;
    b.qpLog2Scale = qpLog2Scale;
    b.outputMode = outputMode;
    b.hypotheses = hypotheses;
    b.layers.addAll(layers);
    return b;
  }

  /** A free-form name (may be empty); part of the file and of the hash. */
  public String name() {
    return name;
  }

  public TensorLayout layout() {
    return layout;
  }

  /** Whether the input has an auxiliary constant plane of value {@code qp / 2^qpLog2Scale}. */
  public boolean hasQpPlane() {
    return qpPlane;
  }

  /** log2 of the QP divisor of the auxiliary plane (6: the plane holds QP / 64). */
  public int qpLog2Scale() {
    return qpLog2Scale;
  }

  public OutputMode outputMode() {
    return outputMode;
  }

  /** The layers, first to last. */
  public List<Layer> layers() {
    return layers;
  }

  public int layerCount() {
    return layers.size();
  }

  /** The layer at {@code i} as a convolution (every layer of format version 1 is one). */
  public Conv2d conv(int i) {
    return (Conv2d) layers.get(i);
  }

  /** Channels of the input tensor: picture channels plus the QP plane if present. */
  public int inputChannels() {
    return layout.pictureChannels() + (qpPlane ? 1 : 0);
  }

  /** Channels of one hypothesis of the output tensor (the layout's picture channels). */
  public int outputChannels() {
    return layout.pictureChannels();
  }

  /**
   * Number of hypotheses H the network outputs (1..{@link #MAX_HYPOTHESES}; 1 for every model of
   * format version 1): the last layer produces {@code H × outputChannels()} channels, hypothesis h
   * being channels {@code h·outputChannels() .. (h+1)·outputChannels() − 1} in layout order.
   * Hypothesis 0 is the filter's output picture; the others serve the refinement stage.
   */
  public int hypotheses() {
    return hypotheses;
  }

  /** Channels of the last layer's output tensor: {@code hypotheses() × outputChannels()}. */
  public int outputTensorChannels() {
    return hypotheses * layout.pictureChannels();
  }

  /** Largest channel count of any tensor (input, intermediate, output). */
  public int maxChannels() {
    int m = inputChannels();
    for (Layer l : layers) {
      m = Math.max(m, l.outChannels());
    }
    return m;
  }

  /**
   * Receptive-field radius in tensor positions: the sum of the layers' radii. An output position
   * depends only on input positions at most this far away in x and in y; patch-wise processing
   * uses it as the halo.
   */
  public int receptiveRadius() {
    int r = 0;
    for (Layer l : layers) {
      r += l.radius();
    }
    return r;
  }

  /** Learned parameters of all layers (H.274 {@code nnpfc_num_parameters}). */
  public long parameterCount() {
    long n = 0;
    for (Layer l : layers) {
      n += l.parameterCount();
    }
    return n;
  }

  /** Multiply-accumulates per tensor position, all layers. */
  public long macsPerTensorPosition() {
    long n = 0;
    for (Layer l : layers) {
      n += l.macsPerPosition();
    }
    return n;
  }

  /**
   * Thousands of multiply-accumulates per luma pixel (H.274 {@code nnpfc_num_kmac_operations_idc}
   * is the ceiling of this), ignoring halo overlap: for a C=32, 8-layer 3x3 polyphase model,
   * 9 * (7*32 + 6*32*32 + 32*6) / 4 / 1000 = 14.76.
   */
  public double kmacPerLumaPixel() {
    return macsPerTensorPosition() / (double) layout.lumaSamplesPerTensorPosition() / 1000.0;
  }

  /** SHA-256 of the model file bytes: identifies the model. */
  public ModelHash hash() {
    return ModelHash.of(ModelFile.toBytes(this));
  }

  /** One line: name, shape, kMAC per luma pixel, parameter count. */
  public String summary() {
    return String.format(
        java.util.Locale.ROOT,
        "model '%s': %s, %d -> %d channels%s, %d layers, radius %d, %.2f kMAC/luma pixel, %d parameters",
        name, layout, inputChannels(), outputTensorChannels(),
        hypotheses > 1 ? " (" + hypotheses + " hypotheses)" : "", layers.size(), receptiveRadius(),
        kmacPerLumaPixel(), parameterCount());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Model m
        && m.name.equals(name)
        && m.layout == layout
        && m.qpPlane == qpPlane
        && m.qpLog2Scale == qpLog2Scale
        && m.outputMode == outputMode
        && m.hypotheses == hypotheses
        && m.layers.equals(layers);
  }

  @Override
  public int hashCode() {
    return layers.hashCode() * 31 + name.hashCode();
  }

  @Override
  public String toString() {
    return summary();
  }

  /** Builder of {@link Model}; {@link #build()} checks the channel chain. */
  public static final class Builder {
    private final TensorLayout layout;
    private String name = "";
    private boolean qpPlane;
    private int qpLog2Scale = 6;
    private OutputMode outputMode = OutputMode.RESIDUAL;
    private int hypotheses = 1;
    private final List<Layer> layers = new ArrayList<>();

    private Builder(TensorLayout layout) {
      this.layout = Preconditions.checkNotNull(layout, "layout");
    }

    public Builder name(String n) {
      Preconditions.checkArgument(
          n.getBytes(StandardCharsets.UTF_8).length <= MAX_NAME_BYTES,
          "model name longer than %s bytes", MAX_NAME_BYTES);
      this.name = n;
      return this;
    }

    /** Adds the auxiliary plane {@code qp / 2^log2Scale} as the last input channel. */
    public Builder qpPlane(int log2Scale) {
      Preconditions.checkArgument(log2Scale >= 0 && log2Scale <= 15, "qp log2 scale %s not in 0..15", log2Scale);
      this.qpPlane = true;
      this.qpLog2Scale = log2Scale;
      return this;
    }

    public Builder noQpPlane() {
      this.qpPlane = false;
      this.qpLog2Scale = 0;
      return this;
    }

    public Builder outputMode(OutputMode m) {
      this.outputMode = Preconditions.checkNotNull(m);
      return this;
    }

    /** Number of output hypotheses H (1..16): the last layer produces H × the layout's channels. */
    public Builder hypotheses(int h) {
      Preconditions.checkArgument(h >= 1 && h <= MAX_HYPOTHESES, "%s hypotheses, expected 1..%s", h, MAX_HYPOTHESES);
      this.hypotheses = h;
      return this;
    }

    public Builder add(Layer l) {
      layers.add(Preconditions.checkNotNull(l));
      return this;
    }

    /** Replaces layer {@code i}. */
    public Builder set(int i, Layer l) {
      layers.set(i, Preconditions.checkNotNull(l));
      return this;
    }

    public Model build() {
      Preconditions.checkArgument(
          !layers.isEmpty() && layers.size() <= MAX_LAYERS, "%s layers, expected 1..%s", layers.size(), MAX_LAYERS);
      int c = layout.pictureChannels() + (qpPlane ? 1 : 0);
      for (int i = 0; i < layers.size(); i++) {
        Layer l = layers.get(i);
        Preconditions.checkArgument(
            l.inChannels() == c, "layer %s reads %s channels, the previous tensor has %s", i, l.inChannels(), c);
        c = l.outChannels();
      }
      Preconditions.checkArgument(
          c == layout.pictureChannels() * hypotheses,
          "last layer produces %s channels, layout %s with %s hypotheses needs %s", c, layout, hypotheses,
          layout.pictureChannels() * hypotheses);
      return new Model(this);
    }
  }
}
