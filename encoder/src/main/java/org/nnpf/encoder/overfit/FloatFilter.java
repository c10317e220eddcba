package org.nnpf.encoder.overfit;

import java.util.List;
import org.nnpf.common.picture.Picture;
import org.nnpf.encoder.quant.FloatPass;
import org.nnpf.training.TrainableModel;

/**
 * Float filtering with the trainable graph (vectorised, one picture per thread, patch by patch in
 * bounded memory with the values of whole-picture filtering: {@link FloatPass}): the same values as
 * {@link org.nnpf.common.nn.fp.FloatInference} up to float rounding, faster. With fake quantizers
 * set on the graph it computes the quantization-aware model.
 */
public final class FloatFilter {
  private FloatFilter() {}

  public static List<Picture> apply(TrainableModel tm, List<Picture> recon, int qp, int threads) {
    Picture[] out = new Picture[recon.size()];
    FloatPass.outputs(tm, recon, qp, threads, (i, p) -> out[i] = p);
    return List.of(out);
  }
}
