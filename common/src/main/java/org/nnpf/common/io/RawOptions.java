package org.nnpf.common.io;

import java.nio.file.Path;
import org.nnpf.common.NnpfException;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;

/**
 * What a user said about an input video, with HM's option names: size ({@code -wdt},
 * {@code -hgt}), {@code --InputBitDepth}, {@code --InputChromaFormat}, frame rate ({@code -fr}),
 * frames to skip ({@code -fs}) and frames to read ({@code -f}). Each value is optional; for a raw
 * YUV file, {@link #resolve} fills the missing ones from the file name ({@link FileNameHints}),
 * then from the defaults 8 bits, 4:2:0 and 30 frames/s. The size has no default.
 *
 * <p>The builder rejects values that can never be right (a non-positive or absurd size, a bit
 * depth outside 8..16, a negative skip) with an {@link NnpfException} that names the option.
 */
public final class RawOptions {
  /** HM's name of each option, used in messages. */
  public static final String WIDTH = "-wdt (SourceWidth)";
  public static final String HEIGHT = "-hgt (SourceHeight)";
  public static final String BIT_DEPTH = "--InputBitDepth";
  public static final String CHROMA = "--InputChromaFormat";
  public static final String FRAME_RATE = "-fr (FrameRate)";
  public static final String SKIP = "-fs (FrameSkip)";
  public static final String FRAMES = "-f (FramesToBeEncoded)";

  /** No option given. */
  public static final RawOptions NONE = builder().build();

  private final int width;
  private final int height;
  private final int bitDepth;
  private final ChromaFormat chromaFormat;
  private final int fpsNum;
  private final int fpsDen;
  private final long skip;
  private final long frames;

  private RawOptions(Builder b) {
    this.width = b.width;
    this.height = b.height;
    this.bitDepth = b.bitDepth;
    this.chromaFormat = b.chromaFormat;
    this.fpsNum = b.fpsNum;
    this.fpsDen = b.fpsDen;
    this.skip = b.skip;
    this.frames = b.frames;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Width, or 0 if not given. */
  public int width() {
    return width;
  }

  /** Height, or 0 if not given. */
  public int height() {
    return height;
  }

  /** Bit depth, or 0 if not given. */
  public int bitDepth() {
    return bitDepth;
  }

  /** Chroma format, or null if not given. */
  public ChromaFormat chromaFormat() {
    return chromaFormat;
  }

  /** Frame rate numerator, or 0 if not given. */
  public int fpsNum() {
    return fpsNum;
  }

  public int fpsDen() {
    return fpsDen;
  }

  /** Frames to skip at the start (0 by default). */
  public long skip() {
    return skip;
  }

  /** Frames to read, or -1 for all. */
  public long frames() {
    return frames;
  }

  /**
   * The format of raw file {@code file}: each option if given, else the file name's hint, else
   * the default (8 bits, 4:2:0, 30/1). The frame count of the result is -1 (the reader knows it).
   *
   * @throws NnpfException if the size is neither given nor in the name, or is absurd
   */
  public SequenceInfo resolve(Path file) {
    FileNameHints h = FileNameHints.of(file);
    int w = width > 0 ? width : h.width();
    int ht = height > 0 ? height : h.height();
    if (w <= 0 || ht <= 0) {
      throw new NnpfException(
          file + ": the picture size is unknown: give " + WIDTH + " and " + HEIGHT
              + ", or put WxH in the file name (e.g. name_352x288.yuv)");
    }
    int bd = bitDepth > 0 ? bitDepth : h.bitDepth() > 0 ? h.bitDepth() : 8;
    ChromaFormat cf = chromaFormat != null ? chromaFormat : h.chromaFormat() != null ? h.chromaFormat() : ChromaFormat.CF420;
    int num = fpsNum > 0 ? fpsNum : h.hasFrameRate() ? h.fpsNum() : 30;
    int den = fpsNum > 0 ? fpsDen : h.hasFrameRate() ? h.fpsDen() : 1;
    String wSrc = width > 0 ? WIDTH : "width from the file name";
    String hSrc = height > 0 ? HEIGHT : "height from the file name";
    String bSrc = bitDepth > 0 ? BIT_DEPTH : "bit depth from the file name";
    RawFrameLayout.checkLimits(file.toString(), w, wSrc, ht, hSrc, bd, bSrc, cf);
    return new SequenceInfo(w, ht, bd, cf, num, den, -1);
  }

  @Override
  public String toString() {
    return "RawOptions[" + width + "x" + height + ", " + bitDepth + " bit, "
        + (chromaFormat == null ? "-" : chromaFormat.shortName()) + ", " + fpsNum + "/" + fpsDen
        + " fps, skip " + skip + ", frames " + frames + "]";
  }

  /** Builder; every setter validates its value. */
  public static final class Builder {
    private int width;
    private int height;
    private int bitDepth;
    private ChromaFormat chromaFormat;
    private int fpsNum;
    private int fpsDen;
    private long skip;
    private long frames = -1;

    private Builder() {}

    /** {@code -wdt} and {@code -hgt}. */
    public Builder size(int width, int height) {
      this.width = dimension(width, WIDTH);
      this.height = dimension(height, HEIGHT);
      return this;
    }

    public Builder width(int width) {
      this.width = dimension(width, WIDTH);
      return this;
    }

    public Builder height(int height) {
      this.height = dimension(height, HEIGHT);
      return this;
    }

    /** {@code --InputBitDepth}, 8..16. */
    public Builder bitDepth(int bitDepth) {
      if (bitDepth < Picture.MIN_BIT_DEPTH || bitDepth > Picture.MAX_BIT_DEPTH) {
        throw new NnpfException(BIT_DEPTH + " " + bitDepth + " is not in 8..16");
      }
      this.bitDepth = bitDepth;
      return this;
    }

    /** {@code --InputChromaFormat}. */
    public Builder chromaFormat(ChromaFormat chromaFormat) {
      this.chromaFormat = chromaFormat;
      return this;
    }

    /** {@code -fr}: frames per second as {@code num / den}. */
    public Builder frameRate(int num, int den) {
      if (num <= 0 || den <= 0) {
        throw new NnpfException(FRAME_RATE + " " + num + "/" + den + " is not positive");
      }
      this.fpsNum = num;
      this.fpsDen = den;
      return this;
    }

    /** {@code -fs}: frames to skip at the start, at least 0. */
    public Builder skip(long skip) {
      if (skip < 0) {
        throw new NnpfException(SKIP + " " + skip + " is negative");
      }
      this.skip = skip;
      return this;
    }

    /** {@code -f}: frames to read; -1 (or 0, as HM) for all. */
    public Builder frames(long frames) {
      if (frames < -1) {
        throw new NnpfException(FRAMES + " " + frames + " is negative");
      }
      this.frames = frames == 0 ? -1 : frames;
      return this;
    }

    public RawOptions build() {
      return new RawOptions(this);
    }

    private static int dimension(int v, String name) {
      if (v <= 0) {
        throw new NnpfException(name + " " + v + " is not positive");
      }
      if (v > RawFrameLayout.MAX_DIMENSION) {
        throw new NnpfException(name + " " + v + " exceeds the limit of " + RawFrameLayout.MAX_DIMENSION);
      }
      return v;
    }
  }
}
