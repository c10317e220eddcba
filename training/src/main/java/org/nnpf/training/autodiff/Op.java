package org.nnpf.training.autodiff;

import java.util.List;

/**
 * One differentiable operation of a {@link Graph}: a function of the outputs of earlier nodes and
 * of its own {@link Param}s.
 *
 * <p>Contract: {@link #forward} overwrites {@code out} (whose border is zero on return); {@link
 * #backward} <em>adds</em> the gradients with respect to its inputs to {@code gin[i]} (skipping
 * null entries) and with respect to its trainable parameters to {@code grads}. Gradient tensors
 * have a zero border. An op keeps no per-call state: everything it needs in the backward pass is in
 * its inputs and output, so one op may serve several threads at once.
 */
public interface Op {

  /** Short type name for messages ("conv3x3", "relu", ...). */
  String kind();

  /** Shape of the output for the given input shapes; throws if they are not acceptable. */
  Shape outputShape(List<Shape> in);

  /** Parameters of this op (possibly empty). */
  default List<Param> params() {
    return List.of();
  }

  void forward(Tensor[] in, Tensor out);

  void backward(Tensor[] in, Tensor out, Tensor gout, Tensor[] gin, Grads grads);

  /** Multiply-accumulate operations per output sample (for complexity figures). */
  default long macsPerSample(List<Shape> in) {
    return 0;
  }
}
