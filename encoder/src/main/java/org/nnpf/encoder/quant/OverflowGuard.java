package org.nnpf.encoder.quant;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nnpf.common.nn.Model;
import org.nnpf.common.picture.Picture;

/**
 * Makes sure no accumulation of the integer process exceeds the declared precision on the
 * sequence: runs the integer decoder in checking mode on every picture and, for each layer with
 * violations (possible under {@link Strategy#APPROXIMATE} and {@link Strategy#MEASURED}, whose
 * bounds are estimates), falls back to a safe shift:
 *
 * <ol>
 *   <li>the {@link Strategy#WORST_CASE} shift of that layer, which no input can overflow, when it
 *       exists for the layer's bit widths and precision;
 *   <li>otherwise the {@link Strategy#MEASURED} shift recomputed from the largest exact
 *       accumulation the check observed, with one bit of headroom;
 * </ol>
 *
 * then checks again, until no violation is left (at most {@link #MAX_ROUNDS} rounds).
 */
public final class OverflowGuard {
  public static final int MAX_ROUNDS = 8;

  private OverflowGuard() {}

  /** The safe plan, the figures of the first and of the last check, and what was changed. */
  public record Outcome(QuantizationPlan plan, SequenceCheck first, IntegerEvaluator.Check last, List<String> actions) {
    public boolean fellBack() {
      return !actions.isEmpty();
    }
  }

  /**
   * @param model the model the decoder will run (overfitted multipliers included); the plan is
   *     converted with explicit multipliers
   * @param orig the originals of {@code pictures}, for the PSNR of the last run
   */
  public static Outcome enforce(QuantizationPlan plan, NetworkStatistics stats, Model model, List<Picture> pictures,
      List<Picture> orig, int qp, int threads) {
    return enforce(plan, stats, model, pictures, orig, qp, threads, RunSink.NONE);
  }

  /** As above; {@code sink} receives the pictures of every check run, the last one of the safe plan. */
  public static Outcome enforce(QuantizationPlan plan, NetworkStatistics stats, Model model, List<Picture> pictures,
      List<Picture> orig, int qp, int threads, RunSink sink) {
    List<String> actions = new ArrayList<>();
    IntegerEvaluator.Check run = IntegerEvaluator.check(model, plan.toParams(model, true), pictures, orig, qp, threads, sink);
    SequenceCheck first = run.check();
    for (int round = 0; round < MAX_ROUNDS && run.check().totalViolations() > 0; round++) {
      SequenceCheck c = run.check();
      for (int l = 0; l < c.layerCount(); l++) {
        if (c.violations(l) == 0) {
          continue;
        }
        LayerPlan before = plan.layer(l);
        int qinBefore = plan.inputFrac(l);
        String how;
        try {
          plan = QuantizationPlanner.refit(plan, stats.layer(l), l, Strategy.WORST_CASE, 0);
          how = "worst-case shift";
        } catch (InfeasiblePlanException e) {
          double scale = Math.scalb(1.0, -(qinBefore + before.weightFrac()));
          LayerStatistics s = stats.layer(l);
          LayerStatistics observed = new LayerStatistics(s.fanIn(), s.maxAbsWeight(), s.meanAbsWeight(), s.maxAbsBias(),
              s.maxAbsMultiplier(), s.maxAbsSlope(), s.maxAbsInput(), Math.max(s.maxAbsAccumulation(), c.maxAbs(l) * scale),
              s.maxAbsOutput());
          plan = QuantizationPlanner.refit(plan, observed, l, Strategy.MEASURED, 1);
          how = "measured shift with one bit of headroom (the worst case does not fit " + before.accumulatorBits() + " bits)";
        }
        actions.add(String.format(Locale.ROOT,
            "layer %d: %d of %d accumulations exceeded %d bits (max |A*| %d) under %s; fell back to the %s: q_in %d -> %d, q_w %d -> %d",
            l, c.violations(l), c.accumulations(l), c.declaredBits(l), c.maxAbs(l), plan.strategy(), how,
            qinBefore, plan.inputFrac(l), before.weightFrac(), plan.layer(l).weightFrac()));
      }
      run = IntegerEvaluator.check(model, plan.toParams(model, true), pictures, orig, qp, threads, sink);
    }
    Preconditions.checkState(run.check().totalViolations() == 0,
        "accumulations still overflow after %s fall-back rounds:%n%s", MAX_ROUNDS, run.check().describe());
    return new Outcome(plan, first, run, List.copyOf(actions));
  }
}
