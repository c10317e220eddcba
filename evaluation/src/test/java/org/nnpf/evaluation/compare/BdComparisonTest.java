package org.nnpf.evaluation.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nnpf.common.NnpfException;
import org.nnpf.encoder.report.Psnr;
import org.nnpf.encoder.report.RatePoint;

class BdComparisonTest {
  static List<RatePoint> curve(String name, double[] kbps, double[] y, double[] u, double[] v) {
    List<RatePoint> pts = new ArrayList<>();
    for (int i = 0; i < kbps.length; i++) {
      Psnr p = u == null ? Psnr.lumaOnly(y[i]) : new Psnr(y[i], u[i], v[i], Double.NaN);
      pts.add(new RatePoint(kbps[i], p, name + ":" + (i + 1)));
    }
    return pts;
  }

  static final double[] RA = {1358.24, 2486.44, 4593.60, 9487.76};
  static final double[] YA = {34.851, 36.845, 38.615, 40.037};
  static final double[] UA = {39.10, 40.32, 41.45, 42.50};
  static final double[] VA = {39.40, 40.61, 41.70, 42.81};
  static final double[] RT = {1356.24, 2451.52, 4469.00, 9787.80};
  static final double[] YT = {34.987, 36.970, 38.651, 40.121};
  static final double[] UT = {39.31, 40.52, 41.60, 42.71};
  static final double[] VT = {39.52, 40.75, 41.83, 42.95};

  static BdComparison sample() {
    return BdComparison.compare(RdCurve.of("anchor", curve("a.csv", RA, YA, UA, VA)), RdCurve.of("test", curve("t.csv", RT, YT, UT, VT)));
  }

  @Test
  void everyChannelUsesItsOwnPsnrAndYuvIsSixToOneToOne() {
    BdComparison c = sample();
    double[] yuvA = new double[4];
    double[] yuvT = new double[4];
    for (int i = 0; i < 4; i++) {
      yuvA[i] = (6 * YA[i] + UA[i] + VA[i]) / 8;
      yuvT[i] = (6 * YT[i] + UT[i] + VT[i]) / 8;
    }
    for (BdMethod m : BdMethod.values()) {
      assertEquals(Bjontegaard.bdRate(m, RA, YA, RT, YT), c.result(m, Channel.Y).bdRate());
      assertEquals(Bjontegaard.bdRate(m, RA, UA, RT, UT), c.result(m, Channel.U).bdRate());
      assertEquals(Bjontegaard.bdPsnr(m, RA, VA, RT, VT), c.result(m, Channel.V).bdPsnr());
      assertEquals(Bjontegaard.bdRate(m, RA, yuvA, RT, yuvT), c.result(m, Channel.YUV).bdRate());
    }
    assertTrue(c.allAvailable());
  }

  @Test
  void lumaOnlySideLeavesChromaUnavailableWithTheReason() {
    BdComparison c = BdComparison.compare(
        RdCurve.of("anchor", curve("a.csv", RA, YA, UA, VA)), RdCurve.of("test", curve("t.csv", RT, YT, null, null)));
    assertTrue(c.result(BdMethod.PCHIP, Channel.Y).bdRate().isAvailable());
    for (Channel ch : List.of(Channel.U, Channel.V, Channel.YUV)) {
      ChannelResult r = c.result(BdMethod.CUBIC, ch);
      assertFalse(r.anyAvailable());
      assertEquals("the test has no chroma PSNR (t.csv:1)", r.reason());
    }
    assertTrue(c.anyAvailable());
    assertFalse(c.allAvailable());
  }

  @Test
  void curveNeedsFourPointsAndNamesThem() {
    List<RatePoint> three = curve("x.log", new double[] {1, 2, 3}, new double[] {30, 31, 32}, null, null);
    NnpfException e = assertThrows(NnpfException.class, () -> RdCurve.of("anchor", three));
    assertEquals("anchor: 3 rate points (x.log:1, x.log:2, x.log:3), at least 4 are needed for a BD comparison", e.getMessage());
  }

  @Test
  void curveRefusesTwoPointsOfTheSameRateNamingBoth() {
    List<RatePoint> dup = curve("d.csv", new double[] {100, 200, 100, 400}, new double[] {30, 31, 32, 33}, null, null);
    NnpfException e = assertThrows(NnpfException.class, () -> RdCurve.of("test", dup));
    assertEquals("test: two rate points have the same rate 100.0000 kbps (d.csv:1 and d.csv:3)", e.getMessage());
  }

  @Test
  void jsonHasBothMethodsEveryChannelAndNullWithReason() {
    BdComparison c = BdComparison.compare(
        RdCurve.of("anchor", curve("a.csv", RA, YA, UA, VA)), RdCurve.of("test", curve("t.csv", RT, YT, null, null)));
    JsonObject o = JsonParser.parseString(BdResultFormats.json(c)).getAsJsonObject();
    for (String m : List.of("pchip", "cubic")) {
      for (String ch : List.of("Y", "U", "V", "YUV")) {
        assertTrue(o.getAsJsonObject(m).has(ch), m + " " + ch);
      }
    }
    assertEquals(c.result(BdMethod.PCHIP, Channel.Y).bdRate().value().orElseThrow(),
        o.getAsJsonObject("pchip").getAsJsonObject("Y").get("bd_rate").getAsDouble(), 0);
    assertFalse(o.getAsJsonObject("pchip").getAsJsonObject("Y").has("reason"));
    JsonObject u = o.getAsJsonObject("cubic").getAsJsonObject("U");
    assertTrue(u.get("bd_rate").isJsonNull());
    assertTrue(u.get("bd_psnr").isJsonNull());
    assertEquals("the test has no chroma PSNR (t.csv:1)", u.get("reason").getAsString());
    assertEquals(4, o.getAsJsonArray("anchor").size());
    assertTrue(o.getAsJsonArray("test").get(0).getAsJsonObject().get("u_psnr").isJsonNull());
  }

  @Test
  void csvHasOneRowPerMethodAndChannel() {
    String[] lines = BdResultFormats.csv(sample()).split("\n");
    assertEquals(BdResultFormats.CSV_HEADER, lines[0]);
    assertEquals(9, lines.length);
    assertEquals("pchip,Y," + sample().result(BdMethod.PCHIP, Channel.Y).bdRate().value().orElseThrow() + ","
        + sample().result(BdMethod.PCHIP, Channel.Y).bdPsnr().value().orElseThrow() + ",", lines[1]);
    assertTrue(lines[8].startsWith("cubic,YUV,"));
  }

  @Test
  void tableShowsThePointsAndBothMethods() {
    String t = BdResultFormats.table(sample());
    assertTrue(t.contains("anchor: 4 points"), t);
    assertTrue(t.contains("JVET CTC (PCHIP)") && t.contains("VCEG-M33 (cubic)"), t);
    String y = String.format(java.util.Locale.ROOT, "%.2f %%", sample().result(BdMethod.PCHIP, Channel.Y).bdRate().value().orElseThrow());
    assertTrue(t.lines().anyMatch(l -> l.startsWith("Y ") && l.contains(y)), t);
    assertTrue(t.lines().anyMatch(l -> l.startsWith("YUV611")), t);
  }
}
