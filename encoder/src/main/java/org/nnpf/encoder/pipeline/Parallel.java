package org.nnpf.encoder.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Work over the pictures of a sequence on several threads. Callers keep results deterministic:
 * each job writes only its own slots, and whatever depends on order (floating-point sums, the
 * temporary files) is done afterwards on the calling thread, in picture order.
 */
final class Parallel {
  private Parallel() {}

  /** A job for one index, told which of the {@code threads} workers runs it. */
  interface Job {
    void run(int worker, int index);
  }

  /**
   * Runs {@code job} for every index of {@code [from, to)}: worker {@code w} takes the indices
   * {@code from + w, from + w + threads, ...}; with one thread (or one index) on the calling thread.
   */
  static void forEach(int from, int to, int threads, Job job) {
    int n = Math.max(1, Math.min(threads, to - from));
    if (n == 1) {
      for (int i = from; i < to; i++) {
        job.run(0, i);
      }
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int w = 0; w < n; w++) {
        int worker = w;
        fs.add(pool.submit(() -> {
          for (int i = from + worker; i < to; i += n) {
            job.run(worker, i);
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
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }
}
