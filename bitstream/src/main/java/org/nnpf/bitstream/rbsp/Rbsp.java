package org.nnpf.bitstream.rbsp;

import java.util.Arrays;
import java.util.Objects;

/**
 * A raw byte sequence payload: bytes with emulation prevention removed, and where they came from.
 * The array is owned by this object; {@link #bytes()} returns a copy.
 */
public final class Rbsp {
  private final byte[] data;
  private final ByteOrigin origin;

  Rbsp(byte[] data, ByteOrigin origin) {
    this.data = data;
    this.origin = Objects.requireNonNull(origin);
  }

  /** An RBSP that was never escaped (e.g. built in memory), described for error messages. */
  public static Rbsp of(byte[] data, String description) {
    return new Rbsp(data.clone(), ByteOrigin.of(description, 0));
  }

  /** An RBSP that was never escaped, whose first byte lies at {@code base} in {@code origin}. */
  public static Rbsp of(byte[] data, String description, long base) {
    return new Rbsp(data.clone(), ByteOrigin.of(description, base));
  }

  public int length() {
    return data.length;
  }

  /** Byte {@code i} as an unsigned value. */
  public int get(int i) {
    return data[i] & 0xFF;
  }

  /** A copy of the bytes. */
  public byte[] bytes() {
    return data.clone();
  }

  /** A copy of {@code length} bytes from {@code from}. */
  public byte[] bytes(int from, int length) {
    return Arrays.copyOfRange(data, from, from + length);
  }

  public ByteOrigin origin() {
    return origin;
  }

  /** The array itself, for readers in this package. */
  byte[] array() {
    return data;
  }
}
