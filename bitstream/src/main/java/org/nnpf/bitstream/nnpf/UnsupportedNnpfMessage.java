package org.nnpf.bitstream.nnpf;

/**
 * A message of a later minor version that this implementation cannot interpret (a reserved
 * message type or a reserved value in it). Decoders ignore it (docs/bitstream-syntax.md, "Unknown
 * versions and reserved values").
 *
 * @param messageType {@code nnpf_message_type}
 * @param versionMinor {@code nnpf_version_minor} (greater than 0)
 * @param reason what could not be interpreted
 * @param bodyLength number of bytes after the message header
 */
public record UnsupportedNnpfMessage(int messageType, int versionMinor, String reason, int bodyLength)
    implements NnpfMessage {
  @Override
  public String toString() {
    return "UnsupportedNnpfMessage[type " + messageType + ", version 1." + versionMinor + ": " + reason + "]";
  }

}
