package org.nnpf.encoder;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Work over the pictures of a sequence on a fixed number of worker threads, kept for a whole pass.
 * Callers keep results deterministic: each job writes only its own slots (or its worker's), and
 * whatever depends on order (floating-point sums, temporary files) is done afterwards on the calling
 * thread, in picture order. A job's exception is rethrown on the calling thread as it was.
 */
public final class Workers implements AutoCloseable {
  /** A job for one index, told which worker (0 .. {@link #count()} − 1) runs it. */
  public interface Job {
    void run(int worker, int index);
  }

  private final int count;
  private final ExecutorService pool;

  /** {@code threads} workers (at least 1); with one, jobs run on the calling thread. */
  public Workers(int threads) {
    this.count = Math.max(1, threads);
    this.pool = count > 1 ? Executors.newFixedThreadPool(count) : null;
  }

  public int count() {
    return count;
  }

  /**
   * Runs {@code job} for every index of {@code [from, to)} and waits: worker {@code w} takes the
   * indices {@code from + w, from + w + count, ...}.
   */
  public void forEach(int from, int to, Job job) {
    int n = Math.min(count, to - from);
    if (pool == null || n <= 1) {
      for (int i = from; i < to; i++) {
        job.run(0, i);
      }
      return;
    }
    List<Future<?>> fs = new ArrayList<>();
    for (int w = 0; w < n; w++) {
      int worker = w;
      fs.add(pool.submit(() -> {
        for (int i = from + worker; i < to; i += count) {
          job.run(worker, i);
        }
      }));
    }
    try {
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
    }
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
