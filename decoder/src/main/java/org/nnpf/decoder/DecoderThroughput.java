package org.nnpf.decoder;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.nnpf.common.codec.BaseCodec;
import org.nnpf.common.nn.ModelStore;
import org.nnpf.common.nn.integer.InferenceOptions;

/**
 * Benchmark command of the decoder's post-filter throughput (docs/results.md): decodes each
 * stream {@code runs} times in one JVM and reports, for the last run, the pictures per second of
 * the post-filtering alone and of the whole decoding (base decoding, parsing, filtering, hash
 * checks). The first runs warm the JIT up.
 *
 * <p>Usage: {@code DecoderThroughput THREADS RUNS STREAM...}
 */
public final class DecoderThroughput {
  private DecoderThroughput() {}

  public static void main(String[] args) throws Exception {
    int threads = Integer.parseInt(args[0]);
    int runs = Integer.parseInt(args[1]);
    ModelStore models = ModelStore.builtIn();
    for (int i = 2; i < args.length; i++) {
      Path p = Path.of(args[i]);
      byte[] stream = Files.readAllBytes(p);
      BaseCodec codec = BaseCodec.detect(stream, stream.length).orElseThrow();
      for (int r = 0; r < runs; r++) {
        int[] pictures = new int[2];
        long t0 = System.nanoTime();
        try (NnpfDecoder dec = new NnpfDecoder(codec, models,
            new NnpfDecoder.Options(1, InferenceOptions.defaults().withThreads(threads), true), p.toString())) {
          dec.decode(stream, o -> {
            pictures[0]++;
            if (o.filtered()) {
              pictures[1]++;
            }
            o.hashCheck().filter(h -> !h.ok()).ifPresent(h -> {
              throw new IllegalStateException("hash mismatch");
            });
          });
          double all = (System.nanoTime() - t0) / 1e9;
          double pf = dec.filterNanos() / 1e9;
          if (r == runs - 1) {
            System.out.printf(Locale.ROOT, "%s: %d threads, %d pictures (%d filtered): post-filter %.3f s/picture"
                    + " = %.2f pictures/s; whole decoding %.2f pictures/s%n", p.getFileName(), threads, pictures[0],
                pictures[1], pf / pictures[1], pictures[1] / pf, pictures[0] / all);
          }
        }
      }
    }
  }
}
