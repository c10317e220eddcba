package org.nnpf.conformance.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.nnpf.common.codec.BaseCodec;
import org.nnpf.common.nn.ModelFile;
import org.nnpf.common.nn.ModelStore;
import org.nnpf.conformance.ConformanceModels;
import org.nnpf.decoder.NnpfDecoder;

/**
 * The whole decoder entry point, {@link NnpfDecoder#decode}, on any stream of at most {@value
 * #MAX_BYTES} bytes (the seeds are the conformance and negative streams): NAL and access unit
 * splitting, NNPF parsing, the decoding-process state, the base decoder (FFmpeg, strict), model
 * resolution, quantization, inference and picture hashing. The decoder holds the conformance
 * models, so parameter sets that name them by hash reach the inference.
 */
class DecoderFuzzTest {
  static final int MAX_BYTES = 32768;

  private static final ModelStore MODELS = models();

  private static ModelStore models() {
    ModelStore s = ModelStore.empty();
    for (var m : ConformanceModels.all()) {
      s.add(ModelFile.toBytes(m), "conformance model " + m.name());
    }
    return s;
  }

  @FuzzTest(maxDuration = "120s")
  void decodesAnyStreamOrRejectsIt(byte[] data) {
    if (data.length > MAX_BYTES) {
      return;
    }
    BaseCodec codec = BaseCodec.detect(data, data.length).orElse(BaseCodec.HEVC);
    Expect.rejectionOnly(() -> {
      try (NnpfDecoder dec = new NnpfDecoder(codec, MODELS, NnpfDecoder.Options.defaults(), "fuzz")) {
        dec.decode(data, p -> p.hashCheck().ifPresent(NnpfDecoder.HashCheck::ok));
      }
    });
  }
}
