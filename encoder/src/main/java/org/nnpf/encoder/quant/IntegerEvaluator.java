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
 * Runs the integer decoding process (the very code a decoder runs) on a sequence's pictures in
 * checking mode: the output pictures and the accumulator figures.
 */
public final class IntegerEvaluator {
  private IntegerEvaluator() {}

  /** Output pictures and accumulator figures of one run. */
  public record Run(List<Picture> outputs, SequenceCheck check) {}

  public static Run run(Model model, QuantizationParams params, List<Picture> pictures, int qp, int threads) {
    IntegerNetwork net = IntegerNetwork.quantize(model, params);
    List<Picture> out = new ArrayList<>();
    SequenceCheck check = SequenceCheck.empty(model.layerCount());
    try (IntegerInference inf = new IntegerInference(net, InferenceOptions.defaults().withThreads(threads).withChecking(true))) {
      for (Picture p : pictures) {
        IntegerInference.Result r = inf.run(p, qp);
        out.add(r.output());
        check = check.plus(r.report().orElseThrow());
      }
    }
    return new Run(out, check);
  }
}
