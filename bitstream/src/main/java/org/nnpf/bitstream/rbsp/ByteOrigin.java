package org.nnpf.bitstream.rbsp;

import java.util.Arrays;

/**
 * Where the bytes of an RBSP came from, so that errors can name a position in the original data.
 *
 * <p>An RBSP byte at index {@code i} maps back to an escaped byte (emulation prevention bytes
 * included) at {@code base + e}, where {@code e} is {@code i} plus the number of emulation
 * prevention bytes removed before it. When the data came from an Annex-B byte stream, {@code base}
 * is the stream offset of the first escaped byte, so that offsets in error messages are stream
 * offsets.
 */
public final class ByteOrigin {
  private final String description;
  private final long base;
  private final int[] removed;

  private ByteOrigin(String description, long base, int[] removed) {
    this.description = description;
    this.base = base;
    this.removed = removed;
  }

  /** Bytes that were never escaped, the first of which lies at {@code base}. */
  public static ByteOrigin of(String description, long base) {
    return new ByteOrigin(description, base, new int[0]);
  }

  /**
   * Bytes from which emulation prevention bytes were removed.
   *
   * @param removedEscapedIndices indices, relative to the first escaped byte and ascending, of the
   *     removed {@code emulation_prevention_three_byte}s
   */
  static ByteOrigin unescaped(String description, long base, int[] removedEscapedIndices) {
    return new ByteOrigin(description, base, removedEscapedIndices.clone());
  }

  /** What the offsets count in, for error messages. */
  public String description() {
    return description;
  }

  /** Offset of the escaped byte that holds RBSP byte {@code rbspIndex}. */
  public long offsetOf(long rbspIndex) {
    long e = rbspIndex;
    for (int r : removed) {
      if (r <= e) {
        e++;
      } else {
        break;
      }
    }
    return base + e;
  }

  /** Number of emulation prevention bytes that were removed. */
  public int removedCount() {
    return removed.length;
  }

  @Override
  public String toString() {
    return description + " @" + base + " removed=" + Arrays.toString(removed);
  }
}
