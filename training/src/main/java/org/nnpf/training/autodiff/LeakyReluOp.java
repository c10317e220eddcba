package org.nnpf.training.autodiff;

import com.google.common.base.Preconditions;
import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code out = in > 0 ? in : slope * in}, with a fixed slope. Lane-wise with the Vector API (a
 * select between {@code in} and {@code slope * in}, so every value, signed zeros and NaNs
 * included, is the scalar expression's); the scalar loop was a data-dependent branch, a fifth of
 * an overfitting step's time.
 */
public final class LeakyReluOp implements Op {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
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
    int i = 0;
    for (int end = S.loopBound(y.length); i < end; i += S.length()) {
      FloatVector v = FloatVector.fromArray(S, x, i);
      VectorMask<Float> pos = v.compare(VectorOperators.GT, 0f);
      v.mul(slope).blend(v, pos).intoArray(y, i);
    }
    for (; i < y.length; i++) {
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
    int i = 0;
    for (int end = S.loopBound(g.length); i < end; i += S.length()) {
      FloatVector gv = FloatVector.fromArray(S, g, i);
      VectorMask<Float> pos = FloatVector.fromArray(S, x, i).compare(VectorOperators.GT, 0f);
      FloatVector.fromArray(S, gi, i).add(gv.mul(slope).blend(gv, pos)).intoArray(gi, i);
    }
    for (; i < g.length; i++) {
      gi[i] += x[i] > 0f ? g[i] : slope * g[i];
    }
  }
}
