package org.nnpf.encoder.quant;

import java.util.ArrayList;
import java.util.List;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.integer.InferenceOptions;
import org.nnpf.common.nn.integer.IntegerInference;
import org.nnpf.common.nn.integer.IntegerNetwork;
import org.nnpf.common.nn.quant.QuantizationParams;
import org.nnpf.common.picture.Picture;
import org.nnpf.training.PsnrMeter;

/**
 * Runs the integer decoding process (the very code a decoder runs) on a sequence's pictures: in
 * checking mode the output pictures and the accumulator figures (violations counted exactly, by
 * {@link IntegerInference#runGuarded}: the scalar checking kernels run only for the layers of the
 * patches whose bound does not exclude a violation); otherwise only the outputs, with the fast
 * kernels.
 */
public final class IntegerEvaluator {
  private IntegerEvaluator() {}

  /** Output pictures and accumulator figures (null without checking) of one run. */
  public record Run(List<Picture> outputs, SequenceCheck check) {}

  /** A run in checking mode. */
  public static Run run(Model model, QuantizationParams params, List<Picture> pictures, int qp, int threads) {
    return run(model, params, pictures, qp, threads, true);
  }

  /**
   * The figures of a run over a whole sequence, which keeps no output picture: the average PSNR of
   * the outputs against {@code orig} (as {@link PsnrMeter#average}) and the accumulator figures.
   */
  public record Check(double[] psnr, SequenceCheck check) {}

  /** A run in checking mode over {@code pictures}, measured against {@code orig} picture by picture. */
  public static Check check(Model model, QuantizationParams params, List<Picture> pictures, List<Picture> orig, int qp,
      int threads) {
    return check(model, params, pictures, orig, qp, threads, RunSink.NONE);
  }

  /** As above, handing every picture's hypotheses to {@code sink} ({@link RunSink#begin} first). */
  public static Check check(Model model, QuantizationParams params, List<Picture> pictures, List<Picture> orig, int qp,
      int threads, RunSink sink) {
    IntegerNetwork net = IntegerNetwork.quantize(model, params);
    SequenceCheck check = SequenceCheck.empty(model.layerCount());
    PsnrMeter.Average psnr = new PsnrMeter.Average();
    sink.begin(net);
    try (IntegerInference inf = new IntegerInference(net, InferenceOptions.defaults().withThreads(threads))) {
      for (int i = 0; i < pictures.size(); i++) {
        IntegerInference.Result r = inf.runGuarded(pictures.get(i), qp);
        sink.accept(i, r.hypotheses());
        psnr.add(r.output(), orig.get(i));
        check = check.plus(r.report().orElseThrow());
      }
    }
    return new Check(psnr.result(), check);
  }

  public static Run run(Model model, QuantizationParams params, List<Picture> pictures, int qp, int threads, boolean checking) {
    IntegerNetwork net = IntegerNetwork.quantize(model, params);
    List<Picture> out = new ArrayList<>();
    SequenceCheck check = checking ? SequenceCheck.empty(model.layerCount()) : null;
    try (IntegerInference inf = new IntegerInference(net, InferenceOptions.defaults().withThreads(threads))) {
      for (Picture p : pictures) {
        // violations counted exactly; the fast kernels run wherever the layer's bound excludes them
        IntegerInference.Result r = checking ? inf.runGuarded(p, qp) : inf.run(p, qp);
        out.add(r.output());
        if (checking) {
          check = check.plus(r.report().orElseThrow());
        }
      }
    }
    return new Run(out, check);
  }
}
