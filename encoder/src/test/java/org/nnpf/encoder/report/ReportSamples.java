package org.nnpf.encoder.report;

/** Reports for tests, here and in the evaluation module (which reads reports back). */
public final class ReportSamples {
  private ReportSamples() {}

  /** A complete report of a post-filtered HEVC RA encode: every field set. */
  public static EncoderReport sample() {
    return EncoderReport.builder()
        .sequence("BasketballDrill_832x480_50")
        .codec("hevc")
        .structure("ra")
        .qp(32)
        .frames(64)
        .fps(50)
        .bits(EncoderReport.Bits.of(3253200, 9600))
        .basePsnr(new Psnr(34.9781, 39.8815, 39.8364, 36.0985))
        .postFilteredPsnr(new Psnr(35.2112, 40.5502, 40.6123, 36.4010))
        .times(new EncoderReport.Times(511.1, 42.5, 0.25, 3.75))
        .build();
  }
}
