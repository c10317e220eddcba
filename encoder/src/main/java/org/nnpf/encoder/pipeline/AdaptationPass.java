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

  /** The pass; the guard's pictures are in temporary files registered with {@code owner}. */
  public static Result run(NnpfEncoder.Config cfg, List<Picture> decoded, List<Picture> originals, Resources owner) {
    long t0 = System.nanoTime();
    int qp = cfg.base().qp();
    ModelStore.Entry m = cfg.model();
    GuardRun run = new GuardRun(owner);
    if (cfg.overfit()) {
      GuardRun baseRun = new GuardRun(owner);
      OverfitResult r = Overfitter.overfit(m.model(), decoded, originals, qp, cfg.overfitConfig(), baseRun, run);
      return new Result(r.params(), r.baseParams(), r.report(), (System.nanoTime() - t0) / 1e9, List.of(run, baseRun));
    }
    OverfitConfig oc = cfg.overfitConfig();
    SequenceQuantizer.Result r = SequenceQuantizer.determine(m.model(), decoded, originals, qp, oc.strategy(),
        oc.accumulatorBits(), oc.maxIntegerLossDb(), oc.calibrationPictures(), oc.threads(), null, run);
    return new Result(r.params(), null, null, (System.nanoTime() - t0) / 1e9, List.of(run));
  }
}
