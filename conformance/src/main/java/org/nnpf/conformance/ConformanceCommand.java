package org.nnpf.conformance;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.nnpf.common.NnpfException;
import org.nnpf.common.cli.CliSupport;
import org.nnpf.common.codec.BaseCodec;
import org.nnpf.common.nn.integer.InferenceOptions;
import org.nnpf.decoder.NnpfDecoder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code bin/conformance}: decodes every stream of the conformance suite and every negative
 * stream, checks them against their expected results and prints a pass/fail table; checks another
 * decoder's output files against the suite's hashes; regenerates the suite.
 */
@Command(
    name = "conformance",
    mixinStandardHelpOptions = true,
    versionProvider = CliSupport.VersionProvider.class,
    sortOptions = false,
    description = {
      "Decodes each stream of the conformance suite in-process, checks every picture hash it carries",
      "and compares the MD5 of the decoded YUV file with NAME_yuv.md5; then decodes each negative",
      "stream and checks the documented result (an error naming a syntax element, a hash mismatch,",
      "an accumulator violation in checking mode, or a clean decode). Prints a pass/fail table.",
      "With --check-dir, checks NAME.yuv files written by another decoder instead of decoding.",
      "With --regenerate, writes the suite and the negative streams anew, and the fuzz tests' seed",
      "inputs taken from them into the module's src/test/resources (docs/conformance.md).",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  bin/conformance",
      "  bin/conformance --threads 4 --kernel scalar --patch 13x7",
      "  bin/conformance --check-dir /tmp/other-decoder-output",
      "  bin/conformance --regenerate --only NNPF07_PS_UPDATE",
      "",
      "Exit status: 0 every check passed, 1 a check failed or an error, 2 bad command line."
    })
public final class ConformanceCommand implements Callable<Integer> {
  @Option(names = "--suite", paramLabel = "DIR", description = "Suite directory (default: conformance/suite from the repository root, suite from the module directory).")
  Path suite;

  @Option(names = "--negative", paramLabel = "DIR", description = "Negative streams directory (default: conformance/negative or negative, likewise).")
  Path negative;

  @Option(names = "--only", paramLabel = "NAME", description = "Only the streams with this name (repeatable).")
  List<String> only = new ArrayList<>();

  @Option(names = "--no-negative", description = "Skip the negative streams.")
  boolean noNegative;

  @Option(names = "--check-dir", paramLabel = "DIR", description = "Check DIR/NAME.yuv (another decoder's output) against NAME_yuv.md5 instead of decoding.")
  Path checkDir;

  @Option(names = "--threads", paramLabel = "N", defaultValue = "1", description = "Inference threads (default ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--kernel", paramLabel = "vector|scalar", defaultValue = "vector", description = "Inference kernel (default ${DEFAULT-VALUE}).")
  String kernel;

  @Option(names = "--patch", paramLabel = "WxH", defaultValue = "128x64", description = "Inference patch size in tensor positions (default ${DEFAULT-VALUE}).")
  String patch;

  @Option(names = "--check-accumulators", description = "Run inference in checking mode; a suite stream with an accumulation outside its declared precision fails.")
  boolean checkAccumulators;

  @Option(names = "--model", paramLabel = "FILE", description = "Additional model file for the decoder (repeatable); the suite's models/ directory is always used.")
  List<Path> models = new ArrayList<>();

  @Option(names = "--regenerate", description = "Generate the suite and the negative streams into the directories (overwrites them).")
  boolean regenerate;

  @Option(names = "--regenerate-h274", description = "Make the H.274 carriage streams (conformance/h274) from the suite streams (overwrites them).")
  boolean regenerateH274;

  @Option(names = "--h274", paramLabel = "DIR", description = "H.274 carriage streams directory (default: conformance/h274 or h274, likewise).")
  Path h274;

  @Option(names = "--write-fuzz-seeds", description = "Only write the fuzz tests' seed inputs, taken from the suite and the negative streams, into the module's src/test/resources.")
  boolean writeFuzzSeeds;

  @Mixin CliSupport.StandardOptions std;

  private PrintWriter out;

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true, StandardCharsets.UTF_8),
        new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
  }

  /** Runs the command in-process; returns the exit status. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    ConformanceCommand cmd = new ConformanceCommand();
    cmd.out = out;
    return CliSupport.run(cmd, args, out, err);
  }

  @Override
  public Integer call() {
    Path suiteDir = suite != null ? suite : defaultDir("suite");
    Path negativeDir = negative != null ? negative : defaultDir("negative");
    Path h274Dir = h274 != null ? h274 : defaultDir("h274");
    if (regenerate) {
      return regenerate(suiteDir, negativeDir);
    }
    if (regenerateH274) {
      H274Streams.write(suiteDir, h274Dir, SoftwareVersion.describe(Path.of("").toAbsolutePath(), List.of("conformance/h274")));
      say("H.274 carriage streams written to " + h274Dir + System.lineSeparator());
      return 0;
    }
    if (writeFuzzSeeds) {
      writeSeeds(suiteDir, negativeDir);
      return 0;
    }
    if (checkDir != null) {
      return checkFiles(suiteDir);
    }
    checkOnly(noNegative ? List.of(suiteDir) : List.of(suiteDir, negativeDir));
    SuiteRunner runner = new SuiteRunner(decoderOptions(), models);
    boolean ok = runSuite(runner, suiteDir);
    if (!noNegative && checkDir == null) {
      ok &= runNegative(negativeDir);
    }
    if (only.isEmpty() && Files.isDirectory(h274Dir)) {
      ok &= runH274(suiteDir, h274Dir);
    }
    return ok ? 0 : 1;
  }

  /** Decodes the H.274 carriage streams and checks each one's expected result. */
  private boolean runH274(Path suiteDir, Path dir) {
    say(String.format(Locale.ROOT, "%nH.274 carriage streams %s%n", dir));
    int failed = 0;
    for (H274Streams.Spec s : H274Streams.specs()) {
      Path bit = dir.resolve(s.name() + ".bit");
      if (!Files.isRegularFile(bit)) {
        say(String.format(Locale.ROOT, "%-36s FAIL: %s is missing%n", s.name(), bit));
        failed++;
        continue;
      }
      byte[] stream;
      try {
        stream = Files.readAllBytes(bit);
      } catch (java.io.IOException e) {
        throw new NnpfException(bit + ": cannot read (" + e.getMessage() + ")");
      }
      String md5 = s.kind() == H274Streams.Kind.ERROR ? "" : SuiteFiles.readMd5(dir, s.name());
      H274Streams.Outcome o = H274Streams.decode(stream, bit.toString(), true);
      java.util.Optional<String> v = H274Streams.verdict(s, o, md5);
      failed += v.isPresent() ? 1 : 0;
      say(String.format(Locale.ROOT, "%-36s %-8s %s%n", s.name(), s.kind(), v.map(x -> "FAIL: " + x).orElse("PASS")));
    }
    say(String.format(Locale.ROOT, "%d of %d H.274 carriage streams passed%n", H274Streams.specs().size() - failed,
        H274Streams.specs().size()));
    return failed == 0;
  }

  /**
   * {@code conformance/NAME} when run from the repository root (a {@code conformance} directory
   * with a {@code pom.xml} is here), else {@code NAME} (run from the module directory, as the
   * tests do).
   */
  static Path defaultDir(String name) {
    return Files.isRegularFile(Path.of("conformance", "pom.xml")) ? Path.of("conformance", name) : Path.of(name);
  }

  NnpfDecoder.Options decoderOptions() {
    if (threads < 1 || threads > InferenceOptions.MAX_THREADS) {
      throw new NnpfException("--threads: " + threads + " is not in 1.." + InferenceOptions.MAX_THREADS);
    }
    if (!patch.matches("(?i)[1-9][0-9]{0,3}x[1-9][0-9]{0,3}")) {
      throw new NnpfException("--patch: '" + patch + "' is not WxH with W and H in 1.." + InferenceOptions.MAX_PATCH);
    }
    String[] wh = patch.toLowerCase(Locale.ROOT).split("x");
    int pw = Integer.parseInt(wh[0]);
    int ph = Integer.parseInt(wh[1]);
    if (pw > InferenceOptions.MAX_PATCH || ph > InferenceOptions.MAX_PATCH) {
      throw new NnpfException("--patch: '" + patch + "' is larger than " + InferenceOptions.MAX_PATCH);
    }
    InferenceOptions.Kernel k = switch (kernel.toLowerCase(Locale.ROOT)) {
      case "vector" -> InferenceOptions.Kernel.VECTOR;
      case "scalar" -> InferenceOptions.Kernel.SCALAR;
      default -> throw new NnpfException("--kernel: '" + kernel + "' is not vector or scalar");
    };
    InferenceOptions inf = InferenceOptions.defaults().withThreads(threads).withPatch(pw, ph).withKernel(k)
        .withChecking(checkAccumulators);
    return new NnpfDecoder.Options(1, inf, true);
  }

  private List<String> selected(List<String> names) {
    return only.isEmpty() ? names : names.stream().filter(only::contains).toList();
  }

  /** Every --only name must be a stream of one of {@code dirs} (those that exist). */
  private void checkOnly(List<Path> dirs) {
    List<String> all = new ArrayList<>();
    for (Path d : dirs) {
      if (Files.isDirectory(d)) {
        all.addAll(SuiteFiles.streamNames(d));
      }
    }
    for (String o : only) {
      if (!all.contains(o)) {
        throw new NnpfException("--only: no stream " + o + " in " + dirs.stream().map(Path::toString).toList());
      }
    }
  }

  private boolean runSuite(SuiteRunner runner, Path dir) {
    List<String> run = selected(SuiteFiles.streamNames(dir));
    if (!only.isEmpty() && run.isEmpty()) {
      return true;
    }
    say(String.format(Locale.ROOT, "Conformance suite %s (%d streams)%n", dir, run.size()));
    say(String.format(Locale.ROOT, "%-28s %4s %4s %9s %-32s %7s  %s%n", "stream", "pics", "pf", "hashes", "YUV MD5",
        "time", "result"));
    int failed = 0;
    for (String name : run) {
      SuiteRunner.StreamResult r = runner.run(dir, name);
      boolean pass = r.passed();
      if (checkAccumulators && r.decoding().isPresent() && r.decoding().get().accumulatorViolations() > 0) {
        pass = false;
      }
      failed += pass ? 0 : 1;
      String hashes = r.decoding().map(d -> (d.hashesChecked() - d.hashMismatches()) + "/" + d.hashesChecked()).orElse("-");
      say(String.format(Locale.ROOT, "%-28s %4s %4s %9s %-32s %6.2fs  %s%n", name,
          r.decoding().map(d -> String.valueOf(d.pictures())).orElse("-"),
          r.decoding().map(d -> String.valueOf(d.filtered())).orElse("-"),
          hashes, r.decoding().map(SuiteRunner.Decoding::yuvMd5).orElse("-"), r.seconds(),
          pass ? "PASS" : "FAIL: " + (r.passed() ? "accumulator violations in checking mode" : r.verdict())));
    }
    say(String.format(Locale.ROOT, "%d of %d streams passed%n%n", run.size() - failed, run.size()));
    return failed == 0;
  }

  private int checkFiles(Path dir) {
    if (!Files.isDirectory(checkDir)) {
      throw new NnpfException(checkDir + ": --check-dir is not a directory");
    }
    checkOnly(List.of(dir));
    List<String> run = selected(SuiteFiles.streamNames(dir));
    say(String.format(Locale.ROOT, "Checking %s/NAME.yuv against %s (%d streams)%n", checkDir, dir, run.size()));
    say(String.format(Locale.ROOT, "%-28s %-32s %-32s  %s%n", "stream", "expected MD5", "MD5 of NAME.yuv", "result"));
    int failed = 0;
    for (String name : run) {
      SuiteRunner.StreamResult r = SuiteRunner.checkFile(dir, name, checkDir);
      failed += r.passed() ? 0 : 1;
      say(String.format(Locale.ROOT, "%-28s %-32s %-32s  %s%n", name, r.expectedMd5(),
          r.decoding().map(SuiteRunner.Decoding::yuvMd5).orElse("-"), r.passed() ? "PASS" : "FAIL: " + r.verdict()));
    }
    say(String.format(Locale.ROOT, "%d of %d files match%n", run.size() - failed, run.size()));
    return failed == 0 ? 0 : 1;
  }

  private boolean runNegative(Path dir) {
    List<String> run = selected(SuiteFiles.streamNames(dir));
    if (!only.isEmpty() && run.isEmpty()) {
      return true;
    }
    NegativeRunner runner = new NegativeRunner(decoderOptions(), models);
    say(String.format(Locale.ROOT, "Negative streams %s (%d streams)%n", dir, run.size()));
    say(String.format(Locale.ROOT, "%-34s %-24s %7s  %s%n", "stream", "expected", "time", "result"));
    int failed = 0;
    for (String name : run) {
      NegativeRunner.Result r = runner.run(dir, name);
      failed += r.passed() ? 0 : 1;
      say(String.format(Locale.ROOT, "%-34s %-24s %6.2fs  %s%n", name, r.expected().summary(), r.seconds(),
          (r.passed() ? "PASS: " : "FAIL: ") + r.observed()));
    }
    say(String.format(Locale.ROOT, "%d of %d negative streams gave the expected result%n", run.size() - failed, run.size()));
    return failed == 0;
  }

  private int regenerate(Path suiteDir, Path negativeDir) {
    String software = SoftwareVersion.describe(Path.of("").toAbsolutePath(),
        List.of("conformance/suite", "conformance/negative"));
    List<StreamSpec> specs = ConformanceSuite.streams();
    List<String> names = new ArrayList<>(specs.stream().map(StreamSpec::name).toList());
    List<NegativeStreams.Case> cases = NegativeStreams.cases();
    names.addAll(cases.stream().map(NegativeStreams.Case::name).toList());
    for (String o : only) {
      if (!names.contains(o)) {
        throw new NnpfException("--only: no stream " + o + " in the suite definition");
      }
    }
    SuiteWriter.writeModels(suiteDir, specs);
    for (StreamSpec s : specs) {
      if (only.isEmpty() || only.contains(s.name())) {
        long t0 = System.nanoTime();
        StreamGenerator.Generated g = StreamGenerator.generate(s);
        SuiteWriter.write(suiteDir, g, software);
        say(String.format(Locale.ROOT, "%-28s %6d bytes  %s  %.1fs%n", s.name(), g.stream().length, g.yuvMd5(),
            (System.nanoTime() - t0) / 1e9));
      }
    }
    Map<BaseCodec, Carrier> carriers = new EnumMap<>(BaseCodec.class);
    for (NegativeStreams.Case c : cases) {
      if (only.isEmpty() || only.contains(c.name())) {
        NegativeStreams.Written w = NegativeStreams.write(negativeDir, c, carriers, software);
        say(String.format(Locale.ROOT, "%-34s %6d bytes  expected: %s%n", c.name(), w.bytes(), c.expected().summary()));
      }
    }
    if (Files.isDirectory(suiteDir.toAbsolutePath().getParent().resolve("src/test"))) {
      writeSeeds(suiteDir, negativeDir);
    }
    return 0;
  }

  /** Writes the fuzz seeds into the test resources of the module that holds {@code suiteDir}. */
  private void writeSeeds(Path suiteDir, Path negativeDir) {
    Path resources = suiteDir.toAbsolutePath().getParent().resolve("src/test/resources");
    if (!Files.isDirectory(resources.getParent())) {
      throw new NnpfException(resources.getParent() + ": not a directory (the suite is not in a module checkout)");
    }
    Map<String, Integer> n = FuzzSeeds.write(suiteDir, negativeDir, resources);
    say(String.format(Locale.ROOT, "fuzz seeds written to %s: %s%n", resources, n));
  }

  private void say(String s) {
    if (!std.quiet()) {
      out.print(s);
      out.flush();
    }
  }
}
