package org.nnpf.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnpf.common.codec.BaseCodec;
import org.nnpf.common.codec.CodingStructure;
import org.nnpf.decoder.NnpfDecoder;

/**
 * The generator writes packages the runner accepts (its own check against the decoder passed),
 * and refuses a stream whose schedule the decoding process would reject.
 */
class GeneratorTest {
  @TempDir Path tmp;

  @Test
  void generatesStreamsThatTheRunnerPasses() {
    for (String name : List.of("NNPF05_HEVC_ODD_SIZE", "NNPF14_FUTURE_VERSION")) {
      StreamGenerator.Generated g = StreamGenerator.generate(ConformanceSuite.stream(name).orElseThrow());
      SuiteWriter.write(tmp, g, "test");
      SuiteRunner.StreamResult r = new SuiteRunner(NnpfDecoder.Options.defaults(), List.of()).run(tmp, name);
      assertTrue(r.passed(), name + ": " + r.verdict());
      assertEquals(g.yuvMd5(), SuiteFiles.readMd5(tmp, name));
      assertEquals(name, SuiteFiles.readHeader(SuiteFiles.textFile(tmp, name)).get("Name"));
    }
  }

  @Test
  void refusesAnActivationOfAParameterSetNeverSent() {
    StreamSpec bad = StreamSpec.builder("BAD").size(64, 64).pictures(2).structure(CodingStructure.LOW_DELAY_B)
        .codec(BaseCodec.HEVC)
        .filter(FilterSpec.of("F", ConformanceModels.byHash(), ConformanceSuite.int16(ConformanceModels.byHash()), 1))
        .at(1, ScheduledMessage.persistent(1))
        .build();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> StreamGenerator.generate(bad));
    assertTrue(e.getMessage().contains("never sent"), e.getMessage());
  }
}
