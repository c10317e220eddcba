package org.nnpf.common.io;

import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nnpf.common.picture.ChromaFormat;

/**
 * What a raw video file's name says about its content, following the usual conventions of test
 * sequences, e.g. {@code foreman_352x288_30f.yuv}, {@code sparks_480x270_5f_yuv420p10le.yuv},
 * {@code Campfire_3840x2160_30fps_10bit_420.yuv}, {@code BQTerrace_1920x1080_60.yuv}.
 *
 * <p>The name without its extension is split into tokens at '_', '-' and spaces; each token is
 * matched case-insensitively (the first match of each kind wins):
 *
 * <ul>
 *   <li>{@code <W>x<H>}: the size; without one, {@code sqcif} (128x96), {@code qcif} (176x144),
 *       {@code cif} (352x288), {@code 4cif} (704x576), {@code 720p} (1280x720), {@code 1080p}
 *       (1920x1080) or {@code 2160p} (3840x2160) give it;
 *   <li>{@code <N>f} or {@code <N>frames}: the frame count;
 *   <li>{@code <R>fps} or {@code <R>hz}, R an integer or decimal ({@code 29.97}, {@code 59.94} and
 *       {@code 23.976} are read as 30000/1001, 60000/1001 and 24000/1001); also, as in the JVET
 *       test-sequence names, a bare integer token right after the size token;
 *   <li>{@code <B>bit} or {@code <B>bits}: the bit depth;
 *   <li>FFmpeg pixel-format names {@code yuv420p}, {@code yuv422p}, {@code yuv444p} with an
 *       optional depth and {@code le} ({@code yuv420p10le}), {@code gray}, {@code gray10le}: chroma
 *       format and bit depth (8 when no depth is written);
 *   <li>{@code 400}, {@code 420}, {@code 422}, {@code 444} (optionally with {@code p<B>}, e.g.
 *       {@code 420p10}), {@code mono}: the chroma format; {@code p<B>} alone: the bit depth.
 * </ul>
 *
 * Absent values are 0 (size, bit depth, rate), -1 (frame count) or null (chroma format).
 */
public record FileNameHints(
    int width, int height, long frameCount, int fpsNum, int fpsDen, int bitDepth, ChromaFormat chromaFormat) {

  private static final Pattern SIZE = Pattern.compile("(\\d{1,9})x(\\d{1,9})");
  private static final Pattern FRAMES = Pattern.compile("(\\d{1,12})(?:f|frames)");
  private static final Pattern RATE = Pattern.compile("(\\d{1,4})(?:\\.(\\d{1,3}))?(?:fps|hz)");
  private static final Pattern BARE_INT = Pattern.compile("\\d{1,4}");
  private static final Pattern BITS = Pattern.compile("(\\d{1,2})bits?");
  private static final Pattern PIX_FMT = Pattern.compile("(?:yuv(420|422|444)p|gray)(\\d{1,2})?(?:le)?");
  private static final Pattern CHROMA = Pattern.compile("(400|420|422|444)(?:p(\\d{1,2}))?");
  private static final Pattern DEPTH = Pattern.compile("p(\\d{1,2})(?:le)?");

  /** Whether the name gave a size. */
  public boolean hasSize() {
    return width > 0 && height > 0;
  }

  /** Whether the name gave a frame rate. */
  public boolean hasFrameRate() {
    return fpsNum > 0;
  }

  /** The hints in the name of {@code file}. */
  public static FileNameHints of(Path file) {
    Path name = file.getFileName();
    return parse(name == null ? "" : name.toString());
  }

  /** The hints in a file name (a directory part is not expected; the extension is dropped). */
  public static FileNameHints parse(String fileName) {
    String base = fileName;
    int dot = base.lastIndexOf('.');
    if (dot > 0) {
      base = base.substring(0, dot);
    }
    String[] tokens = base.toLowerCase(Locale.ROOT).split("[_\\-\\s]+");
    int width = 0;
    int height = 0;
    long frames = -1;
    int fpsNum = 0;
    int fpsDen = 0;
    int bitDepth = 0;
    ChromaFormat cf = null;
    int sizeToken = -1;
    for (int i = 0; i < tokens.length; i++) {
      String t = tokens[i];
      Matcher m;
      if ((m = SIZE.matcher(t)).matches()) {
        if (width == 0) {
          width = Integer.parseInt(m.group(1));
          height = Integer.parseInt(m.group(2));
          sizeToken = i;
        }
      } else if ((m = FRAMES.matcher(t)).matches()) {
        if (frames < 0) {
          frames = Long.parseLong(m.group(1));
        }
      } else if ((m = RATE.matcher(t)).matches()) {
        if (fpsNum == 0) {
          int[] r = rate(m.group(1), m.group(2));
          fpsNum = r[0];
          fpsDen = r[1];
        }
      } else if ((m = CHROMA.matcher(t)).matches()) {
        if (cf == null) {
          cf = ChromaFormat.parse(m.group(1));
        }
        if (bitDepth == 0 && m.group(2) != null) {
          bitDepth = Integer.parseInt(m.group(2));
        }
      } else if (BARE_INT.matcher(t).matches() && i == sizeToken + 1 && sizeToken >= 0) {
        if (fpsNum == 0 && Integer.parseInt(t) > 0) {
          fpsNum = Integer.parseInt(t);
          fpsDen = 1;
        }
      } else if ((m = BITS.matcher(t)).matches()) {
        if (bitDepth == 0) {
          bitDepth = Integer.parseInt(m.group(1));
        }
      } else if ((m = PIX_FMT.matcher(t)).matches()) {
        if (cf == null) {
          cf = m.group(1) == null ? ChromaFormat.CF400 : ChromaFormat.parse(m.group(1));
        }
        if (bitDepth == 0) {
          bitDepth = m.group(2) == null ? 8 : Integer.parseInt(m.group(2));
        }
      } else if (t.equals("mono")) {
        if (cf == null) {
          cf = ChromaFormat.CF400;
        }
      } else if ((m = DEPTH.matcher(t)).matches()) {
        if (bitDepth == 0) {
          bitDepth = Integer.parseInt(m.group(1));
        }
      } else if (width == 0) {
        int[] named = namedSize(t);
        if (named != null) {
          width = named[0];
          height = named[1];
          sizeToken = i;
        }
      }
    }
    return new FileNameHints(width, height, frames, fpsNum, fpsDen, bitDepth, cf);
  }

  private static int[] namedSize(String t) {
    return switch (t) {
      case "sqcif" -> new int[] {128, 96};
      case "qcif" -> new int[] {176, 144};
      case "cif" -> new int[] {352, 288};
      case "4cif" -> new int[] {704, 576};
      case "720p" -> new int[] {1280, 720};
      case "1080p" -> new int[] {1920, 1080};
      case "2160p" -> new int[] {3840, 2160};
      default -> null;
    };
  }

  private static int[] rate(String whole, String frac) {
    if (frac == null || frac.chars().allMatch(c -> c == '0')) {
      return new int[] {Integer.parseInt(whole), 1};
    }
    String s = whole + "." + frac;
    switch (s) {
      case "29.97":
        return new int[] {30000, 1001};
      case "59.94":
        return new int[] {60000, 1001};
      case "23.976", "23.98":
        return new int[] {24000, 1001};
      default:
        break;
    }
    long den = 1;
    for (int i = 0; i < frac.length(); i++) {
      den *= 10;
    }
    long num = Long.parseLong(whole) * den + Long.parseLong(frac);
    long g = gcd(num, den);
    return new int[] {(int) (num / g), (int) (den / g)};
  }

  private static long gcd(long a, long b) {
    return b == 0 ? a : gcd(b, a % b);
  }
}
