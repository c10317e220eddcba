package org.nnpf.encoder.quant;

import java.util.ArrayList;
import java.util.List;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.integer.InferenceOptions;
import org.nnpf.common.nn.integer.IntegerInference;
import org.nnpf.common.nn.integer.IntegerNetwork;
import org.nnpf.common.nn.quant.QuantizationParams;
import org.nnpf.common.picture.Picture;

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
