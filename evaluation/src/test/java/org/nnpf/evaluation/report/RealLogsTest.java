package org.nnpf.evaluation.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nnpf.encoder.report.Psnr;
import org.nnpf.encoder.report.ReportOutput;
import org.nnpf.encoder.report.SummaryRow;

/**
 * The real HM / VTM / VVenC log excerpts of ../shared/data/logs with the values its README lists;
 * skipped when that directory is absent (fresh clone without the shared data).
 */
class RealLogsTest {
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "hm16_kodak_ai_qp22.txt,       HM,          24,  29983.1200, 42.2176, 46.6066, 46.7925, 43.1735",
    "hm16_kodak_ai_qp27.txt,       HM,          24,  18174.7200, 38.4813, 44.1229, 44.1837, 39.4997",
    "hm16_kodak_ai_qp32.txt,       HM,          24,  10008.5000, 34.9285, 42.0717, 42.1183, 35.9786",
    "hm16_kodak_ai_qp37.txt,       HM,          24,   4971.7200, 31.7682, 40.5691, 40.6901, 32.8164",
    "vvenc_1080p_summary.txt,      VVENC,      100,   2490.9480, 43.7378, 48.7096, 47.9283, 44.7472",
    "vtm19_360lib_summary.txt,     VTM_UNIFORM,  1,   1493.9700, 36.6308, 46.5007, 47.0050, 38.1852",
    "vtm_pre14_campfire_ra.txt,    HM,          30,    299.6933, 30.1197, 29.9015, 29.7325, 29.8497",
  })
  void parsesEveryValueTheReadmeLists(
      String file, LogLayout layout, long frames, double kbps, double y, double u, double v, double yuv) {
    Optional<Path> logs = Fixtures.sharedLogs();
    assumeTrue(logs.isPresent(), "../shared/data/logs is absent");
    ParsedLog log = SummaryLogParser.parse(logs.get().resolve(file));
    assertEquals(layout, log.layout());
    SummaryRow all = log.summary().all();
    assertEquals(frames, all.frames());
    assertEquals(kbps, all.kbps());
    assertEquals(new Psnr(y, u, v, yuv), all.psnr());
    assertEquals(log.ratePoint(), RatePointReader.read(logs.get().resolve(file), ReportOutput.POSTFILTER).points().get(0));
  }
}
