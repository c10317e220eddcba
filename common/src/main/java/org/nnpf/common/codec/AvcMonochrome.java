package org.nnpf.common.codec;

/**
 * Finds the {@code chroma_format_idc} of the H.264 sequence parameter sets in an access unit.
 * FFmpeg's H.264 decoder outputs a 4:0:0 stream as 4:2:0 with neutral chroma; the decoder uses
 * this to hand out 4:0:0 pictures, as the stream codes them.
 */
final class AvcMonochrome {
  /** Profiles whose SPS carries chroma_format_idc (H.264 7.3.2.1.1). */
  private static final int[] HIGH_PROFILES = {100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135};

  private AvcMonochrome() {}

  /**
   * The chroma_format_idc of the last SPS among the NAL units of an access unit (Annex-B bytes)
   * that come before its first slice, or -1 if there is none.
   */
  static int scan(byte[] au) {
    int idc = -1;
    int zeros = 0;
    for (int i = 0; i < au.length; i++) {
      int b = au[i] & 0xFF;
      if (zeros >= 2 && b == 1 && i + 1 < au.length) {
        int type = au[i + 1] & 0x1F;
        if (type == 1 || type == 5) {
          return idc;
        }
        if (type == 7) {
          idc = chromaFormatIdc(java.util.Arrays.copyOfRange(au, i + 1, Math.min(au.length, i + 65)));
        }
      }
      zeros = b == 0 ? zeros + 1 : 0;
    }
    return idc;
  }

  /**
   * The chroma_format_idc of an SPS NAL unit (header byte first), 1 when the profile does not
   * code it, -1 if the bytes end too early.
   */
  static int chromaFormatIdc(byte[] nal) {
    byte[] rbsp = unescape(nal);
    if (rbsp.length < 5) {
      return -1;
    }
    int profile = rbsp[1] & 0xFF;
    boolean high = false;
    for (int p : HIGH_PROFILES) {
      high |= p == profile;
    }
    if (!high) {
      return 1;
    }
    BitReader r = new BitReader(rbsp, 4);
    if (r.ue() < 0) {
      return -1;
    }
    return r.ue();
  }

  private static byte[] unescape(byte[] nal) {
    byte[] out = new byte[nal.length];
    int n = 0;
    int zeros = 0;
    for (byte x : nal) {
      if (zeros >= 2 && x == 3) {
        zeros = 0;
        continue;
      }
      out[n++] = x;
      zeros = x == 0 ? zeros + 1 : 0;
    }
    return java.util.Arrays.copyOf(out, n);
  }

  /** Reads Exp-Golomb codes; -1 when the bytes end. */
  private static final class BitReader {
    private final byte[] b;
    private int bit;

    BitReader(byte[] b, int byteOffset) {
      this.b = b;
      this.bit = byteOffset * 8;
    }

    private int bit() {
      if (bit >= b.length * 8) {
        return -1;
      }
      int v = (b[bit >> 3] >> (7 - (bit & 7))) & 1;
      bit++;
      return v;
    }

    int ue() {
      int lz = 0;
      int v;
      while ((v = bit()) == 0) {
        if (++lz > 31) {
          return -1;
        }
      }
      if (v < 0) {
        return -1;
      }
      int x = 0;
      for (int i = 0; i < lz; i++) {
        int y = bit();
        if (y < 0) {
          return -1;
        }
        x = (x << 1) | y;
      }
      return (1 << lz) - 1 + x;
    }
  }
}
