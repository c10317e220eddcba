package org.nnpf.training.autodiff;

import com.google.common.base.Preconditions;
import java.util.List;

/** Concatenation along channels, inputs in order (e.g. the QP plane after the sample planes). */
public final class ConcatOp implements Op {
  @Override
  public String kind() {
    return "concat";
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    Preconditions.checkArgument(!in.isEmpty(), "concat takes at least one input");
    int c = 0;
    for (Shape s : in) {
      Preconditions.checkArgument(
          s.height() == in.get(0).height() && s.width() == in.get(0).width(), "concat of %s and %s", in.get(0), s);
      c += s.channels();
    }
    return new Shape(c, in.get(0).height(), in.get(0).width());
  }

  @Override
  public void forward(Tensor[] in, Tensor out) {
    int off = 0;
    for (Tensor t : in) {
      System.arraycopy(t.data(), 0, out.data(), off, t.data().length);
      off += t.data().length;
    }
  }

  @Override
  public void backward(Tensor[] in, Tensor out, Tensor gout, Tensor[] gin, Grads grads) {
    float[] g = gout.data();
    int off = 0;
    for (int k = 0; k < in.length; k++) {
      int n = in[k].data().length;
      if (gin[k] != null) {
        float[] d = gin[k].data();
        for (int i = 0; i < n; i++) {
          d[i] += g[off + i];
        }
      }
      off += n;
    }
  }
}
