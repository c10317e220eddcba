package org.nnpf.common.nn.refine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ComponentRefinementTest {
  private static final int[] CLASSES = new int[RefinementProcess.NUM_CLASSES];

  static {
    for (int k = 0; k < CLASSES.length; k++) {
      CLASSES[k] = k % 2;
    }
  }

  /** Three hypotheses and a 5x5 diamond: filter 0 weighs hypothesis 0, filter 1 hypothesis 1. */
  private static ComponentRefinement threeHypotheses() {
    return ComponentRefinement.refined(3, 6, FirShape.DIAMOND5, true, CLASSES, new int[][] {
        {64, 0, 0, 1, 2, 3, 4, 5, 6},
        {0, -7, 0, 6, 5, 4, 3, 2, 1}});
  }

  @Test
  void hypothesesWeighedIsOnePastTheLastNonZeroWeightOfAnyFilter() {
    assertEquals(2, threeHypotheses().hypothesesWeighed());
    ComponentRefinement firOnly = ComponentRefinement.refined(2, 6, FirShape.DIAMOND5, false, null,
        new int[][] {{0, 0, 1, 2, 3, 4, 5, 6}});
    assertEquals(0, firOnly.hypothesesWeighed());
    assertFalse(firOnly.usesNetwork());
    assertTrue(threeHypotheses().usesNetwork());
    assertTrue(ComponentRefinement.network().usesNetwork());
    assertEquals(0, ComponentRefinement.network().hypothesesWeighed());
    assertEquals(0, ComponentRefinement.unfiltered().hypothesesWeighed());
  }

  @Test
  void withHypothesesDropsOnlyTrailingZeroWeightsAndKeepsTheFilters() {
    ComponentRefinement two = threeHypotheses().withHypotheses(2);
    assertEquals(2, two.numHypotheses());
    assertArrayEquals(new int[] {64, 0, 1, 2, 3, 4, 5, 6}, two.coefficients(0));
    assertArrayEquals(new int[] {0, -7, 6, 5, 4, 3, 2, 1}, two.coefficients(1));
    assertArrayEquals(CLASSES, two.filterIndex());
    assertEquals(6, two.log2Scale());
    assertEquals(FirShape.DIAMOND5, two.shape());
    assertEquals(threeHypotheses(), threeHypotheses().withHypotheses(3));
  }

  @Test
  void withHypothesesRefusesToDropANonZeroWeight() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> threeHypotheses().withHypotheses(1));
    assertTrue(e.getMessage().contains("drops a non-zero weight"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> threeHypotheses().withHypotheses(4));
    assertThrows(IllegalArgumentException.class, () -> ComponentRefinement.network().withHypotheses(0));
  }
}
