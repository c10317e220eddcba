package org.nnpf.encoder.pipeline;

import java.util.List;
import org.nnpf.common.nn.ModelStore;
import org.nnpf.common.nn.quant.QuantizationParams;
import org.nnpf.common.picture.Picture;
import org.nnpf.encoder.overfit.OverfitConfig;
import org.nnpf.encoder.overfit.OverfitReport;
import org.nnpf.encoder.overfit.OverfitResult;
import org.nnpf.encoder.overfit.Overfitter;
import org.nnpf.encoder.quant.SequenceQuantizer;

/**
 * Adaptation of the base model to the sequence (docs/encoder.md step 3, docs/method-implementation.md):
 * overfitting of the multipliers, then quantization parameters and bit allocation from the network's
 * statistics on the sequence; or, without overfitting, the quantization of the base model alone.
 */
public final class AdaptationPass {
  private AdaptationPass() {}

  /**
   * The quantization parameters to signal, those of the base model's own multipliers (null without
   * overfitting), the overfitting report (null without), the time taken, and the integer pictures of
   * the overflow guard's last runs (of {@code params}, and of {@code baseParams} with overfitting),
   * which the decision takes instead of running those networks again ({@link #discardRuns} deletes
   * what it did not take).
   */
  public record Result(QuantizationParams params, QuantizationParams baseParams, OverfitReport report, double seconds,
      List<GuardRun> runs) {
    public void discardRuns() {
      runs.forEach(GuardRun::discard);
    }
  }

  /** The pass without a trial of the overfitting (as {@code lambda} 0 below). */
  public static Result run(NnpfEncoder.Config cfg, List<Picture> decoded, List<Picture> originals, Resources owner) {
    return run(cfg, decoded, originals, 0, owner);
  }

  /**
   * The pass; the guard's pictures are in temporary files registered with {@code owner}. With
   * {@code lambda} > 0 (the decision's) the overfitting runs its trial ({@link Overfitter.Trial}:
   * the multipliers' expected cost is {@link Overfitter#BITS_PER_MULTIPLIER} per multiplier) and an
   * abandoned overfitting leaves the base model's parameters alone ({@code baseParams} null, as
   * without overfitting).
   */
  public static Result run(NnpfEncoder.Config cfg, List<Picture> decoded, List<Picture> originals, double lambda,
      Resources owner) {
    long t0 = System.nanoTime();
    int qp = cfg.base().qp();
    ModelStore.Entry m = cfg.model();
    GuardRun run = new GuardRun(owner);
    if (cfg.overfit()) {
      GuardRun baseRun = new GuardRun(owner);
      Overfitter.Trial trial = null;
      if (lambda > 0) {
        double unfiltered = 0;
        for (int i = 0; i < decoded.size(); i++) {
          unfiltered += Distortion.weightedSse(originals.get(i), decoded.get(i)) / 6; // the decision's units
        }
        int adapted = multipliers(m.model()) + (cfg.overfitConfig().trainBiases() ? biases(m.model()) : 0);
        trial = new Overfitter.Trial(lambda, Overfitter.BITS_PER_MULTIPLIER * adapted, unfiltered);
      }
      OverfitResult r = Overfitter.overfit(m.model(), decoded, originals, qp, cfg.overfitConfig(), trial, baseRun, run);
      if (r.abandoned()) {
        return new Result(r.params(), null, r.report(), (System.nanoTime() - t0) / 1e9, List.of(baseRun));
      }
      return new Result(r.params(), r.baseParams(), r.report(), (System.nanoTime() - t0) / 1e9, List.of(run, baseRun));
    }
    OverfitConfig oc = cfg.overfitConfig();
    SequenceQuantizer.Result r = SequenceQuantizer.determine(m.model(), decoded, originals, qp, oc.strategy(),
        oc.accumulatorBits(), oc.maxIntegerLossDb(), oc.calibrationPictures(), oc.threads(), null, run);
    return new Result(r.params(), null, null, (System.nanoTime() - t0) / 1e9, List.of(run));
  }

  /** The number of biases of {@code model}'s layers that have multipliers (those overfitting adapts). */
  static int biases(org.nnpf.common.nn.Model model) {
    int n = 0;
    for (int i = 0; i < model.layerCount(); i++) {
      if (model.conv(i).hasMultipliers() && model.conv(i).hasBias()) {
        n += model.conv(i).outChannels();
      }
    }
    return n;
  }

  /** The number of multipliers of {@code model}. */
  static int multipliers(org.nnpf.common.nn.Model model) {
    int n = 0;
    for (int i = 0; i < model.layerCount(); i++) {
      if (model.conv(i).hasMultipliers()) {
        n += model.conv(i).outChannels();
      }
    }
    return n;
  }
}
