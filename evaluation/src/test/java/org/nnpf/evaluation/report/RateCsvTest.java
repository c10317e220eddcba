package org.nnpf.evaluation.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nnpf.common.NnpfException;
import org.nnpf.encoder.report.Psnr;
import org.nnpf.encoder.report.RatePoint;

class RateCsvTest {
  @Test
  void readsFourColumnsSkippingCommentsAndBlankLines() {
    List<RatePoint> pts = RateCsv.read(Fixtures.path("rate_yuv.csv"));
    assertEquals(4, pts.size());
    assertEquals(2541.5625, pts.get(0).kbps());
    assertEquals(new Psnr(34.9781, 39.8815, 39.8364, Double.NaN), pts.get(0).psnr());
    assertTrue(pts.get(1).source().endsWith("rate_yuv.csv:5"), pts.get(1).source());
  }

  @Test
  void readsTwoColumnsAsLumaOnlyWithACaseInsensitiveHeader() {
    List<RatePoint> pts = RateCsv.read(Fixtures.path("rate_y.csv"));
    assertEquals(List.of(100.5, 200.0, 400.0, 800.0), pts.stream().map(RatePoint::kbps).toList());
    assertFalse(pts.get(0).psnr().hasChroma());
    assertEquals(30.25, pts.get(0).psnr().y());
  }

  @Test
  void formatWritesWhatReadReads() {
    List<RatePoint> pts = RateCsv.read(Fixtures.path("rate_yuv.csv"));
    List<RatePoint> again = RateCsv.read(List.of(RateCsv.format(pts).split("\n")), "again");
    assertEquals(pts.stream().map(RatePoint::psnr).toList(), again.stream().map(RatePoint::psnr).toList());
    assertEquals(pts.stream().map(RatePoint::kbps).toList(), again.stream().map(RatePoint::kbps).toList());
  }

  @Test
  void wrongHeaderIsRefused() {
    NnpfException e = assertThrows(NnpfException.class, () -> RateCsv.read(List.of("# x", "rate,psnr", "1,2"), "h.csv"));
    assertEquals("h.csv:2: CSV header 'rate,psnr' is neither 'kbps,y_psnr' nor 'kbps,y_psnr,u_psnr,v_psnr'", e.getMessage());
  }

  @Test
  void rowWithAnotherFieldCountIsRefused() {
    NnpfException e = assertThrows(NnpfException.class, () -> RateCsv.read(List.of("kbps,y_psnr", "1,2,3"), "n.csv"));
    assertEquals("n.csv:2: 3 fields, the header at line 1 has 2", e.getMessage());
  }

  @Test
  void nonNumberIsRefusedNamingLineAndColumn() {
    NnpfException e = assertThrows(NnpfException.class,
        () -> RateCsv.read(List.of("kbps,y_psnr,u_psnr,v_psnr", "100,30,40,41", "200,3l.5,40,41"), "x.csv"));
    assertEquals("x.csv:3: y_psnr '3l.5' is not a number", e.getMessage());
  }

  @Test
  void nonPositiveRateAndNonFiniteValuesAreRefused() {
    NnpfException zero = assertThrows(NnpfException.class, () -> RateCsv.read(List.of("kbps,y_psnr", "0,30"), "z.csv"));
    assertEquals("z.csv:2: kbps 0 is not positive", zero.getMessage());
    NnpfException nan = assertThrows(NnpfException.class, () -> RateCsv.read(List.of("kbps,y_psnr", "10,nan"), "nan.csv"));
    assertEquals("nan.csv:2: y_psnr 'nan' is not finite", nan.getMessage());
  }

  @Test
  void headerWithoutRowsIsRefused() {
    NnpfException e = assertThrows(NnpfException.class, () -> RateCsv.read(List.of("kbps,y_psnr", ""), "e.csv"));
    assertEquals("e.csv: no rate points after the header", e.getMessage());
  }
}
