package org.nnpf.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nnpf.common.nn.integer.InferenceOptions;
import org.nnpf.common.nn.integer.InferenceOptions.Kernel;
import org.nnpf.decoder.NnpfDecoder;

/**
 * Every suite stream decodes to the same pictures whatever the inference threads (1, 2, 4), patch
 * size (1x1, sizes that do not divide the tensor, larger than the picture) and kernel (scalar,
 * vector, checking mode): the output is defined on the whole picture (docs/integer-inference.md
 * section 8).
 */
class DeterminismTest {
  /** The option sets, each with threads, patch size and kernel; the first is the default. */
  static List<InferenceOptions> optionSets() {
    InferenceOptions d = InferenceOptions.defaults();
    List<InferenceOptions> l = new ArrayList<>();
    l.add(d);
    l.add(d.withThreads(2).withPatch(7, 5));
    l.add(d.withThreads(4).withPatch(13, 11).withKernel(Kernel.SCALAR));
    l.add(d.withThreads(2).withPatch(1, 1).withKernel(Kernel.VECTOR));
    l.add(d.withThreads(4).withPatch(4096, 4096));
    l.add(d.withThreads(1).withPatch(20, 12).withKernel(Kernel.SCALAR));
    l.add(d.withThreads(2).withPatch(33, 3).withChecking(true));
    return l;
  }

  static Stream<String> streams() {
    return SuiteFiles.streamNames(Dirs.suite()).stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("streams")
  void decodesIdenticallyWithAnyThreadsPatchSizeAndKernel(String name) {
    String expected = SuiteFiles.readMd5(Dirs.suite(), name);
    for (InferenceOptions o : optionSets()) {
      SuiteRunner.StreamResult r = new SuiteRunner(new NnpfDecoder.Options(1, o, true), List.of()).run(Dirs.suite(), name);
      assertTrue(r.error().isEmpty(), name + " with " + o + ": " + r.verdict());
      assertEquals(expected, r.decoding().orElseThrow().yuvMd5(), name + " with " + o);
      assertEquals(0, r.decoding().get().hashMismatches(), name + " with " + o);
      if (o.checking()) {
        assertEquals(0, r.decoding().get().accumulatorViolations(), name + ": accumulations outside the declared precision");
      }
    }
  }
}
