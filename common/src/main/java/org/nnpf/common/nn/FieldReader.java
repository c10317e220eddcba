package org.nnpf.common.nn;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.nnpf.common.NnpfException;

/**
 * Big-endian reader of the model and quantization-parameter files that names the syntax element
 * and its byte offset in every error ({@code <source>: <field> at byte offset <n> <problem>}).
 */
public final class FieldReader {
  private final byte[] b;
  private final String source;
  private int pos;
  private int fieldStart;

  public FieldReader(byte[] b, String source) {
    this.b = b;
    this.source = source;
  }

  public int offset() {
    return pos;
  }

  public NnpfException error(int offset, String field, String message) {
    return new NnpfException(source + ": " + field + " at byte offset " + offset + " " + message);
  }

  /** Throws the error for the field read last unless {@code ok}. */
  public void expect(boolean ok, String field, String message) {
    if (!ok) {
      throw error(fieldStart, field, message);
    }
  }

  /** Throws unless {@code n} more bytes remain; starts a new field. */
  public void need(long n, String field, String what) {
    fieldStart = pos;
    if (n > b.length - pos) {
      throw error(pos, field, "needs " + what + " (" + n + " bytes), only " + (b.length - pos) + " remain (file truncated?)");
    }
  }

  public int u8(String field) {
    need(1, field, "1 byte");
    return b[pos++] & 0xFF;
  }

  public int u16(String field) {
    need(2, field, "2 bytes");
    int v = ((b[pos] & 0xFF) << 8) | (b[pos + 1] & 0xFF);
    pos += 2;
    return v;
  }

  /** A signed byte. */
  public int s8(String field) {
    return (byte) u8(field);
  }

  /** A signed 16-bit integer. */
  public int s16(String field) {
    return (short) u16(field);
  }

  public long u32(String field) {
    need(4, field, "4 bytes");
    long v = ((long) (b[pos] & 0xFF) << 24) | ((b[pos + 1] & 0xFF) << 16) | ((b[pos + 2] & 0xFF) << 8) | (b[pos + 3] & 0xFF);
    pos += 4;
    return v;
  }

  public String utf8(int n, String field) {
    need(n, field, n + " bytes");
    try {
      String s = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(b, pos, n))
          .toString();
      pos += n;
      return s;
    } catch (CharacterCodingException e) {
      throw error(pos, field, "is not valid UTF-8");
    }
  }

  public float[] floats(int n, String field) {
    need(4L * n, field, n + " float32 values");
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      int at = pos;
      int bits = (int) u32(field);
      float f = Float.intBitsToFloat(bits);
      if (!Float.isFinite(f)) {
        throw error(at, field + "[" + i + "]", "is not a finite float32 (" + f + ")");
      }
      v[i] = f;
    }
    return v;
  }
}
