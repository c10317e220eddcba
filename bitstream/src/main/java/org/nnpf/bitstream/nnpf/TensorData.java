package org.nnpf.bitstream.nnpf;

import java.util.Arrays;
import java.util.Objects;

/**
 * Integer values of one tensor as {@code tensor_data()} codes them: a coding (absolute, difference
 * to the base model in {@code sek(v)}, or difference to the base model in the arithmetic code of
 * version 1.2), the order k of the signed Exp-Golomb code {@code sek(v)} (codings 0 and 1) or the
 * quantization step {@code td_log2_step} (coding 2), and one value per element in the tensor's
 * element order. Immutable.
 */
public final class TensorData {
  private final TensorCoding coding;
  private final int egOrder;
  private final int log2Step;
  private final int[] values;
  /** {@code td_ac_byte[]} of an arithmetic-coded tensor (null otherwise). */
  private final byte[] acBytes;

  /**
   * Values coded with {@code sek(v)} of order {@code egOrder}: {@link TensorCoding#ABSOLUTE} or
   * {@link TensorCoding#DELTA_TO_BASE}; for {@link TensorCoding#DELTA_AC} use {@link #arithmetic}.
   */
  public TensorData(TensorCoding coding, int egOrder, int[] values) {
    this(requireExpGolomb(coding), egOrder, 0, values);
  }

  private static TensorCoding requireExpGolomb(TensorCoding c) {
    if (c == TensorCoding.DELTA_AC) {
      throw new IllegalArgumentException("an arithmetic-coded tensor is made by TensorData.arithmetic");
    }
    return c;
  }

  private TensorData(TensorCoding coding, int egOrder, int log2Step, int[] values) {
    this.coding = Objects.requireNonNull(coding);
    if (egOrder < 0 || egOrder > NnpfLimits.MAX_EG_ORDER) {
      throw new IllegalArgumentException("Exp-Golomb order " + egOrder + " outside 0.." + NnpfLimits.MAX_EG_ORDER);
    }
    if (log2Step < 0 || log2Step > NnpfLimits.MAX_LOG2_STEP) {
      throw new IllegalArgumentException("td_log2_step " + log2Step + " outside 0.." + NnpfLimits.MAX_LOG2_STEP);
    }
    if (coding == TensorCoding.DELTA_AC ? egOrder != 0 : log2Step != 0) {
      throw new IllegalArgumentException(coding + " with Exp-Golomb order " + egOrder + " and step " + log2Step);
    }
    this.egOrder = egOrder;
    this.log2Step = log2Step;
    this.values = values.clone();
    this.acBytes = coding == TensorCoding.DELTA_AC ? TensorArithmeticCode.encode(this.values) : null;
  }

  /**
   * Differences to the base model in units of {@code 2^log2Step}, arithmetic coded ({@code
   * td_coding_idc} 2): element e is {@code Pred[e] + (values[e] << log2Step)}.
   */
  public static TensorData arithmetic(int log2Step, int[] values) {
    return new TensorData(TensorCoding.DELTA_AC, 0, log2Step, values);
  }

  /**
   * The differences {@code values[i] - base[i]} in the coding with the fewest bits when {@code
   * tensor_data()} starts at bit {@code startBit} of the message (only its position modulo 8
   * matters): Exp-Golomb ({@code td_coding_idc} 1) with its best order, or the arithmetic code
   * ({@code td_coding_idc} 2) with step 0. Exact counts ({@link #bitCount}); on a tie Exp-Golomb,
   * which keeps the message at version 1.0.
   */
  public static TensorData cheapestDeltaToBase(int[] values, int[] base, long startBit) {
    TensorData eg = deltaToBase(values, base);
    TensorData ac = arithmetic(0, eg.values);
    return ac.bitCount(startBit) < eg.bitCount(startBit) ? ac : eg;
  }

  /**
   * As {@link #cheapestDeltaToBase}, also weighing the arithmetic code with the largest step
   * {@code 2^s} that divides every difference (the differences of an encoder that quantizes them
   * to a coarse step, such as bias updates at the accumulator's scale): the values are then coded
   * in units of the step, exactly.
   */
  public static TensorData cheapestDifferences(int[] values, int[] base, long startBit) {
    TensorData best = cheapestDeltaToBase(values, base, startBit);
    int or = 0;
    for (int d : best.values) {
      or |= d;
    }
    int step = or == 0 ? 0 : Math.min(Integer.numberOfTrailingZeros(or), NnpfLimits.MAX_LOG2_STEP);
    if (step > 0) {
      int[] d = best.values.clone();
      for (int i = 0; i < d.length; i++) {
        d[i] >>= step;
      }
      TensorData ac = arithmetic(step, d);
      if (ac.bitCount(startBit) < best.bitCount(startBit)) {
        best = ac;
      }
    }
    return best;
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

  /** Length in bits of the {@code ue(v)} code word of {@code v}. */
  public static int ueBits(long v) {
    return 2 * (63 - Long.numberOfLeadingZeros(v + 1)) + 1;
  }

  /**
   * The exact length in bits of this {@code tensor_data()} when it starts at bit {@code startBit}
   * of the message ({@code nnpf_message()} starts at bit 0; the alignment of an arithmetic-coded
   * tensor depends on the position modulo 8, the other codings do not).
   */
  public long bitCount(long startBit) {
    if (coding == TensorCoding.DELTA_AC) {
      long bits = 2 + ueBits(log2Step) + ueBits(acBytes.length);
      long align = (8 - Math.floorMod(startBit + bits, 8)) % 8;
      return bits + align + 8L * acBytes.length;
    }
    long bits = 2 + ueBits(egOrder);
    for (int v : values) {
      bits += sekBits(egOrder, v);
    }
    return bits;
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

  /** {@code td_eg_order}; 0 for an arithmetic-coded tensor. */
  public int egOrder() {
    return egOrder;
  }

  /** {@code td_log2_step} of an arithmetic-coded tensor; 0 for the other codings. */
  public int log2Step() {
    return log2Step;
  }

  /** {@code td_ac_byte[]} of an arithmetic-coded tensor ({@code td_ac_num_bytes} of them). */
  public byte[] arithmeticBytes() {
    if (acBytes == null) {
      throw new IllegalStateException(coding + " has no arithmetic-coded bytes");
    }
    return acBytes.clone();
  }

  /**
   * Element {@code i} of the tensor in 64 bits, before any range check: {@code value[i]}
   * (absolute), {@code base[i] + value[i]} (difference) or {@code base[i] + (value[i] <<
   * td_log2_step)} (arithmetic coded).
   */
  public long element(int i, int[] base) {
    switch (coding) {
      case ABSOLUTE:
        return values[i];
      case DELTA_TO_BASE:
        return (long) base[i] + values[i];
      default:
        return (long) base[i] + ((long) values[i] << log2Step);
    }
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
   * The tensor's integer elements ({@link #element}), each checked to fit {@code bitWidth} signed
   * bits.
   *
   * @param base the base model's elements at the signalled quantizer; may be null for absolute
   *     coding
   * @throws IllegalArgumentException if an element does not fit, naming its index
   */
  public int[] reconstruct(int[] base, int bitWidth) {
    long min = -(1L << (bitWidth - 1));
    long max = (1L << (bitWidth - 1)) - 1;
    int[] out = new int[values.length];
    if (coding.usesBase() && (base == null || base.length != values.length)) {
      throw new IllegalArgumentException(
          "difference coding needs " + values.length + " base values, got " + (base == null ? "none" : base.length));
    }
    for (int i = 0; i < out.length; i++) {
      long v = element(i, base);
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
        && t.log2Step == log2Step
        && Arrays.equals(t.values, values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(coding, egOrder, log2Step) * 31 + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "TensorData[" + coding + (coding == TensorCoding.DELTA_AC ? ", step=2^" + log2Step : ", k=" + egOrder)
        + ", " + values.length + " values]";
  }
}
