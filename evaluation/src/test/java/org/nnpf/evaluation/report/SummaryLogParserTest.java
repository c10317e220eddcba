package org.nnpf.evaluation.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nnpf.common.NnpfException;
import org.nnpf.encoder.report.HmSummaryWriter;
import org.nnpf.encoder.report.Psnr;
import org.nnpf.encoder.report.RatePoint;
import org.nnpf.encoder.report.SliceKind;
import org.nnpf.encoder.report.Summary;
import org.nnpf.encoder.report.SummaryRow;

class SummaryLogParserTest {
  private static final String HDR = "\tTotal Frames |   Bitrate     Y-PSNR    U-PSNR    V-PSNR    YUV-PSNR ";

  @Test
  void hmLogGivesTheSummaryRowAndTheSliceRows() {
    ParsedLog log = SummaryLogParser.parse(Fixtures.path("hm_ra_qp32.log"));
    assertEquals(LogLayout.HM, log.layout());
    assertEquals(new SummaryRow(SliceKind.ALL, 64, 2541.5625, new Psnr(34.9781, 39.8815, 39.8364, 36.0985)), log.summary().all());
    assertEquals(new SummaryRow(SliceKind.I, 2, 9222.0, new Psnr(37.7993, 41.6412, 41.8016, 38.6947)),
        log.summary().row(SliceKind.I).orElseThrow());
    assertEquals(SummaryRow.empty(SliceKind.P), log.summary().row(SliceKind.P).orElseThrow());
    assertEquals(62, log.summary().row(SliceKind.B).orElseThrow().frames());
    assertEquals(16, log.allRowLine());
    RatePoint p = log.ratePoint();
    assertEquals(2541.5625, p.kbps());
    assertTrue(p.source().endsWith("hm_ra_qp32.log:16"), p.source());
  }

  @Test
  void hmMseBasedLogUsesTheAverageRow() {
    ParsedLog log = SummaryLogParser.parse(Fixtures.path("hm_mse_based.log"));
    assertEquals(new Psnr(36.125, 40.5, 41.0625, 37.2187), log.summary().all().psnr());
    assertEquals(1520.3125, log.summary().all().kbps());
  }

  @Test
  void hm400LogHasLumaOnly() {
    ParsedLog log = SummaryLogParser.parse(Fixtures.path("hm_400.log"));
    assertEquals(39.5012, log.summary().all().psnr().y());
    assertFalse(log.summary().all().psnr().hasChroma());
    assertTrue(Double.isNaN(log.summary().all().psnr().yuv()));
  }

  @Test
  void oldVtmLayoutIsReadLikeHm() {
    ParsedLog log = SummaryLogParser.parse(Fixtures.path("vtm10_ldb_qp37.log"));
    assertEquals(LogLayout.HM, log.layout());
    assertEquals(new SummaryRow(SliceKind.ALL, 33, 188.6458, new Psnr(31.2203, 37.8842, 38.9317, 32.7201)), log.summary().all());
    assertEquals(4, log.summary().rows().size());
  }

  @Test
  void vtmUniformMetricsLayoutWithoutSummaryLine() {
    ParsedLog log = SummaryLogParser.parse(Fixtures.path("vtm20_ra_qp27.log"));
    assertEquals(LogLayout.VTM_UNIFORM, log.layout());
    assertEquals(new SummaryRow(SliceKind.ALL, 33, 3154.9394, new Psnr(38.9922, 42.7611, 43.4512, 39.9851)), log.summary().all());
    assertEquals(1, log.summary().rows().size());
  }

  @Test
  void vvencPrefixIsRemoved() {
    ParsedLog log = SummaryLogParser.parse(Fixtures.path("vvenc_qp32.log"));
    assertEquals(LogLayout.VVENC, log.layout());
    assertEquals(new SummaryRow(SliceKind.ALL, 64, 1402.3306, new Psnr(35.0419, 39.9933, 40.1207, 36.2480)), log.summary().all());
  }

  @Test
  void extraColumnsAreIgnoredByName() {
    List<String> lines = List.of(
        "\tTotal Frames |   Bitrate     Y-PSNR    U-PSNR    V-PSNR    YUV-PSNR  Y-MSE     U-MSE     V-MSE    YUV-MSE ",
        "\t        8    a     100.0000   40.0000   41.0000   42.0000   40.5000    6.5000    5.1000    4.0000    6.0000");
    ParsedLog log = SummaryLogParser.parse(lines, "mse");
    assertEquals(new Psnr(40, 41, 42, 40.5), log.summary().all().psnr());
  }

  @Test
  void identicalRepeatedTablesAreReadOnce() {
    String row = "\t       33    a     188.6458   31.2203   37.8842   38.9317   32.7201";
    ParsedLog log = SummaryLogParser.parse(List.of("SUMMARY ---", HDR, row, "", "LayerId  0", HDR, row), "twice");
    assertEquals(188.6458, log.summary().all().kbps());
    assertEquals(3, log.allRowLine());
  }

  @Test
  void differentRepeatedRowsAreRefusedWithBothLines() {
    NnpfException e = assertThrows(NnpfException.class, () -> SummaryLogParser.parse(Fixtures.path("vtm20_two_layers.log")));
    assertTrue(e.getMessage().contains("vtm20_two_layers.log:7: a second 'a' summary row with different values (first at line 3)"),
        e.getMessage());
  }

  @Test
  void headerQuotedInsideOtherTextIsNotATable() {
    NnpfException e = assertThrows(NnpfException.class,
        () -> SummaryLogParser.parse(List.of("# the layout 'Total Frames |   Bitrate     Y-PSNR' as HM", "# 1 a 2 3"), "note.txt"));
    assertTrue(e.getMessage().startsWith("note.txt: no encoder summary table found"), e.getMessage());
  }

  @Test
  void logWithoutSummaryIsRefusedNamingTheFile() {
    NnpfException e = assertThrows(NnpfException.class,
        () -> SummaryLogParser.parse(List.of("POC 0 ...", "nothing here"), "run.log"));
    assertTrue(e.getMessage().startsWith("run.log: no encoder summary table found"), e.getMessage());
  }

  @Test
  void rowWithAnUnparseableValueNamesFileLineAndColumn() {
    NnpfException e = assertThrows(NnpfException.class, () -> SummaryLogParser.parse(
        List.of("x", HDR, "\t       33    a     188.6458   31.22x3   37.8842   38.9317   32.7201"), "bad.log"));
    assertEquals("bad.log:3: Y-PSNR value '31.22x3' is not a number", e.getMessage());
  }

  @Test
  void rowWithTooFewValuesIsRefused() {
    NnpfException e = assertThrows(NnpfException.class,
        () -> SummaryLogParser.parse(List.of(HDR, "\t       33    a     188.6458   31.2203"), "short.log"));
    assertTrue(e.getMessage().startsWith("short.log:2: 2 values but the header names 5 columns"), e.getMessage());
  }

  @Test
  void rowWithUnknownSliceKindIsRefused() {
    NnpfException e = assertThrows(NnpfException.class,
        () -> SummaryLogParser.parse(List.of(HDR, "\t       33    x     1  2  3  4  5"), "kind.log"));
    assertEquals("kind.log:2: slice kind 'x' is not one of a, i, p, b", e.getMessage());
  }

  @Test
  void nanInARowWithFramesIsRefused() {
    NnpfException e = assertThrows(NnpfException.class,
        () -> SummaryLogParser.parse(List.of(HDR, "\t       33    a     -nan  2  3  4  5"), "nan.log"));
    assertEquals("nan.log:2: Bitrate value '-nan' is not finite in a row of 33 frames", e.getMessage());
  }

  @Test
  void headerAtTheEndOfTheFileIsRefused() {
    NnpfException e = assertThrows(NnpfException.class, () -> SummaryLogParser.parse(List.of("x", HDR, ""), "cut.log"));
    assertEquals("cut.log:2: summary header without a row after it", e.getMessage());
  }

  @Test
  void summaryWithoutTheAllRowIsRefused() {
    NnpfException e = assertThrows(NnpfException.class,
        () -> SummaryLogParser.parse(List.of(HDR, "\t        2    i    9222.0000   37.7993   41.6412   41.8016   38.6947"), "i.log"));
    assertEquals("i.log: the summary has no 'a' row (all pictures)", e.getMessage());
  }

  @Test
  void writtenSummaryParsesBackToTheSameRows() {
    Summary s = Summary.of(
        SummaryRow.of(SliceKind.ALL, 97, 123456789, 60, new Psnr(38.12345, 41.5, 42.25, 39.0)),
        SummaryRow.empty(SliceKind.I),
        SummaryRow.of(SliceKind.P, 97, 123456789, 60, new Psnr(38.12345, 41.5, 42.25, 39.0)));
    ParsedLog parsed = SummaryLogParser.parse(List.of(HmSummaryWriter.format(s).split("\n", -1)), "written");
    assertEquals(LogLayout.HM, parsed.layout());
    // The parser reads the printed values, rounded to 4 decimals as C rounds them.
    SummaryRow all = parsed.summary().all();
    assertEquals(97, all.frames());
    assertEquals(76365.0241, all.kbps(), 0);
    assertEquals(38.1234, all.psnr().y(), 0);
    assertEquals(new Psnr(38.1234, 41.5, 42.25, 39.0), parsed.summary().row(SliceKind.P).orElseThrow().psnr());
    assertEquals(SummaryRow.empty(SliceKind.I), parsed.summary().row(SliceKind.I).orElseThrow());
    assertEquals(3, parsed.summary().rows().size());
  }
}
