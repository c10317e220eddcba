package org.nnpf.common.codec;

import java.util.Locale;
import java.util.Optional;
import org.bytedeco.ffmpeg.global.avcodec;

/**
 * The base codecs: H.265/HEVC (encoded with libx265), H.264/AVC (libx264) and H.266/VVC (decode
 * only, FFmpeg's native decoder). Bitstreams are Annex-B byte streams (start codes, parameter sets
 * in band).
 */
public enum BaseCodec {
  HEVC("hevc", "libx265", "265"),
  AVC("h264", "libx264", "264"),
  VVC("vvc", null, "266");

  private final String decoderName;
  private final String encoderName;
  private final String extension;

  BaseCodec(String decoderName, String encoderName, String extension) {
    this.decoderName = decoderName;
    this.encoderName = encoderName;
    this.extension = extension;
  }

  /** FFmpeg's native decoder: "hevc", "h264" or "vvc". */
  public String decoderName() {
    return decoderName;
  }

  /** The FFmpeg encoder ("libx265", "libx264"), empty for VVC, which is decode only. */
  public Optional<String> encoderName() {
    return Optional.ofNullable(encoderName);
  }

  /** Whether pictures can be encoded with this codec. */
  public boolean canEncode() {
    return encoderName != null;
  }

  /** The usual file extension of an elementary stream, without the dot: "265", "264", "266". */
  public String extension() {
    return extension;
  }

  int avCodecId() {
    Ffmpeg.init();
    return switch (this) {
      case HEVC -> avcodec.AV_CODEC_ID_HEVC;
      case AVC -> avcodec.AV_CODEC_ID_H264;
      case VVC -> avcodec.AV_CODEC_ID_VVC;
    };
  }

  /**
   * Parses a codec name, case-insensitively: "hevc", "h265", "265", "avc", "h264", "264", "vvc",
   * "h266", "266".
   *
   * @throws IllegalArgumentException for any other name
   */
  public static BaseCodec parse(String name) {
    return switch (name.trim().toLowerCase(Locale.ROOT)) {
      case "hevc", "h265", "h.265", "265", "x265", "libx265" -> HEVC;
      case "avc", "h264", "h.264", "264", "x264", "libx264" -> AVC;
      case "vvc", "h266", "h.266", "266" -> VVC;
      default -> throw new IllegalArgumentException(
          "unknown codec '" + name + "' (expected hevc, avc or vvc)");
    };
  }

  /**
   * Recognises the codec of an Annex-B byte stream from its first parameter set: an H.264 SPS
   * (nal_unit_type 7 with nal_ref_idc &ne; 0), an H.265 VPS or SPS (types 32, 33 in a two-byte
   * header of layer 0) or an H.266 VPS or SPS (types 14, 15 in a two-byte header of layer 0).
   * Looks at the NAL units that start in the first {@code length} bytes of {@code data}.
   *
   * @return the codec, or empty if no such parameter set starts in the given bytes
   */
  public static Optional<BaseCodec> detect(byte[] data, int length) {
    int n = Math.min(length, data.length);
    for (int i = 0; i + 4 < n; i++) {
      if (data[i] != 0 || data[i + 1] != 0 || data[i + 2] != 1) {
        continue;
      }
      int b0 = data[i + 3] & 0xFF;
      int b1 = data[i + 4] & 0xFF;
      if ((b0 & 0x80) == 0 && (b0 & 0x1F) == 7 && (b0 & 0x60) != 0) {
        return Optional.of(AVC);
      }
      if ((b0 == 0x40 || b0 == 0x42) && b1 == 0x01) {
        return Optional.of(HEVC);
      }
      if (b0 == 0x00 && (b1 == (14 << 3 | 1) || b1 == (15 << 3 | 1))) {
        return Optional.of(VVC);
      }
      i += 2;
    }
    return Optional.empty();
  }
}
