package org.nnpf.encoder.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnpf.common.NnpfException;

class EncoderReportCsvTest {
  @Test
  void roundTripKeepsEveryReportIncludingQuotedNames(@TempDir Path dir) {
    EncoderReport a = ReportSamples.sample();
    EncoderReport b = EncoderReport.builder().sequence("odd, \"name\"").codec("avc").structure("ldb").qp(37).frames(5)
        .fps(29.97).bits(EncoderReport.Bits.of(12345, 0)).basePsnr(Psnr.lumaOnly(31.0)).build();
    Path f = dir.resolve("reports.csv");
    EncoderReportCsv.write(List.of(a, b), f);
    assertEquals(List.of(a, b), EncoderReportCsv.read(f));
  }

  @Test
  void rowHasTheHeaderColumnsInOrder() {
    String csv = EncoderReportCsv.format(List.of(ReportSamples.sample()));
    String[] lines = csv.split("\n");
    assertEquals(EncoderReportCsv.HEADER, lines[0]);
    assertEquals("BasketballDrill_832x480_50,hevc,ra,32,64,50.0,3262800,3253200,9600," + (9600 / 3262800.0) + ","
        + (3262800 * (50 / 1000.0 / 64)) + ",2541.5625,34.9781,39.8815,39.8364,36.0985,35.2112,40.5502,40.6123,36.401,"
        + "511.1,42.5,0.25,3.75", lines[1]);
  }

  @Test
  void badFieldIsNamedWithLineAndColumn() {
    String csv = EncoderReportCsv.format(List.of(ReportSamples.sample())).replace(",32,64,", ",3x,64,");
    NnpfException e = assertThrows(NnpfException.class, () -> EncoderReportCsv.read(List.of(csv.split("\n")), "r.csv"));
    assertEquals("r.csv:2: qp '3x' is not an integer", e.getMessage());
  }

  @Test
  void unterminatedQuoteIsRefused() {
    NnpfException e = assertThrows(NnpfException.class,
        () -> EncoderReportCsv.read(List.of(EncoderReportCsv.HEADER, "\"abc,hevc"), "q.csv"));
    assertEquals("q.csv:2: unterminated quoted field", e.getMessage());
  }
}
