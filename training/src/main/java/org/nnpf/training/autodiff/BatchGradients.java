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
   * With {@link Loss#BATCH_REFINEMENT}: workspaces whose forward values the refinement fit's pass
   * leaves for the gradient's backward pass (run with the gradient buffers of the item's thread),
   * so a step runs one forward pass instead of two. Tiles clipped at the picture border come in
   * several shapes, and reallocating a workspace's values for another shape is what costs (tens of
   * megabytes a step, the heap's churn): an item takes a free workspace of its shape, and the pool
   * grows to at most {@link #POOL_PER_ITEM} per batch item before the least recently used free one
   * is reshaped. Empty when not decided yet, or when the heap has no room for the pool (the
   * forward pass is then run again: the same values, so the result does not depend on it).
   */
  private final List<Workspace> itemWorkspaces = new ArrayList<>();
  /** The step at which each of {@link #itemWorkspaces} was last used. */
  private final List<Long> lastUsed = new ArrayList<>();
  /** The {@link #compute} calls so far. */
  private long steps;
  /** Item workspaces per batch item at most (measured: about one reshaping every seven steps). */
  static final int POOL_PER_ITEM = 3;
  /** Whether {@link #itemWorkspaces} is used; null until the first batch decides it. */
  private Boolean retain;
  /** The workspace of each item of the present batch that keeps its forward values, or null. */
  private Workspace[] retained;
  /** The refinement features of each item of the present batch. */
  private RefinementLoss.Features[] batchFeatures;

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
      retained = retainedWorkspaces(batch);
      batchFeatures = new RefinementLoss.Features[batch.size()];
      RefinementLoss.Accumulator[] part = refinementParts(batch, retained, batchFeatures);
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
    retained = null;
    batchFeatures = null;
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
    for (RefinementLoss.Accumulator a : refinementParts(samples, null, null)) {
      sum.add(a);
    }
    return sum;
  }

  /**
   * Each item's refinement normal equations under the current parameters (forward passes only);
   * item {@code i}'s pass runs in {@code keep[i]} if given (its values are then kept for the
   * backward pass) and its features are left in {@code features[i]} if given.
   */
  private RefinementLoss.Accumulator[] refinementParts(List<Sample> items, Workspace[] keep, RefinementLoss.Features[] features) {
    RefinementLoss.Accumulator[] part = new RefinementLoss.Accumulator[items.size()];
    run(items.size(), (t, i) -> {
      Sample s = items.get(i);
      Workspace ws = keep != null ? keep[i] : workspaces.get(t);
      Tensor y = ws.forward(s.inputs().toArray(new Tensor[0]));
      RefinementLoss.Features f = features(s);
      if (features != null) {
        features[i] = f;
      }
      part[i] = new RefinementLoss.Accumulator(hypotheses);
      part[i].add(y, f);
    });
    return part;
  }

  /**
   * A workspace for each item of {@code batch} from the pool ({@link #itemWorkspaces}), or null when
   * the pool would not fit in the heap: decided at the first batch, from the largest item's forward
   * values ({@link Graph#shapes}) times the pool's size against half the heap's headroom.
   */
  private Workspace[] retainedWorkspaces(List<Sample> batch) {
    steps++;
    int cap = POOL_PER_ITEM * batch.size();
    if (retain == null) {
      long floats = 0;
      for (Sample s : batch) {
        floats = Math.max(floats, valueFloats(s));
      }
      Runtime rt = Runtime.getRuntime();
      long headroom = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
      retain = 4 * floats * cap <= headroom / 2;
    }
    if (!retain) {
      return null;
    }
    Workspace[] r = new Workspace[batch.size()];
    boolean[] taken = new boolean[itemWorkspaces.size() + batch.size()];
    for (int i = 0; i < batch.size(); i++) { // first every item that finds a free workspace of its shape
      for (int w = 0; w < itemWorkspaces.size(); w++) {
        if (!taken[w] && itemWorkspaces.get(w).fits(batch.get(i).inputs())) {
          taken[w] = true;
          r[i] = itemWorkspaces.get(w);
          lastUsed.set(w, steps);
          break;
        }
      }
    }
    for (int i = 0; i < batch.size(); i++) { // then the others: a new workspace, or the least recently used
      if (r[i] != null) {
        continue;
      }
      int w;
      if (itemWorkspaces.size() < cap) {
        w = itemWorkspaces.size();
        itemWorkspaces.add(new Workspace(graph));
        lastUsed.add(steps);
      } else {
        w = -1;
        for (int k = 0; k < itemWorkspaces.size(); k++) {
          if (!taken[k] && (w < 0 || lastUsed.get(k) < lastUsed.get(w))) {
            w = k;
          }
        }
        lastUsed.set(w, steps);
      }
      taken[w] = true;
      r[i] = itemWorkspaces.get(w);
    }
    return r;
  }

  /**
   * Forces keeping the forward values between the refinement fit's pass and the gradient's (true)
   * or running the pass again (false) instead of deciding from the heap's headroom; the results are
   * the same either way (tests).
   */
  BatchGradients retainValues(boolean on) {
    retain = on;
    return this;
  }

  /** The workspaces in the pool that keeps forward values (tests, and the encoder's log). */
  public int pooledWorkspaces() {
    return itemWorkspaces.size();
  }

  /**
   * Whether the steps keep their forward values for the backward pass (one forward pass a step);
   * false before the first {@link #compute} with {@link Loss#BATCH_REFINEMENT} and when the heap had
   * no room for the pool.
   */
  public boolean keepsForwardValues() {
    return Boolean.TRUE.equals(retain);
  }

  /** The floats of the forward values of the graph's nodes (inputs excluded) for one sample. */
  private long valueFloats(Sample s) {
    List<Shape> in = new ArrayList<>();
    for (Tensor t : s.inputs()) {
      in.add(Shape.of(t));
    }
    Shape[] shapes = graph.shapes(in);
    long n = 0;
    for (int i = graph.inputCount(); i < shapes.length; i++) {
      n += shapes[i].size();
    }
    return n;
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
    Workspace ws = retained != null ? retained[index] : workspaces.get(t);
    Tensor y = retained != null ? ws.output() : ws.forward(s.inputs().toArray(new Tensor[0]));
    Workspace buffers = workspaces.get(t);
    Tensor gy = lossGrads.get(t);
    if (gy == null || !gy.sameShape(y)) {
      gy = new Tensor(y.channels(), y.height(), y.width());
      lossGrads.set(t, gy);
    }
    double l = loss == Loss.BATCH_REFINEMENT
        ? RefinementLoss.lossWithWeights(y, batchFeatures != null ? batchFeatures[index] : features(s), hypotheses,
            refinementWeights[index / currentGroup], scale, gy)
        : sse(y, s, scale, gy);
    g.zero();
    ws.backward(gy, g, buffers);
    return l;
  }

  @Override
  public void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }
}
