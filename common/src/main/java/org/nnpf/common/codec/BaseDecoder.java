package org.nnpf.common.codec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVCodecParserContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.nnpf.common.NnpfException;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;

/**
 * Decodes an Annex-B H.265, H.264 or H.266 elementary stream with FFmpeg's native decoder into
 * pictures in output order, in the stream's bit depth and chroma format. FFmpeg's parser splits
 * the bytes into access units, so the input may be fed in pieces of any size ({@link #feed}); call
 * {@link #finish} at the end of the stream. Pictures go to a callback as they are output, so
 * memory does not grow with the length of the stream.
 *
 * <p>An H.264 4:0:0 stream gives 4:0:0 pictures (FFmpeg itself outputs 4:2:0 with neutral
 * chroma; the decoder reads chroma_format_idc from the sequence parameter sets to undo that).
 *
 * <p>The decoder is strict: an access unit FFmpeg finds damaged, a missing reference, a
 * mismatching decoded picture hash SEI (HEVC, VVC), or an access unit without a hash after ones
 * with a hash is an {@link NnpfException} naming the input, the access unit and FFmpeg's error,
 * not a concealed picture. Limitation: FFmpeg's HEVC decoder does not notice slice data that ends
 * early, so an HEVC stream without picture hashes that is cut inside its last slice decodes into
 * a damaged last picture without an error (H.264 streams are checked by FFmpeg; encode with
 * {@link EncoderConfig#decodedPictureHash()} 1 to have every HEVC picture checked). Output is
 * bit-exact and does not depend on the thread count.
 *
 * <p>Not thread-safe. Close it to free the native decoder.
 */
public final class BaseDecoder implements AutoCloseable {
  /** Bytes handed to FFmpeg's parser at a time. */
  static final int CHUNK = 1 << 16;

  private static final int AV_FRAME_FLAG_CORRUPT = 1;

  private final BaseCodec codec;
  private final String inputName;
  private AVCodecContext ctx;
  private AVCodecParserContext parser;
  private AVPacket packet;
  private AVFrame frame;
  private BytePointer input;
  private final PointerPointer<Pointer> parsedData = new PointerPointer<>(1);
  private final IntPointer parsedSize = new IntPointer(1);
  private final byte[] padding = new byte[avcodec.AV_INPUT_BUFFER_PADDING_SIZE];
  private long bytesIn;
  private int accessUnits;
  private int picturesOut;
  private boolean finished;
  private int avcChromaFormatIdc = -1;
  private int hashedAccessUnits;

  /**
   * A decoder for {@code codec}.
   *
   * @param threads decoder threads, 0 for FFmpeg's choice (the output does not depend on it)
   * @param inputName how error messages name the input, e.g. the file name
   * @throws NnpfException if FFmpeg's decoder cannot be opened
   */
  public BaseDecoder(BaseCodec codec, int threads, String inputName) {
    Ffmpeg.init();
    this.codec = Objects.requireNonNull(codec, "codec");
    this.inputName = Objects.requireNonNull(inputName, "inputName");
    if (threads < 0 || threads > EncoderConfig.MAX_THREADS) {
      throw new NnpfException("decoder threads " + threads + " is not in 0.." + EncoderConfig.MAX_THREADS);
    }
    long mark = Ffmpeg.mark();
    try {
      AVCodec dec = avcodec.avcodec_find_decoder(codec.avCodecId());
      if (dec == null || dec.isNull()) {
        throw new NnpfException("the linked FFmpeg build has no " + codec + " decoder");
      }
      ctx = avcodec.avcodec_alloc_context3(dec);
      parser = avcodec.av_parser_init(codec.avCodecId());
      packet = avcodec.av_packet_alloc();
      frame = avutil.av_frame_alloc();
      input = new BytePointer(CHUNK + avcodec.AV_INPUT_BUFFER_PADDING_SIZE);
      if (ctx == null || parser == null || parser.isNull() || packet == null || frame == null) {
        throw new NnpfException("cannot allocate the " + codec + " decoder");
      }
      ctx.thread_count(threads);
      ctx.err_recognition(avcodec.AV_EF_EXPLODE | avcodec.AV_EF_CRCCHECK);
      int r = avcodec.avcodec_open2(ctx, dec, (PointerPointer<?>) null);
      if (r < 0) {
        throw new NnpfException(
            "cannot open the " + codec + " decoder: " + Ffmpeg.errorString(r) + Ffmpeg.quoteSince(mark));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  public BaseCodec codec() {
    return codec;
  }

  /** Pictures output so far. */
  public int picturesOut() {
    return picturesOut;
  }

  /** Access units parsed so far. */
  public int accessUnits() {
    return accessUnits;
  }

  /**
   * Feeds the next bytes of the stream; pictures that become ready go to {@code out}, in output
   * order.
   *
   * @throws NnpfException naming the input and the access unit if decoding fails
   */
  public void feed(byte[] data, int offset, int length, Consumer<DecodedPicture> out) {
    checkOpen();
    Objects.checkFromIndexSize(offset, length, data.length);
    while (length > 0) {
      int n = Math.min(length, CHUNK);
      input.position(0).put(data, offset, n);
      input.position(n).put(padding, 0, padding.length);
      int pos = 0;
      while (pos < n) {
        int used = parse(input.position(pos), n - pos);
        pos += used;
        bytesIn += used;
        if (parsedSize.get() > 0) {
          send(out);
        } else if (used == 0) {
          throw fail("FFmpeg's parser consumed no input", 0);
        }
      }
      offset += n;
      length -= n;
    }
    input.position(0);
  }

  /**
   * Feeds one whole access unit (Annex-B, start codes included) without FFmpeg's parser, tagged
   * with {@code pts}: the picture decoded from it comes out with {@link DecodedPicture#pts()} equal
   * to {@code pts}, which lets a caller that splits access units itself (the post-filter decoder)
   * associate output pictures with access units in decoding order. Do not mix with {@link #feed}.
   *
   * @throws NnpfException naming the input and the access unit if decoding fails
   */
  public void feedAccessUnit(byte[] accessUnit, long pts, Consumer<DecodedPicture> out) {
    checkOpen();
    BytePointer au = new BytePointer(accessUnit.length + (long) avcodec.AV_INPUT_BUFFER_PADDING_SIZE);
    try {
      au.put(accessUnit, 0, accessUnit.length);
      au.position(accessUnit.length).put(padding, 0, padding.length);
      au.position(0);
      bytesIn += accessUnit.length;
      sendAccessUnit(au, accessUnit, pts, out);
    } finally {
      au.close();
    }
  }

  /**
   * Ends the stream: decodes the last access unit and outputs the pictures still held.
   *
   * @throws NnpfException if decoding fails or the stream held no picture at all
   */
  public void finish(Consumer<DecodedPicture> out) {
    checkOpen();
    finished = true;
    parse(null, 0);
    if (parsedSize.get() > 0) {
      send(out);
    }
    long mark = Ffmpeg.mark();
    int r = avcodec.avcodec_send_packet(ctx, null);
    if (r < 0 && r != avutil.AVERROR_EOF()) {
      throw fail("cannot flush the decoder: " + Ffmpeg.errorString(r) + Ffmpeg.quoteSince(mark), 0);
    }
    receive(out);
    if (picturesOut == 0) {
      throw new NnpfException(
          inputName + ": no " + codec + " picture decoded from " + bytesIn + " bytes ("
              + accessUnits + " access units found); is it an Annex-B " + codec + " stream?"
              + Ffmpeg.quoteSince(mark));
    }
  }

  private int parse(BytePointer in, int size) {
    parsedData.put(0, (Pointer) null);
    parsedSize.put(0);
    int used =
        avcodec.av_parser_parse2(
            parser, ctx, parsedData, parsedSize, in, size, avutil.AV_NOPTS_VALUE, avutil.AV_NOPTS_VALUE, 0);
    if (used < 0) {
      throw fail("FFmpeg's parser failed: " + Ffmpeg.errorString(used), 0);
    }
    return used;
  }

  private void send(Consumer<DecodedPicture> out) {
    BytePointer au = new BytePointer(parsedData.get(0));
    int size = parsedSize.get();
    byte[] bytes = new byte[size];
    au.get(bytes, 0, size);
    sendAccessUnit(au, bytes, accessUnits, out);
  }

  private void sendAccessUnit(BytePointer au, byte[] bytes, long pts, Consumer<DecodedPicture> out) {
    int size = bytes.length;
    accessUnits++;
    if (codec == BaseCodec.AVC) {
      int idc = AvcMonochrome.scan(bytes);
      if (idc >= 0) {
        avcChromaFormatIdc = idc;
      }
    } else if (PictureHashSei.present(bytes, codec)) {
      hashedAccessUnits++;
    } else if (hashedAccessUnits > 0) {
      throw fail(
          "it has no decoded picture hash SEI, though the " + hashedAccessUnits
              + " access units before it had one: the stream is cut short or damaged",
          accessUnits - 1);
    }
    packet.data(au);
    packet.size(size);
    packet.pts(pts);
    packet.dts(pts);
    long mark = Ffmpeg.mark();
    try {
      while (true) {
        int r = avcodec.avcodec_send_packet(ctx, packet);
        if (r == Ffmpeg.AVERROR_EAGAIN) {
          receive(out);
          continue;
        }
        if (r < 0) {
          throw fail(Ffmpeg.errorString(r) + Ffmpeg.quoteSince(mark), accessUnits - 1);
        }
        break;
      }
    } finally {
      packet.data(null);
      packet.size(0);
    }
    receive(out);
  }

  private void receive(Consumer<DecodedPicture> out) {
    while (true) {
      long mark = Ffmpeg.mark();
      int r = avcodec.avcodec_receive_frame(ctx, frame);
      if (r == Ffmpeg.AVERROR_EAGAIN || r == avutil.AVERROR_EOF()) {
        return;
      }
      if (r < 0) {
        throw fail(Ffmpeg.errorString(r) + Ffmpeg.quoteSince(mark), accessUnits - 1);
      }
      DecodedPicture pic;
      try {
        pic = convert();
      } finally {
        avutil.av_frame_unref(frame);
      }
      picturesOut++;
      out.accept(pic);
    }
  }

  private DecodedPicture convert() {
    if ((frame.flags() & AV_FRAME_FLAG_CORRUPT) != 0 || frame.decode_error_flags() != 0) {
      throw new NnpfException(
          inputName + ": " + codec + " output picture " + picturesOut
              + " is damaged (missing reference or corrupt data)");
    }
    PixelFormats.Format f = PixelFormats.describe(frame.format());
    if (f == null) {
      throw new NnpfException(
          inputName + ": " + codec + " output picture " + picturesOut + " has pixel format "
              + PixelFormats.name(frame.format()) + ", which is not planar YUV or gray");
    }
    if (avcChromaFormatIdc == 0 && f.chromaFormat() == ChromaFormat.CF420) {
      // FFmpeg's H.264 decoder outputs 4:0:0 as 4:2:0 with neutral chroma: keep the luma only
      f = new PixelFormats.Format(f.bitDepth(), ChromaFormat.CF400);
    }
    Picture pic = PixelFormats.fromFrame(frame, f);
    return new DecodedPicture(picturesOut, frame.pts(), SliceType.fromAvPictureType(frame.pict_type()), pic);
  }

  private NnpfException fail(String what, int accessUnit) {
    return new NnpfException(
        inputName + ": " + codec + " decoding failed at access unit " + accessUnit + " (input byte "
            + bytesIn + "): " + what);
  }

  private void checkOpen() {
    if (ctx == null) {
      throw new IllegalStateException("decoder is closed");
    }
    if (finished) {
      throw new IllegalStateException("decoder is finished");
    }
  }

  /** Frees the native decoder. Idempotent. */
  @Override
  public void close() {
    if (parser != null) {
      avcodec.av_parser_close(parser);
      parser = null;
    }
    if (ctx != null) {
      avcodec.avcodec_free_context(ctx);
      ctx = null;
    }
    if (packet != null) {
      avcodec.av_packet_free(packet);
      packet = null;
    }
    if (frame != null) {
      avutil.av_frame_free(frame);
      frame = null;
    }
    if (input != null) {
      input.close();
      input = null;
    }
    parsedData.close();
    parsedSize.close();
  }

  /**
   * Decodes a whole stream held in memory.
   *
   * @param codec the stream's codec, or null to recognise it ({@link BaseCodec#detect})
   * @return the pictures in output order
   */
  public static List<Picture> decodeAll(byte[] stream, BaseCodec codec, int threads) {
    List<Picture> out = new ArrayList<>();
    decode(stream, codec, threads, "stream", p -> out.add(p.picture()));
    return out;
  }

  /** Decodes a whole stream held in memory, passing each picture to {@code out}. */
  public static void decode(
      byte[] stream, BaseCodec codec, int threads, String inputName, Consumer<DecodedPicture> out) {
    BaseCodec c = codec != null ? codec : detectOrFail(stream, stream.length, inputName);
    try (BaseDecoder d = new BaseDecoder(c, threads, inputName)) {
      d.feed(stream, 0, stream.length, out);
      d.finish(out);
    }
  }

  /**
   * Decodes a stream read from {@code in} (not closed) piece by piece; memory does not grow with
   * its length.
   */
  public static void decode(
      InputStream in, BaseCodec codec, int threads, String inputName, Consumer<DecodedPicture> out)
      throws IOException {
    byte[] buf = new byte[CHUNK];
    int n = in.readNBytes(buf, 0, buf.length);
    BaseCodec c = codec != null ? codec : detectOrFail(buf, n, inputName);
    try (BaseDecoder d = new BaseDecoder(c, threads, inputName)) {
      while (n > 0) {
        d.feed(buf, 0, n, out);
        n = in.readNBytes(buf, 0, buf.length);
      }
      d.finish(out);
    }
  }

  /** Decodes an elementary stream file; codec null to recognise it. */
  public static void decode(Path file, BaseCodec codec, int threads, Consumer<DecodedPicture> out) {
    try (InputStream in = Files.newInputStream(file)) {
      decode(in, codec, threads, file.toString(), out);
    } catch (NoSuchFileException e) {
      throw new NnpfException(file + ": no such file", e);
    } catch (IOException e) {
      throw new NnpfException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  private static BaseCodec detectOrFail(byte[] data, int length, String inputName) {
    return BaseCodec.detect(data, length)
        .orElseThrow(
            () ->
                new NnpfException(
                    inputName + ": not an Annex-B HEVC, AVC or VVC stream (no parameter set in the first "
                        + Math.min(length, data.length) + " bytes; first bytes "
                        + hex(Arrays.copyOf(data, Math.min(8, Math.max(0, length)))) + ")"));
  }

  private static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) {
      sb.append(String.format("%02x", x & 0xFF));
    }
    return sb.toString();
  }
}
