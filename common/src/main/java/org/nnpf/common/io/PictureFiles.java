package org.nnpf.common.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.nnpf.common.NnpfException;

/**
 * Opens picture files by their extension (case-insensitive).
 *
 * <ul>
 *   <li>{@code .y4m}: {@link Y4mReader} / {@link Y4mWriter}. The header gives the format; a size,
 *       bit depth or chroma format given in the options must agree with it; a frame rate given in
 *       the options replaces the header's.
 *   <li>{@code .yuv}: {@link YuvReader} with the format of {@link RawOptions#resolve} (options, then
 *       the file name, then defaults) / {@link YuvWriter}.
 *   <li>Other inputs are rejected for now (compressed media are opened by the FFmpeg-backed codec
 *       layer). Other outputs are written as raw YUV, as HM writes its {@code -o} file.
 * </ul>
 */
public final class PictureFiles {
  private PictureFiles() {}

  /** A source of the frames {@code options.skip() ..} of {@code file}, at most {@code options.frames()}. */
  public static PictureSource open(Path file, RawOptions options) {
    String ext = extension(file);
    switch (ext) {
      case "y4m":
        {
          Y4mReader r = Y4mReader.open(file, options.skip(), options.frames());
          try {
            return checkAgainstHeader(r, options);
          } catch (RuntimeException e) {
            closeQuietly(r);
            throw e;
          }
        }
      case "yuv":
        return YuvReader.open(file, options.resolve(file), options.skip(), options.frames());
      default:
        return openMedia(file, options);
    }
  }

  /**
   * Any other file is opened with FFmpeg (mp4, mkv, avi, .264/.265 elementary streams...): frames
   * {@code options.skip()} on, at most {@code options.frames()}.
   */
  private static PictureSource openMedia(Path file, RawOptions options) {
    org.nnpf.common.codec.MediaSource m = org.nnpf.common.codec.MediaSource.open(file);
    try {
      for (long i = 0; i < options.skip(); i++) {
        if (m.next() == null) {
          throw new NnpfException(file + ": " + RawOptions.SKIP + " " + options.skip()
              + " skips past the end (" + i + " frames)");
        }
      }
    } catch (RuntimeException e) {
      closeQuietly(m);
      throw e;
    }
    long limit = options.frames() < 0 ? Long.MAX_VALUE : options.frames();
    return new PictureSource() {
      long delivered;

      @Override
      public SequenceInfo info() {
        return m.info();
      }

      @Override
      public org.nnpf.common.picture.Picture next() throws IOException {
        if (delivered >= limit) {
          return null;
        }
        org.nnpf.common.picture.Picture p = m.next();
        if (p != null) {
          delivered++;
        }
        return p;
      }

      @Override
      public void close() throws IOException {
        m.close();
      }
    };
  }

  /**
   * A sink writing pictures of format {@code info} to {@code file}: Y4M for {@code .y4m}, raw YUV
   * otherwise. {@code fileBitDepth} 0 keeps the pictures' bit depth, else samples are converted
   * as {@link YuvWriter} describes.
   */
  public static PictureSink create(Path file, SequenceInfo info, int fileBitDepth) {
    if (extension(file).equals("y4m")) {
      return Y4mWriter.create(file, info, fileBitDepth);
    }
    return YuvWriter.create(file, fileBitDepth);
  }

  private static PictureSource checkAgainstHeader(Y4mReader r, RawOptions o) {
    SequenceInfo h = r.info();
    String f = r.file().toString();
    if ((o.width() > 0 && o.width() != h.width()) || (o.height() > 0 && o.height() != h.height())) {
      throw new NnpfException(
          f + ": the Y4M header says " + h.width() + "x" + h.height() + " but " + RawOptions.WIDTH + "/"
              + RawOptions.HEIGHT + " say " + o.width() + "x" + o.height());
    }
    if (o.bitDepth() > 0 && o.bitDepth() != h.bitDepth()) {
      throw new NnpfException(
          f + ": the Y4M header says " + h.bitDepth() + "-bit but " + RawOptions.BIT_DEPTH + " is " + o.bitDepth());
    }
    if (o.chromaFormat() != null && o.chromaFormat() != h.chromaFormat()) {
      throw new NnpfException(
          f + ": the Y4M header says " + h.chromaFormat().shortName() + " but " + RawOptions.CHROMA + " is "
              + o.chromaFormat().shortName());
    }
    if (o.fpsNum() > 0) {
      SequenceInfo withRate =
          new SequenceInfo(h.width(), h.height(), h.bitDepth(), h.chromaFormat(), o.fpsNum(), o.fpsDen(), h.frameCount());
      return new PictureSource() {
        @Override
        public SequenceInfo info() {
          return withRate;
        }

        @Override
        public org.nnpf.common.picture.Picture next() throws IOException {
          return r.next();
        }

        @Override
        public void close() throws IOException {
          r.close();
        }
      };
    }
    return r;
  }

  /** The lower-case extension of {@code file} without the dot, or "". */
  static String extension(Path file) {
    Path n = file.getFileName();
    String s = n == null ? "" : n.toString();
    int dot = s.lastIndexOf('.');
    return dot < 0 ? "" : s.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  private static void closeQuietly(PictureSource s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // already failing
    }
  }
}
