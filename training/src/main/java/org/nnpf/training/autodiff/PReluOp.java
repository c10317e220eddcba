package org.nnpf.training.autodiff;

import com.google.common.base.Preconditions;
import java.util.List;

/** Per-channel trainable slope: {@code out[c] = in[c] > 0 ? in[c] : a[c] * in[c]}. */
public final class PReluOp implements Op {
  private final Param slopes;

  public PReluOp(Param slopes) {
    this.slopes = slopes;
  }

  public Param slopes() {
    return slopes;
  }

  @Override
  public String kind() {
    return "prelu";
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    Preconditions.checkArgument(in.size() == 1, "prelu takes one input");
    Preconditions.checkArgument(
        in.get(0).channels() == slopes.size(), "%s has %s values for %s channels", slopes.name(), slopes.size(), in.get(0).channels());
    return in.get(0);
  }

  @Override
  public List<Param> params() {
    return List.of(slopes);
  }

  @Override
  public void forward(Tensor[] in, Tensor out) {
    float[] x = in[0].data();
    float[] y = out.data();
    float[] a = slopes.effective();
    int ps = out.planeSize();
    for (int c = 0; c < a.length; c++) {
      float s = a[c];
      for (int i = c * ps, e = i + ps; i < e; i++) {
        y[i] = x[i] > 0f ? x[i] : s * x[i];
      }
    }
  }

  @Override
  public void backward(Tensor[] in, Tensor out, Tensor gout, Tensor[] gin, Grads grads) {
    float[] x = in[0].data();
    float[] g = gout.data();
    float[] a = slopes.effective();
    float[] ga = grads.of(slopes);
    int ps = out.planeSize();
    for (int c = 0; c < a.length; c++) {
      float s = a[c];
      float acc = 0f;
      for (int i = c * ps, e = i + ps; i < e; i++) {
        if (x[i] > 0f) {
          if (gin[0] != null) {
            gin[0].data()[i] += g[i];
          }
        } else {
          if (gin[0] != null) {
            gin[0].data()[i] += s * g[i];
          }
          acc = Math.fma(x[i], g[i], acc);
        }
      }
      if (ga != null) {
        ga[c] += acc;
      }
    }
  }
}
