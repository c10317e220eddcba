package org.nnpf.training;

import java.util.List;
import org.nnpf.training.autodiff.Sample;
import org.nnpf.training.autodiff.Tensor;
import org.nnpf.training.autodiff.Workspace;

/**
 * Data-dependent initialisation of the biases: layer by layer, sets each hidden layer's bias so
 * that the mean of its accumulation (bias plus convolution) over a batch of training inputs is
 * zero, and scales its weights so that the standard deviation is one. The network input
 * ({@code sample / 2^bitDepth}, around 0.5, and the QP plane) is far from zero-mean; without this,
 * the pre-activations of every layer carry a large common offset that keeps the activations in
 * their linear part and slows training down. The last layer is left as it is (it starts small, so
 * that the filter starts close to the identity).
 */
public final class DataDependentInit {
  private DataDependentInit() {}

  public static void apply(TrainableModel tm, List<Sample> batch) {
    Workspace ws = new Workspace(tm.graph());
    int n = tm.layers().size();
    for (int l = 0; l < n - 1; l++) {
      TrainableModel.Layer ly = tm.layers().get(l);
      int c = ly.bias().size();
      double[] sum = new double[c];
      double[] sq = new double[c];
      long count = 0;
      tm.graph().refresh();
      for (Sample s : batch) {
        ws.forward(s.inputs().toArray(new Tensor[0]));
        Tensor t = ws.value(ly.convNode());
        for (int ch = 0; ch < c; ch++) {
          for (int y = 0; y < t.height(); y++) {
            for (int x = 0; x < t.width(); x++) {
              double v = t.get(ch, y, x);
              sum[ch] += v;
              sq[ch] += v * v;
            }
          }
        }
        count += (long) t.height() * t.width();
      }
      float[] w = ly.weight().value();
      float[] b = ly.bias().value();
      int fan = w.length / c;
      for (int ch = 0; ch < c; ch++) {
        double mean = sum[ch] / count;
        double std = Math.sqrt(Math.max(1e-12, sq[ch] / count - mean * mean));
        double scale = 1.0 / std;
        for (int i = 0; i < fan; i++) {
          w[ch * fan + i] *= (float) scale;
        }
        b[ch] = (float) ((b[ch] - mean) * scale);
      }
      ly.weight().refresh();
      ly.bias().refresh();
    }
    tm.graph().refresh();
  }
}
