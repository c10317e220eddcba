package org.nnpf.encoder.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnpf.common.NnpfException;

class EncoderReportJsonTest {
  @Test
  void roundTripKeepsEveryField(@TempDir Path dir) {
    EncoderReport r = ReportSamples.sample();
    Path f = dir.resolve("r.json");
    EncoderReportJson.write(r, f);
    assertEquals(r, EncoderReportJson.read(f));
  }

  @Test
  void roundTripOfAReportWithoutPostFilterAndWithoutChroma() {
    EncoderReport r = EncoderReport.builder().sequence("mono").codec("avc").structure("ai").qp(22).frames(3).fps(30)
        .bits(EncoderReport.Bits.of(1000, 0)).basePsnr(Psnr.lumaOnly(40.5)).build();
    String json = EncoderReportJson.toJson(r);
    JsonObject o = JsonParser.parseString(json).getAsJsonObject();
    assertTrue(o.getAsJsonObject("psnr").get("post_filtered").isJsonNull());
    assertTrue(o.getAsJsonObject("psnr").getAsJsonObject("base").get("u").isJsonNull());
    EncoderReport back = EncoderReportJson.parse(json, "mono.json");
    assertEquals(r, back);
    assertNull(back.postFilteredPsnr());
  }

  @Test
  void writesTheDocumentedFieldsAndDerivedValues() {
    JsonObject o = JsonParser.parseString(EncoderReportJson.toJson(ReportSamples.sample())).getAsJsonObject();
    assertEquals("nnpf-encoder-report", o.get("format").getAsString());
    assertEquals(1, o.get("version").getAsInt());
    assertEquals(3262800, o.getAsJsonObject("bits").get("total").getAsLong());
    assertEquals(9600 / 3262800.0, o.getAsJsonObject("bits").get("post_filter_share").getAsDouble());
    assertEquals(3262800 * 50 / 1000.0 / 64, o.getAsJsonObject("kbps").get("total").getAsDouble(), 1e-9);
    assertEquals(2541.5625, o.getAsJsonObject("kbps").get("base").getAsDouble());
    assertEquals(42.5, o.getAsJsonObject("times").get("overfitting_s").getAsDouble());
    assertEquals(35.2112, o.getAsJsonObject("psnr").getAsJsonObject("post_filtered").get("y").getAsDouble());
  }

  @Test
  void ratePointIsPostFilteredAtTotalRateOrBaseAtBaseRate() {
    EncoderReport r = ReportSamples.sample();
    RatePoint pf = r.ratePoint(ReportOutput.POSTFILTER, "s");
    assertEquals(3262800 * 50 / 1000.0 / 64, pf.kbps(), 1e-9);
    assertEquals(35.2112, pf.psnr().y());
    RatePoint base = r.ratePoint(ReportOutput.BASE, "s");
    assertEquals(2541.5625, base.kbps());
    assertEquals(34.9781, base.psnr().y());
  }

  @Test
  void malformedJsonNamesFileLineAndColumn() {
    NnpfException e = assertThrows(NnpfException.class,
        () -> EncoderReportJson.parse("{\n  \"format\": \"nnpf-encoder-report\",\n  \"qp\": 32,,\n}", "bad.json"));
    assertTrue(e.getMessage().startsWith("bad.json: malformed JSON: "), e.getMessage());
    assertTrue(e.getMessage().contains("line 3"), e.getMessage());
  }

  @Test
  void missingAndMistypedFieldsAreNamed() {
    String json = EncoderReportJson.toJson(ReportSamples.sample());
    NnpfException missing = assertThrows(NnpfException.class,
        () -> EncoderReportJson.parse(json.replace("\"post_filter\":", "\"pf\":"), "m.json"));
    assertEquals("m.json: field bits.post_filter is missing", missing.getMessage());
    NnpfException type = assertThrows(NnpfException.class,
        () -> EncoderReportJson.parse(json.replace("\"qp\": 32", "\"qp\": \"32\""), "t.json"));
    assertEquals("t.json: field qp is not an integer: \"32\"", type.getMessage());
  }

  @Test
  void otherFormatsAndVersionsAreRefused() {
    String json = EncoderReportJson.toJson(ReportSamples.sample());
    assertFalse(EncoderReportJson.isEncoderReport("{\"pchip\": {}}"));
    assertTrue(EncoderReportJson.isEncoderReport(json));
    NnpfException other = assertThrows(NnpfException.class, () -> EncoderReportJson.parse("{\"pchip\": {}}", "bd.json"));
    assertEquals("bd.json: not an nnpf encoder report (no field \"format\": \"nnpf-encoder-report\")", other.getMessage());
    NnpfException v = assertThrows(NnpfException.class,
        () -> EncoderReportJson.parse(json.replace("\"version\": 1", "\"version\": 7"), "v.json"));
    assertEquals("v.json: report version 7 is not supported (this build reads version 1)", v.getMessage());
  }

  @Test
  void inconsistentBitCountsAreRefused() {
    String json = EncoderReportJson.toJson(ReportSamples.sample()).replace("\"total\": 3262800", "\"total\": 3262801");
    NnpfException e = assertThrows(NnpfException.class, () -> EncoderReportJson.parse(json, "b.json"));
    assertEquals("b.json: inconsistent report: total bits 3262801 != base 3253200 + post-filter 9600", e.getMessage());
  }

  @Test
  void writeLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
    EncoderReportJson.write(ReportSamples.sample(), dir.resolve("a.json"));
    try (var s = Files.list(dir)) {
      assertEquals(1, s.count());
    }
  }
}
