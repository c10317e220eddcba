package org.nnpf.encoder.quant;

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
 * One float pass of a model over a sequence: the network statistics ({@link NetworkStatistics})
 * and the float output of every picture from the same forward pass, which the quantizers used to
 * make twice. Pictures run in parallel, {@code threads} at a time (one workspace per thread, kept
 * for the whole pass); the outputs are handed over in picture order and not kept. The statistics
 * are maxima, so they do not depend on the thread count.
 */
public final class FloatPass {
  private FloatPass() {}

  /** Receives the float output of picture {@code index}. */
  public interface Outputs {
    void accept(int index, Picture output);
  }

  /** The statistics of {@code model} and the float output of every picture. */
  public static NetworkStatistics run(Model model, List<Picture> recon, int qp, int threads, Outputs outputs) {
    return pass(TrainableModel.floatOnly(model), model, recon, qp, threads, outputs);
  }

  /**
   * The output of {@code tm} (fake quantizers included, if set) on every picture, without
   * statistics.
   */
  public static void outputs(TrainableModel tm, List<Picture> recon, int qp, int threads, Outputs outputs) {
    pass(tm, null, recon, qp, threads, outputs);
  }

  /** The pass; with {@code statsModel} null no statistics are gathered (and null is returned). */
  private static NetworkStatistics pass(TrainableModel tm, Model statsModel, List<Picture> recon, int qp, int threads,
      Outputs outputs) {
    tm.graph().refresh();
    Model m = tm.template();
    int n = Math.max(1, Math.min(threads, recon.size()));
    Workspace[] ws = new Workspace[n];
    NetworkStatistics.Accumulator[] acc = new NetworkStatistics.Accumulator[n];
    for (int t = 0; t < n && statsModel != null; t++) {
      acc[t] = new NetworkStatistics.Accumulator(statsModel);
    }
    ExecutorService pool = n > 1 ? Executors.newFixedThreadPool(n) : null;
    try {
      Picture[] out = new Picture[n];
      for (int i0 = 0; i0 < recon.size(); i0 += n) {
        int i1 = Math.min(recon.size(), i0 + n);
        List<Future<?>> fs = new ArrayList<>();
        for (int k = i0; k < i1; k++) {
          int t = k - i0;
          int index = k;
          Runnable job = () -> {
            if (ws[t] == null) {
              ws[t] = new Workspace(tm.graph());
            }
            Picture p = recon.get(index);
            Tensor in = PictureTensors.input(m, p, qp);
            Tensor raw = tm.forwardRaw(ws[t], in);
            if (acc[t] != null) {
              acc[t].add(tm, ws[t], in);
            }
            out[t] = PictureTensors.toPicture(m, p, raw);
          };
          if (pool == null) {
            job.run();
          } else {
            fs.add(pool.submit(job));
          }
        }
        for (Future<?> f : fs) {
          f.get();
        }
        for (int k = i0; k < i1; k++) {
          outputs.accept(k, out[k - i0]);
          out[k - i0] = null;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      if (pool != null) {
        pool.shutdownNow();
      }
    }
    if (statsModel == null) {
      return null;
    }
    for (int t = 1; t < n; t++) {
      acc[0].merge(acc[t]);
    }
    return acc[0].result();
  }
}
