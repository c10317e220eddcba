package org.nnpf.conformance;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.Map;
import org.nnpf.bitstream.carriage.Container;
import org.nnpf.bitstream.carriage.NnpfNalUnits;
import org.nnpf.bitstream.nal.AccessUnit;
import org.nnpf.bitstream.nal.AccessUnitSplitter;
import org.nnpf.bitstream.nal.AnnexBWriter;
import org.nnpf.bitstream.nal.NalCodec;
import org.nnpf.bitstream.nal.NalUnit;
import org.nnpf.bitstream.nal.NalUnitStream;
import org.nnpf.bitstream.rbsp.BitWriter;
import org.nnpf.bitstream.sei.SeiMessage;
import org.nnpf.bitstream.sei.SeiRbsp;

/**
 * Hand-made NAL units for streams the project's writer would never produce: {@code
 * nnpf_message()} bytes of later versions, and deliberately malformed units for the negative
 * streams. Units are placed as docs/bitstream-syntax.md section 3.3 places NNPF units: immediately
 * before the first VCL NAL unit of their access unit, except AVC APS units, which follow its last
 * VCL NAL unit.
 */
public final class RawUnits {
  private RawUnits() {}

  /** The escaped bytes of a NAL unit (header included, no start code). */
  public record Unit(byte[] bytes, boolean afterLastVcl) {
    public Unit {
      bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
      return bytes.clone();
    }
  }

  /**
   * The SEI NAL unit of {@code codec} holding one {@code user_data_unregistered} message with the
   * NNPF UUID and {@code message}.
   */
  public static Unit sei(NalCodec codec, int temporalId, byte[] message) {
    return sei(codec, temporalId, List.of(seiMessage(message)));
  }

  /** The SEI NAL unit of {@code codec} holding {@code messages}. */
  public static Unit sei(NalCodec codec, int temporalId, List<SeiMessage> messages) {
    byte[] rbsp = SeiRbsp.write(messages);
    return new Unit(NalUnit.create(codec, codec.prefixSeiType(), 0, temporalId + 1, 0, rbsp).toByteArray(), false);
  }

  /**
   * A suffix SEI NAL unit of {@code codec} holding {@code messages}, placed after the last VCL NAL
   * unit of its access unit.
   *
   * @throws IllegalArgumentException if the codec has no suffix SEI NAL unit (AVC)
   */
  public static Unit suffixSei(NalCodec codec, int temporalId, List<SeiMessage> messages) {
    int type = switch (codec) {
      case HEVC -> 40;
      case VVC -> 24;
      default -> throw new IllegalArgumentException(codec + " has no suffix SEI NAL unit");
    };
    byte[] rbsp = SeiRbsp.write(messages);
    return new Unit(NalUnit.create(codec, type, 0, temporalId + 1, 0, rbsp).toByteArray(), true);
  }

  /**
   * A {@code user_data_unregistered} message that is not NNPF data: the UUID
   * 00112233-4455-6677-8899-aabbccddeeff followed by the ASCII text "not nnpf".
   */
  public static SeiMessage foreignUserData() {
    byte[] payload = new byte[24];
    for (int i = 0; i < 16; i++) {
      payload[i] = (byte) (i * 0x11);
    }
    System.arraycopy("not nnpf".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, payload, 16, 8);
    return SeiMessage.of(SeiMessage.USER_DATA_UNREGISTERED, payload);
  }

  /** The {@code user_data_unregistered} message holding {@code message} after the NNPF UUID. */
  public static SeiMessage seiMessage(byte[] message) {
    byte[] payload = new byte[16 + message.length];
    System.arraycopy(NnpfNalUnits.uuid(), 0, payload, 0, 16);
    System.arraycopy(message, 0, payload, 16, message.length);
    return SeiMessage.of(SeiMessage.USER_DATA_UNREGISTERED, payload);
  }

  /** An NNPF APS NAL unit of type {@code nalType} holding {@code message}. */
  public static Unit aps(NalCodec codec, int nalType, int temporalId, byte[] message) {
    BitWriter w = new BitWriter();
    w.u(32, NnpfNalUnits.APS_SIGNATURE);
    w.bytes(message);
    w.rbspTrailingBits();
    int refIdc = codec == NalCodec.AVC ? NnpfNalUnits.AVC_APS_REF_IDC : 0;
    return new Unit(NalUnit.create(codec, nalType, 0, temporalId + 1, refIdc, w.toByteArray()).toByteArray(),
        codec == NalCodec.AVC);
  }

  /** A unit in {@code container}: SEI, or an APS of the codec's default type. */
  public static Unit in(Container container, NalCodec codec, int temporalId, byte[] message) {
    return container == Container.SEI ? sei(codec, temporalId, message)
        : aps(codec, codec.defaultApsType(), temporalId, message);
  }

  /** A unit whose bytes are given as they are (possibly malformed). */
  public static Unit verbatim(byte[] nalBytes, boolean afterLastVcl) {
    return new Unit(nalBytes, afterLastVcl);
  }

  /**
   * {@code stream} with {@code units} inserted, per access unit (decoding order), each with a
   * 4-byte start code; every other NAL unit stays byte for byte as it was.
   *
   * @throws IllegalArgumentException if an access unit index does not exist or has no VCL NAL unit
   */
  public static byte[] insert(byte[] stream, NalCodec codec, Map<Integer, List<Unit>> units) {
    ByteBuf out = Unpooled.buffer(stream.length + 1024);
    AccessUnitSplitter aus = new AccessUnitSplitter(new NalUnitStream(stream, codec), codec);
    int count = 0;
    while (aus.hasNext()) {
      AccessUnit au = aus.next();
      count++;
      List<Unit> extra = units.getOrDefault(au.index(), List.of());
      int first = au.firstVclIndex();
      int last = au.lastVclIndex();
      if (!extra.isEmpty() && first < 0) {
        throw new IllegalArgumentException("access unit " + au.index() + " has no VCL NAL unit");
      }
      List<NalUnit> nal = au.units();
      for (int i = 0; i < nal.size(); i++) {
        if (i == first) {
          writeAll(extra, false, out);
        }
        NalUnit u = nal.get(i);
        if (i == last && extra.stream().anyMatch(Unit::afterLastVcl)) {
          AnnexBWriter.write(u.withZeroBytes(u.leadingZeroBytes(), 0), out);
          writeAll(extra, true, out);
          out.writeZero(u.trailingZeroBytes());
        } else {
          AnnexBWriter.write(u, out);
        }
      }
    }
    for (int k : units.keySet()) {
      if (k >= count && !units.get(k).isEmpty()) {
        throw new IllegalArgumentException("access unit " + k + " does not exist: the stream has " + count);
      }
    }
    byte[] b = new byte[out.readableBytes()];
    out.readBytes(b);
    return b;
  }

  private static void writeAll(List<Unit> units, boolean afterLastVcl, ByteBuf out) {
    for (Unit u : units) {
      if (u.afterLastVcl() == afterLastVcl) {
        out.writeBytes(new byte[] {0, 0, 0, 1});
        out.writeBytes(u.bytes);
      }
    }
  }
}
