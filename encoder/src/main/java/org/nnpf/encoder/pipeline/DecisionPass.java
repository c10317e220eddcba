package org.nnpf.encoder.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntConsumer;
import org.nnpf.bitstream.carriage.Carriage;
import org.nnpf.bitstream.filter.FilterSignalling;
import org.nnpf.bitstream.nnpf.NnpfMessageWriter;
import org.nnpf.bitstream.nnpf.NnpfParameterSet;
import org.nnpf.common.nn.Conv2d;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.ModelStore;
import org.nnpf.common.nn.OutputMode;
import org.nnpf.common.nn.TensorLayout;
import org.nnpf.common.nn.integer.IntegerNetwork;
import org.nnpf.common.nn.quant.LayerQuantization;
import org.nnpf.common.nn.quant.QuantizationParams;
import org.nnpf.common.picture.Picture;
import org.nnpf.encoder.refine.RefinementTool;

/**
 * The rate-distortion decision (docs/encoder.md step 4): every candidate parameter set (the
 * multipliers at each signalled precision, the base model's own), each in its whole, refined and
 * partial forms, and the refinement set alone, is reconstructed exactly as a decoder will, run on
 * the sequence, and costed as {@code J = -gain + lambda * bits}; the least J wins, or nothing is
 * sent when even that J is not negative.
 */
public final class DecisionPass {
  private DecisionPass() {}

  /**
   * What the decision chose: the candidate (with its output pictures), its picture decisions, the
   * log text, the temporary files of the candidate's pictures (the caller closes them), and how many
   * times the network ran over the sequence (candidates that took the overflow guard's pictures do not
   * count).
   */
  public record Result(Candidate best, boolean[] on, int onCount, String decision, Resources bestFiles, int networkRuns) {}

  /**
   * Fractional-bit caps tried for the signalled multipliers (the planner's precision is the cap).
   * Measured with the refined objective on gopro_snowboard 832x480 at QP 32, the RD cost of the
   * caps 10, 8, 7, 6, 5 at 8 pictures −21,985 / −22,497 / −22,533 / −22,927 / −22,967 bits and at 32
   * pictures −142,894 / −143,406 / −143,333 / −143,725 / −143,363: 10 and 7 never won, and each cap
   * costs a network run over the sequence.
   */
  static final List<Integer> MULTIPLIER_PRECISIONS = List.of(8, 6, 5);

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
   * The fractional bits (of the bias's real value) a bias update keeps beyond the multipliers' cap
   * of the same candidate: the biases of a candidate with multipliers at {@code q_m <= c} are
   * quantized to a step of {@code 2^-(c + BIAS_EXTRA_BITS)}, so the candidates keep 7, 5 and 4
   * fractional bits of the biases. Measured on gopro_snowboard 832x480 at QP 32, 32 pictures (RD
   * cost of the best candidate, bits; multipliers alone −143,725): with 2^-(c+5) −143,728, 2^-(c+2)
   * −145,062, 2^-c −145,746, 2^-(c-2) −145,818 (the candidate at q_b <= 3 then lost 3.6 kbit of
   * gain); 4 to 6 kept bits won.
   */
  static final int BIAS_EXTRA_BITS = -1;

  /**
   * {@code params} with each layer's explicit biases moved to the nearest value {@code Pred + k *
   * 2^s} (half away from zero), {@code Pred} the base model's bias ({@link
   * org.nnpf.common.nn.integer.IntegerLayer#modelBiases}) and {@code s = max(0, qx + qw - fracBits)}, so that the update
   * keeps {@code fracBits} fractional bits of the real bias and is coded in units of {@code 2^s}
   * (a value outside the accumulator's P bits is moved one step toward {@code Pred}); a layer whose
   * biases all round to the base model's loses its explicit biases (no update is signalled).
   */
  static QuantizationParams capBiasPrecision(Model base, QuantizationParams params, int fracBits) {
    List<LayerQuantization> layers = new ArrayList<>();
    for (int l = 0; l < params.layers().size(); l++) {
      LayerQuantization lq = params.layer(l);
      if (!lq.hasExplicitBiases()) {
        layers.add(lq);
        continue;
      }
      int frac = params.layerInput(l).fracBits() + lq.weights().fracBits();
      int s = Math.max(0, frac - fracBits);
      int[] pred = org.nnpf.common.nn.integer.IntegerLayer.modelBiases(base.conv(l), frac, lq.accumulatorBits());
      int[] b = lq.biases().orElseThrow();
      long max = (1L << (lq.accumulatorBits() - 1)) - 1;
      boolean same = true;
      for (int i = 0; i < b.length; i++) {
        long d = (long) b[i] - pred[i];
        long k = s == 0 ? d : Long.signum(d) * ((Math.abs(d) + (1L << (s - 1))) >> s);
        long v = pred[i] + (k << s);
        if (v > max || v < -max - 1) {
          v = pred[i] + ((k - Long.signum(k)) << s);
        }
        b[i] = (int) v;
        same &= b[i] == pred[i];
      }
      layers.add(lq.toBuilder().biases(same ? null : b).build());
    }
    return new QuantizationParams(params.input(), layers);
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

  /**
   * Bits of a form's parameter set and refinement set in their containers: the parameter set in its
   * own SEI or APS NAL unit, the refinement set as one more SEI message (or in its own SEI NAL unit
   * when there is no parameter set).
   */
  static long formBits(Form f, Carriage carriage) {
    long bits = 0;
    if (f.ps() != null) {
      bits += NnpfMessageWriter.toBytes(f.ps()).length * 8L + (carriage == Carriage.APS ? ContainerBits.APS_OVERHEAD_BITS : ContainerBits.SEI_OVERHEAD_BITS);
    }
    if (f.refinement() != null) {
      bits += NnpfMessageWriter.toBytes(f.refinement()).length * 8L
          + (f.ps() == null ? ContainerBits.SEI_OVERHEAD_BITS : ContainerBits.SEI_MESSAGE_OVERHEAD_BITS);
    }
    return bits;
  }

  /**
   * Runs the decision on the adapted quantization parameters {@code params} ({@code baseParams}:
   * those with the base model's multipliers, null without overfitting) at {@code lambda}.
   */
  public static Result run(NnpfEncoder.Config cfg, List<Picture> originals, List<Picture> decoded, QuantizationParams params,
      QuantizationParams baseParams, double lambda, NnpfEncoder.Listener listener) {
    return run(cfg, originals, decoded, params, baseParams, lambda, List.of(), listener);
  }

  /**
   * As above; a candidate whose signalled network computes what one of {@code runs} (the overflow
   * guard's) computed takes that run's pictures instead of running the network again.
   */
  static Result run(NnpfEncoder.Config cfg, List<Picture> originals, List<Picture> decoded, QuantizationParams params,
      QuantizationParams baseParams, double lambda, List<GuardRun> runs, NnpfEncoder.Listener listener) {
    int qp = cfg.base().qp();
    ModelStore.Entry m = cfg.model();
    // Rate-distortion decision (docs/encoder.md): for each candidate precision of the signalled
    // multipliers, filter the sequence exactly as a decoder will, keep the pictures whose
    // distortion the filter lowers, and weigh the distortion gain against the bits of the
    // parameter set and activations with the Lagrangian of the base codec's QP.
    Candidate best = null;
    List<QuantizationParams> candidates = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    // baseParams null: no overfitting, or the overfitting's trial abandoned it
    boolean overfitted = cfg.overfit() && baseParams != null;
    if (cfg.filterDecision() && overfitted) {
      boolean biases = params.layers().stream().anyMatch(LayerQuantization::hasExplicitBiases);
      for (int qmCap : MULTIPLIER_PRECISIONS) {
        QuantizationParams c = capMultiplierPrecision(params, qmCap);
        if (biases) {
          c = capBiasPrecision(m.model(), c, qmCap + BIAS_EXTRA_BITS);
        }
        candidates.add(c);
        labels.add("overfitted multipliers, q_m <= " + qmCap + (biases ? ", biases q_b <= " + (qmCap + BIAS_EXTRA_BITS) : ""));
      }
      // the base model's own multipliers: no multiplier tensor is coded
      candidates.add(baseParams);
      labels.add("base model's multipliers");
    } else {
      candidates.add(params);
      labels.add(overfitted ? "overfitted multipliers" : "base model's multipliers");
    }
    IntConsumer pfProgress = listener.step("post-filtering", decoded.size() * candidates.size());
    StringBuilder candidateLines = new StringBuilder();
    StringBuilder refinementLines = new StringBuilder();
    int doneSteps = 0;
    int networkRuns = 0;
    RefinementPass.Statistics tapStatistics = null;
    // the temporary pictures of the best candidate so far; those of the others are deleted at once
    Resources bestOwned = new Resources();
    java.util.function.Function<QuantizationParams, NnpfParameterSet> signal = q -> FilterSignalling.toParameterSet(
        m.model(), m.file(), q, cfg.base().bitDepth(), FilterSignalling.Options.compact(cfg.filterId(), cfg.modelInBand(),
            cfg.inference().patchWidth(), cfg.inference().patchHeight()));
    for (int ci = 0; ci < candidates.size(); ci++) {
      NnpfParameterSet ps = signal.apply(candidates.get(ci));
      // run exactly what a decoder reconstructs from the parameter set
      QuantizationParams signalled = FilterSignalling.toQuantizationParams(ps, m.model());
      int before = doneSteps;
      Resources ciOwned = new Resources();
      // the overflow guard may have run this very network on every picture already
      Optional<List<List<Picture>>> guarded = GuardRun.take(runs, IntegerNetwork.quantize(m.model(), signalled),
          decoded.size(), ciOwned);
      List<List<Picture>> hypothesisPics;
      if (guarded.isPresent()) {
        hypothesisPics = guarded.get();
        pfProgress.accept(before + decoded.size());
      } else {
        // checked: requantizing the multipliers changes the next layers' inputs, so a candidate the
        // overflow guard did not run may exceed a declared precision; such a candidate is not sent
        NetworkPass.Checked run = NetworkPass.checkedHypotheses(m.model(), signalled, decoded, qp, cfg.inference(),
            k -> pfProgress.accept(before + k), ciOwned);
        networkRuns++;
        if (run.violations() > 0) {
          candidateLines.append(String.format(java.util.Locale.ROOT,
              "%n  %-48s rejected: %d accumulations outside the declared precision", labels.get(ci), run.violations()));
          doneSteps += decoded.size();
          ciOwned.close();
          continue;
        }
        hypothesisPics = run.hypotheses();
      }
      List<Picture> filteredPics = hypothesisPics.get(0);
      doneSteps += decoded.size();
      // per plane gain, chroma weighted 1/6 (the 6:1:1 weighting of the YUV BD-rate)
      double[][] planeGain = new double[3][decoded.size()];
      double[] gain = new double[decoded.size()];
      for (int i = 0; i < decoded.size(); i++) {
        Picture orig = originals.get(i);
        double[] a = Distortion.planeSse(orig, decoded.get(i));
        double[] b = Distortion.planeSse(orig, filteredPics.get(i));
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
        RefinementPass.Statistics st = RefinementPass.statistics(originals, decoded, hypothesisPics, cfg.inference().threads());
        if (tapStatistics == null) {
          // the tap features do not depend on the network: the stand-alone form's statistics are these
          tapStatistics = st.withoutNetwork();
        }
        Optional<Form> refined = RefinementPass.refinedForm(labels.get(ci), ps, cfg.filterId(), originals, decoded, hypothesisPics,
            lambda, cfg.refine(), refinementLines, ciOwned, cfg.inference().threads(), st);
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
      boolean bestHere = false;
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
          bestHere = true;
        }
      }
      if (bestHere) {
        bestOwned.close();
        bestOwned = ciOwned;
      } else {
        ciOwned.close();
      }
    }
    // the overflow guard made the adapted parameters safe on every picture, so one candidate at least is
    if (best == null) {
      throw new IllegalStateException("every candidate of the decision exceeds a declared accumulator precision:"
          + candidateLines);
    }
    if (cfg.refine().contains(RefinementTool.FIR)) {
      // the refinement stage alone, without a network: no parameter set to pay for
      Resources aloneOwned = new Resources();
      Optional<Form> alone = RefinementPass.refinedForm("refinement set alone: FIR, no network", null, cfg.filterId(), originals,
          decoded, null, lambda, cfg.refine(), refinementLines, aloneOwned, cfg.inference().threads(),
          tapStatistics != null ? tapStatistics : RefinementPass.statistics(originals, decoded, null, cfg.inference().threads()));
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
          bestOwned.close();
          bestOwned = aloneOwned;
        }
      }
      if (bestOwned != aloneOwned) {
        aloneOwned.close();
      }
    }
    if (best.filtered() == null) {
      // a partial form: its outputs, exactly as a decoder makes them
      networkRuns++;
      bestOwned.close();
      best = best.withOutputs(NetworkPass.filterSequence(m.model(), FilterSignalling.toQuantizationParams(best.ps(), m.model()),
          decoded, qp, cfg.inference(), k -> {}, bestOwned));
    }
    NnpfParameterSet ps = best.ps();
    boolean[] on = best.on();
    int onCount = best.onCount();
    String decision = String.format(java.util.Locale.ROOT, "%s, %d bits of parameter set, RD cost change %+.0f (in bits %+.1f)",
        best.label(), ps == null ? 0 : NnpfMessageWriter.toBytes(ps).length * 8L, best.cost(), best.cost() / lambda);
    if (cfg.filterDecision() && best.cost() >= 0) {
      // the filter does not pay for its bits: send nothing
      on = new boolean[decoded.size()];
      onCount = 0;
      decision = "no filter: the best candidate (" + decision + ") does not pay for its bits";
    }
    decision += "; candidates (bits of the parameter set in its SEI or APS container, gains and costs in"
        + " bits at lambda):" + candidateLines + refinementLines;
    return new Result(best, on, onCount, decision, bestOwned, networkRuns);
  }
}
