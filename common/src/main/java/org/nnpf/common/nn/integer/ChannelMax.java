package org.nnpf.common.nn.integer;

import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The largest |value| of a run of int16 tensor values, for the bound of the guarded integer run
 * ({@link IntegerInference#runGuarded}): the lane-wise maximum and minimum of the values (|−32768| is
 * 32768, which an int16 lane cannot hold, so the magnitude is taken after the reduction). Exact,
 * whatever the vector width.
 */
final class ChannelMax {
  private static final VectorSpecies<Short> S = ShortVector.SPECIES_PREFERRED;

  private ChannelMax() {}

  /** {@code max(|t[from]|, ..., |t[from + n - 1]|)}, at least {@code m}. */
  static int maxAbs(short[] t, int from, int n, int m) {
    int i = 0;
    int upper = S.loopBound(n);
    if (upper > 0) {
      ShortVector hi = ShortVector.broadcast(S, Short.MIN_VALUE);
      ShortVector lo = ShortVector.broadcast(S, Short.MAX_VALUE);
      for (; i < upper; i += S.length()) {
        ShortVector v = ShortVector.fromArray(S, t, from + i);
        hi = hi.max(v);
        lo = lo.min(v);
      }
      int h = hi.reduceLanes(VectorOperators.MAX);
      int l = lo.reduceLanes(VectorOperators.MIN);
      m = Math.max(m, Math.max(Math.abs(h), -l));
    }
    for (; i < n; i++) {
      m = Math.max(m, Math.abs(t[from + i]));
    }
    return m;
  }
}
