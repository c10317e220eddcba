package org.nnpf.encoder.quant;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.quant.QuantizationParams;
import org.nnpf.common.picture.Picture;
import org.nnpf.training.PsnrMeter;

/**
 * Quantization-parameter determination for one sequence, end to end: statistics of the model on
 * all of the sequence's pictures ({@link NetworkStatistics}), bit allocation on evenly spaced
 * calibration pictures ({@link BitAllocator}, which plans with {@link QuantizationPlanner}), and
 * the overflow check of the integer decoder on every picture with fall-back ({@link
 * OverflowGuard}).
 */
public final class SequenceQuantizer {
  private SequenceQuantizer() {}

  /** Everything decided and measured. */
  public record Result(
      QuantizationPlan plan,
      QuantizationParams params,
      BitAllocator.Result allocation,
      OverflowGuard.Outcome guard,
      double[] floatPsnr,
      double[] integerPsnr) {
    /** Y-PSNR of float minus Y-PSNR of integer inference, dB. */
    public double integerLossDb() {
      return floatPsnr[0] - integerPsnr[0];
    }
  }

  /**
   * Determines the quantization of {@code model} for the sequence {@code recon} (decoded pictures)
   * against {@code orig}.
   *
   * @param thresholdDb largest integer-versus-float Y-PSNR loss the bit allocation accepts
   * @param calibrationPictures pictures for the bit allocation (evenly spaced)
   */
  public static Result determine(Model model, List<Picture> recon, List<Picture> orig, int qp, Strategy strategy,
      int accumulatorBits, double thresholdDb, int calibrationPictures, int threads) {
    return determine(model, recon, orig, qp, strategy, accumulatorBits, thresholdDb, calibrationPictures, threads, null);
  }

  /** As above; with {@code plan} not null, skips the bit allocation and only guards that plan. */
  public static Result determine(Model model, List<Picture> recon, List<Picture> orig, int qp, Strategy strategy,
      int accumulatorBits, double thresholdDb, int calibrationPictures, int threads, QuantizationPlan plan) {
    return determine(model, recon, orig, qp, strategy, accumulatorBits, thresholdDb, calibrationPictures, threads, plan,
        RunSink.NONE);
  }

  /**
   * As above; {@code sink} receives the integer pictures of the overflow guard's runs, the last of
   * which are those of the result's parameters on every picture.
   */
  public static Result determine(Model model, List<Picture> recon, List<Picture> orig, int qp, Strategy strategy,
      int accumulatorBits, double thresholdDb, int calibrationPictures, int threads, QuantizationPlan plan, RunSink sink) {
    Preconditions.checkArgument(recon.size() == orig.size() && !recon.isEmpty(), "picture counts %s and %s", recon.size(), orig.size());
    // one float pass: the network statistics, the float outputs' PSNR, and the calibration pictures' outputs
    List<Integer> idx = spaced(recon.size(), calibrationPictures);
    List<Picture> floatCalibration = new ArrayList<>();
    PsnrMeter.Average floatPsnr = new PsnrMeter.Average();
    NetworkStatistics stats = FloatPass.run(model, recon, qp, threads, (i, out) -> {
      floatPsnr.add(out, orig.get(i));
      if (idx.contains(i)) {
        floatCalibration.add(out);
      }
    });
    BitAllocator.Result alloc = null;
    if (plan == null) {
      alloc = BitAllocator.allocate(model, stats, strategy, accumulatorBits, pick(recon, idx), pick(orig, idx), floatCalibration,
          qp, thresholdDb, threads);
      plan = alloc.plan();
    }
    OverflowGuard.Outcome g = OverflowGuard.enforce(plan, stats, model, recon, orig, qp, threads, sink);
    return new Result(g.plan(), g.plan().toParams(model, true), alloc, g, floatPsnr.result(), g.last().psnr());
  }

  /** {@code n} indices evenly spaced over {@code [0, size)} (all when n >= size). */
  public static List<Integer> spaced(int size, int n) {
    List<Integer> r = new ArrayList<>();
    if (n >= size) {
      for (int i = 0; i < size; i++) {
        r.add(i);
      }
      return r;
    }
    for (int k = 0; k < n; k++) {
      r.add((int) ((2L * k + 1) * size / (2L * n)));
    }
    return r;
  }

  static <T> List<T> pick(List<T> l, List<Integer> idx) {
    List<T> r = new ArrayList<>();
    for (int i : idx) {
      r.add(l.get(i));
    }
    return r;
  }
}
