package org.nnpf.bitstream.nal;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.nnpf.bitstream.BitstreamException;

/**
 * Splits an Annex-B byte stream (H.264 / H.265 / H.266 Annex B) into NAL units, lazily.
 *
 * <p>Rules: the stream starts with zero or more zero bytes and a {@code 0x000001} start code
 * prefix (3-byte start code, or 4-byte with one {@code zero_byte}, or more zeros). A NAL unit runs
 * from the byte after its start code prefix up to, not including, the next byte-aligned {@code
 * 0x000000} or {@code 0x000001}, or the end of the stream; zero bytes at its end are not part of it
 * (a NAL unit never ends with 0x00). Between two NAL units only zero bytes may appear before the
 * next {@code 0x000001}. See {@link NalUnit} for where those zero bytes are kept.
 *
 * <p>Malformed streams throw {@link BitstreamException} with the stream offset: non-zero bytes
 * before the first start code, an empty NAL unit, a non-zero byte other than 0x01 after a run of
 * zero bytes, a NAL unit header that is too short or has {@code forbidden_zero_bit} set.
 */
public final class NalUnitStream implements Iterator<NalUnit> {
  private final NalCodec codec;
  private final byte[] data;
  private final int end;
  private int next;
  private int nextLeadingZeros;
  private boolean done;

  /** Splits the readable bytes of {@code stream} (which is not modified). */
  public NalUnitStream(ByteBuf stream, NalCodec codec) {
    this(toArray(stream), codec);
  }

  /** Splits {@code data}; the array must not be modified while iterating. */
  public NalUnitStream(byte[] data, NalCodec codec) {
    this.codec = codec;
    this.data = data;
    this.end = data.length;
    start();
  }

  private static byte[] toArray(ByteBuf stream) {
    byte[] b = new byte[stream.readableBytes()];
    stream.getBytes(stream.readerIndex(), b);
    return b;
  }

  /** All NAL units of the stream. */
  public static List<NalUnit> split(ByteBuf stream, NalCodec codec) {
    return drain(new NalUnitStream(stream, codec));
  }

  /** All NAL units of the stream. */
  public static List<NalUnit> split(byte[] stream, NalCodec codec) {
    return drain(new NalUnitStream(stream, codec));
  }

  private static List<NalUnit> drain(NalUnitStream s) {
    List<NalUnit> units = new ArrayList<>();
    while (s.hasNext()) {
      units.add(s.next());
    }
    return units;
  }

  private void start() {
    if (end == 0) {
      done = true;
      return;
    }
    int i = 0;
    while (i < end && data[i] == 0) {
      i++;
    }
    if (i == end) {
      throw new BitstreamException(
          "start_code_prefix_one_3bytes", 0, 0, "stream", "the stream holds only zero bytes");
    }
    if (i < 2 || data[i] != 1) {
      throw new BitstreamException(
          "start_code_prefix_one_3bytes",
          i,
          0,
          "stream",
          String.format(
              "the stream does not begin with a start code (found 0x%02X after %d zero bytes)",
              data[i] & 0xFF, i));
    }
    nextLeadingZeros = i - 2;
    next = i + 1;
  }

  @Override
  public boolean hasNext() {
    return !done;
  }

  @Override
  public NalUnit next() {
    if (done) {
      throw new NoSuchElementException();
    }
    int s = next;
    int e = s;
    while (e + 2 < end) {
      if ((data[e + 2] & 0xFF) > 1) {
        e += 3;
      } else if (data[e] == 0 && data[e + 1] == 0 && (data[e + 2] == 0 || data[e + 2] == 1)) {
        break;
      } else {
        e++;
      }
    }
    if (e + 2 >= end) {
      e = end;
    }
    int nalEnd = e;
    while (nalEnd > s && data[nalEnd - 1] == 0) {
      nalEnd--;
    }
    if (nalEnd == s) {
      throw new BitstreamException(
          "nal_unit", s, 0, "stream", "empty NAL unit after a start code");
    }
    int j = nalEnd;
    while (j < end && data[j] == 0) {
      j++;
    }
    int leading = nextLeadingZeros;
    NalUnit unit;
    if (j == end) {
      unit = NalUnit.parse(codec, data, s, nalEnd, leading, end - nalEnd, s);
      done = true;
    } else {
      if (data[j] != 1 || j - nalEnd < 2) {
        throw new BitstreamException(
            "start_code_prefix_one_3bytes",
            j,
            0,
            "stream",
            String.format(
                "byte 0x%02X after %d zero bytes where a start code prefix 0x000001 must be",
                data[j] & 0xFF, j - nalEnd));
      }
      unit = NalUnit.parse(codec, data, s, nalEnd, leading, 0, s);
      nextLeadingZeros = j - nalEnd - 2;
      next = j + 1;
    }
    return unit;
  }
}
