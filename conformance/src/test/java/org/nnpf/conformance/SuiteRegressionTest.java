package org.nnpf.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nnpf.decoder.NnpfDecoder;

/**
 * Regression against the committed conformance suite: the decoder's output for every stream must
 * keep the MD5 of {@code NAME_yuv.md5} and match every picture hash the stream carries. A failure
 * means the decoder's output changed (a bug, or a change of the decoding process that needs a new
 * suite: see docs/conformance.md).
 */
class SuiteRegressionTest {
  static Stream<String> streams() {
    return SuiteFiles.streamNames(Dirs.suite()).stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("streams")
  void decodesToTheCommittedYuvMd5WithEveryHashMatching(String name) {
    SuiteRunner.StreamResult r = new SuiteRunner(NnpfDecoder.Options.defaults(), List.of()).run(Dirs.suite(), name);
    assertTrue(r.passed(), name + ": " + r.verdict());
    SuiteRunner.Decoding d = r.decoding().orElseThrow();
    assertEquals(d.pictures(), d.hashesChecked() + unhashed(name), name + ": pictures without a hash");
  }

  @Test
  void theCommittedSuiteHoldsExactlyTheStreamsOfTheDefinition() {
    List<String> defined = ConformanceSuite.streams().stream().map(StreamSpec::name).toList();
    assertEquals(defined, SuiteFiles.streamNames(Dirs.suite()));
    assertTrue(defined.size() >= 12, "at least 12 streams");
    for (String n : defined) {
      assertTrue(Files.isRegularFile(SuiteFiles.md5File(Dirs.suite(), n)), n + "_yuv.md5");
      assertTrue(Files.isRegularFile(SuiteFiles.textFile(Dirs.suite(), n)), n + ".txt");
      assertEquals(n, SuiteFiles.readHeader(SuiteFiles.textFile(Dirs.suite(), n)).get("Name"));
      assertEquals(SuiteFiles.readMd5(Dirs.suite(), n),
          SuiteFiles.readHeader(SuiteFiles.textFile(Dirs.suite(), n)).get("Decoded YUV MD5"));
    }
  }

  @Test
  void theModelReferencedByHashIsShippedBesideTheSuite() {
    for (StreamSpec s : ConformanceSuite.streams()) {
      for (FilterSpec f : s.byHashFilters()) {
        assertTrue(Files.isRegularFile(Dirs.suite().resolve(SuiteFiles.MODELS).resolve(SuiteFiles.modelFileName(f.model()))),
            s.name() + " needs " + f.model().name());
      }
    }
  }

  private static int unhashed(String name) {
    return ConformanceSuite.stream(name).orElseThrow().unhashed().size();
  }
}
