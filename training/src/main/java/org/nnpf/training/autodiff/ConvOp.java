package org.nnpf.training.autodiff;

import com.google.common.base.Preconditions;
import java.util.List;

/**
 * k x k convolution (k = 1 or 3), stride 1, "same" zero padding, with a bias:
 * {@code out[co] = b[co] + sum_{ci,ky,kx} w[co][ci][ky][kx] * in[ci](y + ky - k/2, x + kx - k/2)}.
 */
public final class ConvOp implements Op {
  private final int k;
  private final int cin;
  private final int cout;
  private final Param weight;
  private final Param bias;

  /** Weights {@code [cout][cin][k][k]}, biases {@code [cout]}. */
  public ConvOp(int k, int cin, int cout, Param weight, Param bias) {
    Preconditions.checkArgument(k == 1 || k == 3, "kernel size %s is not 1 or 3", k);
    Preconditions.checkArgument(
        weight.size() == cout * cin * k * k, "%s holds %s values, expected %s", weight.name(), weight.size(), cout * cin * k * k);
    Preconditions.checkArgument(bias.size() == cout, "%s holds %s values, expected %s", bias.name(), bias.size(), cout);
    this.k = k;
    this.cin = cin;
    this.cout = cout;
    this.weight = weight;
    this.bias = bias;
  }

  public int kernelSize() {
    return k;
  }

  public int inChannels() {
    return cin;
  }

  public int outChannels() {
    return cout;
  }

  public Param weight() {
    return weight;
  }

  public Param bias() {
    return bias;
  }

  @Override
  public String kind() {
    return "conv" + k + "x" + k;
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    Preconditions.checkArgument(in.size() == 1, "%s takes one input", kind());
    Shape s = in.get(0);
    Preconditions.checkArgument(s.channels() == cin, "%s expects %s input channels, got %s", kind(), cin, s.channels());
    return new Shape(cout, s.height(), s.width());
  }

  @Override
  public List<Param> params() {
    return List.of(weight, bias);
  }

  @Override
  public void forward(Tensor[] in, Tensor out) {
    ConvKernels.forward(in[0], weight.effective(), bias.effective(), k, out, false);
  }

  @Override
  public void backward(Tensor[] in, Tensor out, Tensor gout, Tensor[] gin, Grads grads) {
    if (gin[0] != null) {
      ConvKernels.backwardInput(gout, weight.effective(), k, gin[0]);
    }
    float[] gw = grads.of(weight);
    float[] gb = grads.of(bias);
    if (gw != null) {
      ConvKernels.backwardWeights(in[0], gout, k, gw, gb);
    } else if (gb != null) {
      float[] g = gout.data();
      int ps = gout.planeSize();
      for (int co = 0; co < cout; co++) {
        gb[co] += ConvKernels.sum(g, co * ps, (co + 1) * ps);
      }
    }
  }

  @Override
  public long macsPerSample(List<Shape> in) {
    return (long) cin * k * k;
  }
}
