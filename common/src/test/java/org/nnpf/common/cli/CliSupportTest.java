package org.nnpf.common.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;
import org.nnpf.common.NnpfException;

class CliSupportTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    return CliSupport.run(new SampleCommand(), args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  @Test
  void successExitsZeroAndPrintsNothing() {
    assertEquals(0, run("-i", "a.yuv", "-b", "a.bin", "-q", "22"));
    assertEquals("", err.toString());
  }

  @Test
  void nnpfExceptionPrintsItsMessageWithoutStackTraceAndExitsOne() {
    assertEquals(1, run("-i", "nnpf-error.yuv", "-b", "a.bin", "-q", "22"));
    assertEquals("enc: error: nnpf-error.yuv: wrong geometry\n", err.toString());
  }

  @Test
  void ioExceptionIsWordedLikeTheShellAndExitsOne() {
    assertEquals(1, run("-i", "io-error.yuv", "-b", "a.bin", "-q", "22"));
    assertEquals("enc: error: io-error.yuv: no such file or directory\n", err.toString());
  }

  @Test
  void debugOptionPrintsTheStackTrace() {
    assertEquals(1, run("-i", "nnpf-error.yuv", "-b", "a.bin", "-q", "22", "--debug"));
    assertTrue(err.toString().startsWith("enc: error: nnpf-error.yuv: wrong geometry\n"));
    assertTrue(err.toString().contains("at org.nnpf.common.cli.SampleCommand.call"), err.toString());
  }

  @Test
  void aBugPrintsItsStackTraceAndExitsOne() {
    assertEquals(1, run("-i", "bug.yuv", "-b", "a.bin", "-q", "22"));
    assertTrue(err.toString().startsWith("enc: internal error (a bug; please report it with this trace): "
        + "java.lang.IllegalStateException: invariant broken\n"), err.toString());
    assertTrue(err.toString().contains("\tat "));
  }

  @Test
  void outOfMemoryIsOneLineNamingTheHeapAndTheOptionThatRaisesIt() {
    for (String in : new String[] {"oom.yuv", "oom-in-worker.yuv"}) {
      err.getBuffer().setLength(0);
      assertEquals(1, run("-i", in, "-b", "a.bin", "-q", "22"), in);
      String e = err.toString();
      assertTrue(e.matches("enc: error: out of memory \\(maximum Java heap \\d+ MiB\\); give the JVM more memory, e\\.g\\."
          + " NNPF_JAVA_OPTS=-Xmx\\d+g \\(docs/encoder\\.md, \"Memory\"\\)\n"), in + ": " + e);
    }
  }

  @Test
  void unknownOptionIsAUsageErrorWithSuggestionAndHint() {
    assertEquals(2, run("-i", "a.yuv", "-b", "a.bin", "-q", "22", "--thread", "2"));
    String e = err.toString();
    assertTrue(e.startsWith("enc: Unknown options: '--thread', '2'\n"), e);
    assertTrue(e.contains("--threads"), e);
    assertTrue(e.endsWith("Try 'enc --help' for the options.\n"), e);
    assertFalse(e.contains("Usage:"), e);
  }

  @Test
  void missingRequiredOptionIsAUsageError() {
    assertEquals(2, run("-i", "a.yuv", "-b", "a.bin"));
    assertTrue(err.toString().startsWith("enc: Missing required option: '-q=<qp>'"), err.toString());
  }

  @Test
  void optionGivenTwiceIsAUsageError() {
    assertEquals(2, run("-i", "a.yuv", "-b", "a.bin", "-q", "22", "-q", "27"));
    assertTrue(err.toString().contains("should be specified only once"), err.toString());
  }

  @Test
  void badValueFromACfgFileNamesTheCfgLine() {
    String cfg = CfgFileTest.fixture("bad-qp.cfg").toString();
    assertEquals(2, run("-c", cfg, "-b", "a.bin"));
    String e = err.toString();
    assertTrue(e.startsWith("enc: Invalid value for option '-q': 'thirty' is not an int (set by " + cfg + ":3: QP : thirty)\n"), e);
  }

  @Test
  void badCfgFileIsAUsageError() {
    String cfg = CfgFileTest.fixture("bad-line.cfg").toString();
    assertEquals(2, run("-c", cfg, "-i", "a.yuv", "-b", "a.bin"));
    assertEquals("enc: " + cfg + ":3: expected 'KEY : VALUE', found 'SourceWidth 832'\nTry 'enc --help' for the options.\n",
        err.toString());
  }

  @Test
  void cfgNotesArePrintedUnlessQuiet() {
    String cfg = CfgFileTest.fixture("BasketballDrill.cfg").toString();
    assertEquals(0, run("-c", cfg, "-b", "a.bin", "-q", "22"));
    assertEquals("enc: " + cfg + ":11: note: Level is ignored (the base codec signals its own level)\n", err.toString());
    err.getBuffer().setLength(0);
    assertEquals(0, run("-c", cfg, "-b", "a.bin", "-q", "22", "--quiet"));
    assertEquals("", err.toString());
  }

  @Test
  void helpIsShownEvenWithABrokenCfgFile() {
    assertEquals(0, run("-c", "no-such.cfg", "--help"));
    assertTrue(out.toString().startsWith("Usage: enc"), out.toString());
    assertTrue(out.toString().contains("-c, --cfg=FILE.cfg"), out.toString());
  }

  @Test
  void versionNamesTheCommandAndTheProjectVersion() {
    assertEquals(0, run("--version"));
    assertEquals("nnpf enc " + CliSupport.version() + "\n", out.toString());
    assertTrue(CliSupport.version().matches("\\d+\\.\\d+\\.\\d+.*"), CliSupport.version());
  }

  @Test
  void ioMessagesNameTheFile() {
    assertEquals("x.yuv: permission denied", CliSupport.message(new AccessDeniedException("x.yuv")));
    assertEquals("x.yuv: no such file or directory", CliSupport.message(new NoSuchFileException("x.yuv")));
    assertEquals("disk full", CliSupport.message(new IOException("disk full")));
    assertEquals("a: b", CliSupport.message(new NnpfException("a: b")));
  }
}
