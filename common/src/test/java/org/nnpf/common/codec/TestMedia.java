package org.nnpf.common.codec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;

/** Writes media files with FFmpeg (and Y4M by hand) for the {@link MediaSource} tests. */
final class TestMedia {
  private TestMedia() {}

  /** Fills a frame for picture {@code i}. */
  interface Filler {
    void fill(AVFrame frame, int i);
  }

  /**
   * Muxes pictures encoded with {@code encoderName} into {@code file} (container from the file
   * name), with presentation times {@code pts} in units of 1/{@code fps}.
   */
  static void write(Path file, String encoderName, List<Picture> pics, long[] pts, int fps) {
    Picture first = pics.get(0);
    int pixFmt = PixelFormats.pixFmt(first.bitDepth(), first.chromaFormat());
    write(file, encoderName, first.width(), first.height(), pixFmt, pics.size(), pts, fps,
        (f, i) -> PixelFormats.copyToFrame(pics.get(i), f));
  }

  static void write(
      Path file, String encoderName, int width, int height, int pixFmt, int count, long[] pts, int fps, Filler filler) {
    Ffmpeg.init();
    AVFormatContext oc = new AVFormatContext(null);
    check(avformat.avformat_alloc_output_context2(oc, null, (String) null, file.toString()), "output context");
    AVCodec codec = avcodec.avcodec_find_encoder_by_name(encoderName);
    AVCodecContext c = avcodec.avcodec_alloc_context3(codec);
    AVFrame frame = avutil.av_frame_alloc();
    AVPacket pkt = avcodec.av_packet_alloc();
    try {
      AVStream st = avformat.avformat_new_stream(oc, null);
      c.width(width);
      c.height(height);
      c.pix_fmt(pixFmt);
      c.time_base(avutil.av_make_q(1, fps));
      c.framerate(avutil.av_make_q(fps, 1));
      if ((oc.oformat().flags() & avformat.AVFMT_GLOBALHEADER) != 0) {
        c.flags(c.flags() | avcodec.AV_CODEC_FLAG_GLOBAL_HEADER);
      }
      AVDictionary opts = new AVDictionary(null);
      if (encoderName.equals("libx264")) {
        avutil.av_dict_set(opts, "preset", "ultrafast", 0);
      }
      check(avcodec.avcodec_open2(c, codec, opts), "open " + encoderName);
      avutil.av_dict_free(opts);
      check(avcodec.avcodec_parameters_from_context(st.codecpar(), c), "parameters");
      st.time_base(c.time_base());
      AVIOContext pb = new AVIOContext(null);
      check(avformat.avio_open(pb, file.toString(), avformat.AVIO_FLAG_WRITE), "open " + file);
      oc.pb(pb);
      check(avformat.avformat_write_header(oc, (AVDictionary) null), "header");
      frame.format(pixFmt);
      frame.width(width);
      frame.height(height);
      check(avutil.av_frame_get_buffer(frame, 0), "frame");
      for (int i = 0; i < count; i++) {
        check(avutil.av_frame_make_writable(frame), "writable");
        filler.fill(frame, i);
        frame.pts(pts[i]);
        check(avcodec.avcodec_send_frame(c, frame), "send");
        drain(oc, c, st, pkt);
      }
      check(avcodec.avcodec_send_frame(c, null), "flush");
      drain(oc, c, st, pkt);
      check(avformat.av_write_trailer(oc), "trailer");
      avformat.avio_closep(oc.pb());
    } finally {
      avcodec.av_packet_free(pkt);
      avutil.av_frame_free(frame);
      avcodec.avcodec_free_context(c);
      avformat.avformat_free_context(oc);
    }
  }

  private static void drain(AVFormatContext oc, AVCodecContext c, AVStream st, AVPacket pkt) {
    while (true) {
      int r = avcodec.avcodec_receive_packet(c, pkt);
      if (r == Ffmpeg.AVERROR_EAGAIN || r == avutil.AVERROR_EOF()) {
        return;
      }
      check(r, "receive");
      avcodec.av_packet_rescale_ts(pkt, c.time_base(), st.time_base());
      pkt.stream_index(st.index());
      check(avformat.av_interleaved_write_frame(oc, pkt), "write");
    }
  }

  /** Solid RGB pictures of the given gray levels, rgb24 in {@code file}. */
  static void writeGrayRgb(Path file, String encoderName, int width, int height, int[] levels, int fps) {
    long[] pts = new long[levels.length];
    for (int i = 0; i < pts.length; i++) {
      pts[i] = i;
    }
    write(file, encoderName, width, height, avutil.AV_PIX_FMT_RGB24, levels.length, pts, fps, (f, i) -> {
      BytePointer p = f.data(0);
      byte[] row = new byte[width * 3];
      java.util.Arrays.fill(row, (byte) levels[i]);
      for (int y = 0; y < height; y++) {
        p.position((long) y * f.linesize(0)).put(row, 0, row.length);
      }
      p.position(0);
    });
  }

  /** A Y4M file (header tags for the format, 25 frames/s) holding the pictures. */
  static void writeY4m(Path file, List<Picture> pics) throws IOException {
    Picture first = pics.get(0);
    String c = switch (first.chromaFormat()) {
      case CF400 -> "mono";
      case CF420 -> "420";
      case CF422 -> "422";
      case CF444 -> "444";
    };
    if (first.bitDepth() > 8) {
      c = first.chromaFormat() == ChromaFormat.CF400 ? "mono" + first.bitDepth() : c + "p" + first.bitDepth();
    } else if (first.chromaFormat() == ChromaFormat.CF420) {
      c = "420jpeg";
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(("YUV4MPEG2 W" + first.width() + " H" + first.height() + " F25:1 Ip A1:1 C" + c + "\n")
        .getBytes(StandardCharsets.US_ASCII));
    for (Picture p : pics) {
      out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
      for (int plane = 0; plane < p.planeCount(); plane++) {
        for (short s : p.plane(plane).samples()) {
          out.write(s);
          if (p.bitDepth() > 8) {
            out.write(s >> 8);
          }
        }
      }
    }
    Files.write(file, out.toByteArray());
  }

  private static void check(int r, String what) {
    if (r < 0) {
      throw new IllegalStateException(what + ": " + Ffmpeg.errorString(r));
    }
  }
}
