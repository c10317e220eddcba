package org.nnpf.training.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nnpf.common.nn.ModelFactory;
import org.nnpf.training.TrainableModel;

class DeterminismTest {

  static List<Sample> batch(long seed, int n) {
    SplittableRandom r = new SplittableRandom(seed);
    List<Sample> b = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Tensor in = ConvKernelsTest.random(r, 7, 12, 20);
      Tensor t = new Tensor(6, 12, 20);
      for (int c = 0; c < 6; c++) {
        for (int y = 0; y < 12; y++) {
          for (int x = 0; x < 20; x++) {
            t.set(c, y, x, in.get(c, y, x) * 0.9f + 0.05f);
          }
        }
      }
      b.add(Sample.of(in, t));
    }
    return b;
  }

  static List<float[]> train(int threads) {
    Graph g = TrainableModel.floatOnly(ModelFactory.polyphasePostFilter(8, 3, 42)).graph();
    Adam adam = new Adam();
    double first = 0;
    double last = 0;
    try (BatchGradients bg = new BatchGradients(g, threads, 2)) {
      for (int it = 0; it < 30; it++) {
        double l = bg.compute(batch(it % 3, 5));
        if (it == 0) {
          first = l;
        }
        last = l;
        adam.step(g.params(), bg.gradients(), 1e-2);
      }
    }
    assertTrue(last < first, "loss " + first + " -> " + last);
    List<float[]> w = new ArrayList<>();
    for (Param p : g.params()) {
      w.add(p.value().clone());
    }
    return w;
  }

  @Test
  void sameSeedGivesBitIdenticalWeightsForOneAndTwoThreads() {
    List<float[]> one = train(1);
    List<float[]> two = train(2);
    List<float[]> three = train(3);
    for (int i = 0; i < one.size(); i++) {
      assertArrayEquals(one.get(i), two.get(i), "param " + i + " with 2 threads");
      assertArrayEquals(one.get(i), three.get(i), "param " + i + " with 3 threads");
    }
  }
}
