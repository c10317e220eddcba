package org.nnpf.common.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnpf.common.NnpfException;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

class CfgFileTest {
  @TempDir Path dir;

  static Path fixture(String name) {
    try {
      return Path.of(CfgFileTest.class.getResource(name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalArgumentException("no test resource " + name, e);
    }
  }

  private static CommandSpec spec() {
    return new CommandLine(new SampleCommand()).getCommandSpec();
  }

  /** Parses {@code args} after cfg expansion, as CliSupport does; returns the command's state. */
  private static SampleCommand parse(String... args) {
    SampleCommand c = new SampleCommand();
    CommandLine cl = new CommandLine(c);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.parseArgs(CfgFile.expand(cl.getCommandSpec(), args).argsArray());
    return c;
  }

  private static NnpfException expandFails(String... args) {
    return assertThrows(NnpfException.class, () -> CfgFile.expand(spec(), args));
  }

  @Test
  void linesAreKeyColonValueWithCommentsAndBlankLinesIgnored() {
    List<CfgFile.Entry> e = CfgFile.parse(List.of(
        "# comment", "", "   ", "QP : 32", "Codec:hevc", "InputFile   :   my clip.yuv   # trailing comment",
        "  Threads :4", "ReconFile :", "Key:#only a comment"), Path.of("x.cfg"));
    assertEquals(6, e.size());
    assertEquals(new CfgFile.Entry("QP", "32", Path.of("x.cfg"), 4), e.get(0));
    assertEquals(new CfgFile.Entry("Codec", "hevc", Path.of("x.cfg"), 5), e.get(1));
    assertEquals("my clip.yuv", e.get(2).value());
    assertEquals("4", e.get(3).value());
    assertEquals("", e.get(4).value());
    assertEquals("", e.get(5).value());
    assertEquals("x.cfg:7", e.get(3).where());
  }

  @Test
  void lineWithoutColonIsAnErrorNamingFileAndLine() {
    Path f = fixture("bad-line.cfg");
    NnpfException e = assertThrows(NnpfException.class, () -> CfgFile.read(f));
    assertEquals(f + ":3: expected 'KEY : VALUE', found 'SourceWidth 832'", e.getMessage());
  }

  @Test
  void equalsSignInsteadOfColonGetsAHint() {
    Path f = fixture("equals.cfg");
    NnpfException e = assertThrows(NnpfException.class, () -> CfgFile.read(f));
    assertEquals(f + ":1: expected 'KEY : VALUE', found 'QP = 27' (write 'QP : 27')", e.getMessage());
  }

  @Test
  void keyWithSpaceIsNotAKey() {
    Path f = fixture("space-key.cfg");
    NnpfException e = assertThrows(NnpfException.class, () -> CfgFile.read(f));
    assertTrue(e.getMessage().startsWith(f + ":1: 'Input File' is not a key"), e.getMessage());
  }

  @Test
  void missingBinaryAndNonUtf8FilesAreRefused() throws Exception {
    Path missing = dir.resolve("none.cfg");
    assertEquals(missing + ": no such file", expandFails("-c", missing.toString()).getMessage());
    Path bin = Files.write(dir.resolve("bin.cfg"), new byte[] {'Q', 'P', ':', '1', 0, 1});
    assertTrue(expandFails("-c", bin.toString()).getMessage().contains("binary"));
    Path latin = Files.write(dir.resolve("latin.cfg"), new byte[] {'Q', 'P', ':', (byte) 0xe9});
    assertTrue(expandFails("-c", latin.toString()).getMessage().contains("not UTF-8"));
    assertEquals(dir + ": not a regular file", expandFails("-c", dir.toString()).getMessage());
  }

  @Test
  void crlfLineEndingsAndByteOrderMarkAreAccepted() throws Exception {
    Path f = Files.writeString(dir.resolve("win.cfg"), "\uFEFFQP : 22\r\nInputFile : a.yuv\r\n");
    List<CfgFile.Entry> e = CfgFile.read(f);
    assertEquals(List.of("QP", "InputFile"), e.stream().map(CfgFile.Entry::key).toList());
    assertEquals("a.yuv", e.get(1).value());
    assertEquals(2, e.get(1).line());
  }

  @Test
  void hmSequenceCfgSetsGeometryRateAndFrames() {
    SampleCommand c = parse("-c", fixture("BasketballDrill.cfg").toString(), "-b", "x.bin", "-q", "22");
    assertEquals(Path.of("BasketballDrill_832x480_50.yuv"), c.input);
    assertEquals(832, c.width);
    assertEquals(480, c.height);
    assertEquals(50.0, c.fps);
    assertEquals(500, c.frames);
    assertEquals(8, c.inputBitDepth);
  }

  @Test
  void hmLevelIsIgnoredWithANoteAndNeutralKeysSilently() {
    Path f = fixture("BasketballDrill.cfg");
    CfgFile.Expansion x = CfgFile.expand(spec(), new String[] {"-c", f.toString()});
    assertEquals(List.of(f + ":11: note: Level is ignored (the base codec signals its own level)"), x.notes());
  }

  @Test
  void ownLongOptionNamesAreKeysInAnyCase() {
    SampleCommand c = parse("-c", fixture("nnpf-ra.cfg").toString(), "-i", "a.yuv");
    assertEquals(SampleCommand.Codec.HEVC, c.codec);
    assertEquals(SampleCommand.Structure.RA, c.structure);
    assertEquals("sei", c.carriage);
    assertEquals(2, c.threads);
    assertEquals(32, c.qp);
    assertEquals(Path.of("out/str.bin"), c.bitstream);
    assertTrue(c.noOverfit);
  }

  @Test
  void laterFilesOverrideEarlierOnesAndFalseOrEmptyUnset() {
    SampleCommand c = parse("-c", fixture("nnpf-ra.cfg").toString(), "-c", fixture("override.cfg").toString(),
        "-i", "a.yuv", "-o", "r.yuv");
    assertEquals(37, c.qp);
    assertFalse(c.noOverfit);
    assertEquals(Path.of("r.yuv"), c.recon);
    SampleCommand d = parse("-c", fixture("nnpf-ra.cfg").toString(), "-c", fixture("override.cfg").toString(), "-i", "a.yuv");
    assertNull(d.recon);
  }

  @Test
  void commandLineOverridesCfgWhereverMinusCStands() {
    String cfg = fixture("nnpf-ra.cfg").toString();
    assertEquals(27, parse("-q", "27", "-c", cfg, "-i", "a.yuv").qp);
    assertEquals(27, parse("-c", cfg, "-q", "27", "-i", "a.yuv").qp);
    assertEquals(27, parse("-c", cfg, "-q27", "-i", "a.yuv").qp);
    assertEquals(27, parse("-c=" + cfg, "-q=27", "-i", "a.yuv").qp);
    assertEquals(SampleCommand.Structure.AI, parse("--cfg", cfg, "--config", "ai", "-i", "a.yuv").structure);
    assertEquals(7, parse("-c", cfg, "--threads=7", "-i", "a.yuv").threads);
  }

  @Test
  void expansionPlacesCfgOptionsFirstAndRecordsTheirLines() {
    Path f = fixture("nnpf-ra.cfg");
    CommandSpec spec = spec();
    CfgFile.Expansion x = CfgFile.expand(spec, new String[] {"-c", f.toString(), "-q", "22", "-i", "a.yuv"});
    assertEquals(List.of("--codec=hevc", "--config=ra", "--carriage=sei", "--threads=2", "-b=out/str.bin", "--no-overfit",
        "-c", f.toString(), "-q", "22", "-i", "a.yuv"), x.args());
    assertEquals(3, x.origin(spec.findOption("--config")).orElseThrow().line());
    assertTrue(x.origin(spec.findOption("-q")).isEmpty());
  }

  @Test
  void withoutCfgFilesTheArgumentsAreUnchanged() {
    String[] args = {"-i", "a.yuv", "-q", "22", "--", "-c"};
    assertEquals(List.of(args), CfgFile.expand(spec(), args).args());
  }

  @Test
  void unknownKeyIsAnErrorNamingFileLineAndKeyWithTheNearestKey() {
    Path f = fixture("unknown-key.cfg");
    NnpfException e = expandFails("-c", f.toString());
    assertEquals(f + ":3: unknown key 'Treads'; did you mean 'threads'? (the keys are listed in docs/batch-and-cfg.md; "
        + "'enc --help' shows the options)", e.getMessage());
  }

  @Test
  void hmCodingToolKeysGetAHintAboutTheBaseCodec() {
    Path f = fixture("hm-coding-key.cfg");
    assertTrue(expandFails("-c", f.toString()).getMessage().startsWith(f + ":1: unknown key 'IntraPeriod': an HM coding-tool key"));
    Path g = fixture("gop-entry.cfg");
    assertTrue(expandFails("-c", g.toString()).getMessage().startsWith(g + ":2: unknown key 'Frame1': an HM coding-tool key"));
  }

  @Test
  void flagValuesOtherThanBooleansAreErrors() {
    Path f = fixture("bad-flag.cfg");
    assertEquals(f + ":1: NoPostfilter : maybe: --no-postfilter is a flag; its value is 1 or 0 (also true/false, yes/no, on/off)",
        expandFails("-c", f.toString()).getMessage());
  }

  @Test
  void neutralHmKeyWithAnotherValueIsNotSupported() {
    Path f = fixture("frame-skip.cfg");
    assertEquals(f + ":1: FrameSkip : 8: not supported by enc (only 0)", expandFails("-c", f.toString()).getMessage());
  }

  @Test
  void cfgFilesCannotNameCfgFilesOrHelp() throws Exception {
    Path f = fixture("nested.cfg");
    assertTrue(expandFails("-c", f.toString()).getMessage().startsWith(f + ":1: c: cfg files cannot name other cfg files"));
    Path h = Files.writeString(dir.resolve("help.cfg"), "help : 1\n");
    assertEquals(h + ":1: help: --help cannot be set in a cfg file", expandFails("-c", h.toString()).getMessage());
  }

  @Test
  void keysIgnoreCaseDashesAndUnderscores() {
    assertEquals("inputbitdepth", CfgKeys.normalize("Input_Bit-Depth"));
    Path spec = dir.resolve("k.cfg");
    SampleCommand c = parse("-c", write(spec, "input_bit_depth : 10\nqp : 30\nSOURCEWIDTH : 64\n"), "-i", "a", "-b", "b");
    assertEquals(10, c.inputBitDepth);
    assertEquals(30, c.qp);
    assertEquals(64, c.width);
  }

  @Test
  void knownKeysListHmNamesAndOptionNames() {
    List<String> keys = CfgKeys.knownKeys(spec());
    assertTrue(keys.containsAll(List.of("QP", "InputFile", "SourceWidth", "threads", "no-overfit", "codec", "quiet")), keys.toString());
    assertFalse(keys.contains("help") || keys.contains("cfg") || keys.contains("OutputBitDepth"), keys.toString());
  }

  @Test
  void levenshteinDistance() {
    assertEquals(0, CfgKeys.distance("qp", "qp"));
    assertEquals(1, CfgKeys.distance("treads", "threads"));
    assertEquals(3, CfgKeys.distance("kitten", "sitting"));
  }

  private static String write(Path p, String text) {
    try {
      return Files.writeString(p, text).toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
