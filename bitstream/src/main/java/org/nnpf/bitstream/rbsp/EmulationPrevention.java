package org.nnpf.bitstream.rbsp;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import org.nnpf.bitstream.BitstreamException;

/**
 * Emulation prevention of H.264 / H.265 / H.266 (clause 7.4.2 of each): inside a NAL unit, an
 * {@code emulation_prevention_three_byte} (0x03) follows every pair of zero bytes that would
 * otherwise be followed by a byte in 0x00..0x03, so that no start code prefix can appear.
 */
public final class EmulationPrevention {
  private EmulationPrevention() {}

  /**
   * Escapes an RBSP: inserts 0x03 after two zero bytes whenever the next RBSP byte is 0x00, 0x01,
   * 0x02 or 0x03, and appends 0x03 when the RBSP ends with two or more zero bytes (as H.265 7.4.2
   * does after {@code cabac_zero_word}s), so that a NAL unit never ends with 0x00.
   *
   * @throws IllegalArgumentException if the RBSP ends with exactly one zero byte, which no NAL
   *     unit can represent
   */
  public static byte[] escape(byte[] rbsp) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(rbsp.length + rbsp.length / 64 + 4);
    int zeros = 0;
    for (byte value : rbsp) {
      int b = value & 0xFF;
      if (zeros >= 2 && b <= 3) {
        out.write(3);
        zeros = 0;
      }
      out.write(b);
      zeros = b == 0 ? zeros + 1 : 0;
    }
    if (zeros == 1) {
      throw new IllegalArgumentException("an RBSP cannot end with a single zero byte");
    }
    if (zeros >= 2) {
      out.write(3);
    }
    return out.toByteArray();
  }

  /**
   * Removes emulation prevention bytes from {@code escaped[from..to)}, checking the rules of H.265
   * 7.4.2 strictly: no 0x000000, 0x000001 or 0x000002 at any byte position, and every 0x000003 is
   * either followed by a byte in 0x00..0x03 or ends the range.
   *
   * @param description what the range is, for error messages
   * @param base offset of {@code escaped[from]} in the data that {@code description} names
   * @throws BitstreamException naming {@code emulation_prevention_three_byte} and the offset of the
   *     offending sequence
   */
  public static Rbsp unescape(byte[] escaped, int from, int to, String description, long base) {
    byte[] out = new byte[to - from];
    int[] removed = new int[Math.max(4, (to - from) / 3 + 1)];
    int removedCount = 0;
    int n = 0;
    int zeros = 0;
    for (int i = from; i < to; i++) {
      int b = escaped[i] & 0xFF;
      if (zeros >= 2) {
        if (b == 3) {
          if (i + 1 < to && (escaped[i + 1] & 0xFF) > 3) {
            throw new BitstreamException(
                "emulation_prevention_three_byte",
                base + (i - from),
                0,
                description,
                String.format(
                    "0x000003 followed by 0x%02X (only 0x00..0x03 may follow)", escaped[i + 1] & 0xFF));
          }
          removed[removedCount++] = i - from;
          zeros = 0;
          continue;
        }
        if (b <= 2) {
          throw new BitstreamException(
              "emulation_prevention_three_byte",
              base + (i - from - 2),
              0,
              description,
              String.format("forbidden byte sequence 0x0000%02X inside a NAL unit", b));
        }
      }
      out[n++] = (byte) b;
      zeros = b == 0 ? zeros + 1 : 0;
    }
    byte[] data = n == out.length ? out : Arrays.copyOf(out, n);
    return new Rbsp(data, ByteOrigin.unescaped(description, base, Arrays.copyOf(removed, removedCount)));
  }

  /**
   * The first {@code maxRbspBytes} RBSP bytes of {@code escaped[from..to)}, removing emulation
   * prevention bytes leniently (no checks): enough to read the first syntax elements of a base
   * NAL unit (a slice header's first fields) without validating or copying the whole unit.
   */
  public static byte[] unescapePrefix(byte[] escaped, int from, int to, int maxRbspBytes) {
    byte[] out = new byte[Math.min(maxRbspBytes, to - from)];
    int n = 0;
    int zeros = 0;
    for (int i = from; i < to && n < out.length; i++) {
      int b = escaped[i] & 0xFF;
      if (zeros >= 2 && b == 3) {
        zeros = 0;
        continue;
      }
      out[n++] = (byte) b;
      zeros = b == 0 ? zeros + 1 : 0;
    }
    return n == out.length ? out : Arrays.copyOf(out, n);
  }
}
