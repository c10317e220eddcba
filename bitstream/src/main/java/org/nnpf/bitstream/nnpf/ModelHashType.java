package org.nnpf.bitstream.nnpf;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/** The hash that identifies a model file ({@code nnpfps_model_hash_type}). */
public enum ModelHashType {
  /** SHA-256 of the model file, 32 bytes. */
  SHA256(0, 32, "SHA-256"),
  /** The first 16 bytes of the SHA-256 of the model file. */
  SHA256_128(1, 16, "SHA-256"),
  /** MD5 of the model file, 16 bytes. */
  MD5(2, 16, "MD5");

  private final int idc;
  private final int length;
  private final String algorithm;

  ModelHashType(int idc, int length, String algorithm) {
    this.idc = idc;
    this.length = length;
    this.algorithm = algorithm;
  }

  public int idc() {
    return idc;
  }

  /** Hash length in bytes. */
  public int length() {
    return length;
  }

  /** The hash of {@code modelFile}. */
  public byte[] hash(byte[] modelFile) {
    try {
      byte[] full = MessageDigest.getInstance(algorithm).digest(modelFile);
      return Arrays.copyOf(full, length);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is missing from this Java runtime", e);
    }
  }

  /** The type with the given idc, or null for a reserved value. */
  public static ModelHashType fromIdc(int idc) {
    return idc >= 0 && idc < 3 ? values()[idc] : null;
  }
}
