package org.nnpf.encoder.quant;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.nnpf.common.nn.Model;
import org.nnpf.common.picture.Picture;
import org.nnpf.training.PsnrMeter;

/**
 * Chooses 8 or 16 bits for every tensor (input, each layer's weights and output) from test data
 * (method.md, section 1, item 4): starting with every tensor at 8 bits, it measures the
 * integer-versus-float loss {@code L = Y-PSNR(float) - Y-PSNR(integer)} on the calibration
 * pictures; if L is above the threshold it measures each tensor's sensitivity (the loss with only
 * that tensor at 16 bits), then upgrades tensors to 16 bits in order of decreasing benefit,
 * re-measuring L after each, until L is at most the threshold (or every tensor has 16 bits). An
 * allocation for which no plan exists ({@link InfeasiblePlanException}) counts as an infinite loss.
 * Each measurement runs the integer decoder (fast vector kernels, no checking mode); the chosen plan
 * is then made safe by the {@link OverflowGuard} on every picture ({@link SequenceQuantizer}), which
 * reports the final loss.
 */
public final class BitAllocator {
  private BitAllocator() {}

  /** The chosen plan, its loss, and the log of measurements. */
  public record Result(QuantizationPlan plan, double lossDb, int evaluations, List<String> log) {}

  public static Result allocate(
      Model model,
      NetworkStatistics stats,
      Strategy strategy,
      int accumulatorBits,
      List<Picture> recon,
      List<Picture> orig,
      List<Picture> floatOutput,
      int qp,
      double thresholdDb,
      int threads) {
    Preconditions.checkArgument(recon.size() == orig.size() && recon.size() == floatOutput.size() && !recon.isEmpty(), "picture counts");
    double floatPsnr = PsnrMeter.average(floatOutput, orig)[0];
    Evaluator ev = new Evaluator(model, stats, strategy, accumulatorBits, recon, orig, qp, floatPsnr, threads);
    List<String> log = new ArrayList<>();
    TensorBitAllocation alloc = TensorBitAllocation.uniform(model.layerCount(), 8);
    Evaluation cur = ev.evaluate(alloc);
    log.add(String.format(Locale.ROOT, "all 8-bit: loss %s", fmt(cur.loss)));
    if (cur.loss > thresholdDb) {
      record Candidate(int tensor, double benefit) {}
      List<Candidate> cands = new ArrayList<>();
      for (int t = 0; t < alloc.tensorCount(); t++) {
        Evaluation e = ev.evaluate(alloc.with(t, 16));
        double benefit = Double.isInfinite(cur.loss) && Double.isInfinite(e.loss) ? 0 : cur.loss - e.loss;
        cands.add(new Candidate(t, Double.isNaN(benefit) ? 0 : benefit));
        log.add(String.format(Locale.ROOT, "sensitivity %s: loss %s with 16 bits", TensorBitAllocation.tensorName(t), fmt(e.loss)));
      }
      cands.sort(Comparator.comparingDouble((Candidate c) -> -c.benefit).thenComparingInt(Candidate::tensor));
      for (Candidate c : cands) {
        alloc = alloc.with(c.tensor, 16);
        cur = ev.evaluate(alloc);
        log.add(String.format(Locale.ROOT, "upgrade %s to 16 bits: loss %s", TensorBitAllocation.tensorName(c.tensor), fmt(cur.loss)));
        if (cur.loss <= thresholdDb) {
          break;
        }
      }
    }
    if (cur.plan == null) {
      throw new InfeasiblePlanException(-1, "no bit allocation gives a " + strategy + " plan within " + accumulatorBits
          + "-bit accumulators: " + log.get(log.size() - 1));
    }
    return new Result(cur.plan, cur.loss, ev.count, List.copyOf(log));
  }

  private static String fmt(double l) {
    return Double.isInfinite(l) ? "infeasible" : String.format(Locale.ROOT, "%.4f dB", l);
  }

  private record Evaluation(QuantizationPlan plan, double loss) {}

  /** Plans, guards and measures one allocation. */
  private static final class Evaluator {
    private final Model model;
    private final NetworkStatistics stats;
    private final Strategy strategy;
    private final int accumulatorBits;
    private final List<Picture> recon;
    private final List<Picture> orig;
    private final int qp;
    private final double floatPsnr;
    private final int threads;
    int count;

    Evaluator(Model model, NetworkStatistics stats, Strategy strategy, int accumulatorBits, List<Picture> recon, List<Picture> orig,
        int qp, double floatPsnr, int threads) {
      this.model = model;
      this.stats = stats;
      this.strategy = strategy;
      this.accumulatorBits = accumulatorBits;
      this.recon = recon;
      this.orig = orig;
      this.qp = qp;
      this.floatPsnr = floatPsnr;
      this.threads = threads;
    }

    Evaluation evaluate(TensorBitAllocation a) {
      count++;
      QuantizationPlan p;
      try {
        p = QuantizationPlanner.plan(stats, a, strategy, accumulatorBits);
      } catch (InfeasiblePlanException e) {
        return new Evaluation(null, Double.POSITIVE_INFINITY);
      }
      IntegerEvaluator.Run run = IntegerEvaluator.run(model, p.toParams(model, true), recon, qp, threads, false);
      double intPsnr = PsnrMeter.average(run.outputs(), orig)[0];
      return new Evaluation(p, floatPsnr - intPsnr);
    }
  }
}
