package org.nnpf.encoder.quant;

import com.google.common.base.Preconditions;
import java.util.Arrays;

/**
 * Bits (8 or 16) of every quantized tensor: the input tensor, and per layer its weights and its
 * output activations. Immutable.
 */
public final class TensorBitAllocation {
  private final int inputBits;
  private final int[] weightBits;
  private final int[] outputBits;

  public TensorBitAllocation(int inputBits, int[] weightBits, int[] outputBits) {
    Preconditions.checkArgument(weightBits.length == outputBits.length && weightBits.length > 0, "layer counts differ");
    check(inputBits);
    for (int i = 0; i < weightBits.length; i++) {
      check(weightBits[i]);
      check(outputBits[i]);
    }
    this.inputBits = inputBits;
    this.weightBits = weightBits.clone();
    this.outputBits = outputBits.clone();
  }

  private static void check(int b) {
    Preconditions.checkArgument(b == 8 || b == 16, "bit width %s is not 8 or 16", b);
  }

  /** Every tensor of {@code layers} layers at {@code bits} bits. */
  public static TensorBitAllocation uniform(int layers, int bits) {
    int[] a = new int[layers];
    Arrays.fill(a, bits);
    return new TensorBitAllocation(bits, a, a);
  }

  public int layerCount() {
    return weightBits.length;
  }

  public int inputBits() {
    return inputBits;
  }

  public int weightBits(int l) {
    return weightBits[l];
  }

  public int outputBits(int l) {
    return outputBits[l];
  }

  /** Tensors in a fixed order: 0 = input, then per layer l: 1 + 2l = weights, 2 + 2l = output. */
  public int tensorCount() {
    return 1 + 2 * weightBits.length;
  }

  /** Bits of tensor {@code t} (order of {@link #tensorCount()}). */
  public int bits(int t) {
    if (t == 0) {
      return inputBits;
    }
    int l = (t - 1) / 2;
    return (t - 1) % 2 == 0 ? weightBits[l] : outputBits[l];
  }

  /** A copy with tensor {@code t} at {@code bits}. */
  public TensorBitAllocation with(int t, int bits) {
    check(bits);
    if (t == 0) {
      return new TensorBitAllocation(bits, weightBits, outputBits);
    }
    int l = (t - 1) / 2;
    int[] w = weightBits.clone();
    int[] o = outputBits.clone();
    if ((t - 1) % 2 == 0) {
      w[l] = bits;
    } else {
      o[l] = bits;
    }
    return new TensorBitAllocation(inputBits, w, o);
  }

  /** Name of tensor {@code t} for reports: "input", "layer3.weights", "layer3.output". */
  public static String tensorName(int t) {
    if (t == 0) {
      return "input";
    }
    int l = (t - 1) / 2;
    return "layer" + l + ((t - 1) % 2 == 0 ? ".weights" : ".output");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TensorBitAllocation b && b.inputBits == inputBits && Arrays.equals(b.weightBits, weightBits)
        && Arrays.equals(b.outputBits, outputBits);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(weightBits) * 31 + Arrays.hashCode(outputBits) + inputBits;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("in ").append(inputBits);
    for (int l = 0; l < weightBits.length; l++) {
      sb.append(" | L").append(l).append(" w").append(weightBits[l]).append(" o").append(outputBits[l]);
    }
    return sb.toString();
  }
}
