package org.nnpf.common.codec;

import java.util.List;
import java.util.Locale;
import org.nnpf.common.NnpfException;
import org.nnpf.common.io.SequenceInfo;
import org.nnpf.common.picture.ChromaFormat;

/**
 * Everything the base encoder needs: codec, fixed QP, coding structure, speed preset, threads,
 * intra period, frame rate, picture size and format. Immutable; made with {@link #builder()},
 * which checks every option and names the offending one in an {@link NnpfException}.
 *
 * <p>Defaults: HEVC, QP 32, random access, preset "medium", 1 thread, intra period automatic
 * ({@link #intraPeriod()}), 30 frames/s, 8-bit 4:2:0, no decoded picture hash. Width and height
 * have no default.
 */
public final class EncoderConfig {
  /** The speed presets of x265 and x264, fastest first. */
  public static final List<String> PRESETS =
      List.of(
          "ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower",
          "veryslow", "placebo");

  /** Largest thread count accepted. */
  public static final int MAX_THREADS = 64;

  private final BaseCodec codec;
  private final int qp;
  private final CodingStructure structure;
  private final String preset;
  private final int threads;
  private final int intraPeriod;
  private final int fpsNum;
  private final int fpsDen;
  private final int width;
  private final int height;
  private final int bitDepth;
  private final ChromaFormat chromaFormat;
  private final int decodedPictureHash;
  private final boolean interlaced;

  private EncoderConfig(Builder b, int intraPeriod) {
    this.codec = b.codec;
    this.qp = b.qp;
    this.structure = b.structure;
    this.preset = b.preset;
    this.threads = b.threads;
    this.intraPeriod = intraPeriod;
    this.fpsNum = b.fpsNum;
    this.fpsDen = b.fpsDen;
    this.width = b.width;
    this.height = b.height;
    this.bitDepth = b.bitDepth;
    this.chromaFormat = b.chromaFormat;
    this.decodedPictureHash = b.decodedPictureHash;
    this.interlaced = b.interlaced;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this configuration's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.codec = codec;
    b.qp = qp;
    b.structure = structure;
    b.preset = preset;
    b.threads = threads;
    b.intraPeriod = structure == CodingStructure.ALL_INTRA ? 0 : intraPeriod;
    b.fpsNum = fpsNum;
    b.fpsDen = fpsDen;
    b.width = width;
    b.height = height;
    b.bitDepth = bitDepth;
    b.chromaFormat = chromaFormat;
    b.decodedPictureHash = decodedPictureHash;
    b.interlaced = interlaced;
    return b;
  }

  public BaseCodec codec() {
    return codec;
  }

  /**
   * The QP of every slice, 0..51 (the slice QP of H.264 / H.265 for 8-bit video; for deeper
   * video the same number, as HM's {@code -q} takes it).
   */
  public int qp() {
    return qp;
  }

  public CodingStructure structure() {
    return structure;
  }

  /** The x265 / x264 speed preset, one of {@link #PRESETS}. */
  public String preset() {
    return preset;
  }

  /**
   * Encoder worker threads, 1..{@value #MAX_THREADS}: the size of x265's thread pool (wavefront
   * rows and lookahead run in parallel). x264 always encodes on one thread, because its
   * parallel modes change the bitstream with the thread count. The bitstream does not depend on
   * this value.
   */
  public int threads() {
    return threads;
  }

  /**
   * Distance between intra pictures, resolved: 1 for all intra; -1 for only the first picture
   * (the default of low delay); for random access by default the multiple of 8 nearest to one
   * second (32 at 30 frames/s, 24 at 24 or 25, 48 at 50, 64 at 60), at least 8.
   */
  public int intraPeriod() {
    return intraPeriod;
  }

  public int fpsNum() {
    return fpsNum;
  }

  public int fpsDen() {
    return fpsDen;
  }

  public double fps() {
    return (double) fpsNum / fpsDen;
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  public int bitDepth() {
    return bitDepth;
  }

  public ChromaFormat chromaFormat() {
    return chromaFormat;
  }

  /**
   * Decoded picture hash SEI written by the encoder, numbered as HM's {@code -dph}: 0 none, 1 MD5,
   * 2 CRC, 3 checksum (HEVC only).
   */
  /** AVC only: the pictures are coded as interlaced frames (x264's MBAFF, top field first). */
  public boolean interlaced() {
    return interlaced;
  }

  public int decodedPictureHash() {
    return decodedPictureHash;
  }

  /** Geometry, format and rate of the pictures this configuration encodes (frame count -1). */
  public SequenceInfo sequenceInfo() {
    return new SequenceInfo(width, height, bitDepth, chromaFormat, fpsNum, fpsDen, -1);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EncoderConfig c
        && c.codec == codec
        && c.qp == qp
        && c.structure == structure
        && c.preset.equals(preset)
        && c.threads == threads
        && c.intraPeriod == intraPeriod
        && c.fpsNum == fpsNum
        && c.fpsDen == fpsDen
        && c.width == width
        && c.height == height
        && c.bitDepth == bitDepth
        && c.chromaFormat == chromaFormat
        && c.decodedPictureHash == decodedPictureHash && c.interlaced == interlaced;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(
        codec, qp, structure, preset, threads, intraPeriod, fpsNum, fpsDen, width, height, bitDepth,
        chromaFormat, decodedPictureHash, interlaced);
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "%s %s qp=%d preset=%s threads=%d intra=%d %dx%d %s %d-bit %d/%d fps%s",
        codec,
        structure.shortName(),
        qp,
        preset,
        threads,
        intraPeriod,
        width,
        height,
        chromaFormat.shortName(),
        bitDepth,
        fpsNum,
        fpsDen,
        (decodedPictureHash == 0 ? "" : " dph=" + decodedPictureHash) + (interlaced ? " interlaced" : ""));
  }

  /** Collects options; {@link #build()} checks them. */
  public static final class Builder {
    private BaseCodec codec = BaseCodec.HEVC;
    private int qp = 32;
    private CodingStructure structure = CodingStructure.RANDOM_ACCESS;
    private String preset = "medium";
    private int threads = 1;
    private int intraPeriod = 0;
    private int fpsNum = 30;
    private int fpsDen = 1;
    private int width;
    private int height;
    private int bitDepth = 8;
    private ChromaFormat chromaFormat = ChromaFormat.CF420;
    private int decodedPictureHash;
    private boolean interlaced;

    private Builder() {}

    /** AVC only: code interlaced frames (MBAFF, top field first). */
    public Builder interlaced(boolean interlaced) {
      this.interlaced = interlaced;
      return this;
    }

    public Builder codec(BaseCodec codec) {
      this.codec = codec;
      return this;
    }

    public Builder qp(int qp) {
      this.qp = qp;
      return this;
    }

    public Builder structure(CodingStructure structure) {
      this.structure = structure;
      return this;
    }

    public Builder preset(String preset) {
      this.preset = preset;
      return this;
    }

    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    /**
     * Intra period: 0 for the structure's default, -1 for only the first picture, otherwise a
     * positive distance. All intra accepts only 0 and 1.
     */
    public Builder intraPeriod(int intraPeriod) {
      this.intraPeriod = intraPeriod;
      return this;
    }

    public Builder frameRate(int fpsNum, int fpsDen) {
      this.fpsNum = fpsNum;
      this.fpsDen = fpsDen;
      return this;
    }

    public Builder frameRate(int fps) {
      return frameRate(fps, 1);
    }

    public Builder size(int width, int height) {
      this.width = width;
      this.height = height;
      return this;
    }

    public Builder bitDepth(int bitDepth) {
      this.bitDepth = bitDepth;
      return this;
    }

    public Builder chromaFormat(ChromaFormat chromaFormat) {
      this.chromaFormat = chromaFormat;
      return this;
    }

    /** 0 none, 1 MD5, 2 CRC, 3 checksum, as HM's {@code -dph}; HEVC only. */
    public Builder decodedPictureHash(int decodedPictureHash) {
      this.decodedPictureHash = decodedPictureHash;
      return this;
    }

    /** Size, bit depth, chroma format and frame rate of a sequence. */
    public Builder sequence(SequenceInfo info) {
      return size(info.width(), info.height())
          .bitDepth(info.bitDepth())
          .chromaFormat(info.chromaFormat())
          .frameRate(info.fpsNum(), info.fpsDen());
    }

    /**
     * Checks the options and makes the configuration.
     *
     * @throws NnpfException naming the option that is out of range, or the codec and format the
     *     encoder cannot take
     */
    public EncoderConfig build() {
      if (codec == null || structure == null || chromaFormat == null || preset == null) {
        throw new NnpfException("encoder configuration: codec, structure, chroma format and preset must be set");
      }
      if (!codec.canEncode()) {
        throw new NnpfException("codec " + codec + ": there is no encoder (decode only)");
      }
      if (qp < 0 || qp > 51) {
        throw new NnpfException("qp " + qp + " is not in 0..51");
      }
      preset = preset.toLowerCase(Locale.ROOT);
      if (!PRESETS.contains(preset)) {
        throw new NnpfException("preset '" + preset + "' is not one of " + String.join(", ", PRESETS));
      }
      if (threads < 1 || threads > MAX_THREADS) {
        throw new NnpfException("threads " + threads + " is not in 1.." + MAX_THREADS);
      }
      if (fpsNum <= 0 || fpsDen <= 0) {
        throw new NnpfException("frame rate " + fpsNum + "/" + fpsDen + " is not positive");
      }
      if (width <= 0 || height <= 0 || width > 16888 || height > 16888) {
        throw new NnpfException("picture size " + width + "x" + height + " is not in 1..16888");
      }
      if (decodedPictureHash < 0 || decodedPictureHash > 3) {
        throw new NnpfException("decoded picture hash " + decodedPictureHash + " is not in 0..3");
      }
      if (interlaced && codec != BaseCodec.AVC) {
        throw new NnpfException("interlaced coding needs the AVC base codec (x264's MBAFF); " + codec + " was chosen");
      }
      if (decodedPictureHash != 0 && codec != BaseCodec.HEVC) {
        throw new NnpfException("decoded picture hash SEI: only the HEVC encoder writes it, not " + codec);
      }
      EncoderSupport.checkFormat(codec, bitDepth, chromaFormat, width, height);
      return new EncoderConfig(this, resolveIntraPeriod());
    }

    private int resolveIntraPeriod() {
      if (intraPeriod < -1) {
        throw new NnpfException("intra period " + intraPeriod + " is not -1, 0 or positive");
      }
      switch (structure) {
        case ALL_INTRA:
          if (intraPeriod > 1 || intraPeriod < 0) {
            throw new NnpfException(
                "intra period " + intraPeriod + " contradicts the all-intra structure (use 0 or 1)");
          }
          return 1;
        case LOW_DELAY_B:
          return intraPeriod == 0 ? -1 : intraPeriod;
        default:
          if (intraPeriod != 0) {
            return intraPeriod;
          }
          return Math.max(8, (int) Math.round((double) fpsNum / fpsDen / 8.0) * 8);
      }
    }
  }
}
