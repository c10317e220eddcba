package org.nnpf.bitstream.nnpf;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * The model a parameter set applies to: identified by the hash of its model file, and optionally
 * carried in-band as the complete model file (an opaque byte payload in the model format of
 * docs/integer-inference.md). When the model is in-band, the hash is the hash of those bytes.
 */
public final class ModelReference {
  private final ModelHashType hashType;
  private final byte[] hash;
  private final byte[] inBandModel;

  private ModelReference(ModelHashType hashType, byte[] hash, byte[] inBandModel) {
    this.hashType = Objects.requireNonNull(hashType);
    if (hash.length != hashType.length()) {
      throw new IllegalArgumentException(
          hashType + " hash has " + hashType.length() + " bytes, got " + hash.length);
    }
    this.hash = hash.clone();
    if (inBandModel != null) {
      if (inBandModel.length < 1 || inBandModel.length > NnpfLimits.MAX_MODEL_BYTES) {
        throw new IllegalArgumentException("in-band model of " + inBandModel.length + " bytes");
      }
      if (!Arrays.equals(hashType.hash(inBandModel), hash)) {
        throw new IllegalArgumentException("the hash does not match the in-band model");
      }
      this.inBandModel = inBandModel.clone();
    } else {
      this.inBandModel = null;
    }
  }

  /** A model the decoder already holds, identified by its hash. */
  public static ModelReference byHash(ModelHashType type, byte[] hash) {
    return new ModelReference(type, hash, null);
  }

  /** A model the decoder already holds, identified by the hash of its file. */
  public static ModelReference byHashOf(ModelHashType type, byte[] modelFile) {
    return new ModelReference(type, type.hash(modelFile), null);
  }

  /** A model carried in-band. */
  public static ModelReference inBand(ModelHashType type, byte[] modelFile) {
    return new ModelReference(type, type.hash(modelFile), modelFile);
  }

  public ModelHashType hashType() {
    return hashType;
  }

  /** A copy of the hash bytes. */
  public byte[] hash() {
    return hash.clone();
  }

  /** The hash as lower-case hexadecimal. */
  public String hashHex() {
    return HexFormat.of().formatHex(hash);
  }

  /** True if the model file is carried in-band. */
  public boolean isInBand() {
    return inBandModel != null;
  }

  /** A copy of the in-band model file, if carried. */
  public Optional<byte[]> inBandModel() {
    return Optional.ofNullable(inBandModel).map(byte[]::clone);
  }

  /** True if {@code modelFile} has this reference's hash. */
  public boolean matches(byte[] modelFile) {
    return Arrays.equals(hashType.hash(modelFile), hash);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ModelReference m
        && m.hashType == hashType
        && Arrays.equals(m.hash, hash)
        && Arrays.equals(m.inBandModel, inBandModel);
  }

  @Override
  public int hashCode() {
    return Objects.hash(hashType, Arrays.hashCode(hash), Arrays.hashCode(inBandModel));
  }

  @Override
  public String toString() {
    return "ModelReference[" + hashType + " " + hashHex()
        + (inBandModel != null ? ", in-band " + inBandModel.length + " bytes" : "") + "]";
  }
}
