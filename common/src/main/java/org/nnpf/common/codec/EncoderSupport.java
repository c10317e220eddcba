package org.nnpf.common.codec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.nnpf.common.NnpfException;
import org.nnpf.common.picture.ChromaFormat;

/**
 * Which picture formats each encoder of the linked FFmpeg build accepts, as the encoder itself
 * reports them ({@code avcodec_get_supported_config}), restricted to those a {@link
 * org.nnpf.common.picture.Picture} holds.
 */
public final class EncoderSupport {
  private static final Map<BaseCodec, List<PixelFormats.Format>> CACHE = new EnumMap<>(BaseCodec.class);

  /** FFmpeg's libx265 wrapper refuses pictures narrower or lower than this (a 16x16 CTU). */
  static final int MIN_HEVC_SIZE = 16;

  private EncoderSupport() {}

  /** Bit depth and chroma format pairs the codec's encoder takes (empty for VVC). */
  public static synchronized List<String> formatNames(BaseCodec codec) {
    return formats(codec).stream().map(PixelFormats.Format::toString).collect(Collectors.toList());
  }

  /** Whether the codec's encoder takes pictures of this bit depth and chroma format. */
  public static boolean supports(BaseCodec codec, int bitDepth, ChromaFormat cf) {
    return formats(codec).contains(new PixelFormats.Format(bitDepth, cf));
  }

  static synchronized List<PixelFormats.Format> formats(BaseCodec codec) {
    return CACHE.computeIfAbsent(codec, EncoderSupport::query);
  }

  private static List<PixelFormats.Format> query(BaseCodec codec) {
    if (!codec.canEncode()) {
      return List.of();
    }
    Ffmpeg.init();
    AVCodec enc = avcodec.avcodec_find_encoder_by_name(codec.encoderName().orElseThrow());
    if (enc == null || enc.isNull()) {
      return List.of();
    }
    List<PixelFormats.Format> out = new ArrayList<>();
    try (PointerPointer<Pointer> list = new PointerPointer<>(1);
        IntPointer count = new IntPointer(1)) {
      list.put(0, (Pointer) null);
      int r =
          avcodec.avcodec_get_supported_config(
              null, enc, avcodec.AV_CODEC_CONFIG_PIX_FORMAT, 0, list, count);
      if (r < 0 || list.get(0) == null) {
        return List.of();
      }
      IntPointer fmts = new IntPointer(list.get(0));
      for (int i = 0; i < count.get(); i++) {
        PixelFormats.Format f = PixelFormats.describe(fmts.get(i));
        if (f != null && !out.contains(f) && PixelFormats.pixFmt(f.bitDepth(), f.chromaFormat()) == fmts.get(i)) {
          out.add(f);
        }
      }
    }
    return Collections.unmodifiableList(out);
  }

  /**
   * Checks that the codec's encoder takes this format and size.
   *
   * @throws NnpfException naming the codec and the format or size it cannot take
   */
  static void checkFormat(BaseCodec codec, int bitDepth, ChromaFormat cf, int width, int height) {
    String encoder = codec.encoderName().orElse("no encoder");
    if (!supports(codec, bitDepth, cf)) {
      throw new NnpfException(
          codec + " (" + encoder + ") cannot encode " + cf.shortName() + " " + bitDepth
              + "-bit pictures; it takes " + String.join(", ", formatNames(codec)));
    }
    if (codec == BaseCodec.HEVC && (width < MIN_HEVC_SIZE || height < MIN_HEVC_SIZE)) {
      throw new NnpfException(
          codec + " (" + encoder + ") cannot code a " + width + "x" + height + " picture: width and height must be at least "
              + MIN_HEVC_SIZE);
    }
    int sw = 1 << cf.log2SubWidth();
    int sh = 1 << cf.log2SubHeight();
    if (cf != ChromaFormat.CF400 && (width % sw != 0 || height % sh != 0)) {
      throw new NnpfException(
          codec + " cannot code a " + width + "x" + height + " picture in " + cf.shortName()
              + ": the size must be a multiple of " + sw + "x" + sh
              + " (the conformance window is in chroma units)");
    }
  }
}
