package org.nnpf.common.codec;

/**
 * Finds decoded picture hash SEI messages (payloadType 132, H.265 D.2.20 / H.274 via H.266) in an
 * access unit. The decoder uses it to notice a stream cut inside a slice: FFmpeg's HEVC decoder
 * decodes such a slice into a damaged picture without an error, but once a stream has carried a
 * hash with every picture, a picture without one means the stream was cut or damaged.
 */
final class PictureHashSei {
  static final int DECODED_PICTURE_HASH = 132;

  private PictureHashSei() {}

  /**
   * Whether an access unit (Annex-B bytes) of an H.265 or H.266 stream has an SEI NAL unit with a
   * decoded picture hash message. Always false for H.264, which has no such message.
   */
  static boolean present(byte[] au, BaseCodec codec) {
    if (codec == BaseCodec.AVC) {
      return false;
    }
    int zeros = 0;
    int nalStart = -1;
    for (int i = 0; i < au.length; i++) {
      int b = au[i] & 0xFF;
      if (zeros >= 2 && b == 1) {
        if (nalStart >= 0 && isHashSei(au, nalStart, i - 2, codec)) {
          return true;
        }
        nalStart = i + 1;
      }
      zeros = b == 0 ? zeros + 1 : 0;
    }
    return nalStart >= 0 && isHashSei(au, nalStart, au.length, codec);
  }

  /** Whether the NAL unit at {@code [from, to)} (trailing zero bytes allowed) is such an SEI. */
  private static boolean isHashSei(byte[] au, int from, int to, BaseCodec codec) {
    if (to - from < 4) {
      return false;
    }
    int type = codec == BaseCodec.HEVC ? (au[from] >> 1) & 0x3F : (au[from + 1] >> 3) & 0x1F;
    boolean sei = codec == BaseCodec.HEVC ? type == 39 || type == 40 : type == 23 || type == 24;
    if (!sei) {
      return false;
    }
    byte[] rbsp = unescape(au, from + 2, to);
    int p = 0;
    while (p < rbsp.length && !(rbsp[p] == (byte) 0x80 && allZero(rbsp, p + 1))) {
      int payloadType = 0;
      while (p < rbsp.length && rbsp[p] == (byte) 0xFF) {
        payloadType += 255;
        p++;
      }
      if (p >= rbsp.length) {
        return false;
      }
      payloadType += rbsp[p++] & 0xFF;
      int size = 0;
      while (p < rbsp.length && rbsp[p] == (byte) 0xFF) {
        size += 255;
        p++;
      }
      if (p >= rbsp.length) {
        return false;
      }
      size += rbsp[p++] & 0xFF;
      if (payloadType == DECODED_PICTURE_HASH) {
        return p + size <= rbsp.length;
      }
      p += size;
    }
    return false;
  }

  private static boolean allZero(byte[] b, int from) {
    for (int i = from; i < b.length; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static byte[] unescape(byte[] b, int from, int to) {
    byte[] out = new byte[Math.max(0, to - from)];
    int n = 0;
    int zeros = 0;
    for (int i = from; i < to; i++) {
      if (zeros >= 2 && b[i] == 3) {
        zeros = 0;
        continue;
      }
      out[n++] = b[i];
      zeros = b[i] == 0 ? zeros + 1 : 0;
    }
    return java.util.Arrays.copyOf(out, n);
  }
}
