package org.nnpf.common.codec;

import org.bytedeco.ffmpeg.avutil.AVComponentDescriptor;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVPixFmtDescriptor;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.ShortPointer;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;
import org.nnpf.common.picture.Plane;

/**
 * Correspondence between {@link Picture} formats and FFmpeg pixel formats, and copies between
 * pictures and {@code AVFrame}s. A picture format corresponds to a planar YUV (or gray) FFmpeg
 * format with one plane per component, samples in the low bits of one byte (8-bit) or of one
 * little-endian 16-bit word (9 to 16 bits), e.g. yuv420p, yuv420p10le, yuv444p, gray, gray10le.
 */
final class PixelFormats {
  private static final long UNSUITABLE_FLAGS =
      avutil.AV_PIX_FMT_FLAG_BE
          | avutil.AV_PIX_FMT_FLAG_PAL
          | avutil.AV_PIX_FMT_FLAG_BITSTREAM
          | avutil.AV_PIX_FMT_FLAG_HWACCEL
          | avutil.AV_PIX_FMT_FLAG_RGB
          | avutil.AV_PIX_FMT_FLAG_ALPHA
          | avutil.AV_PIX_FMT_FLAG_BAYER
          | avutil.AV_PIX_FMT_FLAG_FLOAT
          | avutil.AV_PIX_FMT_FLAG_XYZ;

  /** Bit depth and chroma format of a picture. */
  record Format(int bitDepth, ChromaFormat chromaFormat) {
    @Override
    public String toString() {
      return chromaFormat.shortName() + " " + bitDepth + "-bit";
    }
  }

  private PixelFormats() {}

  /** FFmpeg's name of the pixel format for a picture format, e.g. "yuv420p10le", "gray". */
  static String name(int bitDepth, ChromaFormat cf) {
    String depth = bitDepth == 8 ? "" : bitDepth + "le";
    if (cf == ChromaFormat.CF400) {
      return "gray" + depth;
    }
    return "yuv" + cf.shortName() + "p" + depth;
  }

  /** The FFmpeg pixel format for a picture format, or {@code AV_PIX_FMT_NONE} if FFmpeg has none. */
  static int pixFmt(int bitDepth, ChromaFormat cf) {
    Ffmpeg.init();
    return avutil.av_get_pix_fmt(name(bitDepth, cf));
  }

  /** FFmpeg's name of a pixel format, or "pixel format N" when it has none. */
  static String name(int pixFmt) {
    BytePointer n = avutil.av_get_pix_fmt_name(pixFmt);
    return n == null || n.isNull() ? "pixel format " + pixFmt : n.getString();
  }

  /**
   * The picture format whose memory layout {@code pixFmt} has, or {@code null} if a {@link
   * Picture} cannot hold it directly (RGB, packed, semi-planar, big-endian, alpha, 4:1:1 ...).
   * Full-range variants (yuvj420p) count as their limited-range twins: samples are taken as
   * they are.
   */
  static Format describe(int pixFmt) {
    Ffmpeg.init();
    AVPixFmtDescriptor d = avutil.av_pix_fmt_desc_get(pixFmt);
    if (d == null || d.isNull() || (d.flags() & UNSUITABLE_FLAGS) != 0) {
      return null;
    }
    int nb = d.nb_components();
    if (nb != 1 && nb != 3) {
      return null;
    }
    int depth = d.comp(0).depth();
    if (depth < Picture.MIN_BIT_DEPTH || depth > Picture.MAX_BIT_DEPTH) {
      return null;
    }
    for (int c = 0; c < nb; c++) {
      AVComponentDescriptor comp = d.comp(c);
      if (comp.plane() != c
          || comp.offset() != 0
          || comp.shift() != 0
          || comp.depth() != depth
          || comp.step() != (depth > 8 ? 2 : 1)) {
        return null;
      }
    }
    if (nb == 1) {
      return new Format(depth, ChromaFormat.CF400);
    }
    int w = d.log2_chroma_w();
    int h = d.log2_chroma_h();
    for (ChromaFormat cf : ChromaFormat.values()) {
      if (cf != ChromaFormat.CF400 && cf.log2SubWidth() == w && cf.log2SubHeight() == h) {
        return new Format(depth, cf);
      }
    }
    return null;
  }

  /**
   * Copies a picture into a frame that has buffers of the picture's format and size.
   *
   * @return -1 if all samples fit the bit depth, otherwise the plane index of the first sample
   *     that does not (the frame is then partly written)
   */
  static int copyToFrame(Picture pic, AVFrame frame) {
    boolean bytes = pic.bitDepth() == 8;
    int max = pic.maxValue();
    for (int c = 0; c < pic.planeCount(); c++) {
      Plane p = pic.plane(c);
      int w = p.width();
      short[] s = p.samples();
      int stride = frame.linesize(c);
      BytePointer base = frame.data(c);
      if (bytes) {
        byte[] row = new byte[w];
        int or = 0;
        for (int y = 0; y < p.height(); y++) {
          int o = y * w;
          for (int x = 0; x < w; x++) {
            int v = s[o + x];
            or |= v;
            row[x] = (byte) v;
          }
          base.position((long) y * stride).put(row, 0, w);
        }
        base.position(0);
        if ((or & ~max) != 0) {
          return c;
        }
      } else {
        ShortPointer sp = new ShortPointer(base);
        int or = 0;
        for (int i = 0; i < s.length; i++) {
          or |= s[i] & 0xFFFF;
        }
        if ((or & ~max) != 0) {
          return c;
        }
        for (int y = 0; y < p.height(); y++) {
          sp.position((long) y * (stride / 2)).put(s, y * w, w);
        }
      }
    }
    return -1;
  }

  /** A new picture with the samples of a frame whose layout is {@code format}. */
  static Picture fromFrame(AVFrame frame, Format format) {
    int width = frame.width();
    int height = frame.height();
    ChromaFormat cf = format.chromaFormat();
    Plane[] planes = new Plane[cf.planeCount()];
    boolean bytes = format.bitDepth() == 8;
    for (int c = 0; c < planes.length; c++) {
      int w = cf.planeWidth(c, width);
      int h = cf.planeHeight(c, height);
      short[] s = new short[w * h];
      int stride = frame.linesize(c);
      BytePointer base = frame.data(c);
      if (bytes) {
        byte[] row = new byte[w];
        for (int y = 0; y < h; y++) {
          base.position((long) y * stride).get(row, 0, w);
          int o = y * w;
          for (int x = 0; x < w; x++) {
            s[o + x] = (short) (row[x] & 0xFF);
          }
        }
        base.position(0);
      } else {
        ShortPointer sp = new ShortPointer(base);
        for (int y = 0; y < h; y++) {
          sp.position((long) y * (stride / 2)).get(s, y * w, w);
        }
      }
      planes[c] = new Plane(w, h, s);
    }
    return new Picture(width, height, format.bitDepth(), cf, planes);
  }
}
