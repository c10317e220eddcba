package org.nnpf.training.autodiff;

import com.google.common.base.Preconditions;

/**
 * A named trainable parameter array (weights, biases, multipliers or slopes).
 *
 * <p>{@link #value()} holds the float master values that the optimiser updates. When a {@link
 * FakeQuantizer} is attached, the forward pass uses {@link #effective()}, the fake-quantized
 * values, while gradients still update the master values (straight-through estimator). {@link
 * #refresh()} must be called after the values or the quantizer change and before a forward pass;
 * {@link Graph#refresh()} does it for every parameter of a graph.
 */
public final class Param {
  private final String name;
  private final float[] value;
  private final float[] effective;
  private boolean trainable = true;
  private FakeQuantizer quantizer;

  public Param(String name, float[] value) {
    Preconditions.checkArgument(value.length > 0, "parameter %s is empty", name);
    this.name = name;
    this.value = value;
    this.effective = value.clone();
  }

  public String name() {
    return name;
  }

  public int size() {
    return value.length;
  }

  /** The float master values (mutable: the optimiser writes them). */
  public float[] value() {
    return value;
  }

  /** The values the forward pass uses: {@link #value()} or its fake-quantized copy. */
  public float[] effective() {
    return effective;
  }

  public boolean trainable() {
    return trainable;
  }

  public Param trainable(boolean t) {
    this.trainable = t;
    return this;
  }

  /** The fake quantizer applied in the forward pass, or null. */
  public FakeQuantizer quantizer() {
    return quantizer;
  }

  /** Attaches (or with null removes) a fake quantizer and refreshes the effective values. */
  public Param quantizer(FakeQuantizer q) {
    this.quantizer = q;
    refresh();
    return this;
  }

  /** Recomputes {@link #effective()} from {@link #value()}. */
  public void refresh() {
    if (quantizer == null) {
      System.arraycopy(value, 0, effective, 0, value.length);
    } else {
      for (int i = 0; i < value.length; i++) {
        effective[i] = quantizer.apply(value[i]);
      }
    }
  }

  /** Overwrites the master values. */
  public void set(float[] v) {
    Preconditions.checkArgument(v.length == value.length, "%s: %s values for %s", name, v.length, value.length);
    System.arraycopy(v, 0, value, 0, v.length);
    refresh();
  }

  @Override
  public String toString() {
    return "Param[" + name + " " + value.length + (trainable ? "" : " frozen") + "]";
  }

  /** Largest absolute master value. */
  public float maxAbs() {
    float m = 0;
    for (float v : value) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

  /** Mean absolute master value. */
  public double meanAbs() {
    double s = 0;
    for (float v : value) {
      s += Math.abs(v);
    }
    return s / value.length;
  }
}
