package org.nnpf.encoder.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nnpf.common.nn.Conv2d;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.OutputMode;
import org.nnpf.common.nn.TensorLayout;
import org.nnpf.common.nn.integer.InferenceOptions;
import org.nnpf.common.nn.integer.IntegerNetwork;
import org.nnpf.common.nn.quant.QuantizationParams;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;
import org.nnpf.encoder.quant.NetworkStatistics;
import org.nnpf.encoder.quant.OverflowGuard;
import org.nnpf.encoder.quant.QuantizationPlan;
import org.nnpf.encoder.quant.QuantizationPlanner;
import org.nnpf.encoder.quant.Strategy;
import org.nnpf.encoder.quant.TensorBitAllocation;

/** The overflow guard's pictures reused by the decision (docs/encoder.md, "Passes"). */
class GuardRunTest {
  private static Picture flat(int value) {
    Picture p = new Picture(16, 12, 8, ChromaFormat.CF420);
    for (int c = 0; c < 3; c++) {
      p.plane(c).fill(value);
    }
    return p;
  }

  /** One 3x3 conv, 6 -> 6 channels, every weight {@code w}. */
  private static Model conv(float w) {
    float[] ws = new float[6 * 6 * 9];
    Arrays.fill(ws, w);
    float[] ones = new float[6];
    Arrays.fill(ones, 1f);
    Conv2d c = Conv2d.builder(3, 6, 6).weights(ws).bias(new float[6]).multipliers(ones).build();
    return Model.builder(TensorLayout.POLYPHASE_420).noQpPlane().outputMode(OutputMode.RESIDUAL).add(c).build();
  }

  @Test
  void theLastRunOfTheGuardIsTakenOnceByTheNetworkThatComputesTheSame() {
    Model m = conv(0.05f);
    // statistics of a dark picture: the approximate plan overflows on the bright one, so the guard
    // runs twice and its second run (the safe plan) supersedes the first
    NetworkStatistics dark = NetworkStatistics.measure(m, List.of(flat(32)), 30);
    QuantizationPlan plan = QuantizationPlanner.plan(dark, TensorBitAllocation.uniform(1, 16), Strategy.APPROXIMATE, 24);
    List<Picture> seq = List.of(flat(32), flat(240), flat(100));
    try (Resources owner = new Resources(); Resources taker = new Resources()) {
      GuardRun run = new GuardRun(owner);
      OverflowGuard.Outcome o = OverflowGuard.enforce(plan, dark, m, seq, seq, 30, 1, run);
      assertTrue(o.fellBack(), "two runs");
      QuantizationParams first = plan.toParams(m, true);
      QuantizationParams safe = o.plan().toParams(m, true);
      assertEquals(Optional.empty(), GuardRun.take(List.of(run), IntegerNetwork.quantize(m, first), seq.size(), taker),
          "the superseded run is gone");
      assertEquals(Optional.empty(), GuardRun.take(List.of(run), IntegerNetwork.quantize(m, safe), seq.size() + 1, taker),
          "a run of fewer pictures is not the sequence's");
      List<List<Picture>> taken = GuardRun.take(List.of(run), IntegerNetwork.quantize(m, safe), seq.size(), taker)
          .orElseThrow();
      List<List<Picture>> again = NetworkPass.filterHypotheses(m, safe, seq, 30,
          InferenceOptions.defaults().withPatch(8, 8), k -> {}, taker);
      assertEquals(again, taken, "the guard's pictures are the decoder's, whatever the patch size");
      assertEquals(Optional.empty(), GuardRun.take(List.of(run), IntegerNetwork.quantize(m, safe), seq.size(), taker),
          "taken once");
      run.discard();
      assertEquals(seq.size(), taken.get(0).size(), "the taker owns the files now: discarding the run keeps them");
    }
  }

  @Test
  void discardedPicturesAreDeleted() {
    Model m = conv(0.01f);
    NetworkStatistics st = NetworkStatistics.measure(m, List.of(flat(32), flat(240)), 30);
    QuantizationPlan plan = QuantizationPlanner.plan(st, TensorBitAllocation.uniform(1, 16), Strategy.APPROXIMATE, 24);
    List<Picture> seq = List.of(flat(32), flat(240));
    List<List<Picture>> taken;
    try (Resources owner = new Resources()) {
      GuardRun run = new GuardRun(owner);
      OverflowGuard.enforce(plan, st, m, seq, seq, 30, 1, run);
      try (Resources taker = new Resources()) {
        taken = GuardRun.take(List.of(run), IntegerNetwork.quantize(m, plan.toParams(m, true)), 2, taker).orElseThrow();
        assertEquals(2, taken.get(0).size());
      }
      assertThrows(IllegalStateException.class, () -> taken.get(0).get(0), "closing the taker deleted the pictures");
    }
  }

  @Test
  void networksComputeTheSameExactlyWhenTheirIntegerParametersAreEqual() {
    Model a = conv(0.05f);
    Model b = conv(0.05f + 1e-9f);  // another float model, the same integer weights
    NetworkStatistics st = NetworkStatistics.measure(a, List.of(flat(100)), 30);
    QuantizationParams q = QuantizationPlanner.plan(st, TensorBitAllocation.uniform(1, 16), Strategy.APPROXIMATE, 24)
        .toParams(a, true);
    assertTrue(IntegerNetwork.quantize(a, q).computesSameAs(IntegerNetwork.quantize(b, q)));
    int[] mult = q.layer(0).multipliers().orElseThrow();
    mult[0] += 1;
    QuantizationParams q2 = q.withLayer(0, q.layer(0).toBuilder().multipliers(mult).build());
    assertFalse(IntegerNetwork.quantize(a, q).computesSameAs(IntegerNetwork.quantize(a, q2)), "one multiplier differs");
    assertFalse(IntegerNetwork.quantize(a, q).computesSameAs(IntegerNetwork.quantize(conv(0.06f), q)), "weights differ");
    // the layer has no activation: its qa (which the signalled form sets to 0) changes nothing
    QuantizationParams q3 = q.withLayer(0, q.layer(0).toBuilder().slopeFracBits(q.layer(0).slopeFracBits() == 0 ? 15 : 0)
        .build());
    assertTrue(IntegerNetwork.quantize(a, q).computesSameAs(IntegerNetwork.quantize(a, q3)), "qa of a layer without slopes");
  }

  private static List<Picture> synthetic(int n) {
    org.nnpf.common.io.SequenceInfo info = new org.nnpf.common.io.SequenceInfo(64, 48, 8, ChromaFormat.CF420, 30, 1, n);
    List<Picture> l = new java.util.ArrayList<>();
    try (org.nnpf.common.content.SyntheticSource src = new org.nnpf.common.content.SyntheticSource(info, 3)) {
      for (Picture p = src.next(); p != null; p = src.next()) {
        l.add(p);
      }
    }
    return l;
  }

  private static NnpfEncoder.Config config(List<Picture> seq, boolean overfit) {
    org.nnpf.common.codec.EncoderConfig base = org.nnpf.common.codec.EncoderConfig.builder()
        .codec(org.nnpf.common.codec.BaseCodec.HEVC).qp(37)
        .structure(org.nnpf.common.codec.CodingStructure.RANDOM_ACCESS)
        .sequence(new org.nnpf.common.io.SequenceInfo(64, 48, 8, ChromaFormat.CF420, 30, 1, seq.size())).build();
    return new NnpfEncoder.Config(base, true, overfit, org.nnpf.bitstream.carriage.Carriage.SEI,
        org.nnpf.encoder.overfit.OverfitConfig.defaults().withIterations(4), InferenceOptions.defaults(),
        org.nnpf.bitstream.nnpf.PictureHashType.MD5, org.nnpf.common.nn.ModelStore.builtIn().defaultModel(), false, 0,
        true, java.util.EnumSet.allOf(org.nnpf.encoder.refine.RefinementTool.class), true);
  }

  /** Runs adaptation and decision on a small sequence; the network runs of the decision. */
  private static int decisionNetworkRuns(boolean overfit, boolean withRuns) {
    List<Picture> seq = synthetic(3);
    NnpfEncoder.Config cfg = config(seq, overfit);
    try (Resources owned = new Resources()) {
      BaseCodingPass.Result base = BaseCodingPass.run(cfg.base(), seq, k -> {}, owned);
      AdaptationPass.Result a = AdaptationPass.run(cfg, base.decoded(), seq, owned);
      DecisionPass.Result r = DecisionPass.run(cfg, seq, base.decoded(), a.params(), a.baseParams(), 100.0,
          withRuns ? a.runs() : List.of(), NnpfEncoder.Listener.NONE);
      a.discardRuns();
      r.bestFiles().close();
      return r.networkRuns();
    }
  }

  @Test
  void withoutOverfittingTheDecisionRunsNoNetworkOfItsOwn() {
    assertEquals(1, decisionNetworkRuns(false, false) - decisionNetworkRuns(false, true),
        "the one candidate takes the guard's pictures");
  }

  @Test
  void withOverfittingTheBaseMultipliersAndTheFittedOnesAreTaken() {
    int without = decisionNetworkRuns(true, false);
    int with = decisionNetworkRuns(true, true);
    assertTrue(without - with >= 1 && without - with <= 2, without + " runs without the guard's pictures, " + with + " with");
  }

  /**
   * An overfitting the trial abandons (a lambda so large that no gain can pay for the multipliers)
   * leaves exactly the parameters of the encoder without overfitting, with the base model's
   * pictures for the decision, which then runs no network of its own and chooses what the encoder
   * without overfitting chooses.
   */
  @Test
  void anAbandonedOverfittingIsTheEncoderWithoutOverfitting() {
    List<Picture> seq = synthetic(3);
    NnpfEncoder.Config over = config(seq, true);
    over = new NnpfEncoder.Config(over.base(), true, true, over.carriage(), over.overfitConfig().withTrialSteps(2),
        over.inference(), over.hashType(), over.model(), false, 0, true, over.refine(), true);
    NnpfEncoder.Config plain = config(seq, false);
    try (Resources owned = new Resources()) {
      BaseCodingPass.Result base = BaseCodingPass.run(over.base(), seq, k -> {}, owned);
      AdaptationPass.Result a = AdaptationPass.run(over, base.decoded(), seq, 1e12, owned);
      AdaptationPass.Result p = AdaptationPass.run(plain, base.decoded(), seq, owned);
      assertTrue(a.report().abandoned(), a.report().format());
      assertEquals(null, a.baseParams());
      assertEquals(p.params(), a.params());
      DecisionPass.Result ra = DecisionPass.run(over, seq, base.decoded(), a.params(), a.baseParams(), 100.0, a.runs(),
          NnpfEncoder.Listener.NONE);
      DecisionPass.Result rp = DecisionPass.run(plain, seq, base.decoded(), p.params(), p.baseParams(), 100.0, p.runs(),
          NnpfEncoder.Listener.NONE);
      a.discardRuns();
      p.discardRuns();
      ra.bestFiles().close();
      rp.bestFiles().close();
      assertEquals(0, ra.networkRuns());
      assertEquals(rp.decision(), ra.decision());
    }
  }

  /**
   * A decision given parameters that overflow on the sequence (here: planned on a dark picture, run
   * on bright ones) rejects every candidate made from them, and keeps the safe base parameters.
   */
  @Test
  void candidatesThatExceedTheDeclaredPrecisionAreRejected() {
    Model m = conv(0.05f);
    NetworkStatistics dark = NetworkStatistics.measure(m, List.of(flat(32)), 30);
    QuantizationParams unsafe = QuantizationPlanner.plan(dark, TensorBitAllocation.uniform(1, 16), Strategy.APPROXIMATE, 24)
        .toParams(m, true);
    List<Picture> seq = List.of(flat(240), flat(230));
    List<Picture> orig = List.of(flat(236), flat(226));
    NetworkStatistics bright = NetworkStatistics.measure(m, seq, 30);
    QuantizationParams safe = QuantizationPlanner.plan(bright, TensorBitAllocation.uniform(1, 16), Strategy.WORST_CASE, 24)
        .toParams(m, true);
    org.nnpf.common.nn.ModelStore.Entry entry = org.nnpf.common.nn.ModelStore.empty()
        .add(org.nnpf.common.nn.ModelFile.toBytes(m), "test model");
    NnpfEncoder.Config base = config(seq, true);
    NnpfEncoder.Config cfg = new NnpfEncoder.Config(base.base(), true, true, base.carriage(), base.overfitConfig(),
        base.inference(), base.hashType(), entry, false, 0, true, java.util.EnumSet.noneOf(
            org.nnpf.encoder.refine.RefinementTool.class), false);
    DecisionPass.Result r = DecisionPass.run(cfg, orig, seq, unsafe, safe, 1.0, NnpfEncoder.Listener.NONE);
    r.bestFiles().close();
    long rejected = r.decision().lines().filter(l -> l.contains("rejected: ")).count();
    assertEquals(DecisionPass.MULTIPLIER_PRECISIONS.size(), rejected, r.decision());
    assertTrue(r.best().label().startsWith("base model's multipliers"), r.decision());
    NnpfEncoder.Config noOverfit = new NnpfEncoder.Config(base.base(), true, false, base.carriage(), base.overfitConfig(),
        base.inference(), base.hashType(), entry, false, 0, true, cfg.refine(), false);
    assertThrows(IllegalStateException.class,
        () -> DecisionPass.run(noOverfit, orig, seq, unsafe, null, 1.0, NnpfEncoder.Listener.NONE));
  }
}
