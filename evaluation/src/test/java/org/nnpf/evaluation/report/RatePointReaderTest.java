package org.nnpf.evaluation.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnpf.common.NnpfException;
import org.nnpf.encoder.report.EncoderReportCsv;
import org.nnpf.encoder.report.EncoderReportJson;
import org.nnpf.encoder.report.ReportOutput;
import org.nnpf.encoder.report.ReportSamples;

class RatePointReaderTest {
  @Test
  void recognisesEachKindByContent(@TempDir Path dir) throws Exception {
    // Names that say nothing: the content decides.
    Path log = Files.copy(Fixtures.path("vvenc_qp32.log"), dir.resolve("a.dat"));
    Path csv = Files.copy(Fixtures.path("rate_yuv.csv"), dir.resolve("b.dat"));
    Path json = dir.resolve("c.dat");
    EncoderReportJson.write(ReportSamples.sample(), json);
    Path reportCsv = dir.resolve("d.dat");
    EncoderReportCsv.write(List.of(ReportSamples.sample(), ReportSamples.sample()), reportCsv);

    assertEquals(1402.3306, RatePointReader.read(log, ReportOutput.POSTFILTER).points().get(0).kbps());
    assertEquals(4, RatePointReader.read(csv, ReportOutput.POSTFILTER).points().size());
    RatePointReader.Loaded j = RatePointReader.read(json, ReportOutput.POSTFILTER);
    assertEquals(35.2112, j.points().get(0).psnr().y());
    assertEquals("BasketballDrill_832x480_50", j.sequences().first());
    RatePointReader.Loaded rc = RatePointReader.read(reportCsv, ReportOutput.BASE);
    assertEquals(2, rc.points().size());
    assertEquals(34.9781, rc.points().get(1).psnr().y());
    assertTrue(rc.points().get(1).source().endsWith("d.dat:3"), rc.points().get(1).source());
  }

  @Test
  void directoryGivesItsEncoderReportsAndSkipsOtherJson(@TempDir Path dir) throws Exception {
    Path sub = Files.createDirectories(dir.resolve("qp32"));
    EncoderReportJson.write(ReportSamples.sample(), sub.resolve("report.json"));
    EncoderReportJson.write(ReportSamples.sample(), dir.resolve("report27.json"));
    Files.writeString(dir.resolve("bd.json"), "{\"pchip\": {}}");
    Files.writeString(dir.resolve("notes.txt"), "not read");
    RatePointReader.Loaded l = RatePointReader.read(dir, ReportOutput.POSTFILTER);
    assertEquals(2, l.points().size());
    assertEquals(List.of(dir.resolve("qp32/report.json"), dir.resolve("report27.json")), l.files());
    assertEquals(List.of(dir.resolve("bd.json")), l.skipped());
  }

  @Test
  void directoryWithoutReportsIsRefused(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("bd.json"), "{}");
    NnpfException e = assertThrows(NnpfException.class, () -> RatePointReader.read(dir, ReportOutput.POSTFILTER));
    assertTrue(e.getMessage().startsWith(dir + ": the directory holds no nnpf encoder report"), e.getMessage());
  }

  @Test
  void unknownTextIsRefusedNamingTheFile(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("x.txt"), "hello\n");
    NnpfException e = assertThrows(NnpfException.class, () -> RatePointReader.read(f, ReportOutput.POSTFILTER));
    assertTrue(e.getMessage().startsWith(f + ": not a recognised rate-point file"), e.getMessage());
  }

  @Test
  void missingAndBinaryFilesAreRefused(@TempDir Path dir) throws Exception {
    Path missing = dir.resolve("none.log");
    assertEquals(missing + ": no such file",
        assertThrows(NnpfException.class, () -> RatePointReader.read(missing, ReportOutput.POSTFILTER)).getMessage());
    Path bin = Files.write(dir.resolve("seq.yuv"), new byte[] {1, 2, 0, 4});
    assertEquals(bin + ": binary file (contains NUL bytes), not an encoder log, CSV or report",
        assertThrows(NnpfException.class, () -> RatePointReader.read(bin, ReportOutput.POSTFILTER)).getMessage());
  }

  @Test
  void byteOrderMarkBeforeACsvHeaderIsIgnored(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("bom.csv"), "\uFEFFkbps,y_psnr\n10,30\n");
    assertEquals(30.0, RatePointReader.read(f, ReportOutput.POSTFILTER).points().get(0).psnr().y());
  }
}
