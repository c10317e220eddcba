package org.nnpf.bitstream.rbsp;

import org.nnpf.bitstream.BitstreamException;

/**
 * Reads the descriptors of H.264 / H.265 clause 7.2 from an RBSP: {@code u(n)}, {@code f(n)},
 * {@code b(8)}, {@code ue(v)}, {@code se(v)}, the signed k-th order Exp-Golomb code {@code sek(v)}
 * of docs/bitstream-syntax.md, {@code byte_alignment()}, {@code rbsp_trailing_bits()} and {@code
 * more_rbsp_data()}.
 *
 * <p>Every read names its syntax element. A read past the end of the range, an Exp-Golomb code
 * whose value does not fit in 32 bits, or a value outside the range the caller allows throws a
 * {@link BitstreamException} at the position where the element starts. The reader works on a byte
 * range {@code [start, end)} of an RBSP, so that a payload inside a larger RBSP (an SEI message)
 * is read with positions that still map back to the stream.
 */
public final class BitReader {
  /** Largest number of leading zero bits of an Exp-Golomb code word (value below 2^32). */
  public static final int MAX_EXP_GOLOMB_LEADING_ZEROS = 31;

  private final byte[] data;
  private final int start;
  private final int end;
  private final ByteOrigin origin;
  private long pos;
  private long lastOneBit = -2;

  /** A reader over the whole RBSP. */
  public BitReader(Rbsp rbsp) {
    this(rbsp, 0, rbsp.length());
  }

  /** A reader over bytes {@code [startByte, endByte)} of the RBSP. */
  public BitReader(Rbsp rbsp, int startByte, int endByte) {
    if (startByte < 0 || endByte > rbsp.length() || startByte > endByte) {
      throw new IndexOutOfBoundsException(startByte + ".." + endByte + " of " + rbsp.length());
    }
    this.data = rbsp.array();
    this.start = startByte;
    this.end = endByte;
    this.origin = rbsp.origin();
    this.pos = (long) startByte * 8;
  }

  /** A reader over bytes that were never escaped; offsets in errors count from 0. */
  public static BitReader of(byte[] bytes, String description) {
    return new BitReader(Rbsp.of(bytes, description));
  }

  /** Bits read so far, counted from the start of the range. */
  public long bitPosition() {
    return pos - (long) start * 8;
  }

  /** Bits left in the range. */
  public long bitsLeft() {
    return (long) end * 8 - pos;
  }

  /** Index, in the underlying RBSP, of the byte holding the next bit. */
  public int rbspByteIndex() {
    return (int) (pos >>> 3);
  }

  public boolean byteAligned() {
    return (pos & 7) == 0;
  }

  /** Where this reader's offsets map to. */
  public ByteOrigin origin() {
    return origin;
  }

  // ------------------------------------------------------------------ errors

  /** An error for the element that starts at absolute bit {@code elementStart} of the RBSP. */
  public BitstreamException errorAt(String element, long elementStart, String detail) {
    long byteIndex = elementStart >>> 3;
    return new BitstreamException(
        element, origin.offsetOf(byteIndex), (int) (elementStart & 7), origin.description(), detail);
  }

  /** An error for an element that starts at the current position. */
  public BitstreamException error(String element, String detail) {
    return errorAt(element, pos, detail);
  }

  /** The absolute bit position, to remember where an element starts. */
  public long mark() {
    return pos;
  }

  /**
   * Checks that at least {@code bits} bits are left; call before allocating anything whose size
   * comes from the stream.
   */
  public void require(long bits, String element) {
    if (bits > bitsLeft()) {
      throw error(
          element,
          "needs at least " + bits + " more bits but only " + bitsLeft() + " are left (truncated data)");
    }
  }

  // ------------------------------------------------------------------ fixed-length

  private int bit() {
    int b = (data[(int) (pos >>> 3)] >>> (7 - (int) (pos & 7))) & 1;
    pos++;
    return b;
  }

  private long bits(int n, String element, long elementStart) {
    if (n > bitsLeft()) {
      throw errorAt(element, elementStart, "truncated: needs " + n + " bits, " + bitsLeft() + " left");
    }
    long v = 0;
    for (int i = 0; i < n; i++) {
      v = (v << 1) | bit();
    }
    return v;
  }

  /** {@code u(n)} for n in 0..32, as a non-negative long. */
  public long uLong(int n, String element) {
    if (n < 0 || n > 32) {
      throw new IllegalArgumentException("u(" + n + ")");
    }
    return bits(n, element, pos);
  }

  /** {@code u(n)} for n in 0..31. */
  public int u(int n, String element) {
    if (n > 31) {
      throw new IllegalArgumentException("u(" + n + ") does not fit an int");
    }
    return (int) uLong(n, element);
  }

  /** {@code u(n)} that must lie in {@code [min, max]}. */
  public int u(int n, String element, int min, int max) {
    long start = pos;
    int v = u(n, element);
    checkRange(element, start, v, min, max);
    return v;
  }

  /** {@code u(1)}. */
  public boolean flag(String element) {
    return u(1, element) == 1;
  }

  /** {@code f(n)}: a fixed pattern that must equal {@code expected}. */
  public void fixed(int n, long expected, String element) {
    long start = pos;
    long v = uLong(n, element);
    if (v != expected) {
      throw errorAt(
          element,
          start,
          String.format("is 0x%X, must be 0x%X", v, expected));
    }
  }

  /** {@code b(8)} bytes; the reader must be byte aligned. Checks the length before allocating. */
  public byte[] bytes(int n, String element) {
    if (!byteAligned()) {
      throw new IllegalStateException("b(8) read at a position that is not byte aligned");
    }
    require((long) n * 8, element);
    byte[] out = new byte[n];
    System.arraycopy(data, (int) (pos >>> 3), out, 0, n);
    pos += (long) n * 8;
    return out;
  }

  // ------------------------------------------------------------------ Exp-Golomb

  /**
   * The unsigned k-th order Exp-Golomb code: {@code leadingZeroBits} zeros, a one, then {@code
   * leadingZeroBits + k} bits; value = 2^(leadingZeroBits + k) - 2^k + those bits. {@code ue(v)}
   * is k = 0. A code word with more than {@code 31 - k} leading zeros (a value of 2^32 - 2^k or
   * more, a code longer than 32 bits after its leading zeros) is an error.
   */
  public long uek(int k, String element) {
    return expGolomb(k, MAX_EXP_GOLOMB_LEADING_ZEROS - k, element);
  }

  private long expGolomb(int k, int maxLeadingZeros, String element) {
    if (k < 0 || k > MAX_EXP_GOLOMB_LEADING_ZEROS) {
      throw new IllegalArgumentException("Exp-Golomb order " + k);
    }
    long start = pos;
    int leadingZeros = 0;
    while (true) {
      if (bitsLeft() <= 0) {
        throw errorAt(element, start, "truncated Exp-Golomb code");
      }
      if (bit() == 1) {
        break;
      }
      leadingZeros++;
      if (leadingZeros > maxLeadingZeros) {
        throw errorAt(
            element,
            start,
            "Exp-Golomb code longer than allowed (more than "
                + maxLeadingZeros
                + " leading zero bits: the value would not fit in 32 bits)");
      }
    }
    long suffix = bits(leadingZeros + k, element, start);
    return (1L << (leadingZeros + k)) - (1L << k) + suffix;
  }

  /** {@code ue(v)}: 0 .. 2^32 - 2. */
  public long ueLong(String element) {
    return uek(0, element);
  }

  /** {@code ue(v)} that must lie in {@code [0, max]}. */
  public int ue(String element, int max) {
    return ue(element, 0, max);
  }

  /** {@code ue(v)} that must lie in {@code [min, max]}. */
  public int ue(String element, int min, int max) {
    long start = pos;
    long v = ueLong(element);
    checkRange(element, start, v, min, max);
    return (int) v;
  }

  /**
   * The signed k-th order Exp-Golomb code {@code sek(v)}: the unsigned code value {@code c} maps
   * to (-1)^(c+1) * Ceil(c / 2), so 0, 1, -1, 2, -2, ... ; {@code se(v)} is k = 0. One more
   * leading zero than for {@link #uek} is allowed (at most {@code 32 - k}), so that every 32-bit
   * signed value has a code word; callers then check the range they allow.
   */
  public long sekLong(int k, String element) {
    long c = expGolomb(k, MAX_EXP_GOLOMB_LEADING_ZEROS + 1 - k, element);
    return (c & 1) == 1 ? (c + 1) >> 1 : -(c >> 1);
  }

  /** {@code sek(v)} that must lie in {@code [min, max]}. */
  public int sek(int k, String element, int min, int max) {
    long start = pos;
    long v = sekLong(k, element);
    checkRange(element, start, v, min, max);
    return (int) v;
  }

  /** {@code se(v)} that must lie in {@code [min, max]}. */
  public int se(String element, int min, int max) {
    return sek(0, element, min, max);
  }

  private void checkRange(String element, long start, long v, long min, long max) {
    if (v < min || v > max) {
      throw errorAt(element, start, "value " + v + " is outside the allowed range " + min + ".." + max);
    }
  }

  /** Throws at {@code elementStart} unless {@code v} lies in {@code [min, max]}. */
  public void checkRangeAt(String element, long elementStart, long v, long min, long max) {
    checkRange(element, elementStart, v, min, max);
  }

  // ------------------------------------------------------------------ alignment and trailing bits

  /** Zero bits up to the next byte boundary, each named {@code element} and required to be 0. */
  public void zeroAlignment(String element) {
    while (!byteAligned()) {
      long start = pos;
      if (bitsLeft() <= 0) {
        throw errorAt(element, start, "truncated");
      }
      if (bit() != 0) {
        throw errorAt(element, start, "must be 0");
      }
    }
  }

  /** {@code byte_alignment()} of H.265: one bit equal to 1, then zero bits up to a byte boundary. */
  public void byteAlignment() {
    fixed(1, 1, "alignment_bit_equal_to_one");
    zeroAlignment("alignment_bit_equal_to_zero");
  }

  /**
   * {@code rbsp_trailing_bits()}: {@code rbsp_stop_one_bit} and {@code rbsp_alignment_zero_bit}s.
   * Anything after them other than zero bytes is an error.
   */
  public void rbspTrailingBits() {
    fixed(1, 1, "rbsp_stop_one_bit");
    zeroAlignment("rbsp_alignment_zero_bit");
    for (long p = pos; p < (long) end * 8; p += 8) {
      if (data[(int) (p >>> 3)] != 0) {
        throw errorAt("rbsp_trailing_bits", p, "data after the RBSP trailing bits");
      }
    }
    pos = (long) end * 8;
  }

  /**
   * {@code more_rbsp_data()}: true when data remains before the {@code rbsp_stop_one_bit}, which is
   * the last bit equal to 1 in the range.
   */
  public boolean moreRbspData() {
    if (lastOneBit == -2) {
      lastOneBit = -1;
      for (int i = end - 1; i >= start; i--) {
        int b = data[i] & 0xFF;
        if (b != 0) {
          lastOneBit = (long) i * 8 + 7 - Integer.numberOfTrailingZeros(b);
          break;
        }
      }
    }
    return pos < lastOneBit;
  }

  /**
   * True when what is left of the range is exactly the final alignment of an SEI payload that does
   * not end at a byte boundary: {@code payload_bit_equal_to_one} followed by {@code
   * payload_bit_equal_to_zero} bits up to the end of the range (or when nothing is left).
   */
  public boolean onlyPayloadAlignmentLeft() {
    long left = bitsLeft();
    if (left == 0) {
      return true;
    }
    if ((pos & 7) == 0 || left != 8 - (pos & 7)) {
      return false;
    }
    int b = data[(int) (pos >>> 3)] & 0xFF;
    int rest = b & ((1 << left) - 1);
    return rest == 1 << (left - 1);
  }

  /** Moves to the end of the range (skips extension data). */
  public void skipToEnd() {
    pos = (long) end * 8;
  }
}
