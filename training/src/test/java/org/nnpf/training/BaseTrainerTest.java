package org.nnpf.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.ModelFactory;
import org.nnpf.common.picture.Picture;
import org.nnpf.training.autodiff.Sample;
import org.nnpf.training.autodiff.Tensor;
import org.nnpf.training.data.CodedPair;
import org.nnpf.training.data.PatchSampler;

class BaseTrainerTest {

  static List<CodedPair> pairs() {
    List<CodedPair> l = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Picture o = GeneratedPictures.natural(64, 48, 8, 10 + i);
      l.add(new CodedPair("gen" + i, o, GeneratedPictures.blocky(o, 0.3), 30 + 4 * i));
    }
    return l;
  }

  static BaseTrainer.Config config(int iterations) {
    return new BaseTrainer.Config(5, iterations, 4, 2e-3, 1e-4, 3, 2, 2, 5, 5, 10);
  }

  @Test
  void runResumedFromACheckpointEqualsAnUninterruptedRun(@TempDir Path dir) {
    Model init = ModelFactory.polyphasePostFilter(8, 3, 1);
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    PatchSampler s = new PatchSampler(init, pairs(), 16, true);
    BaseTrainer.Config c = config(20);
    Model straight = new BaseTrainer(TrainableModel.of(init), s, List.of(), c, null, null, quiet).run().model();
    Path ck = dir.resolve("x.ckpt");
    new BaseTrainer(TrainableModel.of(init), s, List.of(), c, ck, null, quiet).runUntil(10);
    Model resumed = new BaseTrainer(TrainableModel.of(init), s, List.of(), c, ck, null, quiet).run().model();
    assertEquals(straight, resumed);
    assertTrue(!straight.equals(init));
  }

  @Test
  void trainingImprovesValidationOnGeneratedContent() {
    Model init = ModelFactory.polyphasePostFilter(8, 3, 2);
    List<CodedPair> p = pairs();
    PatchSampler s = new PatchSampler(init, p, 16, true);
    List<Sample> val = new PatchSampler(init, p, 32, false).draw(new SplittableRandom(99), 4);
    BaseTrainer.Result r = new BaseTrainer(TrainableModel.of(init), s, val,
        new BaseTrainer.Config(1, 150, 4, 3e-3, 3e-4, 10, 1, 2, 1000, 1000, 1000), null, null,
        new PrintStream(new ByteArrayOutputStream())).run();
    assertTrue(r.validationGainDb() > 0.3, "gain " + r.validationGainDb());
  }

  @Test
  void untransformedPatchEqualsTheCropOfThePictureTensors() {
    Model m = ModelFactory.polyphasePostFilter(4, 2, 1);
    CodedPair p = pairs().get(0);
    Sample s = new PatchSampler(m, List.of(p), 16, false).patch(p, 10, 6, 0);
    Tensor full = PictureTensors.input(m, p.reconstruction(), p.qp());
    Tensor crop = PictureTensors.crop(full, 3, 5, 8, 8);
    assertEquals(java.util.Arrays.toString(crop.toDense()), java.util.Arrays.toString(s.inputs().get(0).toDense()));
    // Mirroring x twice is the identity; a transposed patch holds the transposed luma.
    Sample t = new PatchSampler(m, List.of(p), 16, false).patch(p, 10, 6, 4);
    Picture rec = p.reconstruction();
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 16; x++) {
        float v = t.inputs().get(0).get(2 * (y & 1) + (x & 1), y >> 1, x >> 1);
        assertEquals(rec.plane(0).get(10 + y, 6 + x) / 256f, v);
      }
    }
  }

  /** With the normalized objective too, a resumed run takes the same steps as an uninterrupted one. */
  @Test
  void normalizedObjectiveRunResumesExactlyAndLogsValidationBuckets(@TempDir Path dir) {
    Model init = ModelFactory.polyphasePostFilter(8, 3, 1);
    List<CodedPair> p = pairs();
    PatchSampler s = new PatchSampler(init, p, 16, true);
    List<PatchSampler.Drawn> drawn = new PatchSampler(init, p, 32, false).drawWithPairs(new SplittableRandom(3), 6);
    List<Sample> val = drawn.stream().map(PatchSampler.Drawn::sample).toList();
    List<String> buckets = drawn.stream().map(d -> BaseTrainer.bucket(d.pair().qp(), false)).toList();
    BaseTrainer.Config c = new BaseTrainer.Config(5, 20, 4, 2e-3, 1e-4, 3, 2, 2, 5, 5, 10,
        org.nnpf.training.autodiff.BatchGradients.Loss.NORMALIZED);
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    Model straight = new BaseTrainer(TrainableModel.of(init), s, val, buckets, c, null, null, new PrintStream(text)).run().model();
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    Path ck = dir.resolve("n.ckpt");
    new BaseTrainer(TrainableModel.of(init), s, val, buckets, c, ck, null, quiet).runUntil(10);
    Model resumed = new BaseTrainer(TrainableModel.of(init), s, val, buckets, c, ck, null, quiet).run().model();
    assertEquals(straight, resumed);
    String log = text.toString();
    assertTrue(log.matches("(?s).*validation buckets at 20: QP\\d\\d inter [+-]\\d+\\.\\d{3} dB \\(\\d+\\).*"), log);
  }

  @Test
  void bucketsAreTheNearestCtcQpAndThePictureType() {
    assertEquals("QP17 intra", BaseTrainer.bucket(17, true));
    assertEquals("QP17 inter", BaseTrainer.bucket(19, false));
    assertEquals("QP22 intra", BaseTrainer.bucket(20, true));
    assertEquals("QP22 inter", BaseTrainer.bucket(24, false));
    assertEquals("QP27 inter", BaseTrainer.bucket(25, false));
    assertEquals("QP32 intra", BaseTrainer.bucket(34, true));
    assertEquals("QP37 inter", BaseTrainer.bucket(35, false));
    assertEquals("QP42 inter", BaseTrainer.bucket(40, false));
  }
}
