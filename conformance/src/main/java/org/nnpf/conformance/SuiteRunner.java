package org.nnpf.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nnpf.common.NnpfException;
import org.nnpf.common.codec.BaseCodec;
import org.nnpf.common.metrics.FileMd5;
import org.nnpf.common.nn.ModelStore;
import org.nnpf.decoder.NnpfDecoder;

/**
 * Decodes conformance streams in-process with {@link NnpfDecoder} and checks them: every picture
 * hash the stream carries must match, and the MD5 of the decoded YUV file (computed from the
 * output pictures, {@link YuvMd5}) must equal {@code NAME_yuv.md5}. Also checks YUV files written
 * by another decoder against the same digests.
 */
public final class SuiteRunner {
  private final NnpfDecoder.Options options;
  private final List<Path> extraModels;

  /**
   * @param options the decoder options (threads, patch size, kernel, checking mode)
   * @param extraModels model files to give the decoder besides those of the suite's {@code
   *     models} directory
   */
  public SuiteRunner(NnpfDecoder.Options options, List<Path> extraModels) {
    this.options = options;
    this.extraModels = List.copyOf(extraModels);
  }

  /** The result of decoding one stream. */
  public record Decoding(
      int pictures,
      int filtered,
      int hashesChecked,
      int hashMismatches,
      long accumulatorViolations,
      String yuvMd5,
      List<String> mismatchLines) {}

  /** The outcome of checking one stream against its package. */
  public record StreamResult(
      String name, Optional<Decoding> decoding, String expectedMd5, Optional<String> error, double seconds) {

    /** Decoded, every hash matched and the YUV MD5 is the expected one. */
    public boolean passed() {
      return error.isEmpty() && decoding.isPresent() && decoding.get().hashMismatches() == 0
          && decoding.get().yuvMd5().equals(expectedMd5);
    }

    /** Why the stream failed, or "ok". */
    public String verdict() {
      if (error.isPresent()) {
        return error.get();
      }
      Decoding d = decoding.orElseThrow();
      if (d.hashMismatches() > 0) {
        return d.hashMismatches() + " picture hash mismatches (first: " + d.mismatchLines().get(0) + ")";
      }
      if (!d.yuvMd5().equals(expectedMd5)) {
        return "YUV MD5 " + d.yuvMd5() + " differs from the expected " + expectedMd5;
      }
      return "ok";
    }
  }

  /** The model store for a stream of {@code dir}: the models of {@code dir}/models and the extra ones. */
  public ModelStore models(Path dir) {
    ModelStore store = ModelStore.empty();
    for (Path m : SuiteFiles.modelFiles(dir)) {
      store.add(m);
    }
    for (Path m : extraModels) {
      store.add(m);
    }
    return store;
  }

  /**
   * Decodes {@code stream} (named {@code inputName} in messages).
   *
   * @throws NnpfException if the stream is malformed (e.g. a {@link
   *     org.nnpf.bitstream.BitstreamException}) or needs a model the store does not hold
   */
  public Decoding decode(byte[] stream, String inputName, ModelStore store) {
    BaseCodec codec = BaseCodec.detect(stream, stream.length).orElseThrow(() -> new NnpfException(
        inputName + ": cannot tell whether this is an HEVC or AVC stream"));
    YuvMd5 md5 = new YuvMd5();
    int[] counts = new int[4];
    long[] violations = new long[1];
    List<String> mismatches = new ArrayList<>();
    try (NnpfDecoder dec = new NnpfDecoder(codec, store, options, inputName)) {
      dec.decode(stream, p -> {
        md5.add(p.output());
        counts[0]++;
        if (p.filtered()) {
          counts[1]++;
        }
        p.hashCheck().ifPresent(h -> {
          counts[2]++;
          if (!h.ok()) {
            counts[3]++;
            mismatches.add("output picture " + p.outputIndex() + " (access unit " + p.accessUnitIndex() + "): "
                + h.type() + " " + h.actual() + ", expected " + h.expected());
          }
        });
        p.accumulators().ifPresent(a -> violations[0] += a.totalViolations());
      });
    }
    return new Decoding(counts[0], counts[1], counts[2], counts[3], violations[0], md5.hex(), List.copyOf(mismatches));
  }

  /** Decodes stream {@code name} of the package in {@code dir} and compares it with its files. */
  public StreamResult run(Path dir, String name) {
    long t0 = System.nanoTime();
    String expected;
    byte[] stream;
    try {
      expected = SuiteFiles.readMd5(dir, name);
      stream = readAll(SuiteFiles.bitstream(dir, name));
    } catch (NnpfException e) {
      return new StreamResult(name, Optional.empty(), "", Optional.of(e.getMessage()), 0);
    }
    try {
      Decoding d = decode(stream, SuiteFiles.bitstream(dir, name).toString(), models(dir));
      return new StreamResult(name, Optional.of(d), expected, Optional.empty(), seconds(t0));
    } catch (NnpfException e) {
      return new StreamResult(name, Optional.empty(), expected, Optional.of("error: " + e.getMessage()), seconds(t0));
    }
  }

  /**
   * Checks {@code yuvDir}/NAME.yuv, written by any decoder, against {@code NAME_yuv.md5} of the
   * package in {@code dir}.
   */
  public static StreamResult checkFile(Path dir, String name, Path yuvDir) {
    long t0 = System.nanoTime();
    try {
      String expected = SuiteFiles.readMd5(dir, name);
      Path yuv = yuvDir.resolve(name + ".yuv");
      if (!Files.isRegularFile(yuv)) {
        return new StreamResult(name, Optional.empty(), expected, Optional.of(yuv + ": no such file"), 0);
      }
      String actual = FileMd5.hex(yuv);
      Decoding d = new Decoding(0, 0, 0, 0, 0, actual, List.of());
      return new StreamResult(name, Optional.of(d), expected, Optional.empty(), seconds(t0));
    } catch (NnpfException e) {
      return new StreamResult(name, Optional.empty(), "", Optional.of(e.getMessage()), seconds(t0));
    }
  }

  static byte[] readAll(Path f) {
    try {
      return Files.readAllBytes(f);
    } catch (NoSuchFileException e) {
      throw new NnpfException(f + ": no such file", e);
    } catch (IOException e) {
      throw new NnpfException(f + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static double seconds(long t0) {
    return (System.nanoTime() - t0) / 1e9;
  }
}
