package org.nnpf.encoder.quant;

import java.util.Arrays;
import java.util.Locale;
import org.nnpf.common.nn.integer.AccumulatorReport;

/**
 * The checking-mode accumulator figures of the integer process over all pictures of a sequence:
 * per layer the declared precision P, the number of accumulations, the number outside P
 * (violations) and the largest exact |accumulation|. Immutable.
 */
public final class SequenceCheck {
  private final int[] declared;
  private final long[] accumulations;
  private final long[] violations;
  private final long[] maxAbs;

  private SequenceCheck(int[] declared, long[] accumulations, long[] violations, long[] maxAbs) {
    this.declared = declared;
    this.accumulations = accumulations;
    this.violations = violations;
    this.maxAbs = maxAbs;
  }

  /** Empty figures for {@code layers} layers. */
  public static SequenceCheck empty(int layers) {
    return new SequenceCheck(new int[layers], new long[layers], new long[layers], new long[layers]);
  }

  /** These figures plus one picture's report. */
  public SequenceCheck plus(AccumulatorReport r) {
    int n = declared.length;
    int[] d = new int[n];
    long[] a = accumulations.clone();
    long[] v = violations.clone();
    long[] m = maxAbs.clone();
    for (int l = 0; l < n; l++) {
      d[l] = r.declaredBits(l);
      a[l] += r.accumulations(l);
      v[l] += r.violations(l);
      m[l] = Math.max(m[l], r.maxAbs(l));
    }
    return new SequenceCheck(d, a, v, m);
  }

  public int layerCount() {
    return declared.length;
  }

  public int declaredBits(int l) {
    return declared[l];
  }

  public long accumulations(int l) {
    return accumulations[l];
  }

  public long violations(int l) {
    return violations[l];
  }

  public long maxAbs(int l) {
    return maxAbs[l];
  }

  public long totalViolations() {
    return Arrays.stream(violations).sum();
  }

  /** One line per layer: largest |A*| against the limit, violations. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    for (int l = 0; l < declared.length; l++) {
      long limit = (1L << (declared[l] - 1)) - 1;
      sb.append(String.format(Locale.ROOT, "layer %d: max |A*| %d of limit %d (P = %d, %.1f%%), %d of %d accumulations outside%n",
          l, maxAbs[l], limit, declared[l], 100.0 * maxAbs[l] / limit, violations[l], accumulations[l]));
    }
    return sb.toString();
  }
}
