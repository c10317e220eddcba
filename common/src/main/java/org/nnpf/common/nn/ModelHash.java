package org.nnpf.common.nn;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * SHA-256 of a model file's bytes (see docs/model-format.md), the identity of a model: two models
 * with the same hash have the same layout, layers and float32 parameters bit for bit.
 */
public final class ModelHash {
  private final byte[] digest;

  private ModelHash(byte[] digest) {
    this.digest = digest;
  }

  /** The SHA-256 of {@code bytes}. */
  public static ModelHash of(byte[] bytes) {
    try {
      return new ModelHash(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
    }
  }

  /** The 32 digest bytes (a copy). */
  public byte[] bytes() {
    return digest.clone();
  }

  /** The first 8 digest bytes as a big-endian long: a short model identifier. */
  public long shortId() {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (digest[i] & 0xFF);
    }
    return v;
  }

  /** 64 lower-case hex digits. */
  public String hex() {
    return HexFormat.of().formatHex(digest);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelHash h && Arrays.equals(h.digest, digest);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(digest);
  }

  @Override
  public String toString() {
    return hex();
  }
}
