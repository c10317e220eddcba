package org.nnpf.encoder.overfit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.ModelFactory;
import org.nnpf.common.nn.integer.InferenceOptions;
import org.nnpf.common.nn.integer.IntegerInference;
import org.nnpf.common.nn.integer.IntegerNetwork;
import org.nnpf.common.picture.Picture;
import org.nnpf.encoder.quant.Strategy;
import org.nnpf.training.BaseTrainer;
import org.nnpf.training.GeneratedPictures;
import org.nnpf.training.TrainableModel;
import org.nnpf.training.data.CodedPair;
import org.nnpf.training.data.PatchSampler;

class OverfitterTest {

  /** A small model briefly trained on generated content (a stand-in for the base model). */
  static Model base() {
    Model init = ModelFactory.polyphasePostFilter(8, 3, 11);
    List<CodedPair> pairs = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Picture o = GeneratedPictures.natural(64, 48, 8, 100 + i);
      pairs.add(new CodedPair("g" + i, o, GeneratedPictures.blocky(o, 0.5), 32));
    }
    return new BaseTrainer(TrainableModel.of(init), new PatchSampler(init, pairs, 16, true), List.of(),
        new BaseTrainer.Config(1, 120, 4, 3e-3, 3e-4, 10, 1, 2, 1000, 1000, 1000), null, null,
        new PrintStream(new ByteArrayOutputStream())).run().model();
  }

  @Test
  void overfittingMultipliersImprovesPsnrAndTheIntegerDecoderKeepsIt() {
    Model base = base();
    List<Picture> orig = new ArrayList<>();
    List<Picture> rec = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Picture o = GeneratedPictures.natural(48, 32, 8, 7 + i);
      orig.add(o);
      rec.add(GeneratedPictures.blocky(o, 0.2)); // stronger degradation than the base model saw
    }
    OverfitConfig cfg = OverfitConfig.defaults().withIterations(80).withTile(16, 4).withLearningRate(1e-2);
    OverfitResult r = Overfitter.overfit(base, rec, orig, 32, cfg);
    OverfitReport rep = r.report();
    assertTrue(rep.psnrOverfittedFloat()[0] > rep.psnrBaseModelFloat()[0] + 0.05, rep.format());
    assertTrue(rep.overfittingGainDb() > 0.05, rep.format());
    assertTrue(Math.abs(rep.integerLossDb()) < 0.05, rep.format());
    assertEquals(0, rep.check().totalViolations());
    assertEquals(60, rep.floatIterations());
    assertEquals(20, rep.qatIterations());
    // The signalled parameters with the base model reproduce the integer output the report measured.
    IntegerNetwork net = IntegerNetwork.quantize(base, r.params());
    try (IntegerInference inf = new IntegerInference(net, InferenceOptions.defaults())) {
      List<Picture> out = new ArrayList<>();
      for (Picture p : rec) {
        out.add(inf.apply(p, 32));
      }
      assertArrayEquals(rep.psnrOverfittedInteger(), org.nnpf.training.PsnrMeter.average(out, orig), 1e-9);
    }
  }

  @Test
  void sameSeedSameResultForOneAndTwoThreads() {
    Model base = ModelFactory.polyphasePostFilter(8, 3, 5);
    List<Picture> orig = List.of(GeneratedPictures.natural(40, 24, 8, 1));
    List<Picture> rec = List.of(GeneratedPictures.blocky(orig.get(0), 0.3));
    OverfitConfig cfg = OverfitConfig.defaults().withIterations(12).withTile(8, 3).withStrategy(Strategy.MEASURED, 24);
    OverfitResult a = Overfitter.overfit(base, rec, orig, 37, cfg);
    OverfitResult b = Overfitter.overfit(base, rec, orig, 37, cfg.withThreads(2));
    assertEquals(a.model(), b.model());
    assertEquals(a.params(), b.params());
  }

  @Test
  void aFinalIntegerLossAboveTheThresholdReallocatesTheBits() {
    Model base = ModelFactory.polyphasePostFilter(8, 3, 5);
    List<Picture> orig = List.of(GeneratedPictures.natural(40, 24, 8, 1));
    List<Picture> rec = List.of(GeneratedPictures.blocky(orig.get(0), 0.3));
    OverfitConfig cfg = OverfitConfig.defaults().withIterations(12).withTile(8, 3);
    OverfitResult loose = Overfitter.overfit(base, rec, orig, 37, cfg.withMaxIntegerLoss(100));
    OverfitResult strict = Overfitter.overfit(base, rec, orig, 37, cfg.withMaxIntegerLoss(0));
    // the plan of the quantization-aware phase (all 8 bits under the loose threshold) loses something
    assertTrue(loose.report().integerLossDb() > 0, loose.report().format());
    assertTrue(loose.params().layers().stream().allMatch(l -> l.weights().bits() == 8 && l.output().bits() == 8));
    // under a zero threshold the bits are allocated again for the final network: 16-bit tensors
    assertTrue(strict.params().input().bits() == 16
        || strict.params().layers().stream().anyMatch(l -> l.weights().bits() == 16 || l.output().bits() == 16));
    assertTrue(strict.report().integerLossDb() < loose.report().integerLossDb(), strict.report().format());
  }
}
