package org.nnpf.training.autodiff;

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
  /** The training objective. */
  public enum Loss {
    /** The mean squared error over every counted sample of the batch (items weigh by their error). */
    MSE,
    /**
     * The mean over the items of each item's squared error divided by its unfiltered squared
     * error (the input's first channels against the target), plus {@link #NORMALIZED_EPS} per
     * counted sample: every patch weighs the same whatever its QP, and a loss of {@code v} is a
     * gain of {@code -10 log10 v} dB on that patch.
     */
    NORMALIZED,
    /**
     * Between {@link #MSE} and {@link #NORMALIZED}: the mean over the items of each item's squared
     * error divided by the square root of (its unfiltered squared error, as in NORMALIZED, times
     * its counted samples). An item weighs in proportion to 1/sqrt of its unfiltered mean squared
     * error: a patch at QP 42, with about 30 times the error of one at QP 22, steers the training
     * about 5.5 times as much instead of 30 times (MSE) or as much (NORMALIZED).
     */
    SQRT_NORMALIZED,
    /**
     * The squared error of the hypotheses' per-patch least-squares combination
     * ({@link CombinationLoss}), averaged over every counted sample like {@link #MSE}: the output
     * has 6 channels per hypothesis and is the raw residual (no input added).
     */
    COMBINATION,
    /**
     * As {@link #COMBINATION}, with one combination per component for the whole batch (the weights
     * that minimise the batch's summed error), closer to an encoder that signals one set of
     * weights per sequence than the per-patch oracle. Costs a second forward pass.
     */
    BATCH_COMBINATION,
    /**
     * The refinement stage fitted to the whole batch ({@link RefinementLoss}): per component and
     * class of 4x4 blocks, one least-squares combination of the hypotheses and of the 7x7 diamond
     * FIR's taps; the network learns what the refinement's FIR and classes cannot do. Costs a
     * second forward pass; the samples are taken as {@link #BIT_DEPTH}-bit.
     */
    BATCH_REFINEMENT;

    /** Whether the output is the raw hypotheses, combined by the loss. */
    public boolean combines() {
      return this == COMBINATION || this == BATCH_COMBINATION || this == BATCH_REFINEMENT;
    }
  }

  /** The sample bit depth of the refinement loss's classes (the training data's). */
  public static final int BIT_DEPTH = 8;

  /** Per-sample floor of the unfiltered squared error in {@link Loss#NORMALIZED} (samples in [0, 1)). */
  public static final double NORMALIZED_EPS = 1e-6;

  private final Graph graph;
  private final int threads;
  private final int margin;
  private final Loss loss;
  private final int hypotheses;
  /** The batch's common combination weights of the last {@link #compute} ({@link Loss#BATCH_COMBINATION}). */
  private volatile double[][] batchWeights;
  /** The refinement weights of each group of the last {@link #compute} ({@link Loss#BATCH_REFINEMENT}). */
  private volatile double[][][][] refinementWeights;
  /** Items per refinement fit ({@link Loss#BATCH_REFINEMENT}); 0: the whole batch. */
  private int fitGroup;
  /** The items per fit of the last {@link #compute}. */
  private volatile int currentGroup;
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
    this(graph, threads, margin, Loss.MSE);
  }

  /**
   * @param threads worker threads (1 = run on the calling thread)
   * @param margin samples at each border of the output that the loss ignores
   * @param loss the objective of {@link #compute}
   */
  public BatchGradients(Graph graph, int threads, int margin, Loss loss) {
    this(graph, threads, margin, loss, 1);
  }

  /**
   * @param hypotheses residual hypotheses of the output (for {@link Loss#COMBINATION}; 1 otherwise)
   */
  public BatchGradients(Graph graph, int threads, int margin, Loss loss, int hypotheses) {
    Preconditions.checkArgument(threads >= 1, "thread count %s", threads);
    Preconditions.checkArgument(hypotheses >= 1 && (hypotheses == 1 || loss.combines()),
        "%s hypotheses with the %s loss", hypotheses, loss);
    this.hypotheses = hypotheses;
    this.loss = loss;
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
    while (slots.size() < batch.size()) {
      slots.add(new Grads(graph.params()));
    }
    if (loss == Loss.BATCH_COMBINATION) {
      CombinationLoss.Accumulator[] part = new CombinationLoss.Accumulator[batch.size()];
      run(batch.size(), (t, i) -> {
        Sample s = batch.get(i);
        Tensor y = workspaces.get(t).forward(s.inputs().toArray(new Tensor[0]));
        part[i] = new CombinationLoss.Accumulator(hypotheses);
        part[i].add(y, s.inputs().get(0), s.target(), s.lossRegion(margin));
      });
      CombinationLoss.Accumulator sum = new CombinationLoss.Accumulator(hypotheses);
      for (CombinationLoss.Accumulator a : part) {
        sum.add(a); // item order: the same for any thread count
      }
      batchWeights = sum.weights();
    }
    if (loss == Loss.BATCH_REFINEMENT) {
      RefinementLoss.Accumulator[] part = refinementParts(batch);
      int g = fitGroup == 0 ? batch.size() : fitGroup;
      Preconditions.checkArgument(batch.size() % g == 0, "a batch of %s in fit groups of %s", batch.size(), g);
      double[][][][] w = new double[batch.size() / g][][][];
      for (int k = 0; k < w.length; k++) {
        RefinementLoss.Accumulator sum = new RefinementLoss.Accumulator(hypotheses);
        for (int i = k * g; i < (k + 1) * g; i++) {
          sum.add(part[i]); // item order: the same for any thread count
        }
        w[k] = sum.weights();
      }
      refinementWeights = w;
      currentGroup = g;
    }
    double[] losses = new double[batch.size()];
    double[] weights = new double[batch.size()];
    for (int i = 0; i < batch.size(); i++) {
      weights[i] = switch (loss) {
        case NORMALIZED -> 1.0 / (batch.size() * normaliser(batch.get(i), margin));
        case SQRT_NORMALIZED -> 1.0 / (batch.size()
            * Math.sqrt(normaliser(batch.get(i), margin) * Math.max(1, batch.get(i).lossCount(margin))));
        default -> 1.0 / n;
      };
    }
    run(batch.size(), (t, i) -> losses[i] = item(t, i, batch.get(i), slots.get(i), (float) weights[i]));
    total.copyFrom(slots.get(0));
    boolean perSample = loss != Loss.NORMALIZED && loss != Loss.SQRT_NORMALIZED;
    double sum = perSample ? losses[0] : losses[0] * weights[0];
    for (int i = 1; i < batch.size(); i++) {
      total.add(slots.get(i));
      sum += perSample ? losses[i] : losses[i] * weights[i];
    }
    return perSample ? sum / n : sum;
  }

  /**
   * The unfiltered squared error of {@code s} over its loss region (input channel c against target
   * channel c) plus {@link #NORMALIZED_EPS} per counted sample: the denominator of {@link
   * Loss#NORMALIZED}.
   */
  public static double normaliser(Sample s, int margin) {
    return identitySse(s, margin) + NORMALIZED_EPS * s.lossCount(margin);
  }

  /** The squared error of the unfiltered input of {@code s} (its first channels) over the loss region. */
  public static double identitySse(Sample s, int margin) {
    Tensor in = s.inputs().get(0);
    Tensor t = s.target();
    Preconditions.checkArgument(in.channels() >= t.channels() && in.height() == t.height() && in.width() == t.width(),
        "input %s does not hold the unfiltered samples of target %s", in, t);
    Sample.Region r = s.lossRegion(margin);
    if (r == null) {
      return 0;
    }
    double sum = 0;
    for (int c = 0; c < t.channels(); c++) {
      for (int y = r.top(); y < r.bottom(); y++) {
        for (int x = r.left(); x < r.right(); x++) {
          double d = in.get(c, y, x) - t.get(c, y, x);
          sum += d * d;
        }
      }
    }
    return sum;
  }

  /**
   * Each item's squared error over its loss region (forward passes only): of the output, or with
   * {@link Loss#COMBINATION} of the hypotheses' per-patch combination.
   */
  public double[] itemSse(List<Sample> batch) {
    double[] losses = new double[batch.size()];
    run(batch.size(), (t, i) -> {
      Tensor y = workspaces.get(t).forward(batch.get(i).inputs().toArray(new Tensor[0]));
      losses[i] = sse(y, batch.get(i), 0f, null);
    });
    return losses;
  }

  /**
   * With {@link Loss#BATCH_REFINEMENT}: the refinement stage is fitted to each run of {@code n}
   * consecutive items of a batch (e.g. patches of one picture) instead of the whole batch; 0
   * restores the whole batch.
   */
  public BatchGradients fitGroup(int n) {
    Preconditions.checkArgument(n >= 0, "fit group %s", n);
    this.fitGroup = n;
    return this;
  }

  /**
   * The normal equations of the refinement fit to {@code samples} by the current parameters
   * (forward passes only; {@link RefinementLoss.Accumulator#sse} gives the error the fit leaves,
   * {@link RefinementLoss.Accumulator#weights} the weights), added in item order: the same for any
   * thread count.
   */
  public RefinementLoss.Accumulator refinementStatistics(List<Sample> samples) {
    Preconditions.checkState(loss == Loss.BATCH_REFINEMENT, "no refinement fit with the %s loss", loss);
    Preconditions.checkArgument(!samples.isEmpty(), "no samples");
    RefinementLoss.Accumulator sum = new RefinementLoss.Accumulator(hypotheses);
    for (RefinementLoss.Accumulator a : refinementParts(samples)) {
      sum.add(a);
    }
    return sum;
  }

  /** Each item's refinement normal equations under the current parameters (forward passes only). */
  private RefinementLoss.Accumulator[] refinementParts(List<Sample> items) {
    RefinementLoss.Accumulator[] part = new RefinementLoss.Accumulator[items.size()];
    run(items.size(), (t, i) -> {
      Sample s = items.get(i);
      Tensor y = workspaces.get(t).forward(s.inputs().toArray(new Tensor[0]));
      part[i] = new RefinementLoss.Accumulator(hypotheses);
      part[i].add(y, features(s));
    });
    return part;
  }

  private RefinementLoss.Features features(Sample s) {
    return RefinementLoss.features(s.inputs().get(0), s.target(), s.lossRegion(margin), BIT_DEPTH);
  }

  private double sse(Tensor y, Sample s, float scale, Tensor gy) {
    if (loss == Loss.BATCH_REFINEMENT) {
      // without a batch (evaluation): each patch with its own fit
      return RefinementLoss.loss(y, features(s), hypotheses, scale, gy);
    }
    if (loss == Loss.BATCH_COMBINATION && gy != null) {
      return CombinationLoss.lossWithWeights(y, s.inputs().get(0), s.target(), hypotheses, batchWeights,
          s.lossRegion(margin), scale, gy);
    }
    return loss == Loss.COMBINATION || loss == Loss.BATCH_COMBINATION
        ? CombinationLoss.loss(y, s.inputs().get(0), s.target(), hypotheses, s.lossRegion(margin), scale, gy)
        : MseLoss.sumSquares(y, s.target(), s.lossRegion(margin), scale, gy);
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
      losses[i] = sse(y, batch.get(i), 0f, null);
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

  private double item(int t, int index, Sample s, Grads g, float scale) {
    Workspace ws = workspaces.get(t);
    Tensor y = ws.forward(s.inputs().toArray(new Tensor[0]));
    Tensor gy = lossGrads.get(t);
    if (gy == null || !gy.sameShape(y)) {
      gy = new Tensor(y.channels(), y.height(), y.width());
      lossGrads.set(t, gy);
    }
    double l = loss == Loss.BATCH_REFINEMENT
        ? RefinementLoss.lossWithWeights(y, features(s), hypotheses, refinementWeights[index / currentGroup], scale, gy)
        : sse(y, s, scale, gy);
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
