package org.nnpf.evaluation.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnpf.encoder.report.EncoderReport;
import org.nnpf.encoder.report.EncoderReportJson;
import org.nnpf.evaluation.report.Fixtures;
import org.nnpf.encoder.report.HmSummaryWriter;
import org.nnpf.encoder.report.Psnr;
import org.nnpf.encoder.report.RatePoint;
import org.nnpf.encoder.report.Summary;
import org.nnpf.encoder.report.SummaryRow;
import org.nnpf.encoder.report.SliceKind;

/** {@code bin/compare} run in-process, end to end, including the bad inputs. */
class CompareCommandTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(Object... args) {
    String[] a = Stream.of(args).map(Object::toString).toArray(String[]::new);
    return CompareCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(a);
  }

  /** Four HM logs of the anchor (the values of BdComparisonTest). */
  private List<Path> anchorLogs() throws Exception {
    List<Path> logs = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Summary s = Summary.of(new SummaryRow(SliceKind.ALL, 64, BdComparisonTest.RA[i],
          new Psnr(BdComparisonTest.YA[i], BdComparisonTest.UA[i], BdComparisonTest.VA[i], 37.0)));
      logs.add(Files.writeString(dir.resolve("hm_qp" + (37 - 5 * i) + ".log"), "HM software\n" + HmSummaryWriter.format(s)));
    }
    return logs;
  }

  private Path testCsv() throws Exception {
    StringBuilder sb = new StringBuilder("kbps,y_psnr,u_psnr,v_psnr\n");
    for (int i = 0; i < 4; i++) {
      sb.append(BdComparisonTest.RT[i]).append(',').append(BdComparisonTest.YT[i]).append(',')
          .append(BdComparisonTest.UT[i]).append(',').append(BdComparisonTest.VT[i]).append('\n');
    }
    return Files.writeString(dir.resolve("test.csv"), sb);
  }

  private void writeReports(Path into, String sequence) throws Exception {
    Files.createDirectories(into);
    int[] qps = {22, 27, 32, 37};
    for (int i = 0; i < 4; i++) {
      double y = 41 - 2.5 * i;
      EncoderReport r = EncoderReport.builder().sequence(sequence).codec("hevc").structure("ra").qp(qps[i]).frames(32).fps(30)
          .bits(EncoderReport.Bits.of((long) (4_000_000 / Math.pow(1.8, i)), 2400))
          .basePsnr(new Psnr(y, y + 5, y + 5.5, y + 1))
          .postFilteredPsnr(new Psnr(y + 0.3, y + 5.6, y + 6.0, y + 1.4))
          .build();
      EncoderReportJson.write(r, into.resolve("qp" + qps[i] + ".json"));
    }
  }

  private List<Path> files() throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }

  @Test
  void logsAgainstCsvPrintsTheTableAndWritesJsonCsvAndPlot() throws Exception {
    List<Path> logs = anchorLogs();
    Path csv = testCsv();
    Path json = dir.resolve("bd.json");
    Path outCsv = dir.resolve("bd.csv");
    Path png = dir.resolve("rd.png");
    int rc = run("--anchor", logs.get(0), logs.get(1), logs.get(2), logs.get(3), "--test", csv,
        "--json", json, "--csv", outCsv, "--plot", png);
    assertEquals(0, rc, err.toString());
    assertTrue(out.toString().contains("JVET CTC (PCHIP)"), out.toString());

    List<RatePoint> anchor = BdComparisonTest.curve("a", BdComparisonTest.RA, BdComparisonTest.YA, BdComparisonTest.UA, BdComparisonTest.VA);
    List<RatePoint> test = BdComparisonTest.curve("t", BdComparisonTest.RT, BdComparisonTest.YT, BdComparisonTest.UT, BdComparisonTest.VT);
    BdComparison expected = BdComparison.compare(RdCurve.of("anchor", anchor), RdCurve.of("test", test));
    JsonObject o = JsonParser.parseString(Files.readString(json)).getAsJsonObject();
    for (BdMethod m : BdMethod.values()) {
      for (Channel ch : Channel.values()) {
        JsonObject v = o.getAsJsonObject(m.key()).getAsJsonObject(ch.name());
        assertEquals(expected.result(m, ch).bdRate().value().orElseThrow(), v.get("bd_rate").getAsDouble(), 0, m + " " + ch);
        assertEquals(expected.result(m, ch).bdPsnr().value().orElseThrow(), v.get("bd_psnr").getAsDouble(), 0, m + " " + ch);
      }
    }
    assertEquals(9, Files.readAllLines(outCsv).size());
    BufferedImage img = ImageIO.read(png.toFile());
    assertEquals(3 * RdPlot.PANEL_WIDTH, img.getWidth());
    assertEquals(RdPlot.PANEL_HEIGHT, img.getHeight());
    assertEquals(logs.size() + 4, files().size(), "no temporary file left: " + files());
  }

  @Test
  void oneSetOfReportsGivesBothCurvesWithAnchorOutputBase() throws Exception {
    Path reports = dir.resolve("out");
    writeReports(reports, "seq");
    Path json = reports.resolve("bd.json");
    assertEquals(0, run("--anchor", reports, "--anchor-output", "base", "--test", reports, "--json", json, "--plot", dir.resolve("rd.png"),
        "--plot-luma-only"), err.toString());
    JsonObject y = JsonParser.parseString(Files.readString(json)).getAsJsonObject().getAsJsonObject("pchip").getAsJsonObject("Y");
    assertTrue(y.get("bd_rate").getAsDouble() < 0, y.toString());
    assertTrue(y.get("bd_psnr").getAsDouble() > 0, y.toString());
    assertEquals(RdPlot.PANEL_WIDTH, ImageIO.read(dir.resolve("rd.png").toFile()).getWidth());

    // Run again: the result JSON now in the directory is skipped, not read as a report.
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    assertEquals(0, run("--anchor", reports, "--anchor-output", "BASE", "--test", reports), err.toString());
    assertTrue(err.toString().contains("skipped " + json), err.toString());
  }

  @Test
  void quietPrintsNothing() throws Exception {
    List<Path> logs = anchorLogs();
    assertEquals(0, run("--quiet", "--anchor", logs.get(0), logs.get(1), logs.get(2), logs.get(3), "--test", testCsv()));
    assertEquals("", out.toString());
    assertEquals("", err.toString());
  }

  @Test
  void lumaOnlyTestGivesNullChromaWithReasonAndExitsZero() throws Exception {
    List<Path> logs = anchorLogs();
    Path csv = Files.writeString(dir.resolve("y.csv"), "kbps,y_psnr\n1356.24,34.987\n2451.52,36.97\n4469,38.651\n9787.8,40.121\n");
    Path json = dir.resolve("bd.json");
    assertEquals(0, run("--anchor", logs.get(0), logs.get(1), logs.get(2), logs.get(3), "--test", csv, "--json", json));
    JsonObject u = JsonParser.parseString(Files.readString(json)).getAsJsonObject().getAsJsonObject("pchip").getAsJsonObject("U");
    assertTrue(u.get("bd_rate").isJsonNull());
    assertEquals("the test has no chroma PSNR (" + csv + ":2)", u.get("reason").getAsString());
    assertTrue(out.toString().contains("pchip U: the test has no chroma PSNR"), out.toString());
  }

  @Test
  void helpDescribesTheOptions() {
    assertEquals(0, run("--help"));
    assertTrue(out.toString().contains("--anchor-output"), out.toString());
    assertTrue(out.toString().contains("Usage: compare"), out.toString());
  }

  @Test
  void missingInputFailsNamingItAndWritesNothing() throws Exception {
    Path json = dir.resolve("bd.json");
    assertEquals(1, run("--anchor", dir.resolve("nope.log"), "--test", testCsv(), "--json", json));
    assertEquals("compare: error: " + dir.resolve("nope.log") + ": no such file\n", err.toString());
    assertFalse(Files.exists(json));
  }

  @Test
  void unparseableInputNamesFileAndLine() throws Exception {
    List<Path> logs = anchorLogs();
    Path bad = Files.writeString(dir.resolve("bad.csv"), "kbps,y_psnr\n100,30\n200,thirty\n");
    assertEquals(1, run("--anchor", logs.get(0), logs.get(1), logs.get(2), logs.get(3), "--test", bad));
    assertEquals("compare: error: " + bad + ":3: y_psnr 'thirty' is not a number\n", err.toString());
    assertEquals("", out.toString());
  }

  @Test
  void curvesThatDoNotOverlapFailWithoutOutputs() throws Exception {
    List<Path> logs = anchorLogs();
    Path far = Files.writeString(dir.resolve("far.csv"), "kbps,y_psnr,u_psnr,v_psnr\n1e6,60,61,62\n2e6,61,62,63\n3e6,62,63,64\n4e6,63,64,65\n");
    Path json = dir.resolve("bd.json");
    Path png = dir.resolve("rd.png");
    assertEquals(1, run("--anchor", logs.get(0), logs.get(1), logs.get(2), logs.get(3), "--test", far, "--json", json, "--plot", png));
    assertTrue(err.toString().startsWith("compare: error: no BD value can be computed: "
        + "BD-rate: the PSNR ranges do not overlap (anchor 34.8510 to 40.0370 dB, test 60.0000 to 63.0000 dB); "
        + "BD-PSNR: the rate ranges do not overlap"), err.toString());
    assertFalse(Files.exists(json));
    assertFalse(Files.exists(png));
  }

  @Test
  void fewerThanFourPointsFail() throws Exception {
    List<Path> logs = anchorLogs();
    assertEquals(1, run("--anchor", logs.get(0), logs.get(1), logs.get(2), "--test", testCsv()));
    assertTrue(err.toString().startsWith("compare: error: anchor: 3 rate points ("), err.toString());
    assertTrue(err.toString().contains("at least 4 are needed"), err.toString());
  }

  @Test
  void outputPathEqualToAnInputFailsAndLeavesTheInputAlone() throws Exception {
    List<Path> logs = anchorLogs();
    Path csv = testCsv();
    byte[] before = Files.readAllBytes(csv);
    assertEquals(1, run("--anchor", logs.get(0), logs.get(1), logs.get(2), logs.get(3), "--test", csv, "--csv", csv));
    assertEquals("compare: error: --csv " + csv + ": is also an input; choose another output path\n", err.toString());
    assertArrayEquals(before, Files.readAllBytes(csv));
  }

  @Test
  void reportsOfAnotherSequenceFail() throws Exception {
    writeReports(dir.resolve("a"), "BasketballDrill");
    writeReports(dir.resolve("b"), "BQMall");
    assertEquals(1, run("--anchor", dir.resolve("a"), "--test", dir.resolve("b")));
    assertEquals("compare: error: the anchor reports are of sequence BasketballDrill and the test reports of BQMall\n", err.toString());
  }

  @Test
  void equalLabelsAreRefused() throws Exception {
    assertEquals(1, run("--anchor", testCsv(), "--test", testCsv(), "--anchor-label", "x", "--test-label", "x"));
    assertEquals("compare: error: --anchor-label and --test-label are both 'x'\n", err.toString());
  }

  @Test
  void unknownOptionIsAUsageError() throws Exception {
    assertEquals(2, run("--anchor", testCsv(), "--test", testCsv(), "--bogus"));
    assertTrue(err.toString().contains("Unknown option: '--bogus'"), err.toString());
  }

  @Test
  void realHmLogsAgainstThemselvesGiveZero() {
    assumeTrue(Fixtures.sharedLogs().isPresent(), "../shared/data/logs is absent");
    Path logs = Fixtures.sharedLogs().get();
    List<Object> args = new ArrayList<>(List.of("--json", dir.resolve("bd.json"), "--anchor"));
    for (int qp : new int[] {22, 27, 32, 37}) {
      args.add(logs.resolve("hm16_kodak_ai_qp" + qp + ".txt"));
    }
    args.add("--test");
    args.addAll(args.subList(3, 7));
    assertEquals(0, run(args.toArray()), err.toString());
    assertTrue(out.toString().contains("29983.1200   42.2176   46.6066   46.7925"), out.toString());
    assertTrue(out.toString().lines().anyMatch(l -> l.startsWith("Y ") && l.contains("0.00 %")), out.toString());
  }
}
