package org.nnpf.encoder.overfit;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.nnpf.bitstream.filter.FilterSignalling;
import org.nnpf.common.nn.Conv2d;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.quant.LayerQuantization;
import org.nnpf.common.nn.quant.QuantizationParams;
import org.nnpf.common.picture.Picture;
import org.nnpf.encoder.quant.QuantizationAwareModel;
import org.nnpf.encoder.quant.QuantizationPlan;
import org.nnpf.encoder.quant.BitAllocator;
import org.nnpf.encoder.quant.RunSink;
import org.nnpf.encoder.quant.SequenceQuantizer;
import org.nnpf.training.PsnrMeter;
import org.nnpf.training.TrainableModel;
import org.nnpf.training.autodiff.Adam;
import org.nnpf.training.autodiff.BatchGradients;
import org.nnpf.training.autodiff.Param;
import org.nnpf.training.autodiff.RefinementLoss;
import org.nnpf.training.autodiff.Sample;

/**
 * Per-sequence overfitting (method.md, section 1, item 3) followed by the quantization-parameter
 * determination:
 *
 * <ol>
 *   <li>the base model's float and integer PSNR on the sequence (reference figures);
 *   <li>a float phase: Adam on the squared error between the output after the refinement stage
 *       (fitted to each batch; {@link OverfitConfig.Objective}) or the network's own output and
 *       the originals, over random tiles of the sequence's own pictures (with a halo of the
 *       receptive radius, so the loss is that of whole-picture filtering), training the
 *       multipliers only (and the biases if configured), learning rate decaying by cosine to a
 *       tenth; with a {@link Trial}, stopped after {@link OverfitConfig#trialSteps} steps when it
 *       cannot pay;
 *   <li>quantization: statistics on all pictures, bit allocation, plan ({@link SequenceQuantizer});
 *   <li>a quantization-aware phase: the same training with the plan's fake quantizers in the
 *       forward pass (straight-through estimator), so that the integer decoder keeps the gain;
 *   <li>the overflow check of the final integer network on every picture (fall-back if needed), and
 *       the report.
 * </ol>
 *
 * The phases share an iteration count and an optional time budget (the quantization-aware phase
 * takes the last {@code qatFraction} of either). Deterministic for a given seed and thread count
 * when no time budget is set.
 */
public final class Overfitter {
  private Overfitter() {}

  /** {@link SequenceQuantizer#determine} with the settings of {@code cfg}; {@code plan} null allocates the bits. */
  private static SequenceQuantizer.Result quantize(Model model, List<Picture> recon, List<Picture> orig, int qp, OverfitConfig cfg,
      QuantizationPlan plan, RunSink sink) {
    return SequenceQuantizer.determine(model, recon, orig, qp, cfg.strategy(), cfg.accumulatorBits(), cfg.maxIntegerLossDb(),
        cfg.calibrationPictures(), cfg.threads(), plan, sink);
  }

  public static OverfitResult overfit(Model base, List<Picture> recon, List<Picture> orig, int qp, OverfitConfig cfg) {
    return overfit(base, recon, orig, qp, cfg, null, RunSink.NONE, RunSink.NONE);
  }

  /**
   * What the trial of {@link OverfitConfig#trialSteps} weighs: the Lagrange multiplier of the
   * decision ({@code lambda}, distortion per bit, distortion being {@code SSE_Y + (SSE_Cb +
   * SSE_Cr) / 6} in samples of the sequence's bit depth), the bits the overfitted multipliers
   * are expected to cost beyond the base model's parameter set, and that distortion of the decoded
   * sequence against the original (the gain's scale).
   */
  public record Trial(double lambda, double costBits, double unfilteredDistortion) {
    public Trial {
      Preconditions.checkArgument(lambda > 0 && costBits >= 0 && unfilteredDistortion >= 0,
          "lambda %s, cost %s, distortion %s", lambda, costBits, unfilteredDistortion);
    }
  }

  /**
   * The projected gain of the whole run is this many times the gain after the trial's steps. The
   * projection is rough and errs toward going on: measured on gopro_snowboard 832x480 at QP 32, it
   * projected 2,694 bits where the refined candidates gained 2,613 over the base model's (8
   * pictures), and 67,345 where they gained 12,424 (32 pictures: the fit tiles cover a smaller
   * share of a longer sequence, and their own least-squares fit flatters them).
   */
  static final double TRIAL_PROJECTION = 2.0;

  /**
   * Expected bits per overfitted multiplier beyond the base model's parameter set (measured: 1,008
   * and 1,064 bits for the 232 multipliers of base-c44-l6-v3c3 at q_m <= 5, the cheapest candidate,
   * on gopro_snowboard at QP 32, 8 and 32 pictures).
   */
  public static final double BITS_PER_MULTIPLIER = 4.0;

  /**
   * As above; {@code baseSink} receives the integer pictures of the overflow guard's runs of the
   * base model's parameters ({@link OverfitResult#baseParams}), {@code fittedSink} those of the
   * result's parameters (the last run of each is that of the parameters returned). With a {@code
   * trial} (not null) and the refined objective, the run stops after {@link
   * OverfitConfig#trialSteps} steps when its projected gain would not pay for the multipliers'
   * bits: the result is then {@link OverfitResult#abandoned()}, its parameters the base model's,
   * and {@code fittedSink} receives nothing.
   */
  public static OverfitResult overfit(Model base, List<Picture> recon, List<Picture> orig, int qp, OverfitConfig cfg,
      Trial trial, RunSink baseSink, RunSink fittedSink) {
    Preconditions.checkArgument(recon.size() == orig.size() && !recon.isEmpty(), "%s reconstructions for %s originals", recon.size(), orig.size());
    long t0 = System.nanoTime();
    Picture p0 = recon.get(0);
    double[] psnrCodec = PsnrMeter.average(recon, orig);
    SequenceQuantizer.Result baseQ = quantize(base, recon, orig, qp, cfg, null, baseSink);

    boolean refined = cfg.objective() == OverfitConfig.Objective.REFINED;
    TrainableModel tm = refined ? TrainableModel.quantizableRawResiduals(base) : TrainableModel.of(base);
    tm.trainOnly(p -> p.name().endsWith(".multiplier") || (cfg.trainBiases() && p.name().endsWith(".bias")));
    FrameTiles frameTiles = FrameTiles.of(base, recon, orig, qp, cfg.tile());
    List<Sample> tiles = frameTiles.tiles();
    int qatStart = (int) Math.round(cfg.iterations() * (1 - cfg.qatFraction()));
    double budget = cfg.timeBudgetSeconds();
    double qatTime = budget * (1 - cfg.qatFraction());
    Adam adam = new Adam();
    int floatIts = 0;
    int qatIts = 0;
    QuantizationPlan plan = null;
    BitAllocator.Result qatAlloc = null;
    long tTrain = System.nanoTime();
    double trainSecs = 0;
    List<Sample> fitSet = refined ? fitSet(tiles, cfg) : List.of();
    List<String> objectiveLog = new ArrayList<>();
    double share0 = 0;
    boolean abandoned = false;
    int trialAt = trial != null && refined ? cfg.trialSteps() : 0;
    try (frameTiles; BatchGradients bg = refined
        ? new BatchGradients(tm.graph(), cfg.threads(), 0, BatchGradients.Loss.BATCH_REFINEMENT, base.hypotheses())
        : new BatchGradients(tm.graph(), cfg.threads(), 0)) {
      for (int it = 0; it < cfg.iterations(); it++) {
        double elapsed = (System.nanoTime() - tTrain) / 1e9;
        if (budget > 0 && elapsed >= budget) {
          break;
        }
        boolean qat = cfg.qatFraction() > 0 && (it >= qatStart || (budget > 0 && elapsed >= qatTime));
        if (qat && plan == null) {
          // the plan's fake quantizers for the last phase; the overflow check on every picture is
          // made once, on the final network with this plan
          qatAlloc = SequenceQuantizer.allocate(tm.toModel(), recon, orig, qp, cfg.strategy(), cfg.accumulatorBits(),
              cfg.maxIntegerLossDb(), cfg.calibrationPictures(), cfg.threads());
          plan = qatAlloc.plan();
          QuantizationAwareModel.apply(tm, plan);
        }
        if (refined && (it == 0 || it == trialAt)) {
          double share = refinedError(bg, tm, fitSet, objectiveLog, it);
          if (it == 0) {
            share0 = share;
          } else {
            // the sequence's distortion gain if the whole run gains TRIAL_PROJECTION times the
            // trial's share of the unfiltered error, in bits at the decision's lambda
            double projected = TRIAL_PROJECTION * (share0 - share) * trial.unfilteredDistortion() / trial.lambda();
            abandoned = projected < trial.costBits();
            objectiveLog.add(String.format(Locale.ROOT,
                "trial after %d steps: projected gain %.0f bits, %s cost about %.0f bits: %s", it, projected,
                cfg.trainBiases() ? "multipliers and biases" : "multipliers", trial.costBits(), abandoned ? "overfitting stopped (it cannot pay)" : "continue"));
            if (abandoned) {
              break;
            }
          }
        }
        List<Sample> batch = draw(tiles, cfg, it);
        bg.compute(batch);
        double t = cfg.iterations() <= 1 ? 0 : it / (double) (cfg.iterations() - 1);
        double lr = cfg.learningRate() * (0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * t)));
        adam.step(trainable(tm), bg.gradients(), lr);
        if (qat) {
          qatIts++;
        } else {
          floatIts++;
        }
      }
      trainSecs = (System.nanoTime() - tTrain) / 1e9;
      if (refined && floatIts + qatIts > 0) {
        objectiveLog.add(bg.keepsForwardValues()
            ? String.format(Locale.ROOT, "one forward pass a step (each item's values kept, %d workspaces)", bg.pooledWorkspaces())
            : "two forward passes a step (the heap had no room to keep each item's values)");
      }
      if (refined && !abandoned && floatIts + qatIts > 0) {
        refinedError(bg, tm, fitSet, objectiveLog, floatIts + qatIts);
      }
    }
    QuantizationAwareModel.clear(tm);
    if (abandoned) {
      OverfitReport report = new OverfitReport(recon.size(), p0.width(), p0.height(), p0.bitDepth(), qp, psnrCodec,
          baseQ.floatPsnr(), baseQ.integerPsnr(), baseQ.floatPsnr(), baseQ.integerPsnr(), floatIts, qatIts, trainSecs,
          (System.nanoTime() - t0) / 1e9, cfg.strategy(), cfg.accumulatorBits(), baseQ.plan(), baseQ.guard().last().check(),
          baseQ.allocation() != null ? baseQ.allocation().log() : List.of(), baseQ.guard().actions(), objectiveLog, true);
      return new OverfitResult(base, baseQ.params(), baseQ.plan(), report, baseQ.params());
    }
    Model fitted = tm.toModel();
    SequenceQuantizer.Result fin = quantize(fitted, recon, orig, qp, cfg, plan, fittedSink);
    if (plan != null && fin.integerLossDb() > cfg.maxIntegerLossDb()) {
      // the plan of the quantization-aware phase loses too much on the final network: allocate
      // the bits again for it (more 16-bit tensors), keeping the trained multipliers
      fin = quantize(fitted, recon, orig, qp, cfg, null, fittedSink);
    }
    List<String> allocLog = fin.allocation() != null ? fin.allocation().log() : qatAlloc.log();
    OverfitReport report = new OverfitReport(recon.size(), p0.width(), p0.height(), p0.bitDepth(), qp, psnrCodec,
        baseQ.floatPsnr(), baseQ.integerPsnr(), fin.floatPsnr(), fin.integerPsnr(), floatIts, qatIts, trainSecs,
        (System.nanoTime() - t0) / 1e9, cfg.strategy(), cfg.accumulatorBits(), fin.plan(), fin.guard().last().check(),
        allocLog, fin.guard().actions(), objectiveLog, false);
    QuantizationParams params = cfg.trainBiases() ? withExplicitBiases(fitted, fin.params()) : fin.params();
    return new OverfitResult(fitted, params, fin.plan(), report, baseQ.params());
  }

  /**
   * {@code params} with the biases of {@code fitted} as explicit integers (docs/integer-inference.md
   * section 3: {@code Round(b * 2^(qx + qw))} clipped to the accumulator's P bits), so that a
   * network built from the base model and these parameters is the fitted network: the biases are
   * then signalled as bias updates. The integer network is unchanged.
   */
  static QuantizationParams withExplicitBiases(Model fitted, QuantizationParams params) {
    List<LayerQuantization> layers = new ArrayList<>();
    for (int l = 0; l < params.layers().size(); l++) {
      LayerQuantization lq = params.layer(l);
      Conv2d c = fitted.conv(l);
      if (c.hasBias()) {
        int frac = params.layerInput(l).fracBits() + lq.weights().fracBits();
        lq = lq.toBuilder().biases(org.nnpf.common.nn.integer.IntegerLayer.modelBiases(c, frac, lq.accumulatorBits())).build();
      }
      layers.add(lq);
    }
    return new QuantizationParams(params.input(), layers);
  }

  private static List<Param> trainable(TrainableModel tm) {
    List<Param> r = new ArrayList<>();
    for (Param p : tm.graph().params()) {
      if (p.trainable()) {
        r.add(p);
      }
    }
    return r;
  }

  /**
   * Tiles on which the course of the {@link OverfitConfig.Objective#REFINED} objective is measured
   * (its trial included): at most this many, evenly spaced over the sequence's tiles.
   */
  static final int FIT_TILES = 32;

  /**
   * The error the refinement stage fitted to {@code fitSet} leaves with the present parameters, as
   * a share of the unfiltered error, logged.
   */
  private static double refinedError(BatchGradients bg, TrainableModel tm, List<Sample> fitSet, List<String> log, int step) {
    tm.graph().refresh();
    RefinementLoss.Accumulator acc = bg.refinementStatistics(fitSet);
    double share = acc.sse(true, true) / acc.identitySse();
    log.add(String.format(Locale.ROOT, "step %d: refined error %.4f %% of the unfiltered error on %d tiles", step,
        100 * share, fitSet.size()));
    return share;
  }

  private static List<Sample> fitSet(List<Sample> tiles, OverfitConfig cfg) {
    int n = Math.min(FIT_TILES, tiles.size());
    List<Sample> r = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      r.add(tiles.get((int) ((long) i * tiles.size() / n)));
    }
    return r;
  }

  private static List<Sample> draw(List<Sample> tiles, OverfitConfig cfg, int it) {
    SplittableRandom r = new SplittableRandom(cfg.seed() * 0x9E3779B97F4A7C15L + it);
    List<Sample> b = new ArrayList<>(cfg.batch());
    for (int i = 0; i < cfg.batch(); i++) {
      b.add(tiles.get(r.nextInt(tiles.size())));
    }
    return b;
  }
}
