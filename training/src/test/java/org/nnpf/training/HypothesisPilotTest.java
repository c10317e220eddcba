package org.nnpf.training;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.ModelFactory;
import org.nnpf.training.autodiff.Graph;
import org.nnpf.training.autodiff.Tensor;
import org.nnpf.training.autodiff.Workspace;

/** The pilot's multi-hypothesis graph: its first hypothesis is the model's residual. */
class HypothesisPilotTest {
  @Test
  void firstHypothesisIsTheModelsResidual() {
    Model m = ModelFactory.polyphasePostFilter(6, 3, 4);
    TrainableModel tm = TrainableModel.floatOnly(m);
    Graph three = HypothesisPilot.graph(m, 3, 1);
    SplittableRandom r = new SplittableRandom(2);
    Tensor in = new Tensor(7, 9, 11);
    for (int i = 0; i < in.data().length; i++) {
      in.data()[i] = (float) r.nextDouble();
    }
    tm.graph().refresh();
    three.refresh();
    Tensor raw = tm.forwardRaw(new Workspace(tm.graph()), in);
    Tensor hyp = new Workspace(three).forward(in);
    assertEquals(18, hyp.channels());
    for (int c = 0; c < 6; c++) {
      for (int y = 0; y < 9; y++) {
        for (int x = 0; x < 11; x++) {
          assertEquals(raw.get(c, y, x), hyp.get(c, y, x), 1e-6f, c + "," + y + "," + x);
        }
      }
    }
  }
}
