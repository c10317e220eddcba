package org.nnpf.encoder.quant;

import org.nnpf.common.NnpfException;

/**
 * No choice of shifts keeps a layer's accumulation bound within the accumulator precision (e.g.
 * the worst case of 16-bit activations in a 16-bit accumulator).
 */
public final class InfeasiblePlanException extends NnpfException {
  private static final long serialVersionUID = 1L;
  private final int layer;

  public InfeasiblePlanException(int layer, String message) {
    super(message);
    this.layer = layer;
  }

  /** The layer that cannot be fitted. */
  public int layer() {
    return layer;
  }
}
