package org.nnpf.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nnpf.decoder.NnpfDecoder;
import org.nnpf.decoder.app.DecoderCommand;

/**
 * Every negative stream gives its documented result, in-process ({@link NegativeRunner}) and
 * through {@code bin/decoder}'s command ({@link DecoderCommand}): an error whose message names the
 * element and exit status 1, a hash mismatch and exit status 1, or (violated accumulator precision)
 * a clean decode with exit status 0 and exit status 1 in checking mode. Never a crash, a hang or
 * running out of memory.
 */
class NegativeStreamsTest {
  private static final Duration LIMIT = Duration.ofSeconds(60);

  static Stream<String> cases() {
    return SuiteFiles.streamNames(Dirs.negative()).stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void givesTheDocumentedResultInProcess(String name) {
    NegativeRunner.Result r = assertTimeoutPreemptively(LIMIT,
        () -> new NegativeRunner(NnpfDecoder.Options.defaults(), List.of()).run(Dirs.negative(), name));
    assertTrue(r.passed(), name + ": expected " + r.expected().summary() + ", observed " + r.observed());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void givesTheDocumentedExitStatusAndMessageFromTheDecoderCommand(String name) {
    NegativeStreams.Expected exp = NegativeRunner.expected(Dirs.negative(), name);
    Result plain = assertTimeoutPreemptively(LIMIT, () -> decoder(name, false));
    assertFalse(plain.err.contains("internal error"), name + ": " + plain.err);
    switch (exp.kind()) {
      case ERROR:
        assertEquals(1, plain.status, name + ": " + plain.err);
        assertTrue(plain.err.contains(exp.message()), name + ": the message does not contain '" + exp.message()
            + "': " + plain.err);
        assertFalse(plain.err.contains("\tat "), name + ": a stack trace was printed: " + plain.err);
        break;
      case HASH_MISMATCH:
        assertEquals(1, plain.status, name + ": " + plain.err);
        assertTrue(plain.out.contains("***ERROR***"), name + ": no per-picture error line: " + plain.out);
        assertTrue(plain.err.contains(exp.message()), name + ": " + plain.err);
        break;
      default: {
        assertEquals(0, plain.status, name + ": " + plain.err);
        Result checking = assertTimeoutPreemptively(LIMIT, () -> decoder(name, true));
        assertEquals(1, checking.status, name + " in checking mode: " + checking.err);
        assertTrue(checking.out.contains("(***ERROR***)"), name + ": no per-picture report: " + checking.out);
        assertTrue(checking.err.contains("qps_accumulator_precision_idc"), name + ": " + checking.err);
        break;
      }
    }
  }

  @Test
  void theCommittedNegativeStreamsAreThoseOfTheDefinitionWithTheirExpectations() {
    List<String> defined = new ArrayList<>();
    for (NegativeStreams.Case c : NegativeStreams.cases()) {
      defined.add(c.name());
      assertEquals(c.expected(), NegativeRunner.expected(Dirs.negative(), c.name()), c.name());
      assertEquals(c.modelsGiven(), NegativeRunner.modelsGiven(Dirs.negative(), c.name()), c.name());
    }
    assertEquals(defined, SuiteFiles.streamNames(Dirs.negative()));
  }

  @Test
  void aCaseWhoseErrorNamesAnotherElementFails() throws Exception {
    Path dir = java.nio.file.Files.createTempDirectory("neg");
    String name = "NEG04_CHANNELS_OUT_OF_RANGE";
    java.nio.file.Files.copy(SuiteFiles.bitstream(Dirs.negative(), name), SuiteFiles.bitstream(dir, name));
    java.nio.file.Files.writeString(SuiteFiles.textFile(dir, name),
        "Name: " + name + "\nExpected result: error\nExpected message: layer_out_channels_minus1[0]\n\n");
    java.nio.file.Files.createDirectories(dir.resolve("models"));
    for (Path m : SuiteFiles.modelFiles(Dirs.negative())) {
      java.nio.file.Files.copy(m, dir.resolve("models").resolve(m.getFileName()));
    }
    NegativeRunner.Result r = new NegativeRunner(NnpfDecoder.Options.defaults(), List.of()).run(dir, name);
    assertFalse(r.passed(), r.observed());
    assertTrue(r.observed().contains("layer_in_channels_minus1[0]"), r.observed());
  }

  /**
   * Errors found when a stored message is applied (not while parsing it) give the stream offset of
   * that message: the byte there is its nnpf_message_type (0 for a parameter set, 4 for a
   * refinement set).
   */
  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"NEG22_BIT_DEPTH_MISMATCH", "NEG28_INPUT_ORDER_NOT_POLYPHASE",
      "NEG34_REFINEMENT_OF_TWO_HYPOTHESES"})
  void errorsFoundWhenAMessageIsAppliedPointAtThatMessage(String name) throws Exception {
    byte[] stream = java.nio.file.Files.readAllBytes(SuiteFiles.bitstream(Dirs.negative(), name));
    NnpfDecoder.Options o = NnpfDecoder.Options.defaults();
    org.nnpf.common.nn.ModelStore models = org.nnpf.common.nn.ModelStore.builtIn();
    for (Path m : SuiteFiles.modelFiles(Dirs.negative())) {
      models.add(m);
    }
    var codec = name.contains("BIT_DEPTH") ? org.nnpf.common.codec.BaseCodec.AVC : org.nnpf.common.codec.BaseCodec.HEVC;
    org.nnpf.bitstream.BitstreamException e = org.junit.jupiter.api.Assertions.assertThrows(
        org.nnpf.bitstream.BitstreamException.class, () -> {
          try (NnpfDecoder d = new NnpfDecoder(codec, models, o, name)) {
            d.decode(stream, pic -> { });
          }
        });
    assertTrue(e.byteOffset() > 0, e.getMessage());
    int type = stream[(int) e.byteOffset()];
    assertEquals(name.contains("REFINEMENT") ? 4 : 0, type, e.getMessage());
    assertTrue(e.getMessage().contains("the message starts there"), e.getMessage());
  }

  private record Result(int status, String out, String err) {}

  private static Result decoder(String name, boolean checking) {
    List<String> args = new ArrayList<>(List.of("-b", SuiteFiles.bitstream(Dirs.negative(), name).toString()));
    if (NegativeRunner.modelsGiven(Dirs.negative(), name)) {
      for (Path m : SuiteFiles.modelFiles(Dirs.negative())) {
        args.add("--model");
        args.add(m.toString());
      }
    }
    if (checking) {
      args.add("--check-accumulators");
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = DecoderCommand.run(args.toArray(new String[0]), new PrintWriter(out), new PrintWriter(err));
    return new Result(status, out.toString(), err.toString());
  }
}
