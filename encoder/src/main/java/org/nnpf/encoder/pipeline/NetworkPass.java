package org.nnpf.encoder.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;
import org.nnpf.common.io.PictureStore;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.integer.InferenceOptions;
import org.nnpf.common.nn.integer.IntegerInference;
import org.nnpf.common.nn.integer.IntegerNetwork;
import org.nnpf.common.nn.quant.QuantizationParams;
import org.nnpf.common.picture.Picture;

/** The integer network over the sequence, exactly as a decoder runs it; its pictures kept in temporary files. */
public final class NetworkPass {
  private NetworkPass() {}

  /**
   * {@code pictures} through the integer post-filter of {@code model} with {@code params}, as a
   * decoder runs it; the outputs are kept in a store of {@code owner}.
   */
  public static List<Picture> filterSequence(Model model, QuantizationParams params, List<Picture> pictures, int qp,
      InferenceOptions options, IntConsumer progress, Resources owner) {
    return filterHypotheses(model, params, pictures, qp, options, progress, owner).get(0);
  }

  /**
   * As {@link #filterSequence}, with every hypothesis picture of each picture: one list per
   * hypothesis (hypothesis 0, the output, first; one for a model of one hypothesis).
   */
  public static List<List<Picture>> filterHypotheses(Model model, QuantizationParams params, List<Picture> pictures, int qp,
      InferenceOptions options, IntConsumer progress, Resources owner) {
    return run(model, params, pictures, qp, options, progress, owner, false).hypotheses();
  }

  /** The hypothesis pictures of a checked run and the accumulations it found outside the declared precision. */
  public record Checked(List<List<Picture>> hypotheses, long violations) {}

  /**
   * As {@link #filterHypotheses}, counting the accumulations outside each layer's declared precision
   * exactly ({@link IntegerInference#runGuarded}: the fast kernels wherever the bound excludes one);
   * a network with violations is not one a conforming stream may signal.
   */
  public static Checked checkedHypotheses(Model model, QuantizationParams params, List<Picture> pictures, int qp,
      InferenceOptions options, IntConsumer progress, Resources owner) {
    return run(model, params, pictures, qp, options, progress, owner, true);
  }

  private static Checked run(Model model, QuantizationParams params, List<Picture> pictures, int qp,
      InferenceOptions options, IntConsumer progress, Resources owner, boolean checked) {
    PictureStore[] h = new PictureStore[model.hypotheses()];
    for (int k = 0; k < h.length; k++) {
      h[k] = owner.store("pictures of hypothesis " + k);
    }
    long violations = 0;
    try (IntegerInference inf = new IntegerInference(IntegerNetwork.quantize(model, params), options)) {
      int n = 0;
      for (Picture p : pictures) {
        IntegerInference.Result r = checked ? inf.runGuarded(p, qp) : inf.run(p, qp);
        if (checked) {
          violations += r.report().orElseThrow().totalViolations();
        }
        for (int k = 0; k < h.length; k++) {
          h[k].add(r.hypotheses().get(k));
        }
        progress.accept(++n);
      }
    }
    List<List<Picture>> out = new ArrayList<>();
    for (PictureStore s : h) {
      out.add(s.pictures());
    }
    return new Checked(out, violations);
  }

  /** Picture {@code i} of every hypothesis list of {@link #filterHypotheses}. */
  public static List<Picture> hypothesesOf(List<List<Picture>> hypotheses, int i) {
    List<Picture> r = new ArrayList<>(hypotheses.size());
    for (List<Picture> h : hypotheses) {
      r.add(h.get(i));
    }
    return r;
  }
}
