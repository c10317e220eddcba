package org.nnpf.common.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.nnpf.common.NnpfException;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;
import org.nnpf.common.picture.Plane;

/**
 * Byte layout of one raw planar frame, shared by the raw YUV and Y4M readers and writers: the
 * planes Y, Cb, Cr (only Y for 4:0:0) one after the other, rows top to bottom, no padding; one byte
 * per sample for bit depths up to 8, otherwise a little-endian 16-bit word per sample.
 *
 * <p>Also holds the limits on sizes that every reader applies before allocating anything.
 */
final class RawFrameLayout {
  /** Largest accepted width or height. */
  static final int MAX_DIMENSION = 16384;
  /** Largest accepted frame, in bytes (1 GiB). */
  static final long MAX_FRAME_BYTES = 1L << 30;

  final int width;
  final int height;
  final int bitDepth;
  final ChromaFormat chromaFormat;
  final int bytesPerSample;
  final int frameBytes;

  private RawFrameLayout(int width, int height, int bitDepth, ChromaFormat chromaFormat) {
    this.width = width;
    this.height = height;
    this.bitDepth = bitDepth;
    this.chromaFormat = chromaFormat;
    this.bytesPerSample = bitDepth > 8 ? 2 : 1;
    this.frameBytes = (int) frameBytes(width, height, bitDepth, chromaFormat);
  }

  /** Layout of frames of the given picture format; no limit checks. */
  static RawFrameLayout of(int width, int height, int bitDepth, ChromaFormat chromaFormat) {
    return new RawFrameLayout(width, height, bitDepth, chromaFormat);
  }

  static RawFrameLayout of(SequenceInfo info) {
    return of(info.width(), info.height(), info.bitDepth(), info.chromaFormat());
  }

  /** Bytes of one frame, computed without overflow. */
  static long frameBytes(int width, int height, int bitDepth, ChromaFormat cf) {
    long samples = 0;
    for (int c = 0; c < cf.planeCount(); c++) {
      samples += (long) cf.planeWidth(c, width) * cf.planeHeight(c, height);
    }
    return samples * (bitDepth > 8 ? 2 : 1);
  }

  /**
   * Rejects sizes that are zero, negative or absurd (above {@link #MAX_DIMENSION}, or frames above
   * {@link #MAX_FRAME_BYTES}) and bit depths outside 8..16, naming the option or header parameter
   * that gave each value.
   *
   * @param where the file or context, first in the message
   */
  static void checkLimits(
      String where,
      int width,
      String widthName,
      int height,
      String heightName,
      int bitDepth,
      String bitDepthName,
      ChromaFormat cf) {
    checkDimension(where, width, widthName);
    checkDimension(where, height, heightName);
    if (bitDepth < Picture.MIN_BIT_DEPTH || bitDepth > Picture.MAX_BIT_DEPTH) {
      throw new NnpfException(
          where + ": " + bitDepthName + " " + bitDepth + " is not in " + Picture.MIN_BIT_DEPTH + ".."
              + Picture.MAX_BIT_DEPTH);
    }
    long fb = frameBytes(width, height, bitDepth, cf);
    if (fb > MAX_FRAME_BYTES) {
      throw new NnpfException(
          where + ": a " + width + "x" + height + " " + cf.shortName() + " " + bitDepth
              + "-bit frame takes " + fb + " bytes, more than the limit of " + MAX_FRAME_BYTES
              + " (check " + widthName + " and " + heightName + ")");
    }
  }

  private static void checkDimension(String where, int v, String name) {
    if (v <= 0) {
      throw new NnpfException(where + ": " + name + " " + v + " is not positive");
    }
    if (v > MAX_DIMENSION) {
      throw new NnpfException(where + ": " + name + " " + v + " exceeds the limit of " + MAX_DIMENSION);
    }
  }

  /** A short description such as "352x288 420 8-bit frame of 152064 bytes". */
  String describe() {
    return width + "x" + height + " " + chromaFormat.shortName() + " " + bitDepth + "-bit frame of "
        + frameBytes + " bytes";
  }

  /**
   * Fills {@code dst} from {@code buf} (which holds one frame in this layout from index 0) and
   * rejects samples above {@code 2^bitDepth - 1}.
   *
   * @param file and {@code frame} name the sample in the error message
   */
  void unpack(ByteBuffer buf, Picture dst, String file, long frame) {
    int max = (1 << bitDepth) - 1;
    int pos = 0;
    for (int c = 0; c < dst.planeCount(); c++) {
      Plane p = dst.plane(c);
      short[] s = p.samples();
      if (bytesPerSample == 1) {
        byte[] a = buf.array();
        int off = buf.arrayOffset() + pos;
        for (int i = 0; i < s.length; i++) {
          s[i] = (short) (a[off + i] & 0xFF);
        }
      } else {
        buf.duplicate().order(ByteOrder.LITTLE_ENDIAN).position(pos).asShortBuffer().get(s);
        if (bitDepth < 16) {
          for (int i = 0; i < s.length; i++) {
            if ((s[i] & 0xFFFF) > max) {
              throw new NnpfException(
                  file + ": frame " + frame + ", plane " + planeName(c) + ", x " + (i % p.width())
                      + " y " + (i / p.width()) + ": sample value " + (s[i] & 0xFFFF)
                      + " exceeds the " + bitDepth + "-bit maximum " + max);
            }
          }
        }
      }
      pos += s.length * bytesPerSample;
    }
  }

  /**
   * Writes {@code src} into {@code buf} (from index 0) with this layout's bit depth, converting
   * from the picture's bit depth as HM does: a left shift to go up; to go down by {@code s} bits,
   * {@code min(max, (v + (1 << (s - 1))) >> s)}. A sample above the picture's own maximum is a
   * programming error upstream and raises {@link IllegalArgumentException} rather than being
   * written wrapped or clipped.
   *
   * @param file and {@code frame} name the sample in the error message
   */
  void pack(Picture src, byte[] buf, String file, long frame) {
    int shift = bitDepth - src.bitDepth();
    int max = (1 << bitDepth) - 1;
    int srcMax = src.maxValue();
    int pos = 0;
    for (int c = 0; c < src.planeCount(); c++) {
      short[] s = src.plane(c).samples();
      for (int i = 0; i < s.length; i++) {
        int u = s[i] & 0xFFFF;
        if (u > srcMax) {
          int w = src.plane(c).width();
          throw new IllegalArgumentException(
              file + ": picture " + frame + ", plane " + planeName(c) + ", x " + (i % w) + " y "
                  + (i / w) + ": sample value " + u + " exceeds the " + src.bitDepth()
                  + "-bit maximum " + srcMax);
        }
        int v = convert(u, shift, max);
        if (bytesPerSample == 1) {
          buf[pos++] = (byte) v;
        } else {
          buf[pos++] = (byte) v;
          buf[pos++] = (byte) (v >>> 8);
        }
      }
    }
  }

  /** One sample converted by {@code shift} bits (positive: up) as HM's output scaling does. */
  static int convert(int v, int shift, int max) {
    if (shift == 0) {
      return v;
    }
    if (shift > 0) {
      return v << shift;
    }
    int s = -shift;
    return Math.min(max, (v + (1 << (s - 1))) >> s);
  }

  /** "Y", "Cb" or "Cr". */
  static String planeName(int c) {
    return switch (c) {
      case 0 -> "Y";
      case 1 -> "Cb";
      default -> "Cr";
    };
  }
}
