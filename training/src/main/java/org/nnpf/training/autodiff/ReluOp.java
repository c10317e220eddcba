package org.nnpf.training.autodiff;

import com.google.common.base.Preconditions;
import java.util.List;

/** {@code out = max(in, 0)}; the derivative at 0 is taken as 0. */
public final class ReluOp implements Op {
  @Override
  public String kind() {
    return "relu";
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    Preconditions.checkArgument(in.size() == 1, "relu takes one input");
    return in.get(0);
  }

  @Override
  public void forward(Tensor[] in, Tensor out) {
    float[] x = in[0].data();
    float[] y = out.data();
    for (int i = 0; i < y.length; i++) {
      y[i] = x[i] > 0f ? x[i] : 0f;
    }
  }

  @Override
  public void backward(Tensor[] in, Tensor out, Tensor gout, Tensor[] gin, Grads grads) {
    if (gin[0] == null) {
      return;
    }
    float[] x = in[0].data();
    float[] g = gout.data();
    float[] gi = gin[0].data();
    for (int i = 0; i < g.length; i++) {
      if (x[i] > 0f) {
        gi[i] += g[i];
      }
    }
  }
}
