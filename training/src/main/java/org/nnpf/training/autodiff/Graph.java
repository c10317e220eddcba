package org.nnpf.training.autodiff;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A differentiable computation as a list of nodes in topological order: first the graph inputs,
 * then operations whose inputs are earlier nodes. One node is the output. A graph is immutable
 * apart from the values of its {@link Param}s; per-thread buffers live in a {@link Workspace}.
 */
public final class Graph {
  /** A node: an op (null for a graph input) applied to earlier nodes. */
  public record Node(String name, Op op, int[] inputs, int inputChannels) {
    public boolean isInput() {
      return op == null;
    }
  }

  private final List<Node> nodes;
  private final int inputCount;
  private final int output;
  private final List<Param> params;

  private Graph(List<Node> nodes, int inputCount, int output) {
    this.nodes = List.copyOf(nodes);
    this.inputCount = inputCount;
    this.output = output;
    Set<Param> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Param> ps = new ArrayList<>();
    for (Node n : nodes) {
      if (n.op != null) {
        for (Param p : n.op.params()) {
          if (seen.add(p)) {
            ps.add(p);
          }
        }
      }
    }
    this.params = List.copyOf(ps);
  }

  public static Builder builder() {
    return new Builder();
  }

  public List<Node> nodes() {
    return nodes;
  }

  public int inputCount() {
    return inputCount;
  }

  /** Index of the output node. */
  public int output() {
    return output;
  }

  /** Every parameter once, in the order of first use. */
  public List<Param> params() {
    return params;
  }

  /** The parameter named {@code name}. */
  public Param param(String name) {
    for (Param p : params) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    throw new IllegalArgumentException("no parameter named " + name);
  }

  /** Recomputes the effective (fake-quantized) values of every parameter. */
  public void refresh() {
    for (Param p : params) {
      p.refresh();
    }
  }

  /** Total number of parameter values. */
  public long paramCount() {
    long n = 0;
    for (Param p : params) {
      n += p.size();
    }
    return n;
  }

  /** Shapes of every node for the given input shapes. */
  public Shape[] shapes(List<Shape> inputShapes) {
    Preconditions.checkArgument(
        inputShapes.size() == inputCount, "%s input shapes for %s inputs", inputShapes.size(), inputCount);
    Shape[] s = new Shape[nodes.size()];
    for (int i = 0; i < nodes.size(); i++) {
      Node n = nodes.get(i);
      if (n.isInput()) {
        Shape in = inputShapes.get(i);
        Preconditions.checkArgument(
            in.channels() == n.inputChannels, "input %s has %s channels, expected %s", n.name, in.channels(), n.inputChannels);
        s[i] = in;
      } else {
        List<Shape> ins = new ArrayList<>();
        for (int j : n.inputs) {
          ins.add(s[j]);
        }
        try {
          s[i] = n.op.outputShape(ins);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("node " + i + " (" + n.name + "): " + e.getMessage(), e);
        }
      }
    }
    return s;
  }

  /**
   * Multiply-accumulates per sample of the given input shapes, summed over all nodes, divided by
   * the number of samples of input {@code perInput} (e.g. per luma pixel when input 0 is the luma).
   */
  public double macsPerInputSample(List<Shape> inputShapes, int perInput, double samplesPerInputSample) {
    Shape[] s = shapes(inputShapes);
    double total = 0;
    for (int i = inputCount; i < nodes.size(); i++) {
      Node n = nodes.get(i);
      List<Shape> ins = new ArrayList<>();
      for (int j : n.inputs) {
        ins.add(s[j]);
      }
      total += (double) n.op.macsPerSample(ins) * s[i].channels() * s[i].height() * s[i].width();
    }
    Shape in = s[perInput];
    return total / (in.height() * (double) in.width() * samplesPerInputSample);
  }

  /** For each node, whether its value depends on a trainable parameter. */
  boolean[] requiresGrad() {
    boolean[] r = new boolean[nodes.size()];
    for (int i = inputCount; i < nodes.size(); i++) {
      Node n = nodes.get(i);
      boolean need = false;
      for (Param p : n.op.params()) {
        need |= p.trainable();
      }
      for (int j : n.inputs) {
        need |= r[j];
      }
      r[i] = need;
    }
    return r;
  }

  /** Builds a graph node by node; each method returns the index of the node it adds. */
  public static final class Builder {
    private final List<Node> nodes = new ArrayList<>();
    private int inputCount;
    private final Map<String, Integer> names = new java.util.HashMap<>();

    /** A graph input of {@code channels} channels; inputs come before any op. */
    public int input(String name, int channels) {
      Preconditions.checkState(inputCount == nodes.size(), "inputs must come before ops");
      Preconditions.checkArgument(channels > 0, "input %s has %s channels", name, channels);
      inputCount++;
      return add(new Node(name, null, new int[0], channels));
    }

    /** Applies {@code op} to earlier nodes. */
    public int op(String name, Op op, int... inputs) {
      Preconditions.checkArgument(inputs.length > 0, "node %s has no input", name);
      for (int j : inputs) {
        Preconditions.checkArgument(j >= 0 && j < nodes.size(), "node %s reads node %s, which does not exist yet", name, j);
      }
      return add(new Node(name, op, inputs.clone(), 0));
    }

    private int add(Node n) {
      Preconditions.checkArgument(names.putIfAbsent(n.name, nodes.size()) == null, "duplicate node name %s", n.name);
      nodes.add(n);
      return nodes.size() - 1;
    }

    /** Finishes the graph with node {@code output} as its output. */
    public Graph build(int output) {
      Preconditions.checkArgument(output >= inputCount && output < nodes.size(), "output node %s is not an op", output);
      return new Graph(nodes, inputCount, output);
    }
  }
}
