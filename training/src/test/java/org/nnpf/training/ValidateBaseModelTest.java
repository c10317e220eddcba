package org.nnpf.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.ModelFactory;
import org.nnpf.common.nn.ModelFile;
import org.nnpf.training.data.BalancedValidationSet;
import org.nnpf.training.data.CodedPair;
import picocli.CommandLine;

/**
 * {@code validate-base-model} and its balanced set: every held-out source at every QP with the
 * same patches, one combination per bucket (never below the unfiltered pictures), results
 * independent of the thread count, and clear errors.
 */
class ValidateBaseModelTest {
  @TempDir
  static Path dir;

  static Path images;
  static List<CodedPair> set;

  /** Ten generated images of 400x272 (the tenth is held out; large enough for a 384x256 pan). */
  @BeforeAll
  static void build() throws Exception {
    images = Files.createDirectories(dir.resolve("images"));
    SplittableRandom r = new SplittableRandom(7);
    for (int k = 0; k < 10; k++) {
      BufferedImage b = new BufferedImage(400, 272, BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < 272; y++) {
        for (int x = 0; x < 400; x++) {
          int v = (int) (128 + 60 * Math.sin((x + 7 * k) / 5.0) * Math.cos(y / 9.0)) + r.nextInt(24);
          b.setRGB(x, y, (v << 16) | ((255 - v) << 8) | (v / 2));
        }
      }
      ImageIO.write(b, "png", images.resolve("img" + k + ".png").toFile());
    }
    set = BalancedValidationSet.build(images, null, new int[] {32, 37}, 1, "medium", 17,
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  @Test
  void everyHeldOutSourceIsCodedAtEveryQp() {
    // one held-out image (img9): per QP one all-intra picture and pictures 1..8 of RA and of LDB
    assertEquals(2 * (1 + 8 + 8), set.size());
    List<BalancedValidationSet.Item> items = BalancedValidationSet.items(set);
    for (int qp : new int[] {32, 37}) {
      assertEquals(1, items.stream().filter(i -> i.pair().qp() == qp && i.kind().equals("ai")).count());
      for (String kind : List.of("ra", "ldb")) {
        assertArrayEquals(new int[] {1, 2, 3, 4, 5, 6, 7, 8}, items.stream()
            .filter(i -> i.pair().qp() == qp && i.kind().equals(kind)).mapToInt(BalancedValidationSet.Item::picture).toArray());
      }
    }
    assertTrue(items.stream().allMatch(i -> i.source().equals("img9.png")), items.get(0).source());
    // the originals are the same at both QPs, the reconstructions are not
    CodedPair a = items.stream().filter(i -> i.pair().qp() == 32 && i.kind().equals("ra") && i.picture() == 3).findFirst().orElseThrow().pair();
    CodedPair b = items.stream().filter(i -> i.pair().qp() == 37 && i.kind().equals("ra") && i.picture() == 3).findFirst().orElseThrow().pair();
    assertArrayEquals(a.original().plane(0).samples(), b.original().plane(0).samples());
    assertFalse(java.util.Arrays.equals(a.reconstruction().plane(0).samples(), b.reconstruction().plane(0).samples()));
  }

  @Test
  void patchesLieAtTheSamePositionsAtEveryQp() {
    ValidateBaseModel v = new ValidateBaseModel();
    v.seed = 1;
    v.intraPatches = 3;
    Model m = ModelFactory.polyphasePostFilter(4, 2, 1);
    List<ValidateBaseModel.Patch> patches = v.patches(m, BalancedValidationSet.items(set));
    assertEquals(2 * (3 + 8 + 8), patches.size());
    Map<String, float[]> first = new HashMap<>();
    int compared = 0;
    for (int i = 0; i < patches.size(); i++) {
      ValidateBaseModel.Patch p = patches.get(i);
      // the bucket name without its QP, the structure, and the patch's rank within them identify a position
      String key = p.structureBucket().replaceAll("^QP\\d+ ", "") + "#" + (i % 19);
      float[] target = p.sample().target().data();
      float[] seen = first.putIfAbsent(key, target);
      if (seen != null) {
        assertArrayEquals(seen, target, key);
        compared++;
      }
    }
    assertEquals(19, compared);
  }

  private static int run(PrintStream out, String... args) {
    PrintWriter w = new PrintWriter(out, true);
    return new CommandLine(new ValidateBaseModel()).setErr(w).setOut(w)
        .setExecutionExceptionHandler((ex, cl, pr) -> {
          w.println("error: " + ex.getMessage());
          return 2;
        }).execute(args);
  }

  @Test
  void tablesDoNotDependOnThreadsAndNoBucketLoses() throws Exception {
    Model one = ModelFactory.polyphasePostFilter(6, 3, 4);
    Path m1 = dir.resolve("one.nnpm");
    Files.write(m1, ModelFile.toBytes(one));
    Path m2 = dir.resolve("two.nnpm");
    Files.write(m2, ModelFile.toBytes(ModelFactory.withHypotheses(one, 2, 0.1, 3)));
    String[] tables = new String[2];
    for (int t = 1; t <= 2; t++) {
      Path out = dir.resolve("t" + t + ".md");
      ByteArrayOutputStream log = new ByteArrayOutputStream();
      int rc = run(new PrintStream(log, true, StandardCharsets.UTF_8), "-m", m1.toString(), m2.toString(), "--data",
          images.toString(), "--video", "none", "--qps", "32,37", "--cache", dir.resolve("cache").toString(),
          "--threads", "" + t, "--bootstrap", "50", "-o", out.toString());
      assertEquals(0, rc, log.toString(StandardCharsets.UTF_8));
      tables[t - 1] = Files.readString(out);
    }
    assertEquals(tables[0], tables[1]);
    String t = tables[0];
    assertTrue(t.startsWith("One least-squares combination of the hypotheses per bucket and component:\n\n"
        + "| model | QP32 inter | QP32 intra | QP37 inter | QP37 intra | mean |\n"), t);
    assertTrue(t.contains("| model | QP32 AI | QP32 LDB | QP32 RA | QP37 AI | QP37 LDB | QP37 RA |\n"), t);
    assertTrue(t.contains("| " + m1 + " |") && t.contains("| " + m2 + " |"), t);
    // one least-squares combination per bucket never does worse than the unfiltered pictures
    Matcher g = Pattern.compile(" ([+-]\\d\\.\\d{3}) \\[([+-]\\d\\.\\d{3}), ([+-]\\d\\.\\d{3})\\]").matcher(t);
    int n = 0;
    while (g.find()) {
      double gain = Double.parseDouble(g.group(1));
      assertTrue(gain >= 0, t);
      assertTrue(Double.parseDouble(g.group(2)) <= Double.parseDouble(g.group(3)), t);
      n++;
    }
    // tables: network alone per bucket (2 models x 4 buckets) and per structure (2 x 6); the
    // refinement stage per bucket and per source (the FIR alone and 2 models, x 4 buckets each)
    assertEquals(2 * 4 + 2 * 6 + 2 * 3 * 4, n);
    // the refinement stage with a network's hypotheses never does worse than its FIR alone
    int refinedTables = 0;
    for (String part : t.split("The refinement stage fitted ")) {
      Matcher fir = Pattern.compile("\\| no network: the 7x7 FIR, 15 classes \\| ([^\n]*)\\| ([+-]\\d\\.\\d{3}) \\|\n").matcher(part);
      if (!fir.find()) {
        continue;
      }
      double firMean = Double.parseDouble(fir.group(2));
      Matcher rows = Pattern.compile("\\| /[^|]*\\.nnpm \\|[^\n]*\\| ([+-]\\d\\.\\d{3}) \\|\n").matcher(part);
      int models = 0;
      while (rows.find()) {
        assertTrue(Double.parseDouble(rows.group(1)) >= firMean, part);
        models++;
      }
      assertEquals(2, models, part);
      refinedTables++;
    }
    assertEquals(2, refinedTables, t);
  }

  /** {@code train-base-model --balanced-validation} logs the balanced set's figures at every validation. */
  @Test
  void trainingLogsTheBalancedValidation() throws Exception {
    Path log = dir.resolve("train.log");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintWriter w = new PrintWriter(new PrintStream(err, true, StandardCharsets.UTF_8), true);
    int rc = new CommandLine(new TrainBaseModel()).setErr(w).setExecutionExceptionHandler((ex, cl, pr) -> {
      w.println("error: " + ex.getMessage());
      return 2;
    }).execute("--data", images.toString(), "--video", "none", "--cache", dir.resolve("train-cache").resolve("ds").toString(),
        "--out", dir.resolve("t.nnpm").toString(), "--log", log.toString(), "--channels", "4", "--layers", "2",
        "--iterations", "2", "--warmup", "1", "--patch", "32", "--batch", "2", "--validate-every", "2",
        "--validation-patches", "2", "--checkpoint-every", "2", "--log-every", "1", "--intra-qps", "1",
        "--balanced-validation");
    String text = Files.readString(log);
    assertEquals(0, rc, err.toString(StandardCharsets.UTF_8) + text);
    for (int at : new int[] {0, 2}) {
      assertTrue(Pattern.compile("validation balanced at " + at + ": refined per source, QP22 inter [+-]\\d\\.\\d{3}, "
          + ".*QP37 intra [+-]\\d\\.\\d{3}; mean [+-]\\d\\.\\d{3} dB; network alone, one combination per bucket: mean")
          .matcher(text).find(), text);
    }
    assertTrue(Files.exists(dir.resolve("train-cache").resolve("validation-balanced-seed1-qp22-27-32-37").resolve("pairs")));
  }

  @Test
  void badInputIsAClearError() throws Exception {
    String[][] cases = {
        {"-m", "no-such-model", "--data", images.toString()},
        {"-m", "base-c44-l6-v3h2", "--qps", "22,60", "--data", images.toString()},
        {"-m", "base-c44-l6-v3h2", "--data", dir.resolve("nowhere").toString()},
    };
    String[] want = {
        "--model no-such-model: no such file and no built-in model of that name",
        "--qps [22, 60]: QPs in 0..51",
        "training images folder " + dir.resolve("nowhere") + " does not exist (--data)",
    };
    for (int i = 0; i < cases.length; i++) {
      ByteArrayOutputStream log = new ByteArrayOutputStream();
      int rc = run(new PrintStream(log, true, StandardCharsets.UTF_8), cases[i]);
      assertEquals(2, rc, log.toString(StandardCharsets.UTF_8));
      assertTrue(log.toString(StandardCharsets.UTF_8).contains(want[i]), log.toString(StandardCharsets.UTF_8));
    }
    ByteArrayOutputStream badOut = new ByteArrayOutputStream();
    Path nowhere = dir.resolve("no-such-dir").resolve("t.md");
    int badRc = run(new PrintStream(badOut, true, StandardCharsets.UTF_8), "-m", "base-c24-l8", "--data", images.toString(),
        "--video", "none", "--qps", "32,37", "--cache", dir.resolve("cache").toString(), "--bootstrap", "0", "-o",
        nowhere.toString());
    assertEquals(2, badRc, badOut.toString(StandardCharsets.UTF_8));
    assertTrue(badOut.toString(StandardCharsets.UTF_8).contains("--out " + nowhere + ": cannot write the tables"),
        badOut.toString(StandardCharsets.UTF_8));
    Path few = Files.createDirectories(dir.resolve("few"));
    Files.copy(images.resolve("img0.png"), few.resolve("a.png"));
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    int rc = run(new PrintStream(log, true, StandardCharsets.UTF_8), "-m", "base-c44-l6-v3h2", "--data", few.toString(),
        "--video", "none", "--cache", dir.resolve("few-cache").toString());
    assertEquals(2, rc, log.toString(StandardCharsets.UTF_8));
    assertTrue(log.toString(StandardCharsets.UTF_8).contains("no held-out image under " + few), log.toString(StandardCharsets.UTF_8));
    assertFalse(Files.exists(dir.resolve("few-cache").resolve("pairs")), "no cache written on error");
  }
}
