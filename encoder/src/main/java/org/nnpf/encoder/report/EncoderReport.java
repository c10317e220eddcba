package org.nnpf.encoder.report;

import com.google.common.base.Preconditions;

/**
 * The encoder's report of one encoding (one sequence, codec, coding structure and QP): rate with
 * and without the post-filter units, PSNR of the base and of the post-filtered output, and the time
 * of each step. Written as JSON by {@link EncoderReportJson} and as CSV by
 * {@link EncoderReportCsv}; the schema is in {@code docs/reports.md}.
 *
 * @param sequence name of the sequence (e.g. the input file name without extension)
 * @param codec base codec, e.g. {@code hevc} or {@code avc}
 * @param structure coding structure, e.g. {@code ra}, {@code ldb}, {@code ai}
 * @param qp base codec QP
 * @param frames number of coded pictures, &gt; 0
 * @param fps pictures per second, &gt; 0 (used for the bitrate)
 * @param bits bits of the whole stream, of the base stream and of the post-filter units
 * @param basePsnr PSNR of the base decoder's output against the original
 * @param postFilteredPsnr PSNR of the post-filtered output, or {@code null} when the stream has
 *     no post-filter (then {@code bits.postFilter()} is 0)
 * @param times seconds spent in each step
 */
public record EncoderReport(
    String sequence,
    String codec,
    String structure,
    int qp,
    long frames,
    double fps,
    Bits bits,
    Psnr basePsnr,
    Psnr postFilteredPsnr,
    Times times) {

  /**
   * Bit counts. {@code total = base + postFilter}.
   *
   * @param total bits of the whole bitstream
   * @param base bits of the base codec's units (everything but the post-filter units)
   * @param postFilter bits of the post-filter units (SEI or APS NAL units, headers included)
   */
  public record Bits(long total, long base, long postFilter) {
    public Bits {
      Preconditions.checkArgument(base >= 0 && postFilter >= 0, "negative bit count (base %s, post-filter %s)", base, postFilter);
      Preconditions.checkArgument(
          total == base + postFilter, "total bits %s != base %s + post-filter %s", total, base, postFilter);
    }

    public static Bits of(long base, long postFilter) {
      return new Bits(base + postFilter, base, postFilter);
    }

    /** Share of the post-filter units in the total, in [0, 1]; 0 for an empty stream. */
    public double postFilterShare() {
      return total == 0 ? 0 : (double) postFilter / total;
    }
  }

  /** Wall-clock seconds of each step; each is finite and &ge; 0. */
  public record Times(double baseEncodingSeconds, double overfittingSeconds, double quantizationSeconds, double inferenceSeconds) {
    public Times {
      for (double t : new double[] {baseEncodingSeconds, overfittingSeconds, quantizationSeconds, inferenceSeconds}) {
        Preconditions.checkArgument(Double.isFinite(t) && t >= 0, "time %s s is not a finite non-negative number", t);
      }
    }

    public static Times zero() {
      return new Times(0, 0, 0, 0);
    }
  }

  public EncoderReport {
    checkName(sequence, "sequence");
    checkName(codec, "codec");
    checkName(structure, "structure");
    Preconditions.checkArgument(frames > 0, "frames %s is not positive", frames);
    Preconditions.checkArgument(Double.isFinite(fps) && fps > 0, "fps %s is not positive", fps);
    Preconditions.checkNotNull(bits, "bits");
    Preconditions.checkNotNull(times, "times");
    checkPsnr(basePsnr, "base");
    if (postFilteredPsnr == null) {
      Preconditions.checkArgument(
          bits.postFilter() == 0, "%s post-filter bits but no post-filtered output", bits.postFilter());
    } else {
      checkPsnr(postFilteredPsnr, "post-filtered");
    }
  }

  /** Bitrate of the whole stream in kbit/s: total bits × fps / 1000 / frames. */
  public double totalKbps() {
    return SummaryRow.kbps(bits.total(), fps, frames);
  }

  /** Bitrate of the base stream in kbit/s: base bits × fps / 1000 / frames. */
  public double baseKbps() {
    return SummaryRow.kbps(bits.base(), fps, frames);
  }

  /** Whether the stream carries a post-filter. */
  public boolean hasPostFilter() {
    return postFilteredPsnr != null;
  }

  /** The rate point of the chosen output (see {@link ReportOutput}). */
  public RatePoint ratePoint(ReportOutput output, String source) {
    if (output == ReportOutput.BASE) {
      return new RatePoint(baseKbps(), basePsnr, source);
    }
    return new RatePoint(totalKbps(), hasPostFilter() ? postFilteredPsnr : basePsnr, source);
  }

  public static Builder builder() {
    return new Builder();
  }

  private static void checkName(String s, String what) {
    Preconditions.checkArgument(s != null && !s.isBlank(), "%s is empty", what);
    Preconditions.checkArgument(s.chars().noneMatch(Character::isISOControl), "%s '%s' contains control characters", what, s);
  }

  private static void checkPsnr(Psnr p, String what) {
    Preconditions.checkArgument(p != null, "%s PSNR is missing", what);
    Preconditions.checkArgument(Double.isFinite(p.y()), "%s Y-PSNR %s is not finite", what, p.y());
    for (double d : new double[] {p.u(), p.v(), p.yuv()}) {
      Preconditions.checkArgument(Double.isNaN(d) || Double.isFinite(d), "%s PSNR %s is infinite", what, d);
    }
  }

  /** Builder; every field but {@code postFilteredPsnr} must be set, times default to zero. */
  public static final class Builder {
    private String sequence;
    private String codec;
    private String structure;
    private Integer qp;
    private long frames;
    private double fps;
    private Bits bits;
    private Psnr basePsnr;
    private Psnr postFilteredPsnr;
    private Times times = Times.zero();

    private Builder() {}

    public Builder sequence(String v) {
      sequence = v;
      return this;
    }

    public Builder codec(String v) {
      codec = v;
      return this;
    }

    public Builder structure(String v) {
      structure = v;
      return this;
    }

    public Builder qp(int v) {
      qp = v;
      return this;
    }

    public Builder frames(long v) {
      frames = v;
      return this;
    }

    public Builder fps(double v) {
      fps = v;
      return this;
    }

    public Builder bits(Bits v) {
      bits = v;
      return this;
    }

    public Builder basePsnr(Psnr v) {
      basePsnr = v;
      return this;
    }

    public Builder postFilteredPsnr(Psnr v) {
      postFilteredPsnr = v;
      return this;
    }

    public Builder times(Times v) {
      times = v;
      return this;
    }

    public EncoderReport build() {
      Preconditions.checkArgument(qp != null, "qp is not set");
      return new EncoderReport(sequence, codec, structure, qp, frames, fps, bits, basePsnr, postFilteredPsnr, times);
    }
  }
}
