package org.nnpf.encoder.refine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nnpf.common.nn.refine.RefinementProcess;
import org.nnpf.common.picture.Plane;

class RefinementStatsTest {
  private static Plane noise(int w, int h, int max, long seed) {
    Random r = new Random(seed);
    Plane p = new Plane(w, h);
    short[] s = p.samples();
    for (int i = 0; i < s.length; i++) {
      s[i] = (short) r.nextInt(max + 1);
    }
    return p;
  }

  @Test
  void statisticsWithoutTheNetworkAreThoseOfAPassWithoutIt() {
    for (int hyp : new int[] {1, 2, 3}) {
      RefinementStats with = new RefinementStats(hyp);
      RefinementStats without = new RefinementStats(0);
      for (int pic = 0; pic < 3; pic++) {
        Plane dec = noise(37, 21, 1023, pic);
        Plane orig = noise(37, 21, 1023, 10 + pic);
        List<Plane> net = new java.util.ArrayList<>();
        for (int h = 0; h < hyp; h++) {
          net.add(noise(37, 21, 1023, 100 * pic + h));
        }
        with.add(dec, net, orig, 10);
        without.add(dec, List.of(), orig, 10);
      }
      RefinementStats derived = with.withoutNetwork();
      assertEquals(without.hyp, derived.hyp);
      assertEquals(without.f, derived.f);
      for (int k = 0; k < RefinementProcess.NUM_CLASSES; k++) {
        assertArrayEquals(without.gram[k], derived.gram[k], hyp + " hypotheses, class " + k);
        assertArrayEquals(without.cross[k], derived.cross[k], hyp + " hypotheses, class " + k);
        assertEquals(without.energy[k], derived.energy[k]);
        assertEquals(without.count[k], derived.count[k]);
      }
    }
  }
}
