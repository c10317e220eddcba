package org.nnpf.bitstream.rbsp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Writes the descriptors that {@link BitReader} reads, most significant bit first, into a Netty
 * {@link ByteBuf}. Values that do not fit their descriptor throw {@link IllegalArgumentException}:
 * the syntax structures validate their fields before writing, so such an error is a programming
 * error, not bad input.
 */
public final class BitWriter {
  private final ByteBuf out;
  private int current;
  private int currentBits;

  public BitWriter() {
    this(Unpooled.buffer(64));
  }

  /** Appends to {@code out}, which must be at a byte boundary. */
  public BitWriter(ByteBuf out) {
    this.out = out;
  }

  /** Bits written so far through this writer. */
  public long bitPosition() {
    return (long) out.writerIndex() * 8 + currentBits;
  }

  public boolean byteAligned() {
    return currentBits == 0;
  }

  private void bit(int b) {
    current = (current << 1) | (b & 1);
    if (++currentBits == 8) {
      out.writeByte(current);
      current = 0;
      currentBits = 0;
    }
  }

  private void bits(int n, long v) {
    for (int i = n - 1; i >= 0; i--) {
      bit((int) (v >>> i) & 1);
    }
  }

  /** {@code u(n)}, n in 0..32, value in {@code [0, 2^n)}. */
  public BitWriter u(int n, long value) {
    if (n < 0 || n > 32) {
      throw new IllegalArgumentException("u(" + n + ")");
    }
    if (value < 0 || (n < 64 && value >>> n != 0)) {
      throw new IllegalArgumentException("value " + value + " does not fit u(" + n + ")");
    }
    bits(n, value);
    return this;
  }

  public BitWriter flag(boolean value) {
    bit(value ? 1 : 0);
    return this;
  }

  /** {@code b(8)} bytes; the writer must be byte aligned. */
  public BitWriter bytes(byte[] b) {
    if (!byteAligned()) {
      throw new IllegalStateException("b(8) written at a position that is not byte aligned");
    }
    out.writeBytes(b);
    return this;
  }

  /** Unsigned k-th order Exp-Golomb code, the inverse of {@link BitReader#uek}. */
  public BitWriter uek(int k, long value) {
    return expGolomb(k, value, (1L << 32) - (1L << k) - 1);
  }

  private BitWriter expGolomb(int k, long value, long max) {
    if (k < 0 || k > BitReader.MAX_EXP_GOLOMB_LEADING_ZEROS) {
      throw new IllegalArgumentException("Exp-Golomb order " + k);
    }
    if (value < 0 || value > max) {
      throw new IllegalArgumentException("value " + value + " does not fit the EG" + k + " code");
    }
    long x = value + (1L << k);
    int nbits = 64 - Long.numberOfLeadingZeros(x);
    int leadingZeros = nbits - 1 - k;
    bits(leadingZeros, 0);
    bits(nbits, x);
    return this;
  }

  /** {@code ue(v)}. */
  public BitWriter ue(long value) {
    return uek(0, value);
  }

  /**
   * Signed k-th order Exp-Golomb code, the inverse of {@link BitReader#sekLong}; any value in
   * {@code [-2^31, 2^31 - 1]}.
   */
  public BitWriter sek(int k, long value) {
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("value " + value + " is not a 32-bit signed value");
    }
    long c = value > 0 ? 2 * value - 1 : -2 * value;
    return expGolomb(k, c, (1L << 33) - (1L << k) - 1);
  }

  /** {@code se(v)}. */
  public BitWriter se(long value) {
    return sek(0, value);
  }

  /** Zero bits up to the next byte boundary. */
  public BitWriter zeroAlignment() {
    while (!byteAligned()) {
      bit(0);
    }
    return this;
  }

  /** {@code byte_alignment()}: a one bit, then zero bits up to the next byte boundary. */
  public BitWriter byteAlignment() {
    bit(1);
    return zeroAlignment();
  }

  /** {@code rbsp_trailing_bits()}. */
  public BitWriter rbspTrailingBits() {
    return byteAlignment();
  }

  /** The bytes written; the writer must be byte aligned. */
  public byte[] toByteArray() {
    if (!byteAligned()) {
      throw new IllegalStateException("not byte aligned: " + currentBits + " pending bits");
    }
    byte[] b = new byte[out.readableBytes()];
    out.getBytes(out.readerIndex(), b);
    return b;
  }

  /** The underlying buffer. */
  public ByteBuf buffer() {
    return out;
  }
}
