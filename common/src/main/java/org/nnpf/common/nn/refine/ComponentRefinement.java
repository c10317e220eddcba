package org.nnpf.common.nn.refine;

import com.google.common.base.Preconditions;
import java.util.Arrays;

/**
 * The refinement of one colour component (docs/integer-inference.md, "Refinement stage"). For mode
 * {@link ComponentMode#REFINED}, {@code coefficients[f]} are the integer weights of filter {@code f}:
 * first one weight per network hypothesis, then one coefficient per tap pair of {@code shape}, all in
 * units of {@code 2^-log2Scale}; with {@code classified}, sample blocks of 4x4 choose their filter through
 * {@code filterIndex[class]} (one entry per class of {@link RefinementProcess#NUM_CLASSES}).
 * Immutable (arrays are copied in and out).
 */
public final class ComponentRefinement {
  private final ComponentMode mode;
  private final int log2Scale;
  private final FirShape shape;
  private final boolean classified;
  private final int[] filterIndex;
  private final int[][] coefficients;

  private ComponentRefinement(ComponentMode mode, int log2Scale, FirShape shape, boolean classified,
      int[] filterIndex, int[][] coefficients) {
    this.mode = mode;
    this.log2Scale = log2Scale;
    this.shape = shape;
    this.classified = classified;
    this.filterIndex = filterIndex;
    this.coefficients = coefficients;
  }

  /** The decoded component, unfiltered. */
  public static ComponentRefinement unfiltered() {
    return new ComponentRefinement(ComponentMode.UNFILTERED, 0, FirShape.NONE, false, new int[0], new int[0][]);
  }

  /** The network's output unchanged. */
  public static ComponentRefinement network() {
    return new ComponentRefinement(ComponentMode.NETWORK, 0, FirShape.NONE, false, new int[0], new int[0][]);
  }

  /**
   * A refined component.
   *
   * @param numHypotheses the number of network hypotheses weighted (the first entries of each filter)
   * @param filterIndex with {@code classified}, the filter of each class (length {@link
   *     RefinementProcess#NUM_CLASSES}); ignored otherwise
   * @throws IllegalArgumentException if a value is outside the ranges of docs/bitstream-syntax.md
   */
  public static ComponentRefinement refined(int numHypotheses, int log2Scale, FirShape shape, boolean classified,
      int[] filterIndex, int[][] coefficients) {
    Preconditions.checkArgument(log2Scale >= 0 && log2Scale <= RefinementProcess.MAX_LOG2_SCALE,
        "log2 scale %s outside 0..%s", log2Scale, RefinementProcess.MAX_LOG2_SCALE);
    int n = coefficients.length;
    Preconditions.checkArgument(n >= 1 && n <= (classified ? RefinementProcess.NUM_CLASSES : 1),
        "%s filters (%s)", n, classified ? "classified" : "one class");
    int[] idx = classified ? filterIndex.clone() : new int[0];
    if (classified) {
      Preconditions.checkArgument(idx.length == RefinementProcess.NUM_CLASSES, "%s class entries", idx.length);
      for (int v : idx) {
        Preconditions.checkArgument(v >= 0 && v < n, "filter index %s outside 0..%s", v, n - 1);
      }
    }
    int[][] co = new int[n][];
    for (int f = 0; f < n; f++) {
      Preconditions.checkArgument(coefficients[f].length == numHypotheses + shape.taps(),
          "filter %s has %s coefficients, needs %s", f, coefficients[f].length, numHypotheses + shape.taps());
      for (int v : coefficients[f]) {
        Preconditions.checkArgument(v >= RefinementProcess.MIN_COEFF && v <= RefinementProcess.MAX_COEFF,
            "coefficient %s outside %s..%s", v, RefinementProcess.MIN_COEFF, RefinementProcess.MAX_COEFF);
      }
      co[f] = coefficients[f].clone();
    }
    return new ComponentRefinement(ComponentMode.REFINED, log2Scale, shape, classified, idx, co);
  }

  public ComponentMode mode() {
    return mode;
  }

  public int log2Scale() {
    return log2Scale;
  }

  public FirShape shape() {
    return shape;
  }

  public boolean classified() {
    return classified;
  }

  public int numFilters() {
    return coefficients.length;
  }

  /** The filter of class {@code k} (0 without classification). */
  public int filterOf(int k) {
    return classified ? filterIndex[k] : 0;
  }

  /** A copy of the class-to-filter map (empty without classification). */
  public int[] filterIndex() {
    return filterIndex.clone();
  }

  /** A copy of filter {@code f}'s weights: hypotheses first, then taps. */
  public int[] coefficients(int f) {
    return coefficients[f].clone();
  }

  int[][] coefficientsView() {
    return coefficients;
  }

  /** Number of hypothesis weights of each filter (0 unless refined). */
  public int numHypotheses() {
    return mode == ComponentMode.REFINED ? coefficients[0].length - shape.taps() : 0;
  }

  /** Whether this component reads a network hypothesis. */
  public boolean usesNetwork() {
    return mode == ComponentMode.NETWORK || hypothesesWeighed() > 0;
  }

  /**
   * The hypotheses this component needs: one past the last hypothesis with a non-zero weight in
   * some filter (0 when only the FIR is used, or unless refined).
   */
  public int hypothesesWeighed() {
    int n = 0;
    int h = numHypotheses();
    for (int[] c : coefficients) {
      for (int i = n; i < h; i++) {
        if (c[i] != 0) {
          n = i + 1;
        }
      }
    }
    return n;
  }

  /**
   * This refined component weighing only its first {@code keep} hypotheses (the same filters
   * otherwise).
   *
   * @throws IllegalArgumentException unless refined, {@code keep} is within 0..numHypotheses() and
   *     every dropped weight is 0 (so that the refined output is unchanged)
   */
  public ComponentRefinement withHypotheses(int keep) {
    int h = numHypotheses();
    Preconditions.checkArgument(mode == ComponentMode.REFINED, "%s component has no hypothesis weights", mode);
    Preconditions.checkArgument(keep >= hypothesesWeighed() && keep <= h,
        "keeping %s of %s hypotheses drops a non-zero weight (%s weighed)", keep, h, hypothesesWeighed());
    int[][] co = new int[coefficients.length][];
    for (int f = 0; f < co.length; f++) {
      int[] all = coefficients[f];
      co[f] = new int[all.length - (h - keep)];
      System.arraycopy(all, 0, co[f], 0, keep);
      System.arraycopy(all, h, co[f], keep, all.length - h);
    }
    return refined(keep, log2Scale, shape, classified, filterIndex, co);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ComponentRefinement c && mode == c.mode && log2Scale == c.log2Scale && shape == c.shape
        && classified == c.classified && Arrays.equals(filterIndex, c.filterIndex)
        && Arrays.deepEquals(coefficients, c.coefficients);
  }

  @Override
  public int hashCode() {
    return Arrays.deepHashCode(coefficients) * 31 + mode.hashCode();
  }

  @Override
  public String toString() {
    return switch (mode) {
      case UNFILTERED -> "unfiltered";
      case NETWORK -> "network";
      case REFINED -> "refined(S=" + log2Scale + ", " + shape + (classified ? ", classes->" + Arrays.toString(filterIndex) : "")
          + ", " + Arrays.deepToString(coefficients) + ")";
    };
  }
}
