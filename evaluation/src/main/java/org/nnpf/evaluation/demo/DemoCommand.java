package org.nnpf.evaluation.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.nnpf.common.NnpfException;
import org.nnpf.common.cli.CliSupport;
import org.nnpf.common.content.SyntheticSource;
import org.nnpf.common.io.SequenceInfo;
import org.nnpf.common.io.YuvWriter;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;
import org.nnpf.decoder.app.DecoderCommand;
import org.nnpf.evaluation.compare.CompareCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import org.nnpf.encoder.app.EncoderCommand;

/**
 * {@code bin/demo}: the project's main job on built-in content. Generates a test sequence, codes it
 * at four QPs with and without the post-filter ({@code bin/encoder}), decodes and checks every
 * picture of every stream ({@code bin/decoder}), and compares the two RD curves ({@code
 * bin/compare}): BD-rate table, JSON and an RD plot.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    versionProvider = CliSupport.VersionProvider.class,
    sortOptions = false,
    description = {
      "Runs the whole chain on generated content: encoder at four QPs with and without the",
      "post-filter, decoder with hash checks, and the BD-rate comparison with an RD plot.",
      ""
    })
public final class DemoCommand implements Callable<Integer> {
  @Option(names = "--out", paramLabel = "DIR", defaultValue = "demo-out", description = "Output directory (default ${DEFAULT-VALUE}).")
  Path outDir;

  @Option(names = "--size", paramLabel = "WxH", defaultValue = "352x288", description = "Picture size (default ${DEFAULT-VALUE}).")
  String size;

  @Option(names = "--frames", paramLabel = "N", defaultValue = "8", description = "Pictures (default ${DEFAULT-VALUE}).")
  int frames;

  @Option(names = "--bit-depth", paramLabel = "N", defaultValue = "8", description = "Bit depth, 8 or 10 (default ${DEFAULT-VALUE}).")
  int bitDepth;

  @Option(names = "--qps", paramLabel = "QP", split = ",", defaultValue = "22,27,32,37", description = "QPs (default ${DEFAULT-VALUE}).")
  List<Integer> qps;

  @Option(names = "--codec", paramLabel = "hevc|avc", defaultValue = "hevc", description = "Base codec (default ${DEFAULT-VALUE}).")
  String codec;

  @Option(names = "--overfit-iterations", paramLabel = "N", defaultValue = "0", description = "Overfitting steps per encoding; 0: the base model's multipliers, adapted by the refinement stage only (default ${DEFAULT-VALUE}).")
  int iterations;

  @Option(names = "--filter-all", description = "Apply the filter to every picture (skip the encoder's rate-distortion decision).")
  boolean filterAll;

  @Option(names = "--carriage", paramLabel = "sei|aps|h274", defaultValue = "sei", description = "Carriage of the post-filter units (default ${DEFAULT-VALUE}).")
  String carriage;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "2", description = "Threads (default ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "Content generator seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Mixin CliSupport.StandardOptions std;

  private PrintWriter out;
  private PrintWriter err;

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true, StandardCharsets.UTF_8),
        new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
  }

  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    DemoCommand cmd = new DemoCommand();
    cmd.out = out;
    cmd.err = err;
    return CliSupport.run(cmd, args, out, err);
  }

  @Override
  public Integer call() throws IOException {
    String[] wh = size.toLowerCase(Locale.ROOT).split("x");
    if (wh.length != 2) {
      throw new NnpfException("--size: '" + size + "' is not WxH");
    }
    int w = Integer.parseInt(wh[0]);
    int h = Integer.parseInt(wh[1]);
    if (qps.size() < 4) {
      throw new NnpfException("--qps: BD-rate needs at least 4 QPs, " + qps.size() + " given");
    }
    Files.createDirectories(outDir);
    String name = String.format(Locale.ROOT, "synthetic_%dx%d_%df%s.yuv", w, h, frames, bitDepth == 8 ? "" : "_" + bitDepth + "bit");
    Path input = outDir.resolve(name);
    SequenceInfo info = new SequenceInfo(w, h, bitDepth, ChromaFormat.CF420, 30, 1, frames);
    say("== Generating %s (%d pictures of %dx%d, %d-bit, seed %d)", input, frames, w, h, bitDepth, seed);
    try (SyntheticSource src = new SyntheticSource(info, seed); YuvWriter yw = YuvWriter.create(input)) {
      for (Picture p = src.next(); p != null; p = src.next()) {
        yw.write(p);
      }
      yw.commit();
    }
    Path anchorDir = Files.createDirectories(outDir.resolve("anchor"));
    Path testDir = Files.createDirectories(outDir.resolve("nnpf"));
    for (int qp : qps) {
      for (boolean pf : new boolean[] {false, true}) {
        Path dir = pf ? testDir : anchorDir;
        String stem = String.format(Locale.ROOT, "qp%d", qp);
        Path bin = dir.resolve(stem + ".bin");
        List<String> a = new ArrayList<>(List.of("-i", input.toString(), "-b", bin.toString(), "-q", Integer.toString(qp),
            "--codec", codec, "--threads", Integer.toString(threads), "--report", dir.resolve(stem + ".json").toString()));
        Path rec = dir.resolve(stem + "_rec.yuv");
        a.addAll(List.of("-o", rec.toString()));
        if (pf) {
          a.addAll(iterations > 0 ? List.of("--overfit-iterations", Integer.toString(iterations)) : List.of("--no-overfit"));
          a.addAll(List.of("--carriage", carriage));
          if (filterAll) {
            a.add("--filter-all");
          }
        } else {
          a.add("--no-postfilter");
        }
        say("== bin/encoder %s", String.join(" ", a));
        long t0 = System.nanoTime();
        StringWriter log = new StringWriter();
        check(EncoderCommand.run(a.toArray(String[]::new), new PrintWriter(log), err), "encoder");
        boolean units = false;
        for (String line : log.toString().split("\\R")) {
          if (line.startsWith("Post-filter units:")) {
            units = !line.startsWith("Post-filter units: 0 bits");
            say("   %s", line);
          } else if (line.startsWith("Decision:")) {
            int cut = line.indexOf("; candidates");
            say("   %s", cut > 0 ? line.substring(0, cut) : line);
          }
        }
        Path dec = dir.resolve(stem + "_dec.yuv");
        String[] d = {"-b", bin.toString(), "-o", dec.toString(), "-r", input.toString(),
            "--threads", Integer.toString(threads), "--quiet"};
        say("   %.1f s; bin/decoder %s", (System.nanoTime() - t0) / 1e9, String.join(" ", d));
        StringWriter buf = new StringWriter();
        check(DecoderCommand.run(d, new PrintWriter(buf), err), "decoder");
        if (Files.mismatch(rec, dec) != -1) {
          throw new NnpfException(dec + ": the decoder's output differs from the encoder's " + rec);
        }
        say(pf && units ? "   decoded: the post-filtered output equals the encoder's, picture for picture"
            : pf ? "   decoded (no post-filter units: the base stream)" : "   decoded: equals the encoder's reconstruction");
      }
    }
    String[] c = {"--anchor", anchorDir.toString(), "--test", testDir.toString(), "--json",
        outDir.resolve("bd.json").toString(), "--plot", outDir.resolve("rd.png").toString(),
        "--anchor-label", "base " + codec, "--test-label", "base " + codec + " + nnpf"};
    say("== bin/compare %s", String.join(" ", c));
    check(CompareCommand.commandLine(out, err).execute(c), "compare");
    say("%nOutputs in %s: streams, reports (JSON/CSV), bd.json, rd.png", outDir);
    return 0;
  }

  private void check(int status, String what) {
    if (status != 0) {
      throw new NnpfException(what + " failed (exit status " + status + "); see the message above");
    }
  }

  private void say(String fmt, Object... args) {
    if (!std.quiet()) {
      out.printf(Locale.ROOT, fmt + "%n", args);
      out.flush();
    }
  }
}
