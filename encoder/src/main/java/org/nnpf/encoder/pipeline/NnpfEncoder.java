package org.nnpf.encoder.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntConsumer;
import org.nnpf.bitstream.carriage.Carriage;
import org.nnpf.bitstream.nnpf.PictureHashType;
import org.nnpf.common.NnpfException;
import org.nnpf.common.codec.EncoderConfig;
import org.nnpf.common.codec.SliceType;
import org.nnpf.common.io.PictureStore;
import org.nnpf.common.nn.ModelStore;
import org.nnpf.common.nn.integer.InferenceOptions;
import org.nnpf.common.picture.Picture;
import org.nnpf.encoder.overfit.OverfitConfig;
import org.nnpf.encoder.overfit.OverfitReport;
import org.nnpf.encoder.refine.RefinementTool;

/**
 * The encoding process, as a pipeline of passes over the sequence (docs/encoder.md):
 *
 * <ol>
 *   <li>{@link BaseCodingPass}: base coding and decoding;
 *   <li>{@link AdaptationPass}: overfitting and quantization parameters;
 *   <li>{@link LambdaPass}: the Lagrange multiplier, measured on the sequence;
 *   <li>{@link DecisionPass}: every candidate run as a decoder will ({@link NetworkPass}), with its
 *       refined form ({@link RefinementPass}), and the rate-distortion choice;
 *   <li>{@link BlockMapPass}: the output pictures, block maps and picture hashes;
 *   <li>{@link SignallingPass}: the post-filter units into the base stream.
 * </ol>
 *
 * <p>Pictures needed by more than one pass live in temporary files ({@link Resources}), so that
 * memory does not grow with the number of pictures.
 */
public final class NnpfEncoder {

  /** What to do. */
  public record Config(
      EncoderConfig base,
      boolean postFilter,
      boolean overfit,
      Carriage carriage,
      OverfitConfig overfitConfig,
      InferenceOptions inference,
      PictureHashType hashType,
      ModelStore.Entry model,
      boolean modelInBand,
      int filterId,
      boolean filterDecision,
      Set<RefinementTool> refine,
      boolean blockMaps) {
    public Config {
      Objects.requireNonNull(base);
      Objects.requireNonNull(carriage);
      Objects.requireNonNull(overfitConfig);
      Objects.requireNonNull(inference);
      if (postFilter) {
        Objects.requireNonNull(model, "model");
      }
    }
  }

  /** One picture of the result, in output order. */
  public record PictureResult(
      int outputIndex, int codingIndex, SliceType sliceType, long baseBits, long filterBits, boolean filtered) {}

  /**
   * Everything the encoding produced and measured. {@code decoded} and {@code outputs} (what the
   * decoder outputs: the decoded picture where the filter is not applied) are in output order and
   * kept in temporary files, not in memory ({@link PictureStore}): close the result to delete them.
   */
  public record Result(
      byte[] stream,
      long baseBits,
      long filterBits,
      List<PictureResult> pictures,
      List<Picture> decoded,
      List<Picture> outputs,
      OverfitReport overfitReport,
      double lambda,
      String decision,
      double baseEncodingSeconds,
      double adaptationSeconds,
      double inferenceSeconds,
      Resources resources) implements AutoCloseable {
    @Override
    public void close() {
      resources.close();
    }
  }

  /** Progress of the long steps; {@code step} names it, the consumer gets pictures done. */
  public interface Listener {
    IntConsumer step(String step, int total);

    Listener NONE = (s, t) -> i -> {};
  }

  private NnpfEncoder() {}

  /**
   * Encodes {@code originals} (in display order; a {@link PictureStore}'s view keeps them out of
   * memory). The pictures of the result are in temporary files until it is closed.
   */
  public static Result encode(Config cfg, List<Picture> originals, Listener listener) {
    if (originals.isEmpty()) {
      throw new NnpfException("no picture to encode");
    }
    Resources owned = new Resources();
    try {
      return encode(cfg, originals, listener, owned);
    } catch (RuntimeException | Error e) {
      owned.close();
      throw e;
    }
  }

  /** The passes in order (docs/encoder.md; docs/architecture.md 4). */
  private static Result encode(Config cfg, List<Picture> originals, Listener listener, Resources owned) {
    BaseCodingPass.Result base = BaseCodingPass.run(cfg.base(), originals,
        listener.step("base encoding", originals.size()), owned);
    List<Picture> decoded = base.decoded();
    byte[] esBytes = base.stream().bytes();
    int n = originals.size();
    if (!cfg.postFilter()) {
      return result(base, esBytes, decoded, new long[n], new boolean[n], null, 0, "no post-filter", 0, 0, owned);
    }
    // the decision's lambda first: the overfitting's trial weighs its projected gain with it
    long tl = System.nanoTime();
    double lambda = cfg.filterDecision() ? LambdaPass.measuredLambda(cfg.base(), originals)
        : LambdaPass.lambda(cfg.base().qp(), cfg.base().bitDepth());
    double lambdaSeconds = (System.nanoTime() - tl) / 1e9;
    AdaptationPass.Result adapted = AdaptationPass.run(cfg, decoded, originals, cfg.filterDecision() ? lambda : 0, owned);

    long t2 = System.nanoTime() - (long) (lambdaSeconds * 1e9);
    DecisionPass.Result chosen = DecisionPass.run(cfg, originals, decoded, adapted.params(), adapted.baseParams(), lambda,
        adapted.runs(), listener);
    adapted.discardRuns();
    double inferSeconds = (System.nanoTime() - t2) / 1e9;

    BlockMapPass.Result outputs;
    try (Resources candidateFiles = chosen.bestFiles()) {
      outputs = BlockMapPass.run(cfg, originals, decoded, chosen.best().filtered(), chosen.on(), chosen.onCount(),
          base.codingIndexOf(), lambda, owned);
    }
    SignallingPass.Result signalled = SignallingPass.run(cfg, base.stream(), outputs.outputs(), chosen.best(), chosen.on(),
        chosen.onCount(), outputs.maps(), outputs.hashes(), base.codingIndexOf());
    return result(base, signalled.stream(), outputs.outputs(), signalled.filterBitsOf(), chosen.on(), adapted.report(),
        lambda, chosen.decision() + outputs.log(), adapted.seconds(), inferSeconds, owned);
  }

  private static Result result(BaseCodingPass.Result base, byte[] stream, List<Picture> outputs, long[] filterBitsOf,
      boolean[] filtered, OverfitReport report, double lambda, String decision, double adaptSeconds, double inferSeconds,
      Resources owned) {
    List<PictureResult> pics = new ArrayList<>();
    for (int d = 0; d < outputs.size(); d++) {
      pics.add(new PictureResult(d, base.codingIndexOf()[d], base.sliceOf()[d], base.bitsOf()[d], filterBitsOf[d],
          filtered[d]));
    }
    long baseBits = (long) base.stream().bytes().length * 8;
    return new Result(stream, baseBits, (long) stream.length * 8 - baseBits, pics, base.decoded(), outputs, report, lambda,
        decision, base.seconds(), adaptSeconds, inferSeconds, owned);
  }
}
