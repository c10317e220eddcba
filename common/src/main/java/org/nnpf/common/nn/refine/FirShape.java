package org.nnpf.common.nn.refine;

/**
 * The support of the refinement stage's FIR filter on the decoded picture (docs/integer-inference.md,
 * "Refinement stage"): a diamond of point-symmetric tap pairs. Tap {@code t} of a shape is the pair of
 * positions {@code (x + dx_t, y + dy_t)} and {@code (x - dx_t, y - dy_t)}; its coefficient multiplies
 * {@code X(x + dx_t, y + dy_t) + X(x - dx_t, y - dy_t) - 2 X(x, y)}, so the centre tap is implied and the
 * filter passes a constant picture unchanged (as VVC's ALF derives its centre coefficient).
 */
public enum FirShape {
  /** No FIR term. */
  NONE(0, new int[][] {}),
  /** 5x5 diamond ({@code |dx| + |dy| <= 2}): 6 tap pairs. */
  DIAMOND5(1, new int[][] {{0, 1}, {1, 0}, {1, 1}, {-1, 1}, {0, 2}, {2, 0}}),
  /** 7x7 diamond ({@code |dx| + |dy| <= 3}): 12 tap pairs. */
  DIAMOND7(2, new int[][] {{0, 1}, {1, 0}, {1, 1}, {-1, 1}, {0, 2}, {2, 0},
      {0, 3}, {3, 0}, {1, 2}, {-1, 2}, {2, 1}, {-2, 1}});

  private final int idc;
  private final int[][] offsets;

  FirShape(int idc, int[][] offsets) {
    this.idc = idc;
    this.offsets = offsets;
  }

  /** {@code nnpfrs_fir_shape_idc}. */
  public int idc() {
    return idc;
  }

  /** Number of tap pairs (coefficients). */
  public int taps() {
    return offsets.length;
  }

  /** Horizontal offset of tap {@code t}. */
  public int dx(int t) {
    return offsets[t][0];
  }

  /** Vertical offset of tap {@code t}. */
  public int dy(int t) {
    return offsets[t][1];
  }

  /** The largest |dx| or |dy| of the shape. */
  public int radius() {
    int r = 0;
    for (int[] o : offsets) {
      r = Math.max(r, Math.max(Math.abs(o[0]), Math.abs(o[1])));
    }
    return r;
  }

  /** The shape of {@code idc}, or null for a reserved value. */
  public static FirShape fromIdc(int idc) {
    for (FirShape s : values()) {
      if (s.idc == idc) {
        return s;
      }
    }
    return null;
  }
}
