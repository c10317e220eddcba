package org.nnpf.bitstream.sei;

import java.util.Arrays;
import org.nnpf.bitstream.rbsp.BitReader;
import org.nnpf.bitstream.rbsp.Rbsp;

/**
 * One {@code sei_message()}: a {@code payloadType} and its {@code payloadSize} payload bytes. A
 * message read from a NAL unit keeps the RBSP it came from, so that {@link #reader()} reports
 * positions in the stream.
 */
public final class SeiMessage {
  /** {@code payloadType} of {@code user_data_unregistered}. */
  public static final int USER_DATA_UNREGISTERED = 5;

  private final int payloadType;
  private final Rbsp rbsp;
  private final int offset;
  private final int size;

  private SeiMessage(int payloadType, Rbsp rbsp, int offset, int size) {
    if (payloadType < 0) {
      throw new IllegalArgumentException("payloadType " + payloadType);
    }
    this.payloadType = payloadType;
    this.rbsp = rbsp;
    this.offset = offset;
    this.size = size;
  }

  /** A message built in memory (the payload is copied). */
  public static SeiMessage of(int payloadType, byte[] payload) {
    return new SeiMessage(payloadType, Rbsp.of(payload, "SEI payload"), 0, payload.length);
  }

  /** A message whose payload is {@code rbsp[offset, offset + size)}. */
  static SeiMessage inRbsp(int payloadType, Rbsp rbsp, int offset, int size) {
    return new SeiMessage(payloadType, rbsp, offset, size);
  }

  public int payloadType() {
    return payloadType;
  }

  public int payloadSize() {
    return size;
  }

  /** A copy of the payload bytes. */
  public byte[] payload() {
    return rbsp.bytes(offset, size);
  }

  /** Payload byte {@code i}, unsigned. */
  public int payloadByte(int i) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException(i);
    }
    return rbsp.get(offset + i);
  }

  /** A reader over the payload bytes {@code [from, payloadSize)}. */
  public BitReader reader(int from) {
    return new BitReader(rbsp, offset + from, offset + size);
  }

  /** A reader over the whole payload. */
  public BitReader reader() {
    return reader(0);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SeiMessage m && m.payloadType == payloadType && Arrays.equals(m.payload(), payload());
  }

  @Override
  public int hashCode() {
    return payloadType * 31 + Arrays.hashCode(payload());
  }

  @Override
  public String toString() {
    return "SeiMessage[payloadType=" + payloadType + ", payloadSize=" + size + "]";
  }
}
