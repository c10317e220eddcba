package org.nnpf.encoder.app;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntConsumer;
import org.nnpf.bitstream.carriage.Carriage;
import org.nnpf.bitstream.carriage.ExtractedAccessUnit;
import org.nnpf.bitstream.carriage.H274Carriage;
import org.nnpf.bitstream.carriage.NnpfUnitExtractor;
import org.nnpf.bitstream.carriage.NnpfUnitInserter;
import org.nnpf.bitstream.filter.FilterSignalling;
import org.nnpf.bitstream.nal.NalCodec;
import org.nnpf.bitstream.nnpf.NnpfActivation;
import org.nnpf.bitstream.nnpf.NnpfBlockMap;
import org.nnpf.bitstream.nnpf.NnpfMessage;
import org.nnpf.bitstream.nnpf.NnpfMessageWriter;
import org.nnpf.bitstream.nnpf.NnpfParameterSet;
import org.nnpf.bitstream.nnpf.NnpfRefinementSet;
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
import org.nnpf.common.metrics.PicturePsnr;
import org.nnpf.common.nn.Conv2d;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.ModelStore;
import org.nnpf.common.nn.OutputMode;
import org.nnpf.common.nn.TensorLayout;
import org.nnpf.common.nn.integer.InferenceOptions;
import org.nnpf.common.nn.integer.IntegerInference;
import org.nnpf.common.nn.integer.IntegerNetwork;
import org.nnpf.common.nn.quant.LayerQuantization;
import org.nnpf.common.nn.quant.QuantizationParams;
import org.nnpf.common.nn.refine.BlockMap;
import org.nnpf.common.nn.refine.ComponentMode;
import org.nnpf.common.nn.refine.ComponentRefinement;
import org.nnpf.common.nn.refine.Refinement;
import org.nnpf.common.nn.refine.RefinementProcess;
import org.nnpf.common.picture.Picture;
import org.nnpf.encoder.overfit.OverfitConfig;
import org.nnpf.encoder.overfit.OverfitReport;
import org.nnpf.encoder.overfit.OverfitResult;
import org.nnpf.encoder.overfit.Overfitter;
import org.nnpf.encoder.quant.SequenceQuantizer;
import org.nnpf.encoder.refine.RefinementFitter;
import org.nnpf.encoder.refine.RefinementStats;
import org.nnpf.encoder.refine.RefinementTool;

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
      double lambda,
      String decision,
      double baseEncodingSeconds,
      double adaptationSeconds,
      double inferenceSeconds) {}

  /** Progress of the long steps; {@code step} names it, the consumer gets pictures done. */
  public interface Listener {
    IntConsumer step(String step, int total);

    Listener NONE = (s, t) -> i -> {};
  }

  private NnpfEncoder() {}

  /** Fractional-bit caps tried for the signalled multipliers (the planner's precision is the cap). */
  static final List<Integer> MULTIPLIER_PRECISIONS = List.of(10, 8, 7, 6, 5);

  /**
   * The Lagrange multiplier of the decision, in squared sample errors (SSE of Y plus a sixth of the chroma SSE) per bit: HM's
   * {@code 0.57 * 2^((QP - 12) / 3)}, scaled by {@code 4^(bitDepth - 8)} for the sample range.
   */
  static double lambda(int qp, int bitDepth) {
    return 0.57 * Math.pow(2, (qp - 12) / 3.0) * Math.pow(4, bitDepth - 8);
  }

  /** One candidate filter: its parameter set, outputs, picture decisions and RD cost change. */
  record Candidate(String label, NnpfParameterSet ps, NnpfRefinementSet refinement, List<Picture> filtered, boolean[] on,
      int onCount, double cost) {
    /** This candidate with its outputs (a partial form's are made once it is chosen). */
    Candidate withOutputs(List<Picture> f) {
      return new Candidate(label, ps, refinement, f, on, onCount, cost);
    }

    /**
     * Picture decisions and {@code cost = -sum(gain of filtered pictures) + lambda * bits}, where
     * bits are those of the parameter set and of the activations the decisions need. With {@code
     * decide}, the cheaper of two ways is taken: every picture filtered under one persistent
     * activation, or only the pictures whose gain pays for an activation of their own; without,
     * every picture is filtered.
     */
    static Candidate of(String label, NnpfParameterSet ps, long psBits, List<Picture> filtered, double[] gain, double lambda,
        boolean decide) {
      return of(label, ps, null, psBits, filtered, gain, lambda, decide);
    }

    /** As above, with a refinement set whose bits are counted in {@code psBits}. */
    static Candidate of(String label, NnpfParameterSet ps, NnpfRefinementSet rs, long psBits, List<Picture> filtered,
        double[] gain, double lambda, boolean decide) {
      boolean[] all = new boolean[gain.length];
      java.util.Arrays.fill(all, true);
      double gAll = java.util.Arrays.stream(gain).sum();
      double costAll = -gAll + lambda * (psBits + ACTIVATION_BITS);
      if (!decide) {
        return new Candidate(label, ps, rs, filtered, all, gain.length, costAll);
      }
      boolean[] on = new boolean[gain.length];
      int n = 0;
      double g = 0;
      for (int i = 0; i < gain.length; i++) {
        on[i] = gain[i] > lambda * ACTIVATION_BITS;
        if (on[i]) {
          n++;
          g += gain[i];
        }
      }
      long actBits = n == gain.length ? ACTIVATION_BITS : (long) n * ACTIVATION_BITS;
      double costSel = -g + lambda * (psBits + actBits);
      return costAll <= costSel
          ? new Candidate(label, ps, rs, filtered, all, gain.length, costAll)
          : new Candidate(label, ps, rs, filtered, on, n, costSel);
    }
  }

  /** QP distance of the two extra base encodings that measure the slope of the RD curve. */
  static final int SLOPE_QP_DELTA = 2;

  /**
   * The Lagrangian of the decision measured on the sequence itself: the slope {@code -dD/dR} of the
   * base codec's RD curve around the QP, from the secant through two extra base encodings at
   * {@code QP - 2} and {@code QP + 2} (clipped to 0..51), with D the distortion of the decision
   * (Y SSE plus a sixth of the chroma SSE, summed over the pictures) and R the bits. This is the
   * exchange rate of bits and distortion that BD-rate measures the filter against; HM's formula
   * {@link #lambda} is the fallback when the secant is degenerate.
   */
  static double measuredLambda(EncoderConfig base, List<Picture> originals) {
    int lo = Math.max(0, base.qp() - SLOPE_QP_DELTA);
    int hi = Math.min(51, base.qp() + SLOPE_QP_DELTA);
    double[] a = rdPoint(base.toBuilder().qp(lo).build(), originals);
    double[] b = rdPoint(base.toBuilder().qp(hi).build(), originals);
    double dr = a[0] - b[0];
    double dd = b[1] - a[1];
    if (dr <= 0 || dd <= 0) {
      return lambda(base.qp(), base.bitDepth());
    }
    return dd / dr;
  }

  /** {bits, distortion} of the base codec with {@code cfg} on {@code originals}. */
  static double[] rdPoint(EncoderConfig cfg, List<Picture> originals) {
    EncodedStream es = BaseEncoder.encode(cfg, originals);
    List<Picture> dec = BaseDecoder.decodeAll(es.bytes(), cfg.codec(), cfg.threads());
    double d = 0;
    for (int i = 0; i < originals.size(); i++) {
      d += weightedSse(originals.get(i), dec.get(i)) / 6.0;
    }
    return new double[] {es.size() * 8.0, d};
  }

  /** Approximate bits of one activation in its own SEI message (UUID, headers, payload). */
  static final int ACTIVATION_BITS = 8 * 24;
  /** Approximate bits of the SEI container of a parameter set (NAL header, UUID, sizes). */
  static final int SEI_OVERHEAD_BITS = 8 * 24;
  /**
   * Approximate bits of the APS NAL unit of a parameter set (start code, NAL header, trailing
   * bits), plus those of the SEI NAL unit the first activation then needs on its own.
   */
  static final int APS_OVERHEAD_BITS = 8 * 14;

  /**
   * {@code params} with each layer's explicit multipliers requantized to at most {@code qmCap}
   * fractional bits, but never fewer than the layer's requantization shift needs to stay
   * non-negative ({@code qout - qx - qw}): {@code Round(m / 2^(qm - cap))} with the Round of the integer decoding
   * process (half away from zero).
   */
  static QuantizationParams capMultiplierPrecision(QuantizationParams params, int qmCap) {
    List<LayerQuantization> layers = new ArrayList<>();
    for (int l = 0; l < params.layers().size(); l++) {
      LayerQuantization lq = params.layer(l);
      int qm = lq.multiplierFracBits();
      // the requantization shift qx + qw + qm - qout must stay >= 0
      int cap = Math.max(qmCap, lq.output().fracBits() - params.layerInput(l).fracBits() - lq.weights().fracBits());
      if (qm <= cap || lq.multipliers().isEmpty()) {
        layers.add(lq);
        continue;
      }
      int s = qm - cap;
      int[] m = lq.multipliers().get();
      for (int i = 0; i < m.length; i++) {
        int a = (Math.abs(m[i]) + (1 << (s - 1))) >> s;
        m[i] = m[i] < 0 ? -a : a;
      }
      layers.add(lq.toBuilder().multiplierFracBits(cap).multipliers(m).build());
    }
    return new QuantizationParams(params.input(), layers);
  }

  /**
   * Distortion for the filter decision: SSE weighted 6:1:1 over Y, Cb, Cr (the weighting of the
   * YUV BD-rate); a 4:0:0 picture counts its luma alone, at the same weight 6.
   */
  static double weightedSse(Picture original, Picture test) {
    double[] s = planeSse(original, test);
    return 6.0 * s[0] + s[1] + s[2];
  }

  /** SSE of each plane of {@code test} against {@code original} (0 for the chroma of 4:0:0). */
  static double[] planeSse(Picture original, Picture test) {
    PicturePsnr p = PicturePsnr.of(original, test);
    double[] r = new double[3];
    for (int c = 0; c < p.planeCount(); c++) {
      r[c] = p.sse(c);
    }
    return r;
  }

  /**
   * The partial forms weighed besides the whole filter, as sets of the planes the filter applies
   * to (bit 0 luma, bit 1 Cb, bit 2 Cr).
   */
  static final int[] PARTIAL_FORMS = {1, 3, 5, 6, 2, 4};

  static String formName(int planes) {
    return switch (planes) {
      case 1 -> "luma only";
      case 3 -> "luma and Cb";
      case 5 -> "luma and Cr";
      case 6 -> "chroma only";
      case 2 -> "Cb only";
      case 4 -> "Cr only";
      default -> "all planes";
    };
  }

  /**
   * {@code params} with the last layer's multipliers of the channels of the planes not in {@code
   * planes} (bit 0: the four luma phases, bit 1: Cb, bit 2: Cr) set to 0, so that the filter's
   * residual on those planes is exactly 0 (the accumulation, bias included, is multiplied by 0)
   * and the output there equals the decoded picture; empty unless the model is a residual 4:2:0
   * polyphase model whose last layer has multipliers.
   */
  static Optional<QuantizationParams> keepPlanes(Model model, QuantizationParams params, int planes) {
    int last = model.layerCount() - 1;
    Conv2d conv = model.conv(last);
    if (model.layout() != TensorLayout.POLYPHASE_420 || model.outputMode() != OutputMode.RESIDUAL
        || !conv.hasMultipliers() || conv.outChannels() != 6 * model.hypotheses()) {
      return Optional.empty();
    }
    LayerQuantization lq = params.layer(last);
    int[] mq = lq.multipliers().orElse(FilterSignalling.baseMultipliers(conv, lq.multiplierFracBits()));
    for (int c = 0; c < conv.outChannels(); c++) {
      int plane = c % 6 < 4 ? 0 : c % 6 - 3;  // every hypothesis: 4 luma phases, Cb, Cr
      if ((planes & (1 << plane)) == 0) {
        mq[c] = 0;
      }
    }
    List<LayerQuantization> layers = new ArrayList<>(params.layers());
    layers.set(last, lq.toBuilder().multipliers(mq).build());
    return Optional.of(new QuantizationParams(params.input(), layers));
  }

  /** {@code pictures} through the integer post-filter of {@code model} with {@code params}, as a decoder runs it. */
  static List<Picture> filterSequence(Model model, QuantizationParams params, List<Picture> pictures, int qp,
      InferenceOptions options, IntConsumer progress) {
    return filterHypotheses(model, params, pictures, qp, options, progress).stream().map(h -> h.get(0)).toList();
  }

  /**
   * As {@link #filterSequence}, with every hypothesis picture of each picture (hypothesis 0, the
   * output, first; one for a model of one hypothesis).
   */
  static List<List<Picture>> filterHypotheses(Model model, QuantizationParams params, List<Picture> pictures, int qp,
      InferenceOptions options, IntConsumer progress) {
    List<List<Picture>> out = new ArrayList<>(pictures.size());
    try (IntegerInference inf = new IntegerInference(IntegerNetwork.quantize(model, params), options)) {
      for (Picture p : pictures) {
        out.add(inf.run(p, qp).hypotheses());
        progress.accept(out.size());
      }
    }
    return out;
  }

  /** A form of a candidate: its parameter set, per-picture gains, and outputs (null until chosen, for a partial form). */
  private record Form(String label, NnpfParameterSet ps, NnpfRefinementSet refinement, double[] gain,
      List<Picture> filtered) {}

  /**
   * Bits of a form's parameter set and refinement set in their containers: the parameter set in its
   * own SEI or APS NAL unit, the refinement set as one more SEI message (or in its own SEI NAL unit
   * when there is no parameter set).
   */
  static long formBits(Form f, Carriage carriage) {
    long bits = 0;
    if (f.ps() != null) {
      bits += NnpfMessageWriter.toBytes(f.ps()).length * 8L + (carriage == Carriage.APS ? APS_OVERHEAD_BITS : SEI_OVERHEAD_BITS);
    }
    if (f.refinement() != null) {
      bits += NnpfMessageWriter.toBytes(f.refinement()).length * 8L
          + (f.ps() == null ? SEI_OVERHEAD_BITS : SEI_MESSAGE_OVERHEAD_BITS);
    }
    return bits;
  }

  /** Luma block sizes (log2) tried for block maps: 32, 64, 128. */
  static final int[] BLOCK_MAP_SIZES = {5, 6, 7};

  /** A block map chosen for one picture: the message, the output with it, its gain and bits. */
  record BlockMapChoice(NnpfBlockMap message, Picture output, double gain, long bits) {}

  /**
   * The block map of least RD cost for one filtered picture, if one lowers it (docs/encoder.md,
   * "Block maps"): for each block size, each component's blocks are switched off where the filter
   * raises their weighted squared error, the component keeps a map when the gain pays for its bits,
   * and the map's cost is its message plus the SEI container ({@code ownNal}: a NAL unit of its
   * own, else one more SEI message).
   */
  static Optional<BlockMapChoice> blockMapFor(Picture original, Picture decoded, Picture filtered, double lambda,
      int filterId, boolean ownNal) {
    BlockMapChoice best = null;
    int planes = decoded.planeCount();
    for (int log2 : BLOCK_MAP_SIZES) {
      int n = 1 << log2;
      int bw = (decoded.width() + n - 1) / n;
      int blocks = BlockMap.blockCount(decoded.width(), decoded.height(), log2);
      boolean[][] flags = new boolean[planes][];
      double gain = 0;
      for (int c = 0; c < planes; c++) {
        double weight = c == 0 ? 1.0 : 1.0 / 6.0;
        int sx = c == 0 ? n : n >> decoded.chromaFormat().log2SubWidth();
        int sy = c == 0 ? n : n >> decoded.chromaFormat().log2SubHeight();
        double[] delta = blockSseDelta(original.plane(c), decoded.plane(c), filtered.plane(c), sx, sy, bw, blocks);
        boolean[] f = new boolean[blocks];
        double g = 0;
        boolean any = false;
        for (int b = 0; b < blocks; b++) {
          f[b] = delta[b] >= 0; // the filter lowers (or keeps) the block's error: keep it
          if (!f[b]) {
            g -= weight * delta[b];
            any = true;
          }
        }
        if (any && g > lambda * runBits(BlockMap.Runs.of(f))) {
          flags[c] = f;
          gain += g;
        }
      }
      if (gain <= 0) {
        continue;
      }
      BlockMap map = BlockMap.of(log2, flags);
      NnpfBlockMap msg = new NnpfBlockMap(filterId, map);
      long bits = NnpfMessageWriter.toBytes(msg).length * 8L + (ownNal ? SEI_OVERHEAD_BITS : SEI_MESSAGE_OVERHEAD_BITS);
      if (best == null || gain - lambda * bits > best.gain() - lambda * best.bits()) {
        best = new BlockMapChoice(msg, map.apply(decoded, filtered), gain, bits);
      }
    }
    return Optional.ofNullable(best);
  }

  /** Per block (raster order, {@code bw} blocks a row), SSE of decoded minus SSE of filtered against the original. */
  static double[] blockSseDelta(org.nnpf.common.picture.Plane o, org.nnpf.common.picture.Plane d,
      org.nnpf.common.picture.Plane f, int sx, int sy, int bw, int blocks) {
    double[] delta = new double[blocks];
    short[] os = o.samples();
    short[] ds = d.samples();
    short[] fs = f.samples();
    int w = o.width();
    for (int y = 0; y < o.height(); y++) {
      for (int x = 0; x < w; x++) {
        int i = y * w + x;
        int a = (os[i] & 0xFFFF) - (ds[i] & 0xFFFF);
        int b = (os[i] & 0xFFFF) - (fs[i] & 0xFFFF);
        delta[(y / sy) * bw + x / sx] += (double) a * a - (double) b * b;
      }
    }
    return delta;
  }

  /** Bits of one component's map in the syntax (present flag, first value, runs). */
  static long runBits(BlockMap.Runs r) {
    long bits = 2 + ueBits(r.closed().length);
    for (int v : r.closed()) {
      bits += ueBits(v - 1);
    }
    return bits;
  }

  private static long ueBits(long v) {
    return 2L * (63 - Long.numberOfLeadingZeros(v + 1)) + 1;
  }

  /** Bits of one more SEI message (payload type and size, UUID) in an SEI NAL unit. */
  static final int SEI_MESSAGE_OVERHEAD_BITS = 8 * 18;

  /**
   * The refined form of a candidate (docs/encoder.md, "Refinement stage"): for each component, the
   * least-squares refinement of least estimated RD cost ({@link RefinementFitter}), against the
   * network's output unchanged and the decoded component unfiltered (their costs measured exactly);
   * the chosen refinement is then applied exactly as a decoder does, and the per-picture gains are
   * measured on its output. Empty when every component keeps the network's output. With {@code
   * network} null, the stand-alone form: a refinement set with no parameter set (FIR only, no
   * network), {@code ps} null.
   */
  static Optional<Form> refinedForm(String label, NnpfParameterSet ps, int filterId, List<Picture> originals,
      List<Picture> decoded, List<List<Picture>> network, double lambda, Set<RefinementTool> tools, StringBuilder log) {
    int planes = decoded.get(0).planeCount();
    int bitDepth = decoded.get(0).bitDepth();
    int numHyp = network == null ? 0 : network.get(0).size();
    RefinementStats[] stats = new RefinementStats[planes];
    double[] networkSse = new double[planes];
    for (int c = 0; c < planes; c++) {
      stats[c] = new RefinementStats(numHyp);
    }
    for (int i = 0; i < decoded.size(); i++) {
      double[] sse = network == null ? null : planeSse(originals.get(i), network.get(i).get(0));
      for (int c = 0; c < planes; c++) {
        int plane = c;
        stats[c].add(decoded.get(i).plane(c), network == null ? List.of()
                : network.get(i).stream().map(p -> p.plane(plane)).toList(), originals.get(i).plane(c), bitDepth);
        networkSse[c] += sse == null ? Double.POSITIVE_INFINITY : sse[c];
      }
    }
    List<ComponentRefinement> comps = new ArrayList<>();
    boolean refined = false;
    for (int c = 0; c < planes; c++) {
      double weight = c == 0 ? 1.0 : 1.0 / 6.0;
      double sse0 = RefinementFitter.unfilteredSse(stats[c]);
      long modeBits = NnpfMessageWriter.componentBits(ComponentRefinement.unfiltered());
      double jUnfiltered = weight * sse0 + lambda * modeBits;
      double jNetwork = weight * networkSse[c] + lambda * modeBits;
      RefinementFitter.Fit fit = RefinementFitter.fit(stats[c], numHyp, weight, lambda, tools);
      double jFit = fit == null ? Double.POSITIVE_INFINITY : fit.cost(weight, lambda);
      log.append(String.format(java.util.Locale.ROOT,
          "%n    refinement of %s, plane %d: unfiltered %.1f, network %.1f, %s: %.1f (%d bits) (costs in bits relative to"
              + " unfiltered)", label, c, 0.0, (jNetwork - jUnfiltered) / lambda, fit == null ? "no refined form" : fit.label(),
          (jFit - jUnfiltered) / lambda, fit == null ? 0 : fit.bits()));
      if (jFit < jNetwork && jFit < jUnfiltered) {
        comps.add(fit.component());
        refined = true;
      } else if (jNetwork <= jUnfiltered) {
        comps.add(ComponentRefinement.network());
      } else {
        comps.add(ComponentRefinement.unfiltered());
        refined = true;
      }
    }
    if (!refined || comps.stream().allMatch(x -> x.mode() == ComponentMode.UNFILTERED)) {
      return Optional.empty();
    }
    // weigh only the hypotheses some refined component uses (the others' weights would all be 0)
    int weighed = comps.stream().mapToInt(ComponentRefinement::hypothesesWeighed).max().orElse(0);
    if (network != null && weighed < numHyp) {
      List<ComponentRefinement> fewer = new ArrayList<>();
      for (ComponentRefinement c : comps) {
        fewer.add(c.mode() == ComponentMode.REFINED ? c.withHypotheses(weighed) : c);
      }
      comps = fewer;
      numHyp = weighed;
    }
    Refinement r = new Refinement(numHyp, comps);
    NnpfRefinementSet rs = new NnpfRefinementSet(filterId, r);
    List<Picture> out = new ArrayList<>(decoded.size());
    double[] gain = new double[decoded.size()];
    for (int i = 0; i < decoded.size(); i++) {
      Picture p = RefinementProcess.apply(decoded.get(i), network == null ? List.of() : network.get(i), r);
      out.add(p);
      double[] a = planeSse(originals.get(i), decoded.get(i));
      double[] b = planeSse(originals.get(i), p);
      for (int c = 0; c < 3; c++) {
        gain[i] += (a[c] - b[c]) / (c == 0 ? 1.0 : 6.0);
      }
    }
    StringBuilder what = new StringBuilder(label).append(network == null ? " (" : ", refined (");
    for (int c = 0; c < planes; c++) {
      what.append(c == 0 ? "" : "; ").append("YUV".charAt(c)).append(": ").append(describe(comps.get(c)));
    }
    return Optional.of(new Form(what.append(")").toString(), ps, rs, gain, out));
  }

  private static String describe(ComponentRefinement c) {
    return switch (c.mode()) {
      case UNFILTERED -> "off";
      case NETWORK -> "network";
      case REFINED -> (c.usesNetwork() ? "LS" + (c.hypothesesWeighed() > 1 ? " of " + c.hypothesesWeighed() + " hypotheses" : "")
          : "FIR only") + (c.shape().taps() > 0 ? "+" + c.shape().taps() + " taps" : "")
          + (c.classified() ? ", " + c.numFilters() + " filters" : "") + ", S=" + c.log2Scale();
    };
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
    double lambdaUsed = 0;
    String decision = "no post-filter";
    if (cfg.postFilter()) {
      int qp = cfg.base().qp();
      long t1 = System.nanoTime();
      ModelStore.Entry m = cfg.model();
      QuantizationParams params;
      QuantizationParams baseParams = null;
      if (cfg.overfit()) {
        OverfitResult r = Overfitter.overfit(m.model(), decoded, originals, qp, cfg.overfitConfig());
        params = r.params();
        baseParams = r.baseParams();
        report = r.report();
      } else {
        OverfitConfig oc = cfg.overfitConfig();
        SequenceQuantizer.Result r = SequenceQuantizer.determine(m.model(), decoded, originals, qp, oc.strategy(),
            oc.accumulatorBits(), oc.maxIntegerLossDb(), oc.calibrationPictures(), oc.threads());
        params = r.params();
      }
      adaptSeconds = (System.nanoTime() - t1) / 1e9;

      // Rate-distortion decision (docs/encoder.md): for each candidate precision of the signalled
      // multipliers, filter the sequence exactly as a decoder will, keep the pictures whose
      // distortion the filter lowers, and weigh the distortion gain against the bits of the
      // parameter set and activations with the Lagrangian of the base codec's QP.
      long t2 = System.nanoTime();
      double lambda = cfg.filterDecision() ? measuredLambda(cfg.base(), originals) : lambda(qp, cfg.base().bitDepth());
      lambdaUsed = lambda;
      Candidate best = null;
      List<QuantizationParams> candidates = new ArrayList<>();
      List<String> labels = new ArrayList<>();
      if (cfg.filterDecision() && cfg.overfit()) {
        for (int qmCap : MULTIPLIER_PRECISIONS) {
          candidates.add(capMultiplierPrecision(params, qmCap));
          labels.add("overfitted multipliers, q_m <= " + qmCap);
        }
        // the base model's own multipliers: no multiplier tensor is coded
        candidates.add(baseParams);
        labels.add("base model's multipliers");
      } else {
        candidates.add(params);
        labels.add(cfg.overfit() ? "overfitted multipliers" : "base model's multipliers");
      }
      IntConsumer pfProgress = listener.step("post-filtering", decoded.size() * candidates.size());
      StringBuilder candidateLines = new StringBuilder();
      StringBuilder refinementLines = new StringBuilder();
      int doneSteps = 0;
      java.util.function.Function<QuantizationParams, NnpfParameterSet> signal = q -> FilterSignalling.toParameterSet(
          m.model(), m.file(), q, cfg.base().bitDepth(), FilterSignalling.Options.compact(cfg.filterId(), cfg.modelInBand(),
              cfg.inference().patchWidth(), cfg.inference().patchHeight()));
      for (int ci = 0; ci < candidates.size(); ci++) {
        NnpfParameterSet ps = signal.apply(candidates.get(ci));
        // run exactly what a decoder reconstructs from the parameter set
        QuantizationParams signalled = FilterSignalling.toQuantizationParams(ps, m.model());
        int before = doneSteps;
        List<List<Picture>> hypothesisPics = filterHypotheses(m.model(), signalled, decoded, qp, cfg.inference(),
            k -> pfProgress.accept(before + k));
        List<Picture> filteredPics = hypothesisPics.stream().map(h -> h.get(0)).toList();
        doneSteps += decoded.size();
        // per plane gain, chroma weighted 1/6 (the 6:1:1 weighting of the YUV BD-rate)
        double[][] planeGain = new double[3][decoded.size()];
        double[] gain = new double[decoded.size()];
        for (int i = 0; i < decoded.size(); i++) {
          double[] a = planeSse(originals.get(i), decoded.get(i));
          double[] b = planeSse(originals.get(i), filteredPics.get(i));
          for (int c = 0; c < 3; c++) {
            planeGain[c][i] = (a[c] - b[c]) / (c == 0 ? 1.0 : 6.0);
            gain[i] += planeGain[c][i];
          }
        }
        // the whole filter, and (residual 4:2:0 models) its partial forms: the other planes'
        // last-layer multipliers signalled as 0 make their residual exactly 0
        List<Form> forms = new ArrayList<>();
        forms.add(new Form(labels.get(ci), ps, null, gain, filteredPics));
        if (!cfg.refine().isEmpty()) {
          Optional<Form> refined = refinedForm(labels.get(ci), ps, cfg.filterId(), originals, decoded, hypothesisPics,
              lambda, cfg.refine(), refinementLines);
          refined.ifPresent(forms::add);
        }
        if (cfg.filterDecision() && decoded.get(0).planeCount() == 3) {
          for (int planes : PARTIAL_FORMS) {
            Optional<QuantizationParams> part = keepPlanes(m.model(), signalled, planes);
            if (part.isPresent()) {
              double[] g = new double[decoded.size()];
              for (int i = 0; i < g.length; i++) {
                for (int c = 0; c < 3; c++) {
                  g[i] += (planes & (1 << c)) != 0 ? planeGain[c][i] : 0;
                }
              }
              forms.add(new Form(labels.get(ci) + ", " + formName(planes), signal.apply(part.get()), null, g, null));
            }
          }
        }
        for (Form f : forms) {
          long psBits = formBits(f, cfg.carriage());
          Candidate c = Candidate.of(f.label(), f.ps(), f.refinement(), psBits, f.filtered(), f.gain(), lambda,
              cfg.filterDecision());
          candidateLines.append(String.format(java.util.Locale.ROOT,
              "%n  %-48s parameter set %5d bits, gain %8.1f bits, filtered %d of %d, cost %+8.1f bits",
              c.label(), psBits, java.util.Arrays.stream(f.gain()).sum() / lambda, c.onCount(), f.gain().length,
              c.cost() / lambda));
          if (best == null || c.cost() < best.cost()) {
            best = c;
          }
        }
      }
      if (cfg.refine().contains(RefinementTool.FIR)) {
        // the refinement stage alone, without a network: no parameter set to pay for
        Optional<Form> alone = refinedForm("refinement set alone: FIR, no network", null, cfg.filterId(), originals,
            decoded, null, lambda, cfg.refine(), refinementLines);
        if (alone.isPresent()) {
          Form f = alone.get();
          long bits = formBits(f, cfg.carriage());
          Candidate c = Candidate.of(f.label(), null, f.refinement(), bits, f.filtered(), f.gain(), lambda,
              cfg.filterDecision());
          candidateLines.append(String.format(java.util.Locale.ROOT,
              "%n  %-48s parameter set %5d bits, gain %8.1f bits, filtered %d of %d, cost %+8.1f bits",
              c.label(), bits, java.util.Arrays.stream(f.gain()).sum() / lambda, c.onCount(), f.gain().length,
              c.cost() / lambda));
          if (c.cost() < best.cost()) {
            best = c;
          }
        }
      }
      if (best.filtered() == null) {
        // a partial form: its outputs, exactly as a decoder makes them
        best = best.withOutputs(filterSequence(m.model(), FilterSignalling.toQuantizationParams(best.ps(), m.model()),
            decoded, qp, cfg.inference(), k -> {}));
      }
      inferSeconds = (System.nanoTime() - t2) / 1e9;
      NnpfParameterSet ps = best.ps();
      boolean[] on = best.on();
      int onCount = best.onCount();
      decision = String.format(java.util.Locale.ROOT, "%s, %d bits of parameter set, RD cost change %+.0f (in bits %+.1f)",
          best.label(), ps == null ? 0 : NnpfMessageWriter.toBytes(ps).length * 8L, best.cost(), best.cost() / lambda);
      if (cfg.filterDecision() && best.cost() >= 0) {
        // the filter does not pay for its bits: send nothing
        on = new boolean[decoded.size()];
        onCount = 0;
        decision = "no filter: the best candidate (" + decision + ") does not pay for its bits";
      }
      decision += "; candidates (bits of the parameter set in its SEI or APS container, gains and costs in"
          + " bits at lambda):" + candidateLines + refinementLines;
      outputs = new ArrayList<>(decoded.size());
      NnpfBlockMap[] maps = new NnpfBlockMap[decoded.size()];
      int mapped = 0;
      double mapGain = 0;
      long mapBits = 0;
      int tried = 0;
      double triedGain = 0;
      long triedBits = 0;
      for (int d = 0; d < decoded.size(); d++) {
        Picture out = on[d] ? best.filtered().get(d) : decoded.get(d);
        if (on[d] && cfg.blockMaps() && onCount > 0) {
          // a picture-level activation shares its SEI NAL unit with the map; otherwise the map needs one
          boolean ownNal = onCount == decoded.size() && !(codingIndexOf[d] == 0);
          Optional<BlockMapChoice> bm = blockMapFor(originals.get(d), decoded.get(d), out, lambda, cfg.filterId(),
              ownNal && cfg.hashType() == null);
          if (bm.isPresent()) {
            tried++;
            triedGain += bm.get().gain();
            triedBits += bm.get().bits();
          }
          if (bm.isPresent() && bm.get().gain() > lambda * bm.get().bits()) {
            maps[d] = bm.get().message();
            out = bm.get().output();
            mapped++;
            mapGain += bm.get().gain();
            mapBits += bm.get().bits();
          }
        }
        outputs.add(out);
      }
      if (cfg.blockMaps() && onCount > 0) {
        decision += String.format(java.util.Locale.ROOT, "; block maps in %d pictures: gain %.1f bits for %d bits"
            + " (best map of each of %d pictures with a block to switch off: gain %.1f bits for %d bits)",
            mapped, mapGain / lambda, mapBits, tried, triedGain / lambda, triedBits);
      }
      filtered = on;
      Map<Integer, List<NnpfMessage>> messages = new HashMap<>();
      if (onCount > 0) {
        for (int d = 0; d < outputs.size(); d++) {
          List<NnpfMessage> au = messages.computeIfAbsent(codingIndexOf[d], k -> new ArrayList<>());
          if (onCount < outputs.size() && on[d]) {
            au.add(NnpfActivation.activate(cfg.filterId(), false, qp));
          }
          if (maps[d] != null) {
            au.add(maps[d]);
          }
          if (cfg.hashType() != null) {
            au.add(PictureHasher.hash(outputs.get(d), cfg.hashType()));
          }
        }
        List<NnpfMessage> first = messages.computeIfAbsent(0, k -> new ArrayList<>());
        if (onCount == outputs.size()) {
          first.add(0, NnpfActivation.activate(cfg.filterId(), true, qp));
        }
        if (best.refinement() != null) {
          first.add(0, best.refinement());
        }
        if (ps != null) {
          first.add(0, ps);
        }
      }
      if (cfg.carriage() == Carriage.H274) {
        // the standard NNPFC / NNPFA for the filter, the project's messages as their extension
        byte[] modelFile = m.file();
        messages = H274Carriage.translate(messages, p -> FilterSignalling.complexityOf(m.model(), p, modelFile.length),
            H274Carriage.clvsStarts(es.bytes(), NalCodec.of(cfg.base().codec())));
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
        pics, report, lambdaUsed, decision, baseSeconds, adaptSeconds, inferSeconds);
  }
}
