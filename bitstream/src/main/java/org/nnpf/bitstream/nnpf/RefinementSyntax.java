package org.nnpf.bitstream.nnpf;

import org.nnpf.common.nn.refine.ComponentRefinement;

/** Derived quantities of the refinement set syntax shared by {@link NnpfMessageReader} and {@link NnpfMessageWriter}. */
final class RefinementSyntax {
  private RefinementSyntax() {}

  /** Largest {@code nnpfrs_eg_order}. */
  static final int MAX_EG_ORDER = 16;

  /** Bits of {@code nnpfrs_filter_idx}: {@code Ceil(Log2(NumFilters))}. */
  static int filterIndexBits(int numFilters) {
    return 32 - Integer.numberOfLeadingZeros(numFilters - 1);
  }

  /** Length in bits of the {@code sek(v)} code word of {@code v}, order {@code k}. */
  static int sekBits(int k, long v) {
    long code = v > 0 ? 2 * v - 1 : -2 * v;
    long q = (code >> k) + 1;
    int lz = 63 - Long.numberOfLeadingZeros(q);
    return 2 * lz + 1 + k;
  }

  /** The Exp-Golomb order that codes {@code c}'s coefficients in the fewest bits (the smallest such order). */
  static int bestEgOrder(ComponentRefinement c) {
    int[][] rows = new int[c.numFilters()][];
    for (int f = 0; f < c.numFilters(); f++) {
      rows[f] = c.coefficients(f);
    }
    return bestEgOrder(rows);
  }

  /** The Exp-Golomb order that codes all the values of {@code rows} in the fewest bits (the smallest such order). */
  static int bestEgOrder(int[][] rows) {
    int best = 0;
    long bestBits = Long.MAX_VALUE;
    for (int k = 0; k <= MAX_EG_ORDER; k++) {
      long bits = 0;
      for (int[] row : rows) {
        for (int v : row) {
          bits += sekBits(k, v);
        }
      }
      if (bits < bestBits) {
        bestBits = bits;
        best = k;
      }
    }
    return best;
  }
}
