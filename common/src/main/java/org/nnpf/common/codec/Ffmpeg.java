package org.nnpf.common.codec;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import org.bytedeco.ffmpeg.avutil.LogCallback;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;

/**
 * Loads FFmpeg's libraries (avutil, avcodec, avformat, swscale; never avdevice, whose
 * dependencies a fresh machine lacks) and routes FFmpeg's log to the Java logger {@code
 * org.nnpf.ffmpeg}: only messages of level error and worse are produced, and they are logged at
 * {@link Level#DEBUG}, because every failure that matters reaches the caller as an {@link
 * org.nnpf.common.NnpfException} with FFmpeg's error string. The last few messages are also kept
 * so that such an exception can quote what FFmpeg said ({@link #mark()}, {@link #saidSince}).
 */
final class Ffmpeg {
  /** {@code AVERROR(EAGAIN)} on Linux. */
  static final int AVERROR_EAGAIN = -11;

  private static final int KEPT = 4;
  private static final String[] recent = new String[KEPT];
  private static long count;

  private static final Logger LOG = System.getLogger("org.nnpf.ffmpeg");
  private static final LogCallback ROUTER = new Router();

  static {
    NativeMemory.configure();
    Loader.load(avutil.class);
    Loader.load(avcodec.class);
    Loader.load(avformat.class);
    Loader.load(swscale.class);
    avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    avutil.setLogCallback(ROUTER);
  }

  private Ffmpeg() {}

  /** The number of FFmpeg messages so far; pass it to {@link #saidSince} after a failed call. */
  static synchronized long mark() {
    return count;
  }

  /**
   * The messages FFmpeg logged since {@code mark} (at most the last {@value #KEPT}), joined by
   * "; ", or an empty string. Messages of other threads using FFmpeg at the same time may appear.
   */
  static synchronized String saidSince(long mark) {
    StringBuilder sb = new StringBuilder();
    for (long i = Math.max(mark, count - KEPT); i < count; i++) {
      if (sb.length() > 0) {
        sb.append("; ");
      }
      sb.append(recent[(int) (i % KEPT)]);
    }
    return sb.toString();
  }

  /** {@code " (FFmpeg: ...)"} with the messages since {@code mark}, or an empty string. */
  static String quoteSince(long mark) {
    String s = saidSince(mark);
    return s.isEmpty() ? "" : " (FFmpeg: " + s + ")";
  }

  private static synchronized void keep(String line) {
    recent[(int) (count % KEPT)] = line;
    count++;
  }

  /** Makes sure the libraries are loaded and the log is routed; cheap after the first call. */
  static void init() {
    // The static initializer does the work.
  }

  /** FFmpeg's message for an error code, e.g. "Invalid data found when processing input". */
  static String errorString(int err) {
    byte[] buf = new byte[256];
    if (avutil.av_strerror(err, buf, buf.length) < 0) {
      return "FFmpeg error " + err;
    }
    int n = 0;
    while (n < buf.length && buf[n] != 0) {
      n++;
    }
    return new String(buf, 0, n, java.nio.charset.StandardCharsets.UTF_8) + " (" + err + ")";
  }

  private static final class Router extends LogCallback {
    @Override
    public void call(int level, BytePointer msg) {
      if (level > avutil.av_log_get_level()) {
        return;
      }
      String line = msg.getString().strip();
      if (line.isEmpty()) {
        return;
      }
      keep(line);
      LOG.log(Level.DEBUG, line);
    }
  }
}
