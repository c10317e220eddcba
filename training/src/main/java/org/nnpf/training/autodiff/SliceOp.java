package org.nnpf.training.autodiff;

import com.google.common.base.Preconditions;
import java.util.List;

/** Channels {@code [from, from + count)} of the input. */
public final class SliceOp implements Op {
  private final int from;
  private final int count;

  public SliceOp(int from, int count) {
    Preconditions.checkArgument(from >= 0 && count > 0, "slice [%s, +%s) is invalid", from, count);
    this.from = from;
    this.count = count;
  }

  public int from() {
    return from;
  }

  public int count() {
    return count;
  }

  @Override
  public String kind() {
    return "slice";
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    Preconditions.checkArgument(in.size() == 1, "slice takes one input");
    Shape s = in.get(0);
    Preconditions.checkArgument(
        from + count <= s.channels(), "slice [%s, %s) of %s channels", from, from + count, s.channels());
    return new Shape(count, s.height(), s.width());
  }

  @Override
  public void forward(Tensor[] in, Tensor out) {
    int ps = out.planeSize();
    System.arraycopy(in[0].data(), from * ps, out.data(), 0, count * ps);
  }

  @Override
  public void backward(Tensor[] in, Tensor out, Tensor gout, Tensor[] gin, Grads grads) {
    if (gin[0] == null) {
      return;
    }
    float[] g = gout.data();
    float[] d = gin[0].data();
    int off = from * out.planeSize();
    for (int i = 0; i < g.length; i++) {
      d[off + i] += g[i];
    }
  }
}
