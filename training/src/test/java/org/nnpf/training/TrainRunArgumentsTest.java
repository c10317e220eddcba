package org.nnpf.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnpf.common.NnpfException;

/** {@code bin/train --run DIR}: the committed arguments, then the run's own files, then the extra arguments. */
class TrainRunArgumentsTest {
  @TempDir Path dir;

  @Test
  void runFolderGivesItsArgumentsAndFiles() throws Exception {
    Path run = Files.createDirectories(dir.resolve("training/runs/r1"));
    Files.writeString(run.resolve("args.txt"), "# a comment\n--channels 32 --layers 10   # trailing\n\n--loss normalized\n");
    List<String> a = List.of(TrainBaseModel.runArguments(new String[] {"--run", run.toString(), "--stop-at", "500"}));
    assertEquals(List.of("--channels", "32", "--layers", "10", "--loss", "normalized",
        "--out", run.resolve("model.nnpm").toString(), "--checkpoint", run.resolve("checkpoint.ckpt").toString(),
        "--log", run.resolve("train.log").toString(), "--stop-at", "500"), a);
  }

  @Test
  void badRunFoldersAreClearErrors() throws Exception {
    NnpfException e = assertThrows(NnpfException.class,
        () -> TrainBaseModel.runArguments(new String[] {"--run", dir.resolve("none").toString()}));
    assertTrue(e.getMessage().contains("args.txt does not exist"), e.getMessage());
    Path run = Files.createDirectories(dir.resolve("r2"));
    Files.writeString(run.resolve("args.txt"), "--out elsewhere.nnpm\n");
    e = assertThrows(NnpfException.class, () -> TrainBaseModel.runArguments(new String[] {"--run", run.toString()}));
    assertTrue(e.getMessage().contains("--out is set by --run"), e.getMessage());
  }
}
