package org.nnpf.training.autodiff;

import com.google.common.base.Preconditions;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam optimiser (Kingma and Ba, 2015) with bias correction:
 * {@code m = b1 m + (1-b1) g; v = b2 v + (1-b2) g^2; p -= lr * (m / (1-b1^t)) / (sqrt(v / (1-b2^t)) + eps)}.
 * Updates only trainable parameters, then refreshes their effective values.
 */
public final class Adam {
  private final double beta1;
  private final double beta2;
  private final double eps;
  private final Map<Param, float[][]> state = new IdentityHashMap<>();
  private long step;

  public Adam() {
    this(0.9, 0.999, 1e-8);
  }

  public Adam(double beta1, double beta2, double eps) {
    Preconditions.checkArgument(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && eps > 0, "Adam constants");
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
  }

  /** Number of steps taken. */
  public long steps() {
    return step;
  }

  /** Applies one update with learning rate {@code lr}. */
  public void step(List<Param> params, Grads grads, double lr) {
    step++;
    double c1 = 1 - Math.pow(beta1, step);
    double c2 = 1 - Math.pow(beta2, step);
    float b1 = (float) beta1;
    float b2 = (float) beta2;
    for (Param p : params) {
      float[] g = grads.of(p);
      if (g == null || !p.trainable()) {
        continue;
      }
      float[][] mv = state.computeIfAbsent(p, k -> new float[][] {new float[k.size()], new float[k.size()]});
      float[] m = mv[0];
      float[] v = mv[1];
      float[] w = p.value();
      for (int i = 0; i < w.length; i++) {
        m[i] = b1 * m[i] + (1 - b1) * g[i];
        v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
        double mh = m[i] / c1;
        double vh = v[i] / c2;
        w[i] = (float) (w[i] - lr * mh / (Math.sqrt(vh) + eps));
      }
      p.refresh();
    }
  }

  /** Moment estimates of {@code p} ({@code [m, v]}), or null before its first update. */
  public float[][] moments(Param p) {
    return state.get(p);
  }

  /** Restores the moments of {@code p} and the step count (for resuming from a checkpoint). */
  public void restore(Param p, float[] m, float[] v) {
    Preconditions.checkArgument(m.length == p.size() && v.length == p.size(), "moments of %s", p.name());
    state.put(p, new float[][] {m.clone(), v.clone()});
  }

  public void steps(long s) {
    this.step = s;
  }
}
