package org.nnpf.decoder;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.nnpf.bitstream.BitstreamException;
import org.nnpf.bitstream.carriage.ExtractedAccessUnit;
import org.nnpf.bitstream.carriage.NnpfDecoderState;
import org.nnpf.bitstream.carriage.NnpfUnitExtractor;
import org.nnpf.bitstream.carriage.PictureDecision;
import org.nnpf.bitstream.filter.FilterSignalling;
import org.nnpf.bitstream.nal.NalCodec;
import org.nnpf.bitstream.nnpf.ModelReference;
import org.nnpf.bitstream.nnpf.NnpfParameterSet;
import org.nnpf.bitstream.nnpf.NnpfPictureHash;
import org.nnpf.bitstream.nnpf.PictureHasher;
import org.nnpf.bitstream.nnpf.SampleFormat;
import org.nnpf.bitstream.nnpf.TensorOrder;
import org.nnpf.common.NnpfException;
import org.nnpf.common.codec.BaseCodec;
import org.nnpf.common.codec.BaseDecoder;
import org.nnpf.common.codec.DecodedPicture;
import org.nnpf.common.codec.SliceType;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.ModelStore;
import org.nnpf.common.nn.integer.AccumulatorReport;
import org.nnpf.common.nn.integer.InferenceOptions;
import org.nnpf.common.nn.integer.IntegerInference;
import org.nnpf.common.nn.integer.IntegerNetwork;
import org.nnpf.common.nn.quant.QuantizationParams;
import org.nnpf.common.nn.refine.Refinement;
import org.nnpf.common.nn.refine.RefinementProcess;
import org.nnpf.common.picture.Picture;

/**
 * The decoding process of a stream with NN post-filter units (docs/bitstream-syntax.md, "Decoding
 * process"): access units are split and their post-filter units parsed, the base units go to the
 * base decoder unchanged, and every picture it outputs is post-filtered with the parameter set the
 * activation in force at its access unit names, by the integer inference of
 * docs/integer-inference.md. When the access unit carries a picture hash, the output picture is
 * checked against it.
 *
 * <p>Pictures are delivered in output order. The output does not depend on thread counts, patch
 * sizes or the inference kernel.
 */
public final class NnpfDecoder implements AutoCloseable {

  /** Decoder options. */
  public record Options(int baseThreads, InferenceOptions inference, boolean postFilter) {
    public static Options defaults() {
      return new Options(1, InferenceOptions.defaults(), true);
    }
  }

  /** The result of checking one output picture against its signalled hash. */
  public record HashCheck(String type, String expected, String actual) {
    public boolean ok() {
      return expected.equals(actual);
    }
  }

  /**
   * One output picture.
   *
   * @param outputIndex position in output order
   * @param accessUnitIndex the access unit it was decoded from (decoding order)
   * @param decoded the base decoder's picture
   * @param output the picture the decoder outputs: post-filtered, or the decoded picture when no
   *     filter applies or post-filtering is off
   * @param filterId the id of the parameter set applied, -1 if none
   * @param hashCheck the check of {@code output} against the access unit's hash, when there is one
   *     and it describes {@code output} (not with post-filtering off on a filtered picture)
   * @param accumulators in checking mode ({@link InferenceOptions#checking()}), what the
   *     accumulations of the filter applied to this picture did (docs/integer-inference.md section
   *     5); empty when no filter ran or checking is off
   */
  public record OutputPicture(
      int outputIndex,
      int accessUnitIndex,
      SliceType sliceType,
      Picture decoded,
      Picture output,
      int filterId,
      Optional<HashCheck> hashCheck,
      Optional<AccumulatorReport> accumulators) {
    public boolean filtered() {
      return filterId >= 0;
    }
  }

  private final BaseCodec codec;
  private final ModelStore models;
  private final Options options;
  private final String inputName;
  private final Map<NnpfParameterSet, IntegerInference> filters = new IdentityHashMap<>();
  private final Map<Integer, PictureDecision> pending = new HashMap<>();
  private final List<String> notices = new java.util.ArrayList<>();
  private Consumer<String> noticeSink = n -> {};
  private long filterNanos;

  public NnpfDecoder(BaseCodec codec, ModelStore models, Options options, String inputName) {
    this.codec = codec;
    this.models = models;
    this.options = options;
    this.inputName = inputName;
  }

  /**
   * Where reports of post-filter messages the decoder ignores go (H.274 NNPFC / NNPFA it cannot
   * apply: reserved values, an unknown format, a model it does not hold), one line each, as they
   * are found; they are also kept ({@link #notices()}).
   */
  public NnpfDecoder onNotice(Consumer<String> sink) {
    this.noticeSink = java.util.Objects.requireNonNull(sink);
    return this;
  }

  /** Every report of an ignored message so far. */
  public List<String> notices() {
    return List.copyOf(notices);
  }

  /** Whether this decoder holds the model {@code ref} names (in-band models are always held). */
  private boolean holds(ModelReference ref) {
    if (ref.isInBand()) {
      return true;
    }
    for (ModelStore.Entry e : models.entries()) {
      if (ref.matches(e.file())) {
        return true;
      }
    }
    return false;
  }

  /** Nanoseconds spent in post-filter inference so far. */
  public long filterNanos() {
    return filterNanos;
  }

  /**
   * Decodes a whole Annex-B stream; output pictures go to {@code out} in output order.
   *
   * @throws NnpfException (a {@link BitstreamException} for malformed post-filter units) naming
   *     the input and where decoding failed
   */
  public void decode(byte[] stream, Consumer<OutputPicture> out) {
    NnpfDecoderState state = new NnpfDecoderState(this::holds);
    boolean anyUnits = false;
    try (BaseDecoder base = new BaseDecoder(codec, options.baseThreads(), inputName)) {
      Consumer<DecodedPicture> sink = d -> out.accept(postFilter(d));
      NnpfUnitExtractor units = new NnpfUnitExtractor(stream, NalCodec.of(codec));
      while (units.hasNext()) {
        ExtractedAccessUnit au = units.next();
        PictureDecision decision = state.accept(au);
        for (String n : state.drainNotes()) {
          notices.add(n);
          noticeSink.accept(n);
        }
        anyUnits |= !au.nnpfUnits().isEmpty();
        pending.put(au.index(), decision);
        byte[] bytes = au.baseBytes();
        base.feedAccessUnit(bytes, au.index(), sink);
      }
      base.finish(sink);
    } catch (BitstreamException e) {
      throw new BitstreamException(e.syntaxElement(), e.byteOffset(), e.bitOffset(),
          inputName + (e.context() == null || e.context().isEmpty() ? "" : ", " + e.context()), e.detail());
    }
    if (!pending.isEmpty() && anyUnits && options.postFilter()) {
      // field pictures: the base decoder outputs one frame for the two access units of a field pair
      throw new NnpfException(inputName + ": " + pending.size() + " access units produced no output picture of their own"
          + " (first: " + pending.keySet().stream().min(Integer::compare).get() + "): the stream codes field pictures,"
          + " which the base decoder outputs as frames of two fields, and it carries post-filter units; the post-filter"
          + " does not apply to field-coded content (docs/bitstream-syntax.md section 6.2). Decode it with --no-postfilter");
    }
    pending.clear();
  }

  private OutputPicture postFilter(DecodedPicture d) {
    int au = (int) d.pts();
    PictureDecision decision = pending.remove(au);
    if (decision == null) {
      throw new NnpfException(inputName + ": output picture " + d.outputIndex()
          + " comes from no known access unit (" + au + ")");
    }
    Picture decoded = d.picture();
    Picture output = decoded;
    int filterId = -1;
    Optional<AccumulatorReport> accumulators = Optional.empty();
    if (decision.filtered()) {
      filterId = decision.targetId();
      if (options.postFilter()) {
        PictureDecision.Offsets at = decision.offsets();
        IntegerInference f = decision.filter().isPresent()
            ? located(at.parameterSet(), () -> filterFor(decision.filter().get(), decoded)) : null;
        Optional<Refinement> refinement = decision.refinement();
        int networkHypotheses = f == null ? 0 : f.network().model().hypotheses();
        refinement.ifPresent(r -> located(at.refinementSet(), () -> {
          checkRefinement(r, decoded, networkHypotheses, decision.targetId(), au);
          return null;
        }));
        int aux = decision.auxValue().orElse(0);
        long t0 = System.nanoTime();
        List<Picture> hypotheses = List.of();
        if (f != null && (refinement.isEmpty() || refinement.get().usesNetwork())) {
          IntegerInference.Result r = f.run(decoded, aux);
          output = r.output();
          accumulators = r.report();
          hypotheses = r.hypotheses();
        }
        if (refinement.isPresent()) {
          output = RefinementProcess.apply(decoded, hypotheses, refinement.get());
        }
        if (decision.blockMap().isPresent()) {
          try {
            output = decision.blockMap().get().apply(decoded, output);
          } catch (IllegalArgumentException e) {
            throw new BitstreamException(e.getMessage().contains("components") ? "nbm_chroma_present_flag" : "nbm_num_runs_minus1",
                Math.max(0, at.blockMap()), 0, "stream, the block map message of access unit " + au + " starts there",
                e.getMessage());
          }
        }
        filterNanos += System.nanoTime() - t0;
      }
    }
    Optional<HashCheck> check = Optional.empty();
    if (decision.expectedHash().isPresent() && (options.postFilter() || filterId < 0)) {
      NnpfPictureHash expected = decision.expectedHash().get();
      if (expected.planeCount() != output.planeCount()) {
        throw new BitstreamException("ph_chroma_present_flag", Math.max(0, decision.offsets().pictureHash()), 0,
            "stream, the picture hash message of access unit " + au + " starts there",
            "the picture hash has " + expected.planeCount() + " planes, the output picture "
                + output.planeCount());
      }
      NnpfPictureHash actual = PictureHasher.hash(output, expected.hashType());
      check = Optional.of(new HashCheck(expected.hashType().label(), hex(expected), hex(actual)));
    }
    return new OutputPicture(d.outputIndex(), au, d.sliceType(), decoded, output, filterId, check, accumulators);
  }

  /**
   * A refinement set applies to pictures of its number of planes and weighs at most the hypotheses
   * the network outputs (one for every model of model format version 1, the model's
   * {@code num_hypotheses} for version 2).
   */
  private static void checkRefinement(Refinement r, Picture decoded, int networkHypotheses, int psId, int au) {
    String ctx = "refinement set of parameter set " + psId + ", access unit " + au;
    if (r.components().size() != decoded.planeCount()) {
      throw new BitstreamException("nnpfrs_chroma_present_flag", 0, 0, ctx,
          "the refinement set has " + r.components().size() + " components, the picture " + decoded.planeCount()
              + " planes");
    }
    if (r.numHypotheses() > Math.max(1, networkHypotheses)) {
      throw new BitstreamException("nnpfrs_num_hypotheses", 0, 0, ctx,
          r.numHypotheses() + " hypotheses weighed, the network outputs " + Math.max(1, networkHypotheses));
    }
  }

  /**
   * Runs {@code step}; an error it reports without a position (found when a stored message is
   * applied, not while it was parsed) gets the stream offset of that message's first byte.
   */
  private static <T> T located(long messageOffset, java.util.function.Supplier<T> step) {
    try {
      return step.get();
    } catch (BitstreamException e) {
      if (e.byteOffset() != 0 || e.bitOffset() != 0 || messageOffset < 0) {
        throw e;
      }
      throw new BitstreamException(e.syntaxElement(), messageOffset, 0,
          "stream, the message starts there; " + e.context(), e.detail());
    }
  }

  private static String hex(NnpfPictureHash h) {
    StringBuilder sb = new StringBuilder();
    for (int c = 0; c < h.planeCount(); c++) {
      sb.append(c == 0 ? "" : ",").append(HexFormat.of().formatHex(h.digest(c)));
    }
    return sb.toString();
  }

  private IntegerInference filterFor(NnpfParameterSet ps, Picture pic) {
    // BitstreamExceptions get the input name when decode() rethrows them; other errors need it here
    String ctx = "parameter set " + ps.id();
    // every picture: a parameter set may stay active across a change of picture format
    checkSamples(ps.input(), "inp", pic, ctx);
    checkSamples(ps.output(), "out", pic, ctx);
    IntegerInference f = filters.get(ps);
    if (f != null) {
      return f;
    }
    Model model = resolve(ps.model(), ctx);
    QuantizationParams q = FilterSignalling.toQuantizationParams(ps, model);
    f = new IntegerInference(IntegerNetwork.quantize(model, q), options.inference());
    filters.put(ps, f);
    return f;
  }

  /**
   * The integer decoding process takes and produces 4:2:0 polyphase tensors (order 3) of the
   * decoded picture's bit depth (docs/integer-inference.md sections 4.1, 4.4): a parameter set
   * that describes other input or output samples cannot be applied.
   */
  private static void checkSamples(SampleFormat f, String prefix, Picture pic, String ctx) {
    String side = prefix.equals("inp") ? "takes" : "produces";
    if (f.order() != TensorOrder.POLYPHASE_420) {
      throw new BitstreamException("nnpfps_" + prefix + "_order_idc", 0, 0, ctx,
          "order " + f.order().idc() + " (" + f.order() + "): the integer decoding process " + side
              + " 4:2:0 polyphase tensors (order 3)");
    }
    if (pic.chromaFormat() != org.nnpf.common.picture.ChromaFormat.CF420) {
      throw new BitstreamException("nnpfps_" + prefix + "_order_idc", 0, 0, ctx,
          "order 3 (4:2:0 polyphase) needs 4:2:0 pictures, the base stream has "
              + pic.chromaFormat().shortName() + " pictures");
    }
    if (f.bitDepthLuma() != pic.bitDepth()) {
      throw new BitstreamException("nnpfps_" + prefix + "_bitdepth_luma_minus8", 0, 0, ctx,
          "the filter " + side + " " + f.bitDepthLuma() + "-bit luma, the base stream has "
              + pic.bitDepth() + "-bit pictures");
    }
    if (f.bitDepthChroma() != pic.bitDepth()) {
      throw new BitstreamException("nnpfps_" + prefix + "_bitdepth_chroma_minus8", 0, 0, ctx,
          "the filter " + side + " " + f.bitDepthChroma() + "-bit chroma, the base stream has "
              + pic.bitDepth() + "-bit pictures");
    }
  }

  private Model resolve(ModelReference ref, String ctx) {
    if (ref.isInBand()) {
      byte[] file = ref.inBandModel().orElseThrow();
      if (!ref.matches(file)) {
        throw new BitstreamException("nnpfps_model_hash", 0, 0, ctx,
            "the in-band model does not have the signalled hash " + ref.hashHex());
      }
      return org.nnpf.common.nn.ModelFile.fromBytes(file, inputName + ", " + ctx + " in-band model");
    }
    // the reference's own hash type (SHA-256, its first 16 bytes, or MD5) over each held model file
    for (ModelStore.Entry e : models.entries()) {
      if (ref.matches(e.file())) {
        return e.model();
      }
    }
    // a condition for applying the parameter set (docs/bitstream-syntax.md 5.2, 6.1): located() gives
    // the offset of the parameter set message
    throw new BitstreamException("nnpfps_model_hash", 0, 0, ctx, "the stream needs base model " + ref.hashType() + " "
        + ref.hashHex() + ", which this decoder does not hold (held, SHA-256: "
        + models.entries().stream().map(ModelStore.Entry::hashHex).toList() + "); add it with --model FILE");
  }

  @Override
  public void close() {
    for (IntegerInference f : filters.values()) {
      f.close();
    }
    filters.clear();
  }
}
