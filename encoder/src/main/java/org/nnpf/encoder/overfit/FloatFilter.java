package org.nnpf.encoder.overfit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.nnpf.common.nn.Model;
import org.nnpf.common.picture.Picture;
import org.nnpf.training.PictureTensors;
import org.nnpf.training.TrainableModel;
import org.nnpf.training.autodiff.Tensor;
import org.nnpf.training.autodiff.Workspace;

/**
 * Whole-picture float filtering with the trainable graph (vectorised, one picture per thread):
 * the same values as {@link org.nnpf.common.nn.fp.FloatInference} up to float rounding, faster.
 * With fake quantizers set on the graph it computes the quantization-aware model.
 */
public final class FloatFilter {
  private FloatFilter() {}

  public static List<Picture> apply(TrainableModel tm, List<Picture> recon, int qp, int threads) {
    Model m = tm.template();
    tm.graph().refresh();
    Picture[] out = new Picture[recon.size()];
    int n = Math.max(1, Math.min(threads, recon.size()));
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < n; t++) {
        final int tt = t;
        fs.add(pool.submit(() -> {
          Workspace ws = new Workspace(tm.graph());
          for (int i = tt; i < recon.size(); i += n) {
            Tensor raw = tm.forwardRaw(ws, PictureTensors.input(m, recon.get(i), qp));
            out[i] = PictureTensors.toPicture(m, recon.get(i), raw);
          }
        }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return List.of(out);
  }
}
