package org.nnpf.bitstream.nnpf;

import java.util.OptionalLong;

/**
 * An H.274 NNPFC or NNPFA SEI message that a decoder shall ignore: it has a value H.274 reserves
 * for future use where it says decoders ignore the message (docs/bitstream-syntax.md 12.6).
 *
 * @param payloadType 210 or 211
 * @param id its {@code nnpfc_id} / {@code nnpfa_target_id}, when it was read
 * @param element the element with the reserved value
 * @param reason what is reserved
 */
public record H274Ignored(int payloadType, OptionalLong id, String element, String reason) implements NnpfMessage {
  /** The SEI {@code payloadType}. */
  @Override
  public int messageType() {
    return payloadType;
  }

  @Override
  public String toString() {
    return (payloadType == H274Characteristics.PAYLOAD_TYPE ? "NNPFC" : "NNPFA")
        + (id.isPresent() ? " with id " + id.getAsLong() : "") + " ignored: " + element + " " + reason;
  }
}
