package org.nnpf.training.autodiff;

import com.google.common.base.Preconditions;
import java.util.List;

/** {@code out = in > 0 ? in : slope * in}, with a fixed slope. */
public final class LeakyReluOp implements Op {
  private final float slope;

  public LeakyReluOp(float slope) {
    this.slope = slope;
  }

  public float slope() {
    return slope;
  }

  @Override
  public String kind() {
    return "leakyrelu";
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    Preconditions.checkArgument(in.size() == 1, "leakyrelu takes one input");
    return in.get(0);
  }

  @Override
  public void forward(Tensor[] in, Tensor out) {
    float[] x = in[0].data();
    float[] y = out.data();
    for (int i = 0; i < y.length; i++) {
      y[i] = x[i] > 0f ? x[i] : slope * x[i];
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
      gi[i] += x[i] > 0f ? g[i] : slope * g[i];
    }
  }
}
