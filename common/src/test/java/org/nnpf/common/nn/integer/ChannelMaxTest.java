package org.nnpf.common.nn.integer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ChannelMaxTest {
  @Test
  void theVectorMaximumOfMagnitudesIsTheScalarOneForEveryLengthAndOffset() {
    Random r = new Random(5);
    short[] t = new short[300];
    for (int trial = 0; trial < 200; trial++) {
      for (int i = 0; i < t.length; i++) {
        t[i] = (short) (trial % 3 == 0 ? r.nextInt(65536) - 32768 : r.nextInt(201) - 100);
      }
      if (trial % 5 == 1) {
        t[r.nextInt(t.length)] = Short.MIN_VALUE;  // |-32768| = 32768 does not fit an int16 lane
      }
      int from = r.nextInt(40);
      int n = r.nextInt(t.length - from + 1);
      int m0 = r.nextInt(50);
      int expect = m0;
      for (int i = 0; i < n; i++) {
        expect = Math.max(expect, Math.abs(t[from + i]));
      }
      assertEquals(expect, ChannelMax.maxAbs(t, from, n, m0), "trial " + trial + ", " + n + " values from " + from);
    }
  }
}
