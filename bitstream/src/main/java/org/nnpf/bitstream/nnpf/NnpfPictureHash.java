package org.nnpf.bitstream.nnpf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The hash of the output picture of the access unit that carries it ({@code nnpf_picture_hash()}):
 * the post-filtered picture when a post-filter applies to it, otherwise the decoded picture. One
 * digest per plane, big-endian for CRC and checksum. Immutable.
 */
public final class NnpfPictureHash implements NnpfMessage {
  private final PictureHashType hashType;
  private final List<byte[]> digests;

  /**
   * @param digests one per plane (1 or 3), each {@code hashType.length()} bytes (copied)
   */
  public NnpfPictureHash(PictureHashType hashType, List<byte[]> digests) {
    this.hashType = Objects.requireNonNull(hashType);
    if (digests.size() != 1 && digests.size() != 3) {
      throw new IllegalArgumentException("1 or 3 planes, got " + digests.size());
    }
    List<byte[]> copy = new ArrayList<>();
    for (byte[] d : digests) {
      if (d.length != hashType.length()) {
        throw new IllegalArgumentException(hashType + " digest has " + hashType.length() + " bytes, got " + d.length);
      }
      copy.add(d.clone());
    }
    this.digests = copy;
  }

  @Override
  public int messageType() {
    return TYPE_PICTURE_HASH;
  }

  public PictureHashType hashType() {
    return hashType;
  }

  public int planeCount() {
    return digests.size();
  }

  /** A copy of the digest of plane {@code c}. */
  public byte[] digest(int c) {
    return digests.get(c).clone();
  }

  /** The digest of plane {@code c} in lower-case hexadecimal. */
  public String hex(int c) {
    return HexFormat.of().formatHex(digests.get(c));
  }

  /** HM style: "[MD5:(hexY,hexU,hexV)]"-like text, e.g. "MD5:1a2b...,3c4d...,5e6f...". */
  public String describe() {
    StringBuilder sb = new StringBuilder(hashType.label()).append(':');
    for (int c = 0; c < digests.size(); c++) {
      if (c > 0) {
        sb.append(',');
      }
      sb.append(hex(c));
    }
    return sb.toString();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof NnpfPictureHash h) || h.hashType != hashType || h.digests.size() != digests.size()) {
      return false;
    }
    for (int c = 0; c < digests.size(); c++) {
      if (!Arrays.equals(h.digests.get(c), digests.get(c))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = hashType.hashCode();
    for (byte[] d : digests) {
      h = h * 31 + Arrays.hashCode(d);
    }
    return h;
  }

  @Override
  public String toString() {
    return "NnpfPictureHash[" + describe() + "]";
  }
}
