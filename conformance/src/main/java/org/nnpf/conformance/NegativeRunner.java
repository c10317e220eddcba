package org.nnpf.conformance;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.nnpf.common.NnpfException;
import org.nnpf.common.nn.ModelStore;
import org.nnpf.decoder.NnpfDecoder;

/**
 * Decodes negative streams in-process and checks the documented result in the header of {@code
 * NAME.txt} ({@link NegativeStreams}): an error whose message contains the expected text, a
 * picture hash mismatch, or (for a violated accumulator precision) a clean decode with the
 * expected YUV MD5 whose checking-mode decode reports violations. Anything else fails the case: a
 * different error, an exception that is not an {@link NnpfException} (a bug), a decode that should
 * not have succeeded, or a decode that takes longer than {@link #TIME_LIMIT_SECONDS}.
 */
public final class NegativeRunner {
  /** Longest time a negative stream may take to decode. */
  public static final int TIME_LIMIT_SECONDS = 60;

  private final NnpfDecoder.Options options;
  private final List<Path> extraModels;

  public NegativeRunner(NnpfDecoder.Options options, List<Path> extraModels) {
    this.options = options;
    this.extraModels = List.copyOf(extraModels);
  }

  /** The outcome of one case. */
  public record Result(String name, NegativeStreams.Expected expected, boolean passed, String observed, double seconds) {}

  /** The expected result of case {@code name} in {@code dir}, from its text file. */
  public static NegativeStreams.Expected expected(Path dir, String name) {
    Path txt = SuiteFiles.textFile(dir, name);
    Map<String, String> h = SuiteFiles.readHeader(txt);
    String kind = h.get("Expected result");
    if (kind == null) {
      throw new NnpfException(txt + ": no 'Expected result:' line in the header");
    }
    NegativeStreams.Kind k;
    try {
      k = NegativeStreams.Kind.of(kind);
    } catch (IllegalArgumentException e) {
      throw new NnpfException(txt + ": " + e.getMessage(), e);
    }
    String message = h.getOrDefault("Expected message", "");
    if (k != NegativeStreams.Kind.ACCUMULATOR_VIOLATION && message.isEmpty()) {
      throw new NnpfException(txt + ": no 'Expected message:' line in the header");
    }
    return new NegativeStreams.Expected(k, message);
  }

  /** Whether case {@code name} is decoded with the model files of {@code dir}/models. */
  public static boolean modelsGiven(Path dir, String name) {
    return !"no".equals(SuiteFiles.readHeader(SuiteFiles.textFile(dir, name)).get("Models given to the decoder"));
  }

  /** Decodes case {@code name} of {@code dir} and compares with its expected result. */
  public Result run(Path dir, String name) {
    long t0 = System.nanoTime();
    NegativeStreams.Expected exp;
    byte[] stream;
    try {
      exp = expected(dir, name);
      stream = SuiteRunner.readAll(SuiteFiles.bitstream(dir, name));
    } catch (NnpfException e) {
      return new Result(name, new NegativeStreams.Expected(NegativeStreams.Kind.ERROR, "?"), false, e.getMessage(), 0);
    }
    boolean models = modelsGiven(dir, name);
    String input = SuiteFiles.bitstream(dir, name).toString();
    Outcome first = decodeWithin(stream, input, dir, models, options);
    String observed;
    boolean pass;
    switch (exp.kind()) {
      case ERROR:
        pass = first.error != null && first.error.contains(exp.message());
        observed = first.describe();
        break;
      case HASH_MISMATCH:
        pass = first.decoding != null && first.decoding.hashMismatches() > 0;
        observed = first.describe();
        break;
      default: {
        String md5 = SuiteFiles.readMd5(dir, name);
        boolean clean = first.decoding != null && first.decoding.hashMismatches() == 0
            && first.decoding.yuvMd5().equals(md5);
        NnpfDecoder.Options checking = new NnpfDecoder.Options(options.baseThreads(),
            options.inference().withChecking(true), options.postFilter());
        Outcome second = decodeWithin(stream, input, dir, models, checking);
        boolean reported = second.decoding != null && second.decoding.accumulatorViolations() > 0;
        pass = clean && reported;
        observed = "normal decode: " + first.describe() + (first.decoding != null && !clean ? " (YUV MD5 "
            + first.decoding.yuvMd5() + ", expected " + md5 + ")" : "") + "; checking mode: " + second.describe();
        break;
      }
    }
    return new Result(name, exp, pass, observed, (System.nanoTime() - t0) / 1e9);
  }

  private static final class Outcome {
    SuiteRunner.Decoding decoding;
    String error;
    String crash;

    String describe() {
      if (crash != null) {
        return "CRASH " + crash;
      }
      if (error != null) {
        return "error: " + error;
      }
      return "decoded " + decoding.pictures() + " pictures, " + decoding.hashMismatches() + " of "
          + decoding.hashesChecked() + " hashes mismatched, " + decoding.accumulatorViolations()
          + " accumulator violations";
    }
  }

  private Outcome decodeWithin(byte[] stream, String input, Path dir, boolean models, NnpfDecoder.Options o) {
    Outcome out = new Outcome();
    SuiteRunner runner = new SuiteRunner(o, extraModels);
    ExecutorService ex = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "nnpf-negative");
      t.setDaemon(true);
      return t;
    });
    try {
      ModelStore store = models ? runner.models(dir) : ModelStore.empty();
      Future<SuiteRunner.Decoding> f = ex.submit(() -> runner.decode(stream, input, store));
      out.decoding = f.get(TIME_LIMIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof NnpfException) {
        out.error = c.getMessage();
      } else {
        out.crash = c.toString();
      }
    } catch (TimeoutException e) {
      out.crash = "no result within " + TIME_LIMIT_SECONDS + " s (hang)";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      out.crash = "interrupted";
    } catch (NnpfException e) {
      out.error = e.getMessage();
    } finally {
      ex.shutdownNow();
    }
    return out;
  }
}
