package org.nnpf.encoder.overfit;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nnpf.common.nn.Model;
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
import org.nnpf.training.autodiff.Sample;

/**
 * Per-sequence overfitting (method.md, section 1, item 3) followed by the quantization-parameter
 * determination:
 *
 * <ol>
 *   <li>the base model's float and integer PSNR on the sequence (reference figures);
 *   <li>a float phase: Adam on the MSE between the filtered reconstructions and the originals, over
 *       random tiles of the sequence's own pictures (with a halo of the receptive radius, so the
 *       loss is that of whole-picture filtering), training the multipliers only (and the biases
 *       if configured), learning rate decaying by cosine to a tenth;
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
    return overfit(base, recon, orig, qp, cfg, RunSink.NONE, RunSink.NONE);
  }

  /**
   * As above; {@code baseSink} receives the integer pictures of the overflow guard's runs of the
   * base model's parameters ({@link OverfitResult#baseParams}), {@code fittedSink} those of the
   * result's parameters (the last run of each is that of the parameters returned).
   */
  public static OverfitResult overfit(Model base, List<Picture> recon, List<Picture> orig, int qp, OverfitConfig cfg,
      RunSink baseSink, RunSink fittedSink) {
    Preconditions.checkArgument(recon.size() == orig.size() && !recon.isEmpty(), "%s reconstructions for %s originals", recon.size(), orig.size());
    long t0 = System.nanoTime();
    Picture p0 = recon.get(0);
    double[] psnrCodec = PsnrMeter.average(recon, orig);
    SequenceQuantizer.Result baseQ = quantize(base, recon, orig, qp, cfg, null, baseSink);

    TrainableModel tm = TrainableModel.of(base);
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
    try (frameTiles; BatchGradients bg = new BatchGradients(tm.graph(), cfg.threads(), 0)) {
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
    }
    QuantizationAwareModel.clear(tm);
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
        allocLog, fin.guard().actions());
    return new OverfitResult(fitted, fin.params(), fin.plan(), report, baseQ.params());
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

  private static List<Sample> draw(List<Sample> tiles, OverfitConfig cfg, int it) {
    SplittableRandom r = new SplittableRandom(cfg.seed() * 0x9E3779B97F4A7C15L + it);
    List<Sample> b = new ArrayList<>(cfg.batch());
    for (int i = 0; i < cfg.batch(); i++) {
      b.add(tiles.get(r.nextInt(tiles.size())));
    }
    return b;
  }
}
