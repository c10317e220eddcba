package org.nnpf.bitstream.nnpf;

/**
 * {@code ph_hash_type}: the hashes of the H.265 decoded picture hash SEI message (D.3.19), computed
 * here over the post-filtered output picture.
 */
public enum PictureHashType {
  /** MD5 of each plane, 16 bytes. */
  MD5(0, 16),
  /** CRC-16 (polynomial 0x1021, initial value 0xFFFF) of each plane, 2 bytes. */
  CRC(1, 2),
  /** 32-bit position-weighted checksum of each plane, 4 bytes. */
  CHECKSUM(2, 4);

  private final int code;
  private final int length;

  PictureHashType(int code, int length) {
    this.code = code;
    this.length = length;
  }

  public int code() {
    return code;
  }

  /** Bytes per plane. */
  public int length() {
    return length;
  }

  /** The type with the given code, or null for a reserved value. */
  public static PictureHashType fromCode(int code) {
    return code >= 0 && code < 3 ? values()[code] : null;
  }

  /** HM's label: "MD5", "CRC" or "Checksum". */
  public String label() {
    switch (this) {
      case MD5:
        return "MD5";
      case CRC:
        return "CRC";
      default:
        return "Checksum";
    }
  }
}
