package org.nnpf.training.autodiff;

import com.google.common.base.Preconditions;
import java.util.List;

/** Per-channel multiplier: {@code out[c] = m[c] * in[c]}. */
public final class ScaleOp implements Op {
  private final Param multiplier;

  public ScaleOp(Param multiplier) {
    this.multiplier = multiplier;
  }

  public Param multiplier() {
    return multiplier;
  }

  @Override
  public String kind() {
    return "multiplier";
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    Preconditions.checkArgument(in.size() == 1, "multiplier takes one input");
    Preconditions.checkArgument(
        in.get(0).channels() == multiplier.size(),
        "%s has %s values for %s channels",
        multiplier.name(),
        multiplier.size(),
        in.get(0).channels());
    return in.get(0);
  }

  @Override
  public List<Param> params() {
    return List.of(multiplier);
  }

  @Override
  public void forward(Tensor[] in, Tensor out) {
    float[] x = in[0].data();
    float[] y = out.data();
    float[] m = multiplier.effective();
    int ps = out.planeSize();
    for (int c = 0; c < m.length; c++) {
      float s = m[c];
      for (int i = c * ps, e = i + ps; i < e; i++) {
        y[i] = x[i] * s;
      }
    }
  }

  @Override
  public void backward(Tensor[] in, Tensor out, Tensor gout, Tensor[] gin, Grads grads) {
    float[] g = gout.data();
    float[] m = multiplier.effective();
    int ps = out.planeSize();
    if (gin[0] != null) {
      float[] gi = gin[0].data();
      for (int c = 0; c < m.length; c++) {
        float s = m[c];
        for (int i = c * ps, e = i + ps; i < e; i++) {
          gi[i] += g[i] * s;
        }
      }
    }
    float[] gm = grads.of(multiplier);
    if (gm != null) {
      float[] x = in[0].data();
      for (int c = 0; c < m.length; c++) {
        gm[c] += ConvKernels.dot(x, c * ps, g, c * ps, 0, ps);
      }
    }
  }
}
