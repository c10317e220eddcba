package org.nnpf.training.autodiff;

import com.google.common.base.Preconditions;
import java.util.List;

/** Element-wise sum of two tensors of the same shape (the residual connection). */
public final class AddOp implements Op {
  @Override
  public String kind() {
    return "add";
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    Preconditions.checkArgument(in.size() == 2, "add takes two inputs");
    Preconditions.checkArgument(in.get(0).equals(in.get(1)), "add of shapes %s and %s", in.get(0), in.get(1));
    return in.get(0);
  }

  @Override
  public void forward(Tensor[] in, Tensor out) {
    float[] a = in[0].data();
    float[] b = in[1].data();
    float[] y = out.data();
    for (int i = 0; i < y.length; i++) {
      y[i] = a[i] + b[i];
    }
  }

  @Override
  public void backward(Tensor[] in, Tensor out, Tensor gout, Tensor[] gin, Grads grads) {
    float[] g = gout.data();
    for (Tensor t : gin) {
      if (t != null) {
        float[] d = t.data();
        for (int i = 0; i < g.length; i++) {
          d[i] += g[i];
        }
      }
    }
  }
}
