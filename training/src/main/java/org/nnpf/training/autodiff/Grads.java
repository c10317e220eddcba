package org.nnpf.training.autodiff;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/** Gradient arrays for the trainable parameters of a graph (null for frozen ones). */
public final class Grads {
  private final Map<Param, float[]> byParam = new IdentityHashMap<>();
  private final List<Param> params;

  /** Zero gradients for the parameters of {@code params} that are trainable. */
  public Grads(List<Param> params) {
    this.params = List.copyOf(params);
    for (Param p : params) {
      if (p.trainable()) {
        byParam.put(p, new float[p.size()]);
      }
    }
  }

  /** The gradient array of {@code p}, or null when {@code p} is frozen. */
  public float[] of(Param p) {
    return byParam.get(p);
  }

  public List<Param> params() {
    return params;
  }

  public void zero() {
    for (float[] g : byParam.values()) {
      Arrays.fill(g, 0f);
    }
  }

  /** Adds {@code o} (same parameter set) to this, element by element. */
  public void add(Grads o) {
    for (Param p : params) {
      float[] a = byParam.get(p);
      if (a != null) {
        float[] b = o.byParam.get(p);
        for (int i = 0; i < a.length; i++) {
          a[i] += b[i];
        }
      }
    }
  }

  /** Copies {@code o} (same parameter set) into this. */
  public void copyFrom(Grads o) {
    for (Param p : params) {
      float[] a = byParam.get(p);
      if (a != null) {
        System.arraycopy(o.byParam.get(p), 0, a, 0, a.length);
      }
    }
  }

  /** Multiplies every gradient by {@code s}. */
  public void scale(float s) {
    for (float[] g : byParam.values()) {
      for (int i = 0; i < g.length; i++) {
        g[i] *= s;
      }
    }
  }

  /** Euclidean norm over all gradients, summed in parameter order. */
  public double norm() {
    double s = 0;
    for (Param p : params) {
      float[] g = byParam.get(p);
      if (g != null) {
        for (float v : g) {
          s += (double) v * v;
        }
      }
    }
    return Math.sqrt(s);
  }
}
