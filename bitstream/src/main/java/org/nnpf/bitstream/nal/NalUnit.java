package org.nnpf.bitstream.nal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.Objects;
import org.nnpf.bitstream.BitstreamException;
import org.nnpf.bitstream.rbsp.EmulationPrevention;
import org.nnpf.bitstream.rbsp.Rbsp;

/**
 * One NAL unit of an Annex-B byte stream: its bytes exactly as they were (header and payload,
 * emulation prevention bytes included), the parsed header, and the zero bytes that surround it in
 * the byte stream.
 *
 * <p><b>Zero bytes between NAL units.</b> Annex B lets zero bytes appear before a start code prefix
 * ({@code leading_zero_8bits} before the first, {@code zero_byte}, and {@code trailing_zero_8bits}
 * after a NAL unit). This class assigns every zero byte that lies between the last byte of one NAL
 * unit and the {@code 0x000001} of the next to the next unit, as {@link #leadingZeroBytes()}: a
 * 4-byte start code is {@code leadingZeroBytes == 1}. Zero bytes after the last NAL unit of a
 * stream are its {@link #trailingZeroBytes()}. Writing {@code leadingZeroBytes} zeros, {@code
 * 0x000001}, the unit's bytes and {@code trailingZeroBytes} zeros for every unit in order gives
 * back the original stream byte for byte.
 *
 * <p>Instances are immutable.
 */
public final class NalUnit {
  private final NalCodec codec;
  private final byte[] bytes;
  private final int type;
  private final int layerId;
  private final int temporalIdPlus1;
  private final int refIdc;
  private final int leadingZeroBytes;
  private final int trailingZeroBytes;
  private final long streamOffset;

  private NalUnit(
      NalCodec codec, byte[] bytes, int leadingZeroBytes, int trailingZeroBytes, long streamOffset) {
    this.codec = codec;
    this.bytes = bytes;
    this.leadingZeroBytes = leadingZeroBytes;
    this.trailingZeroBytes = trailingZeroBytes;
    this.streamOffset = streamOffset;
    int b0 = bytes[0] & 0xFF;
    switch (codec) {
      case AVC:
        type = b0 & 0x1F;
        refIdc = (b0 >> 5) & 3;
        layerId = 0;
        temporalIdPlus1 = 1;
        break;
      case HEVC:
        {
          int b1 = bytes[1] & 0xFF;
          type = (b0 >> 1) & 0x3F;
          layerId = ((b0 & 1) << 5) | (b1 >> 3);
          temporalIdPlus1 = b1 & 7;
          refIdc = 0;
          break;
        }
      default:
        {
          int b1 = bytes[1] & 0xFF;
          layerId = b0 & 0x3F;
          type = b1 >> 3;
          temporalIdPlus1 = b1 & 7;
          refIdc = 0;
          break;
        }
    }
  }

  /**
   * A NAL unit read from a byte stream. Checks the header: long enough, {@code forbidden_zero_bit}
   * equal to 0 and, for HEVC and VVC, {@code nuh_temporal_id_plus1} not 0 (and for VVC {@code
   * nuh_reserved_zero_bit} equal to 0).
   *
   * @param bytes the NAL unit bytes (copied)
   * @param streamOffset stream offset of the first header byte, for error messages
   */
  public static NalUnit parse(
      NalCodec codec,
      byte[] bytes,
      int from,
      int to,
      int leadingZeroBytes,
      int trailingZeroBytes,
      long streamOffset) {
    String where = "NAL unit at stream byte " + streamOffset;
    if (to - from < codec.headerBytes()) {
      throw new BitstreamException(
          "nal_unit_header",
          streamOffset,
          0,
          where,
          "truncated NAL unit: " + (to - from) + " bytes, the header alone needs " + codec.headerBytes());
    }
    if ((bytes[from] & 0x80) != 0) {
      throw new BitstreamException("forbidden_zero_bit", streamOffset, 0, where, "must be 0");
    }
    if (codec == NalCodec.VVC && (bytes[from] & 0x40) != 0) {
      throw new BitstreamException("nuh_reserved_zero_bit", streamOffset, 1, where, "must be 0");
    }
    if (codec != NalCodec.AVC && (bytes[from + 1] & 7) == 0) {
      throw new BitstreamException("nuh_temporal_id_plus1", streamOffset + 1, 5, where, "must not be 0");
    }
    return new NalUnit(
        codec, Arrays.copyOfRange(bytes, from, to), leadingZeroBytes, trailingZeroBytes, streamOffset);
  }

  /**
   * A new NAL unit built from an RBSP payload (escaped here), written with a 4-byte start code.
   *
   * @param type {@code nal_unit_type}
   * @param layerId {@code nuh_layer_id} (HEVC, VVC; must be 0 for AVC)
   * @param temporalIdPlus1 {@code nuh_temporal_id_plus1} (HEVC, VVC; ignored for AVC)
   * @param refIdc {@code nal_ref_idc} (AVC; ignored otherwise)
   * @param rbspPayload the RBSP after the NAL unit header, trailing bits included
   */
  public static NalUnit create(
      NalCodec codec, int type, int layerId, int temporalIdPlus1, int refIdc, byte[] rbspPayload) {
    if (type < 0 || type > codec.maxType()) {
      throw new IllegalArgumentException("nal_unit_type " + type + " out of range for " + codec);
    }
    byte[] header;
    switch (codec) {
      case AVC:
        if (refIdc < 0 || refIdc > 3) {
          throw new IllegalArgumentException("nal_ref_idc " + refIdc);
        }
        header = new byte[] {(byte) ((refIdc << 5) | type)};
        break;
      case HEVC:
        checkLayerAndTid(layerId, temporalIdPlus1);
        header = new byte[] {(byte) ((type << 1) | (layerId >> 5)), (byte) (((layerId & 31) << 3) | temporalIdPlus1)};
        break;
      default:
        checkLayerAndTid(layerId, temporalIdPlus1);
        header = new byte[] {(byte) layerId, (byte) ((type << 3) | temporalIdPlus1)};
        break;
    }
    byte[] escaped = EmulationPrevention.escape(rbspPayload);
    byte[] all = new byte[header.length + escaped.length];
    System.arraycopy(header, 0, all, 0, header.length);
    System.arraycopy(escaped, 0, all, header.length, escaped.length);
    if (all[all.length - 1] == 0) {
      throw new IllegalArgumentException("a NAL unit cannot end with a zero byte");
    }
    return new NalUnit(codec, all, 1, 0, -1);
  }

  private static void checkLayerAndTid(int layerId, int temporalIdPlus1) {
    if (layerId < 0 || layerId > 63 || temporalIdPlus1 < 1 || temporalIdPlus1 > 7) {
      throw new IllegalArgumentException(
          "nuh_layer_id " + layerId + " / nuh_temporal_id_plus1 " + temporalIdPlus1);
    }
  }

  public NalCodec codec() {
    return codec;
  }

  /** {@code nal_unit_type}. */
  public int type() {
    return type;
  }

  /** {@code nuh_layer_id} (0 for AVC). */
  public int layerId() {
    return layerId;
  }

  /** {@code nuh_temporal_id_plus1} - 1, i.e. TemporalId (0 for AVC). */
  public int temporalId() {
    return temporalIdPlus1 - 1;
  }

  /** {@code nal_ref_idc} (AVC; 0 otherwise). */
  public int refIdc() {
    return refIdc;
  }

  public boolean isVcl() {
    return codec.isVcl(type);
  }

  /** Number of bytes of the NAL unit (header included, emulation prevention included). */
  public int size() {
    return bytes.length;
  }

  /** Byte {@code i} of the NAL unit, unsigned. */
  public int byteAt(int i) {
    return bytes[i] & 0xFF;
  }

  /** A copy of the NAL unit bytes. */
  public byte[] toByteArray() {
    return bytes.clone();
  }

  /** The NAL unit bytes as a read-only buffer (a fresh view with its own indices). */
  public ByteBuf content() {
    return Unpooled.wrappedBuffer(bytes).asReadOnly();
  }

  /** Zero bytes before this unit's {@code 0x000001} start code prefix. */
  public int leadingZeroBytes() {
    return leadingZeroBytes;
  }

  /** Zero bytes after this unit when it ends the stream, else 0. */
  public int trailingZeroBytes() {
    return trailingZeroBytes;
  }

  /** Stream offset of the first header byte, or -1 for a unit that was created in memory. */
  public long streamOffset() {
    return streamOffset;
  }

  /** The same unit with other zero bytes around it. */
  public NalUnit withZeroBytes(int leading, int trailing) {
    if (leading < 0 || trailing < 0) {
      throw new IllegalArgumentException("negative zero byte count");
    }
    return new NalUnit(codec, bytes, leading, trailing, streamOffset);
  }

  /**
   * The payload after the header with emulation prevention removed and checked strictly, with
   * positions that map back to the stream.
   */
  public Rbsp payloadRbsp() {
    long base = streamOffset < 0 ? codec.headerBytes() : streamOffset + codec.headerBytes();
    return EmulationPrevention.unescape(bytes, codec.headerBytes(), bytes.length, describe(), base);
  }

  /** Up to {@code max} RBSP bytes after the header, without checks (for slice header fields). */
  public byte[] payloadPrefix(int max) {
    return EmulationPrevention.unescapePrefix(bytes, codec.headerBytes(), bytes.length, max);
  }

  /** E.g. "HEVC NAL unit PREFIX_SEI (39) at stream byte 1234". */
  public String describe() {
    return codec
        + " NAL unit "
        + codec.typeName(type)
        + " ("
        + type
        + ")"
        + (streamOffset >= 0 ? " at stream byte " + streamOffset : " (created)");
  }

  /** Equal NAL unit bytes and zero bytes around them (the stream offset is not compared). */
  @Override
  public boolean equals(Object o) {
    return o instanceof NalUnit n
        && n.codec == codec
        && n.leadingZeroBytes == leadingZeroBytes
        && n.trailingZeroBytes == trailingZeroBytes
        && Arrays.equals(n.bytes, bytes);
  }

  @Override
  public int hashCode() {
    return Objects.hash(codec, leadingZeroBytes, trailingZeroBytes) * 31 + Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return describe() + ", " + bytes.length + " bytes";
  }
}
