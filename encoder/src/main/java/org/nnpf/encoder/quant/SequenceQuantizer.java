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
 * the sequence's pictures (all of them up to {@link #STATISTICS_AREA} luma samples, else a bounded
 * sample: {@link #statisticsPictures}; {@link NetworkStatistics}), bit allocation on evenly spaced
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
    Measured m = measure(model, recon, orig, qp, strategy, accumulatorBits, thresholdDb, calibrationPictures, threads,
        plan == null);
    QuantizationPlan p = plan == null ? m.alloc().plan() : plan;
    OverflowGuard.Outcome g = OverflowGuard.enforce(p, m.stats(), model, recon, orig, qp, threads, sink);
    return new Result(g.plan(), g.plan().toParams(model, true), m.alloc(), g, m.floatPsnr(), g.last().psnr());
  }

  /**
   * The bit allocation alone (statistics on every picture, the allocation on the calibration
   * pictures), without the overflow check on every picture: a plan for the quantization-aware
   * training phase, which a later {@link #determine} with that plan makes safe.
   */
  public static BitAllocator.Result allocate(Model model, List<Picture> recon, List<Picture> orig, int qp, Strategy strategy,
      int accumulatorBits, double thresholdDb, int calibrationPictures, int threads) {
    return measure(model, recon, orig, qp, strategy, accumulatorBits, thresholdDb, calibrationPictures, threads, true)
        .alloc();
  }

  private record Measured(NetworkStatistics stats, double[] floatPsnr, BitAllocator.Result alloc) {}

  /** The float pass (statistics, float PSNR) and, if {@code allocate}, the bit allocation. */
  private static Measured measure(Model model, List<Picture> recon, List<Picture> orig, int qp, Strategy strategy,
      int accumulatorBits, double thresholdDb, int calibrationPictures, int threads, boolean allocate) {
    Preconditions.checkArgument(recon.size() == orig.size() && !recon.isEmpty(), "picture counts %s and %s", recon.size(), orig.size());
    // one float pass over the statistics pictures: the network statistics, the float outputs' PSNR,
    // and the calibration pictures' outputs (the calibration pictures are statistics pictures)
    List<Integer> idx = spaced(recon.size(), calibrationPictures);
    List<Integer> statIdx = statisticsPictures(recon.size(), recon.get(0).width(), recon.get(0).height(), idx);
    boolean windows = allocate && (long) recon.get(0).width() * recon.get(0).height() > CALIBRATION_AREA;
    List<Picture> floatCalibration = new ArrayList<>();
    PsnrMeter.Average floatPsnr = new PsnrMeter.Average();
    NetworkStatistics stats = FloatPass.run(model, pick(recon, statIdx), qp, threads, (k, out) -> {
      int i = statIdx.get(k);
      floatPsnr.add(out, orig.get(i));
      if (allocate && idx.contains(i) && !windows) {
        floatCalibration.add(out);
      }
    });
    BitAllocator.Result alloc = null;
    if (allocate) {
      List<Picture> calRecon = pick(recon, idx);
      List<Picture> calOrig = pick(orig, idx);
      if (windows) {
        // large pictures: the bit allocation measures on a window of each calibration picture, so
        // that its cost does not grow with the picture size
        calRecon = calibrationWindows(calRecon);
        calOrig = calibrationWindows(calOrig);
        List<Picture> out = floatCalibration;
        FloatPass.outputs(org.nnpf.training.TrainableModel.floatOnly(model), calRecon, qp, threads, (i, p) -> out.add(p));
      }
      alloc = BitAllocator.allocate(model, stats, strategy, accumulatorBits, calRecon, calOrig, floatCalibration,
          qp, thresholdDb, threads);
    }
    return new Measured(stats, floatPsnr.result(), alloc);
  }

  /**
   * Luma samples the float pass of the statistics covers at most (32 pictures of 832x480, the
   * largest sequences of ../shared/data/eval), unless that is fewer than {@link
   * #MIN_STATISTICS_PICTURES} pictures.
   */
  public static final long STATISTICS_AREA = 32L * 832 * 480;

  /** Pictures the statistics cover at least (all of a shorter sequence). */
  public static final int MIN_STATISTICS_PICTURES = 16;

  /**
   * The pictures whose float pass gives the network statistics (docs/encoder.md, "Quantization"):
   * every picture while the sequence has at most {@link #STATISTICS_AREA} luma samples; otherwise
   * {@code max(16, STATISTICS_AREA / (width x height))} pictures evenly spaced, plus the calibration
   * pictures {@code calibration}, in increasing order. A bounded sample, so that the pass's time per
   * picture falls with the sequence's length; the overflow check still runs on every picture.
   */
  public static List<Integer> statisticsPictures(int size, int width, int height, List<Integer> calibration) {
    long area = (long) width * height;
    if ((long) size * area <= STATISTICS_AREA) {
      return spaced(size, size);
    }
    int n = (int) Math.max(MIN_STATISTICS_PICTURES, STATISTICS_AREA / area);
    java.util.TreeSet<Integer> s = new java.util.TreeSet<>(spaced(size, n));
    s.addAll(calibration);
    return List.copyOf(s);
  }

  /**
   * Luma samples of a calibration picture at most (832x480, the size of the largest sequences the
   * encoder was tuned on): the bit allocation of a larger picture measures on a window of it.
   */
  public static final long CALIBRATION_AREA = 832L * 480;

  /**
   * The bit allocation's windows of the calibration pictures {@code pics} (docs/encoder.md,
   * "Quantization"): pictures of at most {@link #CALIBRATION_AREA} luma samples whole; larger ones
   * the window of the picture's aspect ratio and at most that area (sizes and positions multiples of
   * 8), window {@code k} of {@code n} at the fraction {@code (2k+1)/2n} of the free width and height
   * (along the diagonal, so that the windows see different parts of the scene).
   */
  public static List<Picture> calibrationWindows(List<Picture> pics) {
    List<Picture> r = new ArrayList<>();
    for (int k = 0; k < pics.size(); k++) {
      Picture p = pics.get(k);
      long area = (long) p.width() * p.height();
      if (area <= CALIBRATION_AREA) {
        r.add(p);
        continue;
      }
      double s = Math.sqrt((double) CALIBRATION_AREA / area);
      int w = Math.max(8, (int) (p.width() * s) & ~7);
      int h = Math.max(8, (int) (p.height() * s) & ~7);
      double f = (2.0 * k + 1) / (2.0 * pics.size());
      int x = (int) ((p.width() - w) * f) & ~7;
      int y = (int) ((p.height() - h) * f) & ~7;
      r.add(p.crop(x, y, w, h));
    }
    return r;
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

  /**
   * The elements {@code idx} of {@code l}, as a view: an element is got from {@code l} when asked
   * for, so that a {@code PictureStore}'s pictures stay in their file.
   */
  static <T> List<T> pick(List<T> l, List<Integer> idx) {
    List<Integer> at = List.copyOf(idx);
    return new java.util.AbstractList<>() {
      @Override
      public T get(int k) {
        return l.get(at.get(k));
      }

      @Override
      public int size() {
        return at.size();
      }
    };
  }
}
