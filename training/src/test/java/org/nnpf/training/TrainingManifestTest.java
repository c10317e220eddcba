package org.nnpf.training;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnpf.common.NnpfException;
import org.nnpf.common.nn.ModelFactory;
import org.nnpf.common.nn.ModelFile;

class TrainingManifestTest {

  @Test
  void manifestSumsTheTimeOfResumedRunsAndKeepsTheBestValidation(@TempDir Path dir) throws Exception {
    Path model = dir.resolve("m.nnpm");
    ModelFile.write(ModelFactory.polyphasePostFilter(8, 3, 1), model);
    Path log = dir.resolve("t.log");
    Files.writeString(log, String.join("\n",
        "2026-01-01T00:00:00Z train-base-model --seed 1 --iterations 100",
        "dataset: 10 training pairs (1.0 Mpixel luma), 2 validation pairs; x",
        "it 50 loss 3.0e-04 lr 1.0e-03 elapsed 100 s (10.0 patches/s)",
        "validation at 50: mse 2.0e-04, identity 3.0e-04, gain 1.761 dB",
        "validation balanced at 50: refined per source, QP22 inter +0.100; mean +0.100 dB",
        "2026-01-01T01:00:00Z train-base-model --seed 1 --iterations 100",
        "resumed from x at iteration 50",
        "it 100 loss 2.5e-04 lr 1.0e-05 elapsed 40 s (10.0 patches/s)",
        "validation at 100: mse 2.5e-04, identity 3.0e-04, gain 0.792 dB",
        "validation buckets at 100: QP22 intra +0.050 dB (12), QP37 inter +0.300 dB (9)",
        "validation balanced at 100: refined per source, QP22 inter +0.200; mean +0.200 dB",
        "checkpoint at 100",
        "validation balanced at 120: refined per source, QP22 inter +0.300; mean +0.300 dB",
        "it 120 loss 2.0e-04 lr 1.0e-05 elapsed 60 s (10.0 patches/s)", ""));
    Path out = dir.resolve("m.manifest.md");
    TrainingManifest.write(model, log, out);
    String m = Files.readString(out);
    assertTrue(m.contains("| training time | 140 s over 2 run(s)"), m);
    assertTrue(m.contains("best validation | `validation at 50:"), m);
    assertTrue(m.contains("last validation | `validation at 100:"), m);
    assertTrue(m.contains("10 training pairs"), m);
    assertTrue(m.contains("| model written at iteration | 100"), m);
    assertTrue(m.contains("`it 100 loss"), m);
    assertTrue(m.contains("| kMAC per luma pixel |"), m);
    assertTrue(m.contains("| last validation per QP bucket (gain in dB, patches) | QP22 intra +0.050 dB (12), QP37 inter +0.300 dB (9) |"), m);
    // the balanced validation: the first of the log, and the last before the model's checkpoint
    assertTrue(m.contains("| balanced validation, first (docs/method-implementation.md 3.2) | at 50: refined per source, QP22 inter +0.100; mean +0.100 dB |"), m);
    assertTrue(m.contains("| balanced validation, last | at 100: refined per source, QP22 inter +0.200; mean +0.200 dB |"), m);
  }

  @Test
  void aLogWithoutIterationsIsRefused(@TempDir Path dir) throws Exception {
    Path model = dir.resolve("m.nnpm");
    ModelFile.write(ModelFactory.polyphasePostFilter(8, 3, 1), model);
    Path log = dir.resolve("t.log");
    Files.writeString(log, "hello\n");
    assertThrows(NnpfException.class, () -> TrainingManifest.write(model, log, dir.resolve("x.md")));
  }
}
