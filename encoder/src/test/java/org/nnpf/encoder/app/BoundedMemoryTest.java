package org.nnpf.encoder.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnpf.common.content.SyntheticSource;
import org.nnpf.common.io.SequenceInfo;
import org.nnpf.common.io.YuvWriter;
import org.nnpf.common.nn.ModelFactory;
import org.nnpf.common.nn.ModelFile;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;

/**
 * The encoder's memory does not grow with the number of pictures (docs/encoder.md, "Memory"): a
 * sequence several times larger than the Java heap, held as whole pictures, encodes in a fresh JVM
 * limited to that heap, to the same stream and pictures as an unconstrained run.
 */
class BoundedMemoryTest {
  @TempDir Path dir;

  /**
   * 320x180 4:2:0: 172,800 bytes a picture as the encoder holds samples (16 bits each); 304 of them
   * are 2.5 times the heap as whole pictures, and the encoder before its pictures went to temporary
   * files held at least 9 pictures per picture (original, decoded, float and integer outputs, two
   * hypotheses, refined, output), 22 times the heap. 20 MB was about what the whole-picture float
   * passes needed at this size with the small network (the float pass now runs patch by patch).
   */
  private static final int W = 320;
  private static final int H = 180;
  private static final int FRAMES = 304;
  private static final int HEAP_MB = 20;

  private Path writeInput(int frames) throws Exception {
    Path in = dir.resolve("long_" + W + "x" + H + "_" + frames + "f.yuv");
    try (SyntheticSource src = new SyntheticSource(new SequenceInfo(W, H, 8, ChromaFormat.CF420, 30, 1, frames), 11);
        YuvWriter yw = YuvWriter.create(in)) {
      for (Picture p = src.next(); p != null; p = src.next()) {
        yw.write(p);
      }
      yw.commit();
    }
    return in;
  }

  /** A fresh JVM running the encoder with {@code -Xmx}; returns exit status, standard error. */
  private Child encoderInChildJvm(int heapMb, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "--add-modules", "jdk.incubator.vector", "-Xss8m", "-Xmx" + heapMb + "m",
        "-Djava.io.tmpdir=" + dir, "-cp", System.getProperty("java.class.path"),
        EncoderCommand.class.getName()));
    cmd.addAll(List.of(args));
    Path errFile = dir.resolve("child-" + System.nanoTime() + ".err");
    Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(errFile.toFile()).start();
    assertTrue(p.waitFor(10, TimeUnit.MINUTES), "the child encoder did not finish");
    // the JVM's own notice of the incubator module is not the encoder's
    String err = Files.readString(errFile, StandardCharsets.UTF_8).replaceAll("(?m)^WARNING: Using incubator modules.*\\R", "");
    return new Child(p.exitValue(), err);
  }

  private record Child(int status, String err) {}

  @Test
  void aSequenceLargerThanTheHeapEncodesInItToTheSameStreamAndPictures() throws Exception {
    long heldAsPictures = (long) FRAMES * W * H * 3 / 2 * 2;
    assertTrue(heldAsPictures >= (5L * HEAP_MB << 20) / 2, "the sequence is 2.5 times the heap as whole pictures");
    Path in = writeInput(FRAMES);
    // a small network, so that the test's time goes to the pictures, not to the arithmetic
    Path model = dir.resolve("small.nnpm");
    ModelFile.write(ModelFactory.polyphasePostFilter(8, 3, 5), model);
    String[] common = {"-i", in.toString(), "-q", "37", "--model", model.toString(), "--no-overfit", "--quiet"};

    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int s = EncoderCommand.run(concat(common, "-b", dir.resolve("a.bin").toString(), "-o", dir.resolve("a.yuv").toString()),
        new PrintWriter(o), new PrintWriter(e));
    assertEquals(0, s, e.toString());

    Child c = encoderInChildJvm(HEAP_MB,
        concat(common, "-b", dir.resolve("b.bin").toString(), "-o", dir.resolve("b.yuv").toString()));
    assertEquals(0, c.status(), c.err());
    assertArrayEquals(Files.readAllBytes(dir.resolve("a.bin")), Files.readAllBytes(dir.resolve("b.bin")), "stream");
    assertArrayEquals(Files.readAllBytes(dir.resolve("a.yuv")), Files.readAllBytes(dir.resolve("b.yuv")), "pictures");
    try (var l = Files.list(dir)) {
      assertFalse(l.anyMatch(p -> p.getFileName().toString().endsWith(".pictures")), "no temporary picture file left");
    }
  }

  @Test
  void aHeapTooSmallForOnePictureIsRefusedUpFrontInOneLineNamingTheOptionAndLeavesNoOutput() throws Exception {
    Path in = writeInput(3);
    Child c = encoderInChildJvm(12, "-i", in.toString(), "-q", "37", "--no-overfit", "--quiet",
        "-b", dir.resolve("x.bin").toString(), "-o", dir.resolve("x.yuv").toString());
    assertEquals(1, c.status(), c.err());
    String[] lines = c.err().strip().split("\n");
    assertEquals(1, lines.length, c.err());
    assertTrue(lines[0].startsWith("encoder: error: " + in + ": pictures of 320x180 need at least "), c.err());
    assertTrue(lines[0].contains("the maximum heap is 12 MiB: run with NNPF_JAVA_OPTS=-Xmx1g"), c.err());
    assertFalse(Files.exists(dir.resolve("x.bin")));
    assertFalse(Files.exists(dir.resolve("x.yuv")));
  }

  private static String[] concat(String[] a, String... b) {
    String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }
}
