package org.nnpf.encoder.app;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntConsumer;
import org.nnpf.bitstream.carriage.Carriage;
import org.nnpf.bitstream.carriage.ExtractedAccessUnit;
import org.nnpf.bitstream.carriage.NnpfUnitExtractor;
import org.nnpf.bitstream.carriage.NnpfUnitInserter;
import org.nnpf.bitstream.filter.FilterSignalling;
import org.nnpf.bitstream.nal.NalCodec;
import org.nnpf.bitstream.nnpf.NnpfActivation;
import org.nnpf.bitstream.nnpf.NnpfMessage;
import org.nnpf.bitstream.nnpf.NnpfParameterSet;
import org.nnpf.bitstream.nnpf.PictureHashType;
import org.nnpf.bitstream.nnpf.PictureHasher;
import org.nnpf.common.NnpfException;
import org.nnpf.common.codec.BaseDecoder;
import org.nnpf.common.codec.BaseEncoder;
import org.nnpf.common.codec.CodedPictureInfo;
import org.nnpf.common.codec.DecodedPicture;
import org.nnpf.common.codec.EncodedStream;
import org.nnpf.common.codec.EncoderConfig;
import org.nnpf.common.codec.SliceType;
import org.nnpf.common.nn.ModelStore;
import org.nnpf.common.nn.integer.InferenceOptions;
import org.nnpf.common.nn.integer.IntegerInference;
import org.nnpf.common.nn.integer.IntegerNetwork;
import org.nnpf.common.nn.quant.QuantizationParams;
import org.nnpf.common.metrics.PicturePsnr;
import org.nnpf.common.picture.Picture;
import org.nnpf.encoder.overfit.OverfitConfig;
import org.nnpf.encoder.overfit.OverfitReport;
import org.nnpf.encoder.overfit.OverfitResult;
import org.nnpf.encoder.overfit.Overfitter;
import org.nnpf.encoder.quant.SequenceQuantizer;

/**
 * The encoding process: base coding, decoding of the base stream, per-sequence adaptation of the
 * post-filter (overfitting of its multipliers and determination of its quantization parameters),
 * integer post-filtering exactly as every decoder will do it, and insertion of the post-filter
 * units (parameter set, activation, picture hashes) into the base stream.
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
      boolean filterDecision) {
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

  /**
   * One picture of the result, in output order; {@code output} is what the decoder outputs (the
   * decoded picture when the filter is not applied to it).
   */
  public record PictureResult(
      int outputIndex, int codingIndex, SliceType sliceType, long baseBits, long filterBits,
      Picture original, Picture decoded, Picture output, boolean filtered) {}

  /** Everything the encoding produced and measured. */
  public record Result(
      byte[] stream,
      long baseBits,
      long filterBits,
      List<PictureResult> pictures,
      OverfitReport overfitReport,
      double baseEncodingSeconds,
      double adaptationSeconds,
      double inferenceSeconds) {}

  /** Progress of the long steps; {@code step} names it, the consumer gets pictures done. */
  public interface Listener {
    IntConsumer step(String step, int total);

    Listener NONE = (s, t) -> i -> {};
  }

  private NnpfEncoder() {}

  /**
   * Distortion for the filter decision: SSE weighted 6:1:1 over Y, Cb, Cr (the weighting of the
   * YUV BD-rate).
   */
  static double weightedSse(Picture original, Picture test) {
    PicturePsnr p = PicturePsnr.of(original, test);
    if (p.planeCount() == 1) {
      return p.sse(0);
    }
    return 6.0 * p.sse(0) + p.sse(1) + p.sse(2);
  }

  /** Encodes {@code originals} (in display order). */
  public static Result encode(Config cfg, List<Picture> originals, Listener listener) {
    if (originals.isEmpty()) {
      throw new NnpfException("no picture to encode");
    }
    long t0 = System.nanoTime();
    EncodedStream es;
    IntConsumer encProgress = listener.step("base encoding", originals.size());
    try (BaseEncoder enc = new BaseEncoder(cfg.base())) {
      int n = 0;
      for (Picture p : originals) {
        enc.encode(p);
        encProgress.accept(++n);
      }
      enc.flush();
      es = enc.result();
    }
    List<Picture> decoded = new ArrayList<>();
    try (BaseDecoder dec = new BaseDecoder(cfg.base().codec(), cfg.base().threads(), "base stream")) {
      java.util.function.Consumer<DecodedPicture> sink = d -> decoded.add(d.picture());
      byte[] b = es.bytes();
      dec.feed(b, 0, b.length, sink);
      dec.finish(sink);
    }
    if (decoded.size() != originals.size()) {
      throw new NnpfException("the base decoder output " + decoded.size() + " pictures for "
          + originals.size() + " coded");
    }
    double baseSeconds = (System.nanoTime() - t0) / 1e9;

    // coding order -> display order
    List<CodedPictureInfo> coded = es.pictures();
    int[] codingIndexOf = new int[originals.size()];
    SliceType[] sliceOf = new SliceType[originals.size()];
    long[] bitsOf = new long[originals.size()];
    for (CodedPictureInfo c : coded) {
      int d = (int) c.displayIndex();
      codingIndexOf[d] = c.codingIndex();
      sliceOf[d] = c.sliceType();
      bitsOf[d] = c.bits();
    }

    byte[] stream = es.bytes();
    List<Picture> outputs = decoded;
    OverfitReport report = null;
    double adaptSeconds = 0;
    double inferSeconds = 0;
    long[] filterBitsOf = new long[originals.size()];
    boolean[] filtered = new boolean[originals.size()];
    if (cfg.postFilter()) {
      int qp = cfg.base().qp();
      long t1 = System.nanoTime();
      ModelStore.Entry m = cfg.model();
      QuantizationParams params;
      if (cfg.overfit()) {
        OverfitResult r = Overfitter.overfit(m.model(), decoded, originals, qp, cfg.overfitConfig());
        params = r.params();
        report = r.report();
      } else {
        OverfitConfig oc = cfg.overfitConfig();
        SequenceQuantizer.Result r = SequenceQuantizer.determine(m.model(), decoded, originals, qp, oc.strategy(),
            oc.accumulatorBits(), oc.maxIntegerLossDb(), oc.calibrationPictures(), oc.threads());
        params = r.params();
      }
      NnpfParameterSet ps = FilterSignalling.toParameterSet(m.model(), m.file(), params, cfg.base().bitDepth(),
          new FilterSignalling.Options(cfg.filterId(), cfg.modelInBand(),
              cfg.inference().patchWidth(), cfg.inference().patchHeight()));
      // run exactly what a decoder reconstructs from the parameter set
      QuantizationParams signalled = FilterSignalling.toQuantizationParams(ps, m.model());
      adaptSeconds = (System.nanoTime() - t1) / 1e9;
      long t2 = System.nanoTime();
      outputs = new ArrayList<>(decoded.size());
      IntConsumer pfProgress = listener.step("post-filtering", decoded.size());
      try (IntegerInference inf = new IntegerInference(IntegerNetwork.quantize(m.model(), signalled), cfg.inference())) {
        for (int i = 0; i < decoded.size(); i++) {
          outputs.add(inf.apply(decoded.get(i), qp));
          pfProgress.accept(i + 1);
        }
      }
      inferSeconds = (System.nanoTime() - t2) / 1e9;

      // the encoder's decision: filter the pictures whose distortion the filter lowers
      boolean[] on = new boolean[outputs.size()];
      int onCount = 0;
      for (int d = 0; d < outputs.size(); d++) {
        on[d] = !cfg.filterDecision() || weightedSse(originals.get(d), outputs.get(d))
            < weightedSse(originals.get(d), decoded.get(d));
        if (on[d]) {
          onCount++;
        } else {
          outputs.set(d, decoded.get(d));
        }
      }
      filtered = on;
      Map<Integer, List<NnpfMessage>> messages = new HashMap<>();
      if (onCount > 0) {
        for (int d = 0; d < outputs.size(); d++) {
          List<NnpfMessage> au = messages.computeIfAbsent(codingIndexOf[d], k -> new ArrayList<>());
          if (onCount < outputs.size() && on[d]) {
            au.add(NnpfActivation.activate(cfg.filterId(), false, qp));
          }
          if (cfg.hashType() != null) {
            au.add(PictureHasher.hash(outputs.get(d), cfg.hashType()));
          }
        }
        List<NnpfMessage> first = messages.computeIfAbsent(0, k -> new ArrayList<>());
        if (onCount == outputs.size()) {
          first.add(0, NnpfActivation.activate(cfg.filterId(), true, qp));
        }
        first.add(0, ps);
      }
      NnpfUnitInserter inserter = new NnpfUnitInserter(NalCodec.of(cfg.base().codec()));
      stream = inserter.insert(es.bytes(), messages, cfg.carriage());
      // attribute the added bytes to access units: the difference of each AU's size
      long total = (long) (stream.length - es.bytes().length) * 8;
      List<ExtractedAccessUnit> aus = NnpfUnitExtractor.extractAll(stream, NalCodec.of(cfg.base().codec()));
      long[] perAu = new long[aus.size()];
      for (ExtractedAccessUnit au : aus) {
        perAu[au.index()] = au.bytes().length - au.baseBytes().length;
      }
      long sum = 0;
      for (int d = 0; d < outputs.size(); d++) {
        int ci = codingIndexOf[d];
        filterBitsOf[d] = ci < perAu.length ? perAu[ci] * 8 : 0;
        sum += filterBitsOf[d];
      }
      if (sum != total) {
        throw new IllegalStateException("post-filter bits per picture add up to " + sum + ", not " + total);
      }
    }
    List<PictureResult> pics = new ArrayList<>();
    for (int d = 0; d < originals.size(); d++) {
      pics.add(new PictureResult(d, codingIndexOf[d], sliceOf[d], bitsOf[d], filterBitsOf[d],
          originals.get(d), decoded.get(d), outputs.get(d), filtered[d]));
    }
    return new Result(stream, (long) es.bytes().length * 8, (long) (stream.length - es.bytes().length) * 8,
        pics, report, baseSeconds, adaptSeconds, inferSeconds);
  }
}
