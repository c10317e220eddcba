package org.nnpf.training.autodiff;

import com.google.common.base.Preconditions;
import java.util.List;

/**
 * Fake quantization of an activation tensor with a {@link FakeQuantizer}; the backward pass is the
 * straight-through estimator (gradient passed where the input was not clipped).
 */
public final class FakeQuantOp implements Op {
  private volatile FakeQuantizer quantizer;

  /** With a null quantizer the op is the identity. */
  public FakeQuantOp(FakeQuantizer quantizer) {
    this.quantizer = quantizer;
  }

  public FakeQuantizer quantizer() {
    return quantizer;
  }

  /** Replaces the quantizer (between steps, not during a pass); null makes the op the identity. */
  public void quantizer(FakeQuantizer q) {
    this.quantizer = q;
  }

  @Override
  public String kind() {
    return "fakequant";
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    Preconditions.checkArgument(in.size() == 1, "fakequant takes one input");
    return in.get(0);
  }

  @Override
  public void forward(Tensor[] in, Tensor out) {
    float[] x = in[0].data();
    float[] y = out.data();
    FakeQuantizer q = quantizer;
    if (q == null) {
      System.arraycopy(x, 0, y, 0, y.length);
      return;
    }
    q.apply(x, y, y.length);
  }

  @Override
  public void backward(Tensor[] in, Tensor out, Tensor gout, Tensor[] gin, Grads grads) {
    if (gin[0] == null) {
      return;
    }
    float[] x = in[0].data();
    float[] g = gout.data();
    float[] d = gin[0].data();
    FakeQuantizer q = quantizer;
    if (q == null) {
      for (int i = 0; i < g.length; i++) {
        d[i] += g[i];
      }
    } else {
      q.passGradients(x, g, d, g.length);
    }
  }
}
