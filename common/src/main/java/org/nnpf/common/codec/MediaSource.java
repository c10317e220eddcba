package org.nnpf.common.codec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Objects;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVPixFmtDescriptor;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.nnpf.common.NnpfException;
import org.nnpf.common.io.PictureSource;
import org.nnpf.common.io.SequenceInfo;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;

/**
 * The pictures of the first video stream of any file FFmpeg demuxes and decodes: mp4, mkv, avi,
 * raw H.264 / H.265 / H.266 streams, y4m and more. Pictures come in output order, one at a time,
 * so memory does not grow with the length of the file.
 *
 * <p>Format: by default the stream's own format when a {@link Picture} holds it directly (planar
 * YUV or gray, 8 to 16 bits: yuv420p, yuv420p10le, yuv444p, gray ...), otherwise it is converted
 * with swscale (bit-exact mode, BT.601 limited range for RGB sources) to 4:2:0, 8-bit, or 10-bit
 * when the source has more than 8 bits. {@link #open(Path, int, ChromaFormat, int)} asks for a
 * given format instead.
 *
 * <p>Unlike {@link BaseDecoder}, this decodes like FFmpeg's command-line tool: damaged pictures
 * are concealed; but a packet the decoder rejects, an unreadable file or a change of picture size
 * is an {@link NnpfException} naming the file.
 *
 * <p>Timing: the pictures form a constant-rate sequence at {@link SequenceInfo#fps()}, FFmpeg's
 * guess for the stream (30/1 when it has none), as FFmpeg's command-line tool makes them for a
 * constant-rate output: a picture whose timestamp lies more than half a frame period after the
 * next slot is preceded by copies of the previous picture (e.g. an AVI whose empty chunks mean
 * "repeat"). Pictures are never dropped. Frame count: the container's, or -1 when it does not
 * record one.
 */
public final class MediaSource implements PictureSource {
  private final Path file;
  private final SequenceInfo info;
  private final int streamIndex;
  private final int targetPixFmt;
  private final PixelFormats.Format target;
  private final String description;
  private final ArrayDeque<Run> ready = new ArrayDeque<>();
  private long queued;
  private Picture last;
  private long firstPts = avutil.AV_NOPTS_VALUE;
  private long nextSlot;
  private double slotsPerTick;
  private AVFormatContext fmt;
  private AVCodecContext dec;
  private AVPacket packet;
  private AVFrame frame;
  private AVFrame converted;
  private SwsContext sws;
  private int swsSrcFmt = avutil.AV_PIX_FMT_NONE;
  private long picturesOut;
  private boolean eof;

  /** A picture to output {@code count} times. */
  private static final class Run {
    final Picture picture;
    long count;

    Run(Picture picture, long count) {
      this.picture = picture;
      this.count = count;
    }
  }

  /** Opens a file, keeping its format when a {@link Picture} can hold it; one decoder thread. */
  public static MediaSource open(Path file) {
    return new MediaSource(file, 0, null, 1);
  }

  /**
   * Opens a file and converts its pictures to {@code bitDepth} and {@code chromaFormat} (when
   * they are not already in it).
   *
   * @param threads decoder threads, 0 for FFmpeg's choice
   */
  public static MediaSource open(Path file, int bitDepth, ChromaFormat chromaFormat, int threads) {
    return new MediaSource(file, bitDepth, Objects.requireNonNull(chromaFormat, "chromaFormat"), threads);
  }

  private MediaSource(Path file, int bitDepth, ChromaFormat cf, int threads) {
    Ffmpeg.init();
    this.file = file;
    if (!Files.isRegularFile(file)) {
      throw new NnpfException(file + ": no such file");
    }
    if (threads < 0 || threads > EncoderConfig.MAX_THREADS) {
      throw new NnpfException("decoder threads " + threads + " is not in 0.." + EncoderConfig.MAX_THREADS);
    }
    long mark = Ffmpeg.mark();
    try {
      fmt = new AVFormatContext(null);
      int r = avformat.avformat_open_input(fmt, file.toString(), null, (AVDictionary) null);
      if (r < 0) {
        fmt = null;
        throw new NnpfException(file + ": FFmpeg cannot open it: " + Ffmpeg.errorString(r) + Ffmpeg.quoteSince(mark));
      }
      r = avformat.avformat_find_stream_info(fmt, (PointerPointer<?>) null);
      if (r < 0) {
        throw new NnpfException(file + ": cannot read the stream layout: " + Ffmpeg.errorString(r) + Ffmpeg.quoteSince(mark));
      }
      streamIndex = avformat.av_find_best_stream(fmt, avutil.AVMEDIA_TYPE_VIDEO, -1, -1, (PointerPointer<?>) null, 0);
      if (streamIndex < 0) {
        throw new NnpfException(file + ": no video stream (" + Ffmpeg.errorString(streamIndex) + ")");
      }
      AVStream stream = fmt.streams(streamIndex);
      AVCodecParameters par = stream.codecpar();
      AVCodec codec = avcodec.avcodec_find_decoder(par.codec_id());
      if (codec == null || codec.isNull()) {
        throw new NnpfException(file + ": FFmpeg has no decoder for its video codec (id " + par.codec_id() + ")");
      }
      dec = avcodec.avcodec_alloc_context3(codec);
      r = avcodec.avcodec_parameters_to_context(dec, par);
      if (r < 0) {
        throw new NnpfException(file + ": " + Ffmpeg.errorString(r));
      }
      dec.thread_count(threads);
      r = avcodec.avcodec_open2(dec, codec, (PointerPointer<?>) null);
      if (r < 0) {
        throw new NnpfException(
            file + ": cannot open the " + codec.name().getString() + " decoder: " + Ffmpeg.errorString(r)
                + Ffmpeg.quoteSince(mark));
      }
      packet = avcodec.av_packet_alloc();
      frame = avutil.av_frame_alloc();
      int width = par.width();
      int height = par.height();
      if (width <= 0 || height <= 0) {
        throw new NnpfException(file + ": the video stream has no picture size (" + width + "x" + height + ")");
      }
      target = cf != null ? new PixelFormats.Format(bitDepth, cf) : defaultTarget(par.format());
      targetPixFmt = PixelFormats.pixFmt(target.bitDepth(), target.chromaFormat());
      if (targetPixFmt == avutil.AV_PIX_FMT_NONE) {
        throw new NnpfException(file + ": FFmpeg has no pixel format for " + target);
      }
      int[] rate = frameRate(fmt, stream);
      info = new SequenceInfo(
          width, height, target.bitDepth(), target.chromaFormat(), rate[0], rate[1],
          stream.nb_frames() > 0 ? stream.nb_frames() : -1);
      AVRational tb = stream.time_base();
      slotsPerTick = tb.num() > 0 && tb.den() > 0 ? (double) tb.num() / tb.den() * info.fps() : 0;
      description = fmt.iformat().name().getString() + " / " + codec.name().getString() + " "
          + PixelFormats.name(par.format());
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private static PixelFormats.Format defaultTarget(int pixFmt) {
    PixelFormats.Format f = PixelFormats.describe(pixFmt);
    if (f != null) {
      return f;
    }
    AVPixFmtDescriptor d = avutil.av_pix_fmt_desc_get(pixFmt);
    int depth = d == null || d.isNull() ? 8 : d.comp(0).depth();
    return new PixelFormats.Format(depth > 8 ? 10 : 8, ChromaFormat.CF420);
  }

  /** FFmpeg's guess of the stream's frame rate, 30/1 when it has none. */
  private static int[] frameRate(AVFormatContext fmt, AVStream stream) {
    AVRational q = avformat.av_guess_frame_rate(fmt, stream, null);
    return q.num() > 0 && q.den() > 0 ? new int[] {q.num(), q.den()} : new int[] {30, 1};
  }

  @Override
  public SequenceInfo info() {
    return info;
  }

  /** Container and codec as FFmpeg names them, e.g. "mov,mp4,m4a,3gp,3g2,mj2 / h264 yuv420p". */
  public String description() {
    return description;
  }

  @Override
  public Picture next() {
    if (fmt == null) {
      throw new IllegalStateException(file + " is closed");
    }
    while (ready.isEmpty()) {
      if (eof) {
        return null;
      }
      long mark = Ffmpeg.mark();
      int r = avformat.av_read_frame(fmt, packet);
      if (r == avutil.AVERROR_EOF()) {
        eof = true;
        sendAndReceive(null);
        continue;
      }
      if (r < 0) {
        throw new NnpfException(
            file + ": cannot read after picture " + picturesOut + ": " + Ffmpeg.errorString(r) + Ffmpeg.quoteSince(mark));
      }
      try {
        if (packet.stream_index() == streamIndex) {
          sendAndReceive(packet);
        }
      } finally {
        avcodec.av_packet_unref(packet);
      }
    }
    picturesOut++;
    queued--;
    Run run = ready.peek();
    if (run.count > 1) {
      run.count--;
      return run.picture.copy();
    }
    ready.poll();
    return run.picture;
  }

  private void sendAndReceive(AVPacket pkt) {
    long mark = Ffmpeg.mark();
    while (true) {
      int r = avcodec.avcodec_send_packet(dec, pkt);
      if (r == Ffmpeg.AVERROR_EAGAIN) {
        receive();
        continue;
      }
      if (r < 0 && !(pkt == null && r == avutil.AVERROR_EOF())) {
        throw new NnpfException(
            file + ": cannot decode after picture " + (picturesOut + queued) + ": " + Ffmpeg.errorString(r)
                + Ffmpeg.quoteSince(mark));
      }
      break;
    }
    receive();
  }

  private void receive() {
    while (true) {
      long mark = Ffmpeg.mark();
      int r = avcodec.avcodec_receive_frame(dec, frame);
      if (r == Ffmpeg.AVERROR_EAGAIN || r == avutil.AVERROR_EOF()) {
        return;
      }
      if (r < 0) {
        throw new NnpfException(
            file + ": cannot decode picture " + (picturesOut + queued) + ": " + Ffmpeg.errorString(r)
                + Ffmpeg.quoteSince(mark));
      }
      try {
        Picture pic = convert(frame);
        long gap = gapBefore(frame.best_effort_timestamp());
        if (gap > 0 && last != null) {
          ready.add(new Run(last.copy(), gap));
          queued += gap;
        }
        nextSlot += gap + 1;
        ready.add(new Run(pic, 1));
        queued++;
        last = pic;
      } finally {
        avutil.av_frame_unref(frame);
      }
    }
  }

  private Picture convert(AVFrame f) {
    long index = picturesOut + queued;
    if (f.width() != info.width() || f.height() != info.height()) {
      throw new NnpfException(
          file + ": picture " + index + " is " + f.width() + "x" + f.height() + ", the stream started at "
              + info.width() + "x" + info.height() + " (size changes are not supported)");
    }
    if (f.format() == targetPixFmt) {
      return PixelFormats.fromFrame(f, target);
    }
    if (sws == null || swsSrcFmt != f.format()) {
      if (sws != null) {
        swscale.sws_freeContext(sws);
      }
      sws = swscale.sws_getContext(
          f.width(), f.height(), f.format(), f.width(), f.height(), targetPixFmt,
          swscale.SWS_BICUBIC | swscale.SWS_ACCURATE_RND | swscale.SWS_BITEXACT, null, null, (DoublePointer) null);
      swsSrcFmt = f.format();
      if (sws == null || sws.isNull()) {
        sws = null;
        throw new NnpfException(
            file + ": cannot convert " + PixelFormats.name(f.format()) + " to " + PixelFormats.name(targetPixFmt));
      }
      if (converted == null) {
        converted = avutil.av_frame_alloc();
        converted.format(targetPixFmt);
        converted.width(f.width());
        converted.height(f.height());
        int r = avutil.av_frame_get_buffer(converted, 0);
        if (r < 0) {
          throw new NnpfException(file + ": cannot allocate a frame: " + Ffmpeg.errorString(r));
        }
      }
    }
    int r = swscale.sws_scale_frame(sws, converted, f);
    if (r < 0) {
      throw new NnpfException(
          file + ": cannot convert picture " + index + " from " + PixelFormats.name(f.format()) + ": "
              + Ffmpeg.errorString(r));
    }
    return PixelFormats.fromFrame(converted, target);
  }

  /** Copies of the previous picture needed before one with timestamp {@code pts}. */
  private long gapBefore(long pts) {
    if (pts == avutil.AV_NOPTS_VALUE || slotsPerTick <= 0) {
      return 0;
    }
    if (firstPts == avutil.AV_NOPTS_VALUE) {
      firstPts = pts;
    }
    long slot = Math.round((pts - firstPts) * slotsPerTick);
    return Math.max(0, slot - nextSlot);
  }

  /** Frees the demuxer, decoder and converter. Idempotent. */
  @Override
  public void close() {
    if (sws != null) {
      swscale.sws_freeContext(sws);
      sws = null;
    }
    if (converted != null) {
      avutil.av_frame_free(converted);
      converted = null;
    }
    if (frame != null) {
      avutil.av_frame_free(frame);
      frame = null;
    }
    if (packet != null) {
      avcodec.av_packet_free(packet);
      packet = null;
    }
    if (dec != null) {
      avcodec.avcodec_free_context(dec);
      dec = null;
    }
    if (fmt != null) {
      avformat.avformat_close_input(fmt);
      fmt = null;
    }
  }
}
