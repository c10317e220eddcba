package org.nnpf.bitstream.carriage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nnpf.bitstream.BitstreamException;
import org.nnpf.bitstream.nal.NalCodec;
import org.nnpf.bitstream.nal.NalUnit;
import org.nnpf.bitstream.nnpf.H274Activation;
import org.nnpf.bitstream.nnpf.H274Characteristics;
import org.nnpf.bitstream.nnpf.H274SeiSyntax;
import org.nnpf.bitstream.nnpf.NnpfMessage;
import org.nnpf.bitstream.nnpf.NnpfMessageReader;
import org.nnpf.bitstream.nnpf.NnpfMessageWriter;
import org.nnpf.bitstream.rbsp.BitReader;
import org.nnpf.bitstream.rbsp.BitWriter;
import org.nnpf.bitstream.rbsp.Rbsp;
import org.nnpf.bitstream.sei.SeiMessage;
import org.nnpf.bitstream.sei.SeiRbsp;

/**
 * Builds and recognises the NAL units that carry NNPF messages (docs/bitstream-syntax.md,
 * "Carriage"), and the H.274 NNPFC and NNPFA SEI messages of the H.274 carriage (section 12).
 *
 * <ul>
 *   <li>SEI: {@code user_data_unregistered( payloadSize ) { uuid_iso_iec_11578 u(128);
 *       nnpf_message( ) }} with the UUID {@link #UUID_STRING}; the NAL unit is an HEVC prefix SEI
 *       (39) or VVC prefix SEI (23) with {@code nuh_layer_id} 0 and the TemporalId of its access
 *       unit, or an AVC SEI (6) with {@code nal_ref_idc} 0.
 *   <li>APS: a NAL unit of an unspecified type ({@link NalCodec#isAllowedApsType}) holding {@code
 *       nnpf_aps_rbsp( ) { nnpf_aps_signature f(32) = 0x4E4E5046; nnpf_message( );
 *       rbsp_trailing_bits( ) }}; HEVC / VVC with {@code nuh_layer_id} 0 and the TemporalId of its
 *       access unit, AVC with {@code nal_ref_idc} 3.
 * </ul>
 */
public final class NnpfNalUnits {
  private NnpfNalUnits() {}

  /** The project's UUID for {@code user_data_unregistered}. */
  public static final String UUID_STRING = "f221120c-e906-48d6-8999-0ed3744a7fb0";

  private static final byte[] UUID = {
    (byte) 0xf2, 0x21, 0x12, 0x0c, (byte) 0xe9, 0x06, 0x48, (byte) 0xd6,
    (byte) 0x89, (byte) 0x99, 0x0e, (byte) 0xd3, 0x74, 0x4a, 0x7f, (byte) 0xb0
  };

  /** {@code nnpf_aps_signature}: "NNPF" in ASCII. */
  public static final int APS_SIGNATURE = 0x4E4E5046;

  /** {@code nal_ref_idc} of an AVC NNPF APS. */
  public static final int AVC_APS_REF_IDC = 3;

  /** The 16 UUID bytes. */
  public static byte[] uuid() {
    return UUID.clone();
  }

  /**
   * The SEI message carrying {@code m}: a {@code user_data_unregistered} message for an {@code
   * nnpf_message()}, the NNPFC (210) or NNPFA (211) SEI message for an H.274 message.
   */
  public static SeiMessage seiMessage(NnpfMessage m) {
    if (m instanceof H274Characteristics || m instanceof H274Activation) {
      return SeiMessage.of(m.messageType(), H274SeiSyntax.write(m));
    }
    BitWriter w = new BitWriter();
    w.bytes(UUID);
    NnpfMessageWriter.write(m, w);
    return SeiMessage.of(SeiMessage.USER_DATA_UNREGISTERED, w.toByteArray());
  }

  /** An SEI NAL unit holding one {@code user_data_unregistered} message per NNPF message. */
  public static NalUnit seiUnit(NalCodec codec, List<NnpfMessage> messages, int temporalId) {
    List<SeiMessage> sei = new ArrayList<>();
    for (NnpfMessage m : messages) {
      sei.add(seiMessage(m));
    }
    byte[] rbsp = SeiRbsp.write(sei);
    return NalUnit.create(codec, codec.prefixSeiType(), 0, temporalId + 1, 0, rbsp);
  }

  /** An NNPF APS NAL unit of type {@code nalType} holding {@code m}. */
  public static NalUnit apsUnit(NalCodec codec, int nalType, NnpfMessage m, int temporalId) {
    if (!codec.isAllowedApsType(nalType)) {
      throw new IllegalArgumentException(
          "NAL unit type " + nalType + " is not one an NNPF APS may use in " + codec);
    }
    BitWriter w = new BitWriter();
    w.u(32, APS_SIGNATURE);
    NnpfMessageWriter.write(m, w);
    w.rbspTrailingBits();
    return NalUnit.create(codec, nalType, 0, temporalId + 1, AVC_APS_REF_IDC, w.toByteArray());
  }

  /**
   * What an NNPF-carrying NAL unit holds.
   *
   * @param container SEI or APS
   * @param messages the NNPF messages with the stream offset of each
   * @param onlyNnpf true if the unit holds nothing but NNPF messages (so it can be removed to get
   *     the base stream back)
   */
  public record Parsed(Container container, List<Located> messages, boolean onlyNnpf) {}

  /** A message and the stream offset of its first byte. */
  public record Located(NnpfMessage message, long offset) {}

  /**
   * The NNPF messages in {@code unit}, or empty if it carries none: SEI NAL units are parsed
   * (their framing must be valid); units of an unspecified type are NNPF APS units when their RBSP
   * starts with the signature. Every NNPF message found is parsed strictly.
   *
   * @throws BitstreamException for a malformed SEI NAL unit or NNPF message
   */
  public static Optional<Parsed> parse(NalUnit unit) {
    NalCodec codec = unit.codec();
    if (codec.isSei(unit.type())) {
      return parseSei(unit);
    }
    if (codec.isUnspecified(unit.type()) && unit.size() >= codec.headerBytes() + 4) {
      byte[] head = unit.payloadPrefix(4);
      if (head.length == 4
          && ((head[0] & 0xFF) << 24 | (head[1] & 0xFF) << 16 | (head[2] & 0xFF) << 8 | (head[3] & 0xFF))
              == APS_SIGNATURE) {
        return Optional.of(parseAps(unit));
      }
    }
    return Optional.empty();
  }

  private static Optional<Parsed> parseSei(NalUnit unit) {
    Rbsp rbsp = unit.payloadRbsp();
    List<SeiMessage> sei = SeiRbsp.read(rbsp);
    List<Located> found = new ArrayList<>();
    boolean only = true;
    for (SeiMessage m : sei) {
      if (isNnpf(m)) {
        BitReader r = m.reader(16);
        long offset = r.origin().offsetOf(r.rbspByteIndex());
        if (r.bitsLeft() == 0) {
          throw r.error("nnpf_message_type", "user_data_unregistered with the NNPF UUID but no message");
        }
        found.add(new Located(NnpfMessageReader.read(r), offset));
      } else if (isH274(m) && (unit.codec() == NalCodec.AVC || unit.type() == unit.codec().prefixSeiType())) {
        // NNPFC / NNPFA: prefix SEI messages (H.274); in a suffix SEI NAL unit they are not read
        BitReader r = m.reader(0);
        long offset = r.origin().offsetOf(r.rbspByteIndex());
        found.add(new Located(H274SeiSyntax.read(m.payloadType(), r, null), offset));
      } else {
        only = false;
      }
    }
    return found.isEmpty() ? Optional.empty() : Optional.of(new Parsed(Container.SEI, found, only));
  }

  private static boolean isH274(SeiMessage m) {
    return m.payloadType() == H274Characteristics.PAYLOAD_TYPE || m.payloadType() == H274Activation.PAYLOAD_TYPE;
  }

  private static boolean isNnpf(SeiMessage m) {
    if (m.payloadType() != SeiMessage.USER_DATA_UNREGISTERED || m.payloadSize() < 16) {
      return false;
    }
    for (int i = 0; i < 16; i++) {
      if (m.payloadByte(i) != (UUID[i] & 0xFF)) {
        return false;
      }
    }
    return true;
  }

  private static Parsed parseAps(NalUnit unit) {
    Rbsp rbsp = unit.payloadRbsp();
    int last = rbsp.length() - 1;
    while (last >= 0 && rbsp.get(last) == 0) {
      last--;
    }
    BitReader whole = new BitReader(rbsp);
    if (last < 4 || rbsp.get(last) != 0x80) {
      long at = last < 0 ? 0 : (long) last * 8;
      throw whole.errorAt(
          "rbsp_stop_one_bit", at, "an NNPF APS must end with rbsp_trailing_bits at a byte boundary (0x80)");
    }
    BitReader r = new BitReader(rbsp, 4, last);
    long offset = r.origin().offsetOf(4);
    NnpfMessage m = NnpfMessageReader.read(r);
    return new Parsed(Container.APS, List.of(new Located(m, offset)), true);
  }
}
