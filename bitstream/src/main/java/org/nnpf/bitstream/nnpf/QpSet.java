package org.nnpf.bitstream.nnpf;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * A quantization-parameter set ({@code qp_set()}): an accumulator precision and a quantizer for
 * each tensor role it covers. Layers refer to QP sets by index (see {@link QpSetAssignment}).
 *
 * @param accumulatorBits 16, 24 or 32: no accumulation of a layer that uses this set as its own
 *     may leave the signed range of that many bits
 * @param quantizers quantizer per role; roles absent from the map are not covered by this set
 */
public record QpSet(int accumulatorBits, Map<TensorRole, TensorQuantizer> quantizers) {
  public QpSet {
    accumulatorIdc(accumulatorBits);
    EnumMap<TensorRole, TensorQuantizer> copy = new EnumMap<>(TensorRole.class);
    copy.putAll(quantizers);
    quantizers = Collections.unmodifiableMap(copy);
  }

  /** {@code qps_accumulator_precision_idc}: 16 -> 0, 24 -> 1, 32 -> 2. */
  public static int accumulatorIdc(int bits) {
    switch (bits) {
      case 16:
        return 0;
      case 24:
        return 1;
      case 32:
        return 2;
      default:
        throw new IllegalArgumentException("accumulator precision " + bits + " is not 16, 24 or 32");
    }
  }

  /** Accumulator bits of an idc in 0..2. */
  public static int accumulatorBitsOf(int idc) {
    return 16 + 8 * idc;
  }

  /** The quantizer this set gives to {@code role}, if it covers it. */
  public Optional<TensorQuantizer> quantizer(TensorRole role) {
    return Optional.ofNullable(quantizers.get(role));
  }

  /** A builder-style copy with one more role. */
  public QpSet with(TensorRole role, TensorQuantizer q) {
    EnumMap<TensorRole, TensorQuantizer> m = new EnumMap<>(TensorRole.class);
    m.putAll(quantizers);
    m.put(role, q);
    return new QpSet(accumulatorBits, m);
  }
}
