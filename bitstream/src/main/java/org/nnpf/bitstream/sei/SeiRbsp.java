package org.nnpf.bitstream.sei;

import java.util.ArrayList;
import java.util.List;
import org.nnpf.bitstream.rbsp.BitReader;
import org.nnpf.bitstream.rbsp.BitWriter;
import org.nnpf.bitstream.rbsp.Rbsp;

/**
 * {@code sei_rbsp()} of H.264 7.3.2.3 / H.265 7.3.2.4 / H.266 7.3.2.9: one or more {@code
 * sei_message()}s followed by {@code rbsp_trailing_bits()}.
 *
 * <pre>
 * sei_message( ) {
 *   payloadType = 0
 *   do { payload_type_byte u(8); payloadType += payload_type_byte } while( payload_type_byte == 0xFF )
 *   payloadSize = 0
 *   do { payload_size_byte u(8); payloadSize += payload_size_byte } while( payload_size_byte == 0xFF )
 *   sei_payload( payloadType, payloadSize )     payloadSize bytes
 * }
 * </pre>
 *
 * <p>Payloads are taken as whole bytes; a {@code payloadSize} that runs past the end of the RBSP
 * is an error naming {@code payloadSize}. The type and size codes are bounded by the RBSP length,
 * so reading never loops without end.
 */
public final class SeiRbsp {
  private SeiRbsp() {}

  /** Reads every message of an SEI RBSP. */
  public static List<SeiMessage> read(Rbsp rbsp) {
    BitReader r = new BitReader(rbsp);
    List<SeiMessage> messages = new ArrayList<>();
    do {
      int payloadType = ffCoded(r, "payload_type_byte", "payloadType");
      long sizeStart = r.mark();
      int payloadSize = ffCoded(r, "payload_size_byte", "payloadSize");
      int offset = r.rbspByteIndex();
      if ((long) payloadSize * 8 > r.bitsLeft()) {
        throw r.errorAt(
            "payloadSize",
            sizeStart,
            "payloadSize " + payloadSize + " runs past the end of the SEI NAL unit (" + (r.bitsLeft() / 8)
                + " bytes left)");
      }
      messages.add(SeiMessage.inRbsp(payloadType, rbsp, offset, payloadSize));
      r.bytes(payloadSize, "sei_payload");
    } while (r.moreRbspData());
    r.rbspTrailingBits();
    return messages;
  }

  private static int ffCoded(BitReader r, String byteElement, String valueElement) {
    long start = r.mark();
    long value = 0;
    int b;
    do {
      b = r.u(8, byteElement);
      value += b;
      if (value > Integer.MAX_VALUE) {
        throw r.errorAt(valueElement, start, "value does not fit in 31 bits");
      }
    } while (b == 0xFF);
    return (int) value;
  }

  /** The RBSP of an SEI NAL unit holding {@code messages}, trailing bits included. */
  public static byte[] write(List<SeiMessage> messages) {
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("an SEI NAL unit holds at least one message");
    }
    BitWriter w = new BitWriter();
    for (SeiMessage m : messages) {
      writeFf(w, m.payloadType());
      writeFf(w, m.payloadSize());
      w.bytes(m.payload());
    }
    w.rbspTrailingBits();
    return w.toByteArray();
  }

  private static void writeFf(BitWriter w, int value) {
    int v = value;
    while (v >= 0xFF) {
      w.u(8, 0xFF);
      v -= 0xFF;
    }
    w.u(8, v);
  }
}
