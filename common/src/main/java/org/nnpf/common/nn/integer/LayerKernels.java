package org.nnpf.common.nn.integer;

/** Factories of {@link LayerKernel}s, for the inference engine, tests and benchmarks. */
public final class LayerKernels {
  private LayerKernels() {}

  /** The plain scalar kernel (the specification's loops). */
  public static LayerKernel scalar(IntegerLayer layer) {
    return new ScalarLayerKernel(layer, 0);
  }

  /** The Vector API kernel, bit-exact with {@link #scalar}. */
  public static LayerKernel vector(IntegerLayer layer) {
    return new VectorLayerKernel(layer);
  }

  /** Int32 lanes per vector of the Vector API kernel on this machine. */
  public static int vectorLanes() {
    return VectorLayerKernel.N;
  }
}
