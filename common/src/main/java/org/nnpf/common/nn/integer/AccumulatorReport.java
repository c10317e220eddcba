package org.nnpf.common.nn.integer;

import java.util.Arrays;
import java.util.Locale;

/**
 * What the checking mode saw, per layer: how many accumulations were made, how many of them
 * violated the declared accumulator precision P (exact value outside {@code [-2^(P-1),
 * 2^(P-1) - 1]}, docs/integer-inference.md section 5), and the largest exact |accumulation|.
 * Immutable; {@link Counter} collects it.
 */
public final class AccumulatorReport {
  private final int[] declaredBits;
  private final long[] accumulations;
  private final long[] violations;
  private final long[] maxAbs;

  private AccumulatorReport(int[] declaredBits, long[] accumulations, long[] violations, long[] maxAbs) {
    this.declaredBits = declaredBits;
    this.accumulations = accumulations;
    this.violations = violations;
    this.maxAbs = maxAbs;
  }

  public int layerCount() {
    return declaredBits.length;
  }

  /** Declared precision P of layer l. */
  public int declaredBits(int l) {
    return declaredBits[l];
  }

  /** Number of accumulations (output positions x output channels) of layer l. */
  public long accumulations(int l) {
    return accumulations[l];
  }

  /** Accumulations of layer l whose exact value lies outside the declared precision. */
  public long violations(int l) {
    return violations[l];
  }

  /** Largest exact |accumulation| of layer l. */
  public long maxAbs(int l) {
    return maxAbs[l];
  }

  /** Bits needed for the largest accumulation of layer l (two's complement, sign included). */
  public int bitsUsed(int l) {
    long m = maxAbs[l];
    return 65 - Long.numberOfLeadingZeros(m);
  }

  public long totalViolations() {
    long n = 0;
    for (long v : violations) {
      n += v;
    }
    return n;
  }

  /** True when no accumulation violated its declared precision. */
  public boolean conforming() {
    return totalViolations() == 0;
  }

  /** One line per layer. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    for (int l = 0; l < declaredBits.length; l++) {
      sb.append(String.format(Locale.ROOT,
          "layer %d: accumulator %d bits declared, %d used (max |A| = %d), %d of %d accumulations outside%n",
          l, declaredBits[l], bitsUsed(l), maxAbs[l], violations[l], accumulations[l]));
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AccumulatorReport r
        && Arrays.equals(r.declaredBits, declaredBits)
        && Arrays.equals(r.accumulations, accumulations)
        && Arrays.equals(r.violations, violations)
        && Arrays.equals(r.maxAbs, maxAbs);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(violations) * 31 + Arrays.hashCode(maxAbs);
  }

  @Override
  public String toString() {
    return describe();
  }

  /** Collects a report; thread-safe ({@link #record} and {@link #merge} synchronise). */
  public static final class Counter {
    private final int[] declaredBits;
    private final long[] accumulations;
    private final long[] violations;
    private final long[] maxAbs;

    public Counter(IntegerNetwork net) {
      int n = net.layers().size();
      declaredBits = new int[n];
      for (int l = 0; l < n; l++) {
        declaredBits[l] = net.layer(l).accumulatorBits();
      }
      accumulations = new long[n];
      violations = new long[n];
      maxAbs = new long[n];
    }

    /** Records one exact accumulation value of layer l. */
    public void record(int l, long exact) {
      accumulations[l]++;
      if (!FixedPoint.fits(exact, declaredBits[l])) {
        violations[l]++;
      }
      maxAbs[l] = Math.max(maxAbs[l], Math.abs(exact));
    }

    /**
     * Records {@code count} accumulations of layer l that are all bounded in magnitude by {@code
     * bound}, which fits the declared precision: no violation, and {@code bound} as an upper bound of
     * their largest magnitude ({@link IntegerInference#runGuarded}).
     */
    public void recordBounded(int l, long count, long bound) {
      if (!FixedPoint.fits(bound, declaredBits[l]) || !FixedPoint.fits(-bound, declaredBits[l])) {
        throw new IllegalArgumentException("bound " + bound + " does not fit " + declaredBits[l] + " bits");
      }
      accumulations[l] += count;
      maxAbs[l] = Math.max(maxAbs[l], bound);
    }

    /** Adds another counter's figures (for per-thread counters). */
    public synchronized void merge(Counter o) {
      for (int l = 0; l < declaredBits.length; l++) {
        accumulations[l] += o.accumulations[l];
        violations[l] += o.violations[l];
        maxAbs[l] = Math.max(maxAbs[l], o.maxAbs[l]);
      }
    }

    public synchronized AccumulatorReport report() {
      return new AccumulatorReport(declaredBits.clone(), accumulations.clone(), violations.clone(), maxAbs.clone());
    }
  }
}
