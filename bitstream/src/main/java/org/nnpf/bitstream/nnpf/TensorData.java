package org.nnpf.bitstream.nnpf;

import java.util.Arrays;
import java.util.Objects;

/**
 * Integer values of one tensor as {@code tensor_data()} codes them: a coding (absolute or
 * difference to the base model), the order k of the signed Exp-Golomb code {@code sek(v)}, and one
 * value per element in the tensor's element order. Immutable.
 */
public final class TensorData {
  private final TensorCoding coding;
  private final int egOrder;
  private final int[] values;

  public TensorData(TensorCoding coding, int egOrder, int[] values) {
    this.coding = Objects.requireNonNull(coding);
    if (egOrder < 0 || egOrder > NnpfLimits.MAX_EG_ORDER) {
      throw new IllegalArgumentException("Exp-Golomb order " + egOrder + " outside 0.." + NnpfLimits.MAX_EG_ORDER);
    }
    this.egOrder = egOrder;
    this.values = values.clone();
  }

  /** Absolute values, coded with the Exp-Golomb order that makes them shortest. */
  public static TensorData absolute(int[] values) {
    return new TensorData(TensorCoding.ABSOLUTE, bestEgOrder(values), values);
  }

  /**
   * Differences {@code values[i] - base[i]}, coded with the Exp-Golomb order that makes them
   * shortest.
   */
  public static TensorData deltaToBase(int[] values, int[] base) {
    if (values.length != base.length) {
      throw new IllegalArgumentException(values.length + " values but " + base.length + " base values");
    }
    int[] d = new int[values.length];
    for (int i = 0; i < d.length; i++) {
      d[i] = Math.subtractExact(values[i], base[i]);
    }
    return new TensorData(TensorCoding.DELTA_TO_BASE, bestEgOrder(d), d);
  }

  /** The order k in 0..{@link NnpfLimits#MAX_EG_ORDER} with the fewest bits for these values. */
  public static int bestEgOrder(int[] values) {
    int best = 0;
    long bestBits = Long.MAX_VALUE;
    for (int k = 0; k <= NnpfLimits.MAX_EG_ORDER; k++) {
      long bits = 0;
      for (int v : values) {
        bits += sekBits(k, v);
      }
      if (bits < bestBits) {
        bestBits = bits;
        best = k;
      }
    }
    return best;
  }

  /** Length in bits of the {@code sek(v)} code word of {@code v}. */
  public static int sekBits(int k, long v) {
    long c = v > 0 ? 2 * v - 1 : -2 * v;
    long x = c + (1L << k);
    int nbits = 64 - Long.numberOfLeadingZeros(x);
    return 2 * nbits - 1 - k;
  }

  public TensorCoding coding() {
    return coding;
  }

  public int egOrder() {
    return egOrder;
  }

  public int size() {
    return values.length;
  }

  /** The coded value of element {@code i}. */
  public int value(int i) {
    return values[i];
  }

  /** A copy of the coded values. */
  public int[] values() {
    return values.clone();
  }

  /**
   * The tensor's integer elements: the coded values themselves ({@link TensorCoding#ABSOLUTE}) or
   * {@code base[i] + value[i]} ({@link TensorCoding#DELTA_TO_BASE}), each checked to fit {@code
   * bitWidth} signed bits.
   *
   * @param base the base model's elements at the signalled quantizer; may be null for absolute
   *     coding
   * @throws IllegalArgumentException if an element does not fit, naming its index
   */
  public int[] reconstruct(int[] base, int bitWidth) {
    long min = -(1L << (bitWidth - 1));
    long max = (1L << (bitWidth - 1)) - 1;
    int[] out = new int[values.length];
    if (coding == TensorCoding.DELTA_TO_BASE && (base == null || base.length != values.length)) {
      throw new IllegalArgumentException(
          "difference coding needs " + values.length + " base values, got " + (base == null ? "none" : base.length));
    }
    for (int i = 0; i < out.length; i++) {
      long v = coding == TensorCoding.ABSOLUTE ? values[i] : (long) base[i] + values[i];
      if (v < min || v > max) {
        throw new IllegalArgumentException(
            "element " + i + " = " + v + " does not fit " + bitWidth + " signed bits");
      }
      out[i] = (int) v;
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorData t
        && t.coding == coding
        && t.egOrder == egOrder
        && Arrays.equals(t.values, values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(coding, egOrder) * 31 + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "TensorData[" + coding + ", k=" + egOrder + ", " + values.length + " values]";
  }
}
