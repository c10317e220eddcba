package org.nnpf.common.nn.integer;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;
import org.nnpf.common.NnpfException;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.OutputMode;
import org.nnpf.common.nn.TensorLayout;
import org.nnpf.common.nn.quant.QuantizationParams;
import org.nnpf.common.nn.quant.TensorQuantizer;
import org.nnpf.common.picture.Picture;

/**
 * A model in integer form: the float model quantized with a {@link QuantizationParams}
 * (docs/integer-inference.md, section 3), plus the input and output conversions of sections 4.1
 * and 4.4. Everything the integer decoding process needs; immutable and shareable across threads.
 */
public final class IntegerNetwork {
  private final Model model;
  private final QuantizationParams params;
  private final List<IntegerLayer> layers;

  private IntegerNetwork(Model model, QuantizationParams params) {
    this.model = model;
    this.params = params;
    List<IntegerLayer> ls = new ArrayList<>();
    for (int l = 0; l < model.layerCount(); l++) {
      ls.add(new IntegerLayer(model.conv(l), params.layer(l), params.layerInput(l)));
    }
    this.layers = List.copyOf(ls);
  }

  /**
   * Derives the integer parameters of {@code model} from {@code params} (section 3). Throws an
   * {@link NnpfException} when the parameters do not fit the model (layer count, multiplier
   * count), e.g. parameters signalled for another model.
   */
  public static IntegerNetwork quantize(Model model, QuantizationParams params) {
    Preconditions.checkNotNull(model);
    try {
      params.checkFits(model);
    } catch (IllegalArgumentException e) {
      throw new NnpfException("quantization parameters do not fit model '" + model.name() + "': " + e.getMessage(), e);
    }
    return new IntegerNetwork(model, params);
  }

  /**
   * Whether {@code o} gives exactly this network's output pictures on every input: the same tensor
   * layout, output mode, hypotheses and QP plane scale, the same input quantizer and layers that
   * compute the same ({@link IntegerLayer#computesSameAs}); the model's float values may differ.
   */
  public boolean computesSameAs(IntegerNetwork o) {
    if (o == this) {
      return true;
    }
    Model a = model;
    Model b = o.model;
    if (a.layout() != b.layout() || a.outputMode() != b.outputMode() || a.hypotheses() != b.hypotheses()
        || a.hasQpPlane() != b.hasQpPlane() || a.layers().size() != b.layers().size()
        || a.qpLog2Scale() != b.qpLog2Scale() || !params.input().equals(o.params.input())
        || layers.size() != o.layers.size()) {
      return false;
    }
    for (int l = 0; l < layers.size(); l++) {
      if (!layers.get(l).computesSameAs(o.layers.get(l))) {
        return false;
      }
    }
    return true;
  }

  public Model model() {
    return model;
  }

  public QuantizationParams params() {
    return params;
  }

  public List<IntegerLayer> layers() {
    return layers;
  }

  public IntegerLayer layer(int l) {
    return layers.get(l);
  }

  public TensorLayout layout() {
    return model.layout();
  }

  public TensorQuantizer inputQuantizer() {
    return params.input();
  }

  /** Section 4.1: {@code Sat_b0(Scale(s, q0 - bitDepth))} for a picture sample s. */
  public int inputSample(int s, int bitDepth) {
    return FixedPoint.sat(FixedPoint.scale(s, params.input().fracBits() - bitDepth), params.input().bits());
  }

  /** Section 4.1: {@code Sat_b0(Scale(qp, q0 - qpLog2Scale))}, the QP plane value. */
  public int qpValue(int qp) {
    return FixedPoint.sat(FixedPoint.scale(qp, params.input().fracBits() - model.qpLog2Scale()), params.input().bits());
  }

  /**
   * Section 4.4: the output sample from the output tensor integer r and (residual mode) the input
   * sample s: {@code Clip3(0, 2^bitDepth - 1, s + Scale(r, bitDepth - qL))}.
   */
  public int outputSample(int r, int s, int bitDepth) {
    long v = FixedPoint.scale(r, bitDepth - params.output().fracBits());
    if (model.outputMode() == OutputMode.RESIDUAL) {
      v += s;
    }
    return (int) FixedPoint.clip3(0, (1 << bitDepth) - 1, v);
  }

  /** Checks that the network can filter {@code p} (chroma format); NnpfException otherwise. */
  public void checkSupported(Picture p) {
    model.layout().checkSupported(p);
  }
}
