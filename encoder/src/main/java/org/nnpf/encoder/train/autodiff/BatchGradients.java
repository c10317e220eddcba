package org.nnpf.encoder.train.autodiff;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Mean-squared-error loss and its gradient over a batch, computed on several threads.
 *
 * <p>Determinism: item {@code i} of a batch is processed entirely by one thread into its own
 * gradient slot, and the slots are then added in item order on the calling thread. The result is
 * therefore the same, bit for bit, for any thread count.
 */
public final class BatchGradients implements AutoCloseable {
  private final Graph graph;
  private final int threads;
  private final int margin;
  private final ExecutorService pool;
  private final List<Workspace> workspaces = new ArrayList<>();
  private final List<Grads> slots = new ArrayList<>();
  private final List<Tensor> lossGrads = new ArrayList<>();
  private final Grads total;

  /**
   * @param threads worker threads (1 = run on the calling thread)
   * @param margin samples at each border of the output that the loss ignores
   */
  public BatchGradients(Graph graph, int threads, int margin) {
    Preconditions.checkArgument(threads >= 1, "thread count %s", threads);
    this.graph = graph;
    this.threads = threads;
    this.margin = margin;
    this.pool = threads > 1 ? Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "nnpf-train");
      t.setDaemon(true);
      return t;
    }) : null;
    for (int t = 0; t < threads; t++) {
      workspaces.add(new Workspace(graph));
      lossGrads.add(null);
    }
    this.total = new Grads(graph.params());
  }

  public Graph graph() {
    return graph;
  }

  /** The summed gradient of the last {@link #compute} call. */
  public Grads gradients() {
    return total;
  }

  /**
   * Computes the mean squared error over the batch (over every counted output sample of every
   * item) and leaves its gradient in {@link #gradients()}. Parameters must be {@linkplain
   * Graph#refresh() refreshed} before.
   */
  public double compute(List<Sample> batch) {
    Preconditions.checkArgument(!batch.isEmpty(), "empty batch");
    long n = 0;
    for (Sample s : batch) {
      n += s.lossCount(margin);
    }
    Preconditions.checkArgument(n > 0, "the loss margin %s leaves no sample", margin);
    final float scale = (float) (1.0 / n);
    while (slots.size() < batch.size()) {
      slots.add(new Grads(graph.params()));
    }
    double[] losses = new double[batch.size()];
    run(batch.size(), (t, i) -> losses[i] = item(t, batch.get(i), slots.get(i), scale));
    total.copyFrom(slots.get(0));
    double loss = losses[0];
    for (int i = 1; i < batch.size(); i++) {
      total.add(slots.get(i));
      loss += losses[i];
    }
    return loss / n;
  }

  /**
   * The mean squared error over the batch without gradients (forward passes only), summed in item
   * order.
   */
  public double evaluate(List<Sample> batch) {
    Preconditions.checkArgument(!batch.isEmpty(), "empty batch");
    long n = 0;
    for (Sample s : batch) {
      n += s.lossCount(margin);
    }
    Preconditions.checkArgument(n > 0, "the loss margin %s leaves no sample", margin);
    double[] losses = new double[batch.size()];
    run(batch.size(), (t, i) -> {
      Tensor y = workspaces.get(t).forward(batch.get(i).inputs().toArray(new Tensor[0]));
      losses[i] = MseLoss.sumSquares(y, batch.get(i).target(), batch.get(i).lossRegion(margin), 0f, null);
    });
    double loss = 0;
    for (double l : losses) {
      loss += l;
    }
    return loss / n;
  }

  /** Runs {@code body(thread, item)} for every item, items split over the threads. */
  private void run(int items, java.util.function.BiConsumer<Integer, Integer> body) {
    if (pool == null) {
      for (int i = 0; i < items; i++) {
        body.accept(0, i);
      }
      return;
    }
    List<Future<?>> fs = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      final int tt = t;
      fs.add(pool.submit(() -> {
        for (int i = tt; i < items; i += threads) {
          body.accept(tt, i);
        }
      }));
    }
    for (Future<?> f : fs) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        if (c instanceof RuntimeException re) {
          throw re;
        }
        throw new IllegalStateException(c);
      }
    }
  }

  private double item(int t, Sample s, Grads g, float scale) {
    Workspace ws = workspaces.get(t);
    Tensor y = ws.forward(s.inputs().toArray(new Tensor[0]));
    Tensor gy = lossGrads.get(t);
    if (gy == null || !gy.sameShape(y)) {
      gy = new Tensor(y.channels(), y.height(), y.width());
      lossGrads.set(t, gy);
    }
    double l = MseLoss.sumSquares(y, s.target(), s.lossRegion(margin), scale, gy);
    g.zero();
    ws.backward(gy, g);
    return l;
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
