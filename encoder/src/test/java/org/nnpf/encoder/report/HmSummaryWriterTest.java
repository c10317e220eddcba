package org.nnpf.encoder.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HmSummaryWriterTest {
  private static final String DASHES = "--------------------------------------------------------";

  @Test
  void rowMatchesHmPrintfLayout() {
    SummaryRow row = new SummaryRow(SliceKind.ALL, 24, 29983.12, new Psnr(42.2176, 46.6066, 46.7925, 43.1735));
    // "\t %8d    %c %12.4lf  %8.4lf  %8.4lf  %8.4lf  %8.4lf"
    assertEquals("\t       24    a   29983.1200   42.2176   46.6066   46.7925   43.1735", HmSummaryWriter.formatRow(row, true));
  }

  @Test
  void rowOfASliceKindWithoutPicturesPrintsMinusNan() {
    assertEquals("\t        0    p         -nan      -nan      -nan      -nan      -nan",
        HmSummaryWriter.formatRow(SummaryRow.empty(SliceKind.P), true));
  }

  @Test
  void summaryPrintsTheFourHmBlocks() {
    Summary s = Summary.of(
        SummaryRow.of(SliceKind.ALL, 64, 3253200, 50, new Psnr(34.9781, 39.8815, 39.8364, 36.0985)),
        SummaryRow.of(SliceKind.I, 2, 368880, 50, new Psnr(37.7993, 41.6412, 41.8016, 38.6947)),
        SummaryRow.empty(SliceKind.P),
        SummaryRow.of(SliceKind.B, 62, 3253200 - 368880, 50, new Psnr(34.8871, 39.8246, 39.7730, 36.0072)));
    String header = "\tTotal Frames |   Bitrate     Y-PSNR    U-PSNR    V-PSNR    YUV-PSNR \n";
    String expected = "\n\nSUMMARY " + DASHES + "\n" + header
        + "\t       64    a    2541.5625   34.9781   39.8815   39.8364   36.0985\n"
        + "\n\nI Slices" + DASHES + "\n" + header
        + "\t        2    i    9222.0000   37.7993   41.6412   41.8016   38.6947\n"
        + "\n\nP Slices" + DASHES + "\n" + header
        + "\t        0    p         -nan      -nan      -nan      -nan      -nan\n"
        + "\n\nB Slices" + DASHES + "\n" + header
        + "\t       62    b    2326.0645   34.8871   39.8246   39.7730   36.0072\n";
    assertEquals(expected, HmSummaryWriter.format(s));
  }

  @Test
  void lumaOnlySummaryUsesTheHm400Layout() {
    Summary s = Summary.of(new SummaryRow(SliceKind.ALL, 10, 812.44, Psnr.lumaOnly(39.5012)));
    assertEquals("\n\nSUMMARY " + DASHES + "\n\tTotal Frames |   Bitrate     Y-PSNR\n\t       10    a     812.4400   39.5012\n",
        HmSummaryWriter.format(s));
  }

  @Test
  void bitrateIsBitsTimesFpsOver1000OverFrames() {
    assertEquals(2541.5625, SummaryRow.kbps(3253200, 50, 64), 0);
    assertEquals(29983.12, SummaryRow.kbps(29983120, 24, 24), 1e-9);
  }
}
