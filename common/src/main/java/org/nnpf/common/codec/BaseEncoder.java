package org.nnpf.common.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.SizeTPointer;
import org.nnpf.common.NnpfException;
import org.nnpf.common.io.PictureSource;
import org.nnpf.common.picture.Picture;

/**
 * Encodes pictures with libx265 or libx264 into a raw Annex-B elementary stream (start codes,
 * parameter sets in band before every intra picture), recording for every coded picture its
 * display index, slice type, offset and size ({@link CodedPictureInfo}).
 *
 * <p>Feed pictures in display order with {@link #encode(Picture)}, then call {@link #flush()}
 * once; the encoder delays pictures (reordering, lookahead), so the stream is complete only after
 * the flush. The stream is either kept in memory ({@link #stream()}) or written to an {@link
 * OutputStream} as each access unit comes out. The bitstream depends only on the configuration
 * and the pictures, not on the thread count (see {@code docs/base-codec.md}).
 *
 * <p>Not thread-safe. Close it to free the native encoder.
 */
public final class BaseEncoder implements AutoCloseable {
  private final EncoderConfig config;
  private final ByteArrayOutputStream memory;
  private final OutputStream sink;
  private final List<CodedPictureInfo> pictures = new ArrayList<>();
  private AVCodecContext ctx;
  private AVFrame frame;
  private AVPacket packet;
  private long picturesIn;
  private long bytesOut;
  private boolean flushed;

  /** An encoder that keeps the stream in memory ({@link #stream()}). */
  public BaseEncoder(EncoderConfig config) {
    this(config, null);
  }

  /**
   * An encoder that writes each access unit to {@code sink} as the encoder delivers it, or keeps
   * the stream in memory if {@code sink} is null. The sink is not closed.
   *
   * @throws NnpfException if the encoder cannot be opened with this configuration
   */
  public BaseEncoder(EncoderConfig config, OutputStream sink) {
    Ffmpeg.init();
    this.config = config;
    this.memory = sink == null ? new ByteArrayOutputStream() : null;
    this.sink = sink == null ? memory : sink;
    String encoderName = config.codec().encoderName().orElseThrow();
    AVCodec codec = avcodec.avcodec_find_encoder_by_name(encoderName);
    if (codec == null || codec.isNull()) {
      throw new NnpfException("encoder " + encoderName + " is not in the linked FFmpeg build");
    }
    AVDictionary opts = new AVDictionary(null);
    long mark = Ffmpeg.mark();
    try {
      ctx = avcodec.avcodec_alloc_context3(codec);
      frame = avutil.av_frame_alloc();
      packet = avcodec.av_packet_alloc();
      if (ctx == null || frame == null || packet == null) {
        throw new NnpfException("cannot allocate the " + encoderName + " encoder");
      }
      int pixFmt = PixelFormats.pixFmt(config.bitDepth(), config.chromaFormat());
      ctx.width(config.width());
      ctx.height(config.height());
      ctx.pix_fmt(pixFmt);
      ctx.time_base(avutil.av_make_q(config.fpsDen(), config.fpsNum()));
      ctx.framerate(avutil.av_make_q(config.fpsNum(), config.fpsDen()));
      ctx.thread_count(config.codec() == BaseCodec.HEVC ? config.threads() : 1);
      avutil.av_dict_set(opts, "preset", config.preset(), 0);
      if (config.codec() == BaseCodec.HEVC) {
        avutil.av_dict_set(opts, "x265-params", EncoderOptions.join(EncoderOptions.x265(config)), 0);
      } else {
        avutil.av_dict_set(opts, "x264-params", EncoderOptions.join(EncoderOptions.x264(config)), 0);
      }
      int r = avcodec.avcodec_open2(ctx, codec, opts);
      if (r < 0) {
        throw new NnpfException(
            "cannot open " + encoderName + " for " + config + ": " + Ffmpeg.errorString(r)
                + Ffmpeg.quoteSince(mark));
      }
      frame.format(pixFmt);
      frame.width(config.width());
      frame.height(config.height());
      r = avutil.av_frame_get_buffer(frame, 0);
      if (r < 0) {
        throw new NnpfException("cannot allocate a frame for " + config + ": " + Ffmpeg.errorString(r));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    } finally {
      avutil.av_dict_free(opts);
    }
  }

  public EncoderConfig config() {
    return config;
  }

  /**
   * Encodes the next picture in display order. Its size, bit depth and chroma format must be
   * those of the configuration and its samples must fit the bit depth.
   *
   * @throws NnpfException if the picture does not match the configuration or the encoder fails
   * @throws IllegalStateException after {@link #flush()} or {@link #close()}
   */
  public void encode(Picture picture) {
    checkOpen();
    if (picture.width() != config.width()
        || picture.height() != config.height()
        || picture.bitDepth() != config.bitDepth()
        || picture.chromaFormat() != config.chromaFormat()) {
      throw new NnpfException(
          "picture " + picturesIn + " is " + picture.width() + "x" + picture.height() + " "
              + picture.chromaFormat().shortName() + " " + picture.bitDepth()
              + "-bit, the encoder is configured for " + config.width() + "x" + config.height()
              + " " + config.chromaFormat().shortName() + " " + config.bitDepth() + "-bit");
    }
    int r = avutil.av_frame_make_writable(frame);
    if (r < 0) {
      throw new NnpfException("cannot get a writable frame: " + Ffmpeg.errorString(r));
    }
    int bad = PixelFormats.copyToFrame(picture, frame);
    if (bad >= 0) {
      throw new NnpfException(
          "picture " + picturesIn + ", plane " + bad + ": a sample exceeds the " + picture.bitDepth()
              + "-bit maximum " + picture.maxValue());
    }
    frame.pts(picturesIn);
    long mark = Ffmpeg.mark();
    r = avcodec.avcodec_send_frame(ctx, frame);
    if (r < 0) {
      throw new NnpfException(
          config.codec().encoderName().orElseThrow() + " refused picture " + picturesIn + ": "
              + Ffmpeg.errorString(r) + Ffmpeg.quoteSince(mark));
    }
    picturesIn++;
    drain();
  }

  /**
   * Ends the sequence: encodes the pictures still held by the encoder and writes their access
   * units. Call once, after the last {@link #encode(Picture)}.
   */
  public void flush() {
    checkOpen();
    long mark = Ffmpeg.mark();
    int r = avcodec.avcodec_send_frame(ctx, null);
    if (r < 0) {
      throw new NnpfException("cannot flush the encoder: " + Ffmpeg.errorString(r) + Ffmpeg.quoteSince(mark));
    }
    flushed = true;
    drain();
    try {
      sink.flush();
    } catch (IOException e) {
      throw new NnpfException("cannot write the encoded stream: " + e.getMessage(), e);
    }
  }

  /** The stream written so far (complete after {@link #flush()}); only for an in-memory encoder. */
  public byte[] stream() {
    if (memory == null) {
      throw new IllegalStateException("this encoder writes to an output stream");
    }
    return memory.toByteArray();
  }

  /** The coded pictures so far, in coding order. */
  public List<CodedPictureInfo> pictures() {
    return Collections.unmodifiableList(pictures);
  }

  /** Number of pictures given to {@link #encode(Picture)}. */
  public long picturesIn() {
    return picturesIn;
  }

  /** Number of bytes of the stream so far. */
  public long bytesOut() {
    return bytesOut;
  }

  /** The stream and its pictures, after {@link #flush()}; only for an in-memory encoder. */
  public EncodedStream result() {
    if (!flushed) {
      throw new IllegalStateException("flush() the encoder first");
    }
    return new EncodedStream(config, stream(), pictures);
  }

  private void checkOpen() {
    if (ctx == null) {
      throw new IllegalStateException("encoder is closed");
    }
    if (flushed) {
      throw new IllegalStateException("encoder is flushed");
    }
  }

  private void drain() {
    while (true) {
      long mark = Ffmpeg.mark();
      int r = avcodec.avcodec_receive_packet(ctx, packet);
      if (r == Ffmpeg.AVERROR_EAGAIN || r == avutil.AVERROR_EOF()) {
        return;
      }
      if (r < 0) {
        throw new NnpfException("encoder failed: " + Ffmpeg.errorString(r) + Ffmpeg.quoteSince(mark));
      }
      try {
        take(packet);
      } finally {
        avcodec.av_packet_unref(packet);
      }
    }
  }

  private void take(AVPacket pkt) {
    int size = pkt.size();
    byte[] bytes = new byte[size];
    pkt.data().get(bytes, 0, size);
    SliceType type;
    try (SizeTPointer sideSize = new SizeTPointer(1)) {
      BytePointer stats = avcodec.av_packet_get_side_data(pkt, avcodec.AV_PKT_DATA_QUALITY_STATS, sideSize);
      if (stats == null || stats.isNull() || sideSize.get() < 5) {
        throw new NnpfException(
            config.codec().encoderName().orElseThrow()
                + " gave no picture type for access unit " + pictures.size());
      }
      // AVPacket quality stats: a 32-bit quality (QP * FF_QP2LAMBDA), then the AVPictureType.
      type = SliceType.fromAvPictureType(stats.get(4));
    }
    pictures.add(new CodedPictureInfo(pictures.size(), pkt.pts(), type, bytesOut, size));
    try {
      sink.write(bytes);
    } catch (IOException e) {
      throw new NnpfException("cannot write the encoded stream: " + e.getMessage(), e);
    }
    bytesOut += size;
  }

  /** Frees the native encoder; the stream and picture list stay readable. Idempotent. */
  @Override
  public void close() {
    if (packet != null) {
      avcodec.av_packet_free(packet);
      packet = null;
    }
    if (frame != null) {
      avutil.av_frame_free(frame);
      frame = null;
    }
    if (ctx != null) {
      avcodec.avcodec_free_context(ctx);
      ctx = null;
    }
  }

  /**
   * Encodes all pictures of {@code pictures} with a new encoder.
   *
   * @throws NnpfException if the configuration or a picture is unusable
   */
  public static EncodedStream encode(EncoderConfig config, Iterable<Picture> pictures) {
    try (BaseEncoder enc = new BaseEncoder(config)) {
      for (Picture p : pictures) {
        enc.encode(p);
      }
      enc.flush();
      return enc.result();
    }
  }

  /**
   * Encodes up to {@code maxPictures} pictures of a source (all of them if negative) with a new
   * encoder. The source is not closed.
   */
  public static EncodedStream encode(EncoderConfig config, PictureSource source, long maxPictures)
      throws IOException {
    try (BaseEncoder enc = new BaseEncoder(config)) {
      Picture p;
      while ((maxPictures < 0 || enc.picturesIn() < maxPictures) && (p = source.next()) != null) {
        enc.encode(p);
      }
      enc.flush();
      return enc.result();
    }
  }
}
