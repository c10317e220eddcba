package org.nnpf.bitstream.nal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Writes NAL units as an Annex-B byte stream: for each unit, {@link NalUnit#leadingZeroBytes()}
 * zero bytes, the start code prefix {@code 0x000001}, the unit's bytes, then {@link
 * NalUnit#trailingZeroBytes()} zero bytes. Units read by {@link NalUnitStream} therefore come back
 * byte for byte; units made by {@link NalUnit#create} carry one leading zero byte (a 4-byte start
 * code, allowed before any NAL unit and required before parameter sets and the first unit of an
 * access unit).
 */
public final class AnnexBWriter {
  private AnnexBWriter() {}

  /** Appends one unit to {@code out}. */
  public static void write(NalUnit unit, ByteBuf out) {
    out.writeZero(unit.leadingZeroBytes());
    out.writeByte(0).writeByte(0).writeByte(1);
    out.writeBytes(unit.content());
    out.writeZero(unit.trailingZeroBytes());
  }

  /** Appends the units in order to {@code out}. */
  public static void write(Iterable<NalUnit> units, ByteBuf out) {
    for (NalUnit u : units) {
      write(u, out);
    }
  }

  /** The units as a byte array. */
  public static byte[] toByteArray(Iterable<NalUnit> units) {
    ByteBuf out = Unpooled.buffer();
    write(units, out);
    byte[] b = new byte[out.readableBytes()];
    out.readBytes(b);
    return b;
  }
}
