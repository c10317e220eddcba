package org.nnpf.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnpf.decoder.app.DecoderCommand;

/** {@code bin/conformance}: the pass/fail table, another decoder's files, bad input. */
class ConformanceCommandTest {
  @TempDir Path tmp;

  private record Run(int status, String out, String err) {}

  private static Run conformance(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int s = ConformanceCommand.run(args, new PrintWriter(out), new PrintWriter(err));
    return new Run(s, out.toString(), err.toString());
  }

  private static String[] withDirs(String... args) {
    List<String> l = new ArrayList<>(List.of("--suite", Dirs.suite().toString(), "--negative", Dirs.negative().toString()));
    l.addAll(List.of(args));
    return l.toArray(new String[0]);
  }

  @Test
  void passesTheCommittedSuiteAndNegativeStreamsWithExitStatus0() {
    Run r = conformance(withDirs("--threads", "2", "--kernel", "scalar", "--patch", "13x7"));
    assertEquals(0, r.status(), r.out() + r.err());
    int n = ConformanceSuite.streams().size();
    int neg = NegativeStreams.cases().size();
    assertTrue(r.out().contains(n + " of " + n + " streams passed"), r.out());
    assertTrue(r.out().contains(neg + " of " + neg + " negative streams gave the expected result"), r.out());
    assertTrue(r.out().contains("NNPF12_MODEL_BY_HASH") && r.out().contains("PASS"), r.out());
  }

  @Test
  void checksAnotherDecodersOutputFilesAgainstTheSuiteHashes() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("other"));
    for (String name : List.of("NNPF05_HEVC_ODD_SIZE", "NNPF12_MODEL_BY_HASH")) {
      List<String> args = new ArrayList<>(List.of("-b", SuiteFiles.bitstream(Dirs.suite(), name).toString(),
          "-o", dir.resolve(name + ".yuv").toString(), "--quiet"));
      for (Path m : SuiteFiles.modelFiles(Dirs.suite())) {
        args.addAll(List.of("--model", m.toString()));
      }
      int s = DecoderCommand.run(args.toArray(new String[0]), new PrintWriter(new StringWriter()),
          new PrintWriter(new StringWriter()));
      assertEquals(0, s, name);
    }
    Run ok = conformance(withDirs("--check-dir", dir.toString(), "--only", "NNPF05_HEVC_ODD_SIZE", "--only",
        "NNPF12_MODEL_BY_HASH"));
    assertEquals(0, ok.status(), ok.out() + ok.err());
    assertTrue(ok.out().contains("2 of 2 files match"), ok.out());

    byte[] b = Files.readAllBytes(dir.resolve("NNPF05_HEVC_ODD_SIZE.yuv"));
    b[b.length / 2] ^= 1;
    Files.write(dir.resolve("NNPF05_HEVC_ODD_SIZE.yuv"), b);
    Run bad = conformance(withDirs("--check-dir", dir.toString()));
    assertEquals(1, bad.status(), bad.out());
    int n = ConformanceSuite.streams().size();
    assertTrue(bad.out().contains("1 of " + n + " files match"), bad.out());
    assertTrue(bad.out().contains("NNPF01_HEVC_SEI_8BIT.yuv: no such file"), bad.out());
  }

  @Test
  void failsAStreamWhoseDecodedOutputNoLongerMatchesItsMd5() throws Exception {
    String name = "NNPF09_NO_FILTER";
    Path dir = Files.createDirectories(tmp.resolve("suite"));
    Files.copy(SuiteFiles.bitstream(Dirs.suite(), name), SuiteFiles.bitstream(dir, name));
    Files.writeString(SuiteFiles.md5File(dir, name), "0123456789abcdef0123456789abcdef  " + name + ".yuv\n");
    Run r = conformance("--suite", dir.toString(), "--no-negative");
    assertEquals(1, r.status(), r.out());
    assertTrue(r.out().contains("FAIL: YUV MD5"), r.out());
  }

  @Test
  void badOptionsAreReportedWithoutAStackTrace() {
    Run unknown = conformance("--frobnicate");
    assertEquals(2, unknown.status());
    Run kernel = conformance(withDirs("--kernel", "gpu"));
    assertEquals(1, kernel.status());
    assertTrue(kernel.err().contains("--kernel: 'gpu' is not vector or scalar"), kernel.err());
    Run only = conformance(withDirs("--only", "NNPF99"));
    assertEquals(1, only.status());
    assertTrue(only.err().contains("--only: no stream NNPF99"), only.err());
    Run missing = conformance("--suite", tmp.resolve("nowhere").toString());
    assertEquals(1, missing.status());
    assertTrue(missing.err().contains("conformance directory not found"), missing.err());
  }
}
