package org.nnpf.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.ModelFactory;
import org.nnpf.common.nn.ModelFile;
import picocli.CommandLine;

/**
 * {@code train-base-model --init MODEL}: fine-tuning starts from the given model's weights and
 * architecture (not from --channels/--layers and a fresh initialisation); a missing file is a
 * clear error naming the option.
 */
class TrainInitTest {
  @TempDir
  Path dir;

  private Path images() throws Exception {
    return images(3, 128, 96);
  }

  /** {@code n} generated images (every 10th is held out for validation). */
  private Path images(int n, int w, int h) throws Exception {
    Path img = Files.createDirectories(dir.resolve("images"));
    SplittableRandom r = new SplittableRandom(5);
    for (int k = 0; k < n; k++) {
      BufferedImage b = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int v = (int) (128 + 60 * Math.sin((x + 7 * k) / 5.0) * Math.cos(y / 7.0)) + r.nextInt(20);
          b.setRGB(x, y, (v << 16) | ((255 - v) << 8) | (v / 2));
        }
      }
      ImageIO.write(b, "png", img.resolve("img" + k + ".png").toFile());
    }
    return img;
  }

  private static int run(PrintStream err, String... args) {
    return new CommandLine(new TrainBaseModel()).setErr(new java.io.PrintWriter(err, true))
        .setExecutionExceptionHandler((ex, cl, pr) -> {
          err.println(ex.getMessage());
          return 2;
        }).execute(args);
  }

  @Test
  void initStartsFromTheGivenModel() throws Exception {
    Path img = images();
    Model start = ModelFactory.polyphasePostFilter(6, 3, 4);
    Path init = dir.resolve("start.nnpm");
    Files.write(init, ModelFile.toBytes(start));
    Path out = dir.resolve("out.nnpm");
    Path log = dir.resolve("train.log");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = run(new PrintStream(err, true, StandardCharsets.UTF_8), "--data", img.toString(), "--video", "none",
        "--cache", dir.resolve("cache").toString(), "--out", out.toString(), "--log", log.toString(),
        "--init", init.toString(), "--channels", "24", "--layers", "8", "--iterations", "2", "--warmup", "1",
        "--patch", "32", "--batch", "2", "--lr", "1e-9", "--final-lr", "1e-9", "--validate-every", "1", "--validation-patches", "2",
        "--checkpoint-every", "1", "--log-every", "1", "--intra-qps", "1");
    assertEquals(0, rc, err.toString(StandardCharsets.UTF_8) + Files.readString(log));
    String text = Files.readString(log);
    assertTrue(text.contains("init: weights of " + init), text);
    Model trained = ModelFile.read(out);
    // the architecture of the init model, not --channels 24 --layers 8
    assertEquals(start.layers().size(), trained.layers().size());
    assertEquals(start.parameterCount(), trained.parameterCount());
  }

  @Test
  void missingInitModelIsAClearError() throws Exception {
    Path img = images();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = run(new PrintStream(err, true, StandardCharsets.UTF_8), "--data", img.toString(), "--video", "none",
        "--cache", dir.resolve("cache").toString(), "--out", dir.resolve("o.nnpm").toString(),
        "--init", dir.resolve("none.nnpm").toString(), "--intra-qps", "1");
    assertTrue(rc != 0);
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("--init " + dir.resolve("none.nnpm") + ": no such model file"),
        err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void kernelsAndActivationChooseTheArchitecture() throws Exception {
    Path img = images();
    Path out = dir.resolve("k.nnpm");
    Path log = dir.resolve("k.log");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int rc = run(new PrintStream(err, true, StandardCharsets.UTF_8), "--data", img.toString(), "--video", "none",
        "--cache", dir.resolve("cache").toString(), "--out", out.toString(), "--log", log.toString(),
        "--channels", "8", "--kernels", "3,1,3,1,3", "--activation", "prelu", "--iterations", "2", "--warmup", "1",
        "--patch", "32", "--batch", "2", "--validate-every", "1", "--validation-patches", "2",
        "--checkpoint-every", "1", "--log-every", "1", "--intra-qps", "1");
    assertEquals(0, rc, err.toString(StandardCharsets.UTF_8) + Files.readString(log));
    Model trained = ModelFile.read(out);
    int[] k = trained.layers().stream().mapToInt(l -> ((org.nnpf.common.nn.Conv2d) l).kernelSize()).toArray();
    assertArrayEquals(new int[] {3, 1, 3, 1, 3}, k);
    org.nnpf.common.nn.Conv2d first = (org.nnpf.common.nn.Conv2d) trained.layers().get(0);
    assertEquals(org.nnpf.common.nn.Activation.Kind.PRELU, first.activation().kind());
    assertEquals(8, first.activation().slopeCount());
    assertEquals(org.nnpf.common.nn.Activation.Kind.NONE,
        ((org.nnpf.common.nn.Conv2d) trained.layers().get(4)).activation().kind());
  }

  @Test
  void badArchitectureOptionsAreClearErrors() throws Exception {
    Path img = images();
    String[][] cases = {
        {"--kernels", "3,5,3", "--kernels: kernel size 5 is not 1 or 3"},
        {"--kernels", "3", "--kernels: need at least 2 convolutions, got 1"},
        {"--activation", "gelu", "--activation gelu: leaky-relu, relu or prelu"}};
    for (String[] c : cases) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int rc = run(new PrintStream(err, true, StandardCharsets.UTF_8), "--data", img.toString(), "--video", "none",
          "--cache", dir.resolve("cache").toString(), "--out", dir.resolve("o.nnpm").toString(), c[0], c[1],
          "--intra-qps", "1");
      assertTrue(rc != 0);
      assertTrue(err.toString(StandardCharsets.UTF_8).contains(c[2]), err.toString(StandardCharsets.UTF_8));
      assertTrue(!Files.exists(dir.resolve("cache")), "no dataset work before the options are checked");
    }
  }

  @Test
  void severalHypothesesTrainFromAOneHypothesisModelAndResume() throws Exception {
    Path img = images(10, 144, 128);
    Model start = ModelFactory.polyphasePostFilter(6, 3, 4);
    Path init = dir.resolve("start.nnpm");
    Files.write(init, ModelFile.toBytes(start));
    Path out = dir.resolve("h.nnpm");
    Path log = dir.resolve("h.log");
    String[] args = {"--data", img.toString(), "--video", "none",
        "--cache", dir.resolve("cache").toString(), "--out", out.toString(), "--log", log.toString(),
        "--init", init.toString(), "--hypotheses", "3", "--loss", "combination", "--iterations", "4", "--warmup", "1",
        "--patch", "32", "--batch", "2", "--validate-every", "2", "--validation-patches", "3",
        "--checkpoint-every", "2", "--log-every", "1", "--intra-qps", "1"};
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    String[] first = java.util.Arrays.copyOf(args, args.length + 2);
    first[args.length] = "--stop-at";
    first[args.length + 1] = "2";
    int rc = run(new PrintStream(err, true, StandardCharsets.UTF_8), first);
    assertEquals(0, rc, err.toString(StandardCharsets.UTF_8) + Files.readString(log));
    Model half = ModelFile.read(out);
    assertEquals(3, half.hypotheses());
    assertEquals(18, half.conv(2).outChannels());
    rc = run(new PrintStream(err, true, StandardCharsets.UTF_8), args);
    assertEquals(0, rc, err.toString(StandardCharsets.UTF_8) + Files.readString(log));
    String text = Files.readString(log);
    assertTrue(text.contains("3 hypotheses: the init model's last layer is hypothesis 0"), text);
    assertTrue(text.contains("resumed from"), text);
    assertTrue(text.contains("validation buckets (per-patch combination) at 4: "), text);
    Model trained = ModelFile.read(out);
    assertEquals(3, trained.hypotheses());
    // a one-hypothesis run resumed from a checkpoint is pinned by BaseTrainerTest; here: the same final
    // model as an uninterrupted run of the same arguments
    Path out2 = dir.resolve("h2.nnpm");
    String[] straight = args.clone();
    straight[7] = out2.toString();
    straight[9] = dir.resolve("h2.log").toString();
    rc = run(new PrintStream(err, true, StandardCharsets.UTF_8), straight);
    assertEquals(0, rc, err.toString(StandardCharsets.UTF_8));
    assertArrayEquals(Files.readAllBytes(out2), Files.readAllBytes(out), "resumed = uninterrupted");
  }

  @Test
  void hypothesisOptionsAreCheckedBeforeAnyDatasetWork() throws Exception {
    Path img = images();
    Files.write(dir.resolve("one.nnpm"), ModelFile.toBytes(ModelFactory.polyphasePostFilter(6, 3, 4)));
    String[][] cases = {
        {"--hypotheses", "2", "--loss", "mse", "--init", dir.resolve("one.nnpm").toString(),
            "--hypotheses 2 needs --loss combination, batch-combination or batch-refinement"},
        {"--hypotheses", "2", "--loss", "combination", "--init", "", "--hypotheses 2 needs --init MODEL"},
        {"--hypotheses", "17", "--loss", "combination", "--init", dir.resolve("one.nnpm").toString(),
            "--hypotheses 17: 1..16"},
        {"--hypotheses", "1", "--loss", "l1", "--init", "", "--loss l1: mse, normalized, sqrt-normalized, combination, batch-combination or batch-refinement"}};
    for (String[] c : cases) {
      java.util.List<String> a = new java.util.ArrayList<>(java.util.List.of("--data", img.toString(), "--video", "none",
          "--cache", dir.resolve("cache").toString(), "--out", dir.resolve("o.nnpm").toString(), "--intra-qps", "1",
          c[0], c[1], c[2], c[3]));
      if (!c[5].isEmpty()) {
        a.add(c[4]);
        a.add(c[5]);
      }
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int rc = run(new PrintStream(err, true, StandardCharsets.UTF_8), a.toArray(new String[0]));
      assertTrue(rc != 0);
      assertTrue(err.toString(StandardCharsets.UTF_8).contains(c[6]), err.toString(StandardCharsets.UTF_8));
      assertTrue(!Files.exists(dir.resolve("cache")), "no dataset work before the options are checked");
    }
  }

  /** --fit-group needs the refinement loss and must divide the batch; checked before any dataset work. */
  @Test
  void fitGroupIsCheckedBeforeAnyDatasetWork() throws Exception {
    Path img = images();
    Files.write(dir.resolve("one.nnpm"), ModelFile.toBytes(ModelFactory.polyphasePostFilter(6, 3, 4)));
    String[][] cases = {
        {"--loss", "combination", "--fit-group", "4"},
        {"--loss", "batch-refinement", "--fit-group", "3"},
        {"--loss", "batch-refinement", "--fit-group", "-1"}};
    for (String[] c : cases) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int rc = run(new PrintStream(err, true, StandardCharsets.UTF_8), "--data", img.toString(), "--video", "none",
          "--cache", dir.resolve("cache").toString(), "--out", dir.resolve("o.nnpm").toString(), "--intra-qps", "1",
          "--init", dir.resolve("one.nnpm").toString(), "--batch", "16", c[0], c[1], c[2], c[3]);
      assertTrue(rc != 0);
      assertTrue(err.toString(StandardCharsets.UTF_8).contains("--fit-group " + c[3]
          + ": needs --loss batch-refinement and must divide --batch 16"), err.toString(StandardCharsets.UTF_8));
      assertTrue(!Files.exists(dir.resolve("cache")), "no dataset work before the options are checked");
    }
  }
}
