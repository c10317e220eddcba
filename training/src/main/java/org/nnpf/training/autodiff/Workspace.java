package org.nnpf.training.autodiff;

import com.google.common.base.Preconditions;
import java.util.List;

/**
 * Per-thread buffers for running a {@link Graph}: the value and the gradient of every node,
 * reallocated only when the input shapes change.
 */
public final class Workspace {
  private final Graph graph;
  private final Tensor[] values;
  private final Tensor[] grads;
  private Shape[] shapes;
  private boolean[] requiresGrad;

  public Workspace(Graph graph) {
    this.graph = graph;
    int n = graph.nodes().size();
    this.values = new Tensor[n];
    this.grads = new Tensor[n];
  }

  /** The output value of the last {@link #forward}. */
  public Tensor output() {
    Preconditions.checkState(shapes != null, "no forward pass yet");
    return values[graph.output()];
  }

  /**
   * Whether the last {@link #forward} took inputs of the shapes of {@code inputs}: a forward pass on
   * them then reallocates no value.
   */
  public boolean fits(List<Tensor> inputs) {
    if (inputs.size() != graph.inputCount()) {
      return false;
    }
    Shape[] s = new Shape[inputs.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = Shape.of(inputs.get(i));
    }
    return sameInputShapes(s);
  }

  /** Whether the last {@link #forward} took inputs of shapes {@code s}. */
  private boolean sameInputShapes(Shape[] s) {
    if (shapes == null) {
      return false;
    }
    for (int i = 0; i < s.length; i++) {
      if (!s[i].equals(shapes[i])) {
        return false;
      }
    }
    return true;
  }

  public Graph graph() {
    return graph;
  }

  /** The value of node {@code i} after {@link #forward}. */
  public Tensor value(int i) {
    return values[i];
  }

  /**
   * Runs the graph on {@code inputs} (not copied; they must keep a zero border) and returns the
   * output value, which stays valid until the next call.
   */
  public Tensor forward(Tensor... inputs) {
    Preconditions.checkArgument(
        inputs.length == graph.inputCount(), "%s inputs given, graph takes %s", inputs.length, graph.inputCount());
    Shape[] s = new Shape[inputs.length];
    for (int i = 0; i < inputs.length; i++) {
      s[i] = Shape.of(inputs[i]);
    }
    if (!sameInputShapes(s)) {
      shapes = graph.shapes(List.of(s));
      for (int i = 0; i < values.length; i++) {
        if (i >= inputs.length && !shapes[i].matches(values[i])) {
          values[i] = shapes[i].newTensor();
        }
      }
    }
    for (int i = 0; i < inputs.length; i++) {
      values[i] = inputs[i];
    }
    List<Graph.Node> nodes = graph.nodes();
    for (int i = inputs.length; i < nodes.size(); i++) {
      Graph.Node n = nodes.get(i);
      n.op().forward(gather(n.inputs(), values), values[i]);
    }
    return values[graph.output()];
  }

  /**
   * Backpropagates {@code gout} (the loss gradient with respect to the output, zero border) from
   * the last {@link #forward}, adding parameter gradients to {@code g}.
   */
  public void backward(Tensor gout, Grads g) {
    backward(gout, g, this);
  }

  /**
   * As {@link #backward(Tensor, Grads)}, with the node gradients in the buffers of {@code
   * buffers} (a workspace of the calling thread): several workspaces can keep their forward values
   * while their backward passes share one thread's gradient buffers.
   */
  public void backward(Tensor gout, Grads g, Workspace buffers) {
    Preconditions.checkState(shapes != null, "backward before forward");
    Preconditions.checkArgument(buffers.graph == graph, "gradient buffers of another graph");
    Tensor[] grads = buffers.grads;
    requiresGrad = graph.requiresGrad();
    List<Graph.Node> nodes = graph.nodes();
    int out = graph.output();
    Preconditions.checkArgument(shapes[out].matches(gout), "gradient %s for output %s", gout, shapes[out]);
    for (int i = graph.inputCount(); i < nodes.size(); i++) {
      if (requiresGrad[i]) {
        if (!shapes[i].matches(grads[i])) {
          grads[i] = shapes[i].newTensor();
        } else if (i != out) {
          grads[i].zero();
        }
      }
    }
    if (!requiresGrad[out]) {
      return;
    }
    grads[out].copyFrom(gout);
    for (int i = nodes.size() - 1; i >= graph.inputCount(); i--) {
      if (!requiresGrad[i]) {
        continue;
      }
      Graph.Node n = nodes.get(i);
      int[] in = n.inputs();
      Tensor[] gin = new Tensor[in.length];
      for (int k = 0; k < in.length; k++) {
        gin[k] = requiresGrad[in[k]] ? grads[in[k]] : null;
      }
      n.op().backward(gather(in, values), values[i], grads[i], gin, g);
    }
  }

  private static Tensor[] gather(int[] idx, Tensor[] from) {
    Tensor[] t = new Tensor[idx.length];
    for (int k = 0; k < idx.length; k++) {
      t[k] = from[idx[k]];
    }
    return t;
  }
}
