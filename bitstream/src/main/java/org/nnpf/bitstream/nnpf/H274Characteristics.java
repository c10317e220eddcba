package org.nnpf.bitstream.nnpf;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * An ITU-T H.274 neural-network post-filter characteristics SEI message (NNPFC, {@code
 * payloadType} 210), in the form the project writes and the subset of its elements the project
 * interprets (docs/bitstream-syntax.md section 12). Elements of purposes other than visual quality
 * improvement are read but kept only in the reader's trace.
 *
 * @param purpose {@code nnpfc_purpose} (u(16)); 1 = visual quality improvement
 * @param id {@code nnpfc_id} (ue(v), 0..2^32 - 2)
 * @param baseFlag {@code nnpfc_base_flag}: 1 a base filter, 0 an update of the base filter with
 *     this id
 * @param modeIdc {@code nnpfc_mode_idc}: 0 the network is the ISO/IEC 15938-17 bitstream in the
 *     message, 1 it is identified by {@code tagUri} and {@code uri}
 * @param tagUri {@code nnpfc_tag_uri} (mode 1; empty otherwise): an RFC 4151 tag URI naming the
 *     format of the network
 * @param uri {@code nnpfc_uri} (mode 1; empty otherwise): names the network
 * @param format the properties, when {@code nnpfc_property_present_flag} is 1
 * @param nnrPayload {@code nnpfc_payload_byte[]} (mode 0; empty otherwise)
 */
public record H274Characteristics(
    int purpose, long id, boolean baseFlag, int modeIdc, String tagUri, String uri, Optional<H274Format> format,
    byte[] nnrPayload) implements NnpfMessage {

  /** {@code payloadType} of the NNPFC SEI message. */
  public static final int PAYLOAD_TYPE = 210;

  /** {@code nnpfc_purpose} bit of visual quality improvement. */
  public static final int PURPOSE_VISUAL_QUALITY = 0x01;

  /** Largest {@code nnpfc_id} (2^32 - 2). */
  public static final long MAX_ID = 0xFFFF_FFFEL;

  public H274Characteristics {
    Objects.requireNonNull(tagUri);
    Objects.requireNonNull(uri);
    Objects.requireNonNull(format);
    nnrPayload = nnrPayload.clone();
    if (purpose < 0 || purpose > 0xFFFF) {
      throw new IllegalArgumentException("nnpfc_purpose " + purpose);
    }
    if (id < 0 || id > MAX_ID) {
      throw new IllegalArgumentException("nnpfc_id " + id);
    }
    if (modeIdc == 1 ? nnrPayload.length != 0 : !tagUri.isEmpty() || !uri.isEmpty()) {
      throw new IllegalArgumentException("mode " + modeIdc + " with the other mode's data");
    }
  }

  /** A base filter of the given purpose identified by a tag URI and a URI (mode 1). */
  public static H274Characteristics byUri(int purpose, long id, String tagUri, String uri, H274Format format) {
    return new H274Characteristics(purpose, id, true, 1, tagUri, uri, Optional.of(format), new byte[0]);
  }

  @Override
  public byte[] nnrPayload() {
    return nnrPayload.clone();
  }

  /** The SEI {@code payloadType} (this is an H.274 message, not an {@code nnpf_message()}). */
  @Override
  public int messageType() {
    return PAYLOAD_TYPE;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof H274Characteristics c && c.purpose == purpose && c.id == id && c.baseFlag == baseFlag
        && c.modeIdc == modeIdc && c.tagUri.equals(tagUri) && c.uri.equals(uri) && c.format.equals(format)
        && Arrays.equals(c.nnrPayload, nnrPayload);
  }

  @Override
  public int hashCode() {
    return Objects.hash(purpose, id, baseFlag, modeIdc, tagUri, uri, format, Arrays.hashCode(nnrPayload));
  }

  @Override
  public String toString() {
    return "NNPFC[id " + id + ", purpose " + purpose + ", base " + baseFlag + ", mode " + modeIdc
        + (modeIdc == 1 ? ", tag " + tagUri + ", uri " + uri : ", " + nnrPayload.length + " payload bytes")
        + format.map(f -> ", " + f).orElse("") + "]";
  }
}
