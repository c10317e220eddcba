package org.nnpf.bitstream.nnpf;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One layer of the network as the parameter set describes it: what the bitstream needs to know to
 * size and quantize its tensors, and the adaptation data it carries. The layer list of a parameter
 * set corresponds one to one, in order, to the layers of the model it refers to.
 *
 * @param kind {@code layer_kind}, 0..255: the layer kind code of the model format (compared with
 *     the model by the decoder; this layer of the syntax gives it no other meaning)
 * @param inChannels input channels each output channel accumulates over (the depth of one
 *     accumulation; for a plain convolution the input depth), 1..{@link NnpfLimits#MAX_CHANNELS}
 * @param outChannels output channels, 1..{@link NnpfLimits#MAX_CHANNELS}
 * @param kernelHeight kernel height 1..15 when the layer has weights, else 0
 * @param kernelWidth kernel width 1..15 when the layer has weights, else 0
 * @param tensors the roles of the tensors the layer has
 * @param qpSetIndex index of the layer's own QP set
 * @param qpSetOverrides roles whose quantizer comes from another QP set, with that set's index
 * @param multipliers the layer's multipliers, one per output channel (only with a MULTIPLIER
 *     tensor)
 * @param biasUpdate new biases, one per output channel (only with a BIAS tensor)
 * @param weightUpdate new weights, {@code out * in * kh * kw} in the model's element order (only
 *     with a WEIGHTS tensor)
 */
public record Layer(
    int kind,
    int inChannels,
    int outChannels,
    int kernelHeight,
    int kernelWidth,
    Set<TensorRole> tensors,
    int qpSetIndex,
    Map<TensorRole, Integer> qpSetOverrides,
    Optional<TensorData> multipliers,
    Optional<TensorData> biasUpdate,
    Optional<TensorData> weightUpdate) {

  public Layer {
    check(kind >= 0 && kind <= 255, "layer kind %s outside 0..255", kind);
    check(inChannels >= 1 && inChannels <= NnpfLimits.MAX_CHANNELS, "in channels %s", inChannels);
    check(outChannels >= 1 && outChannels <= NnpfLimits.MAX_CHANNELS, "out channels %s", outChannels);
    EnumSet<TensorRole> t = EnumSet.noneOf(TensorRole.class);
    t.addAll(tensors);
    tensors = Collections.unmodifiableSet(t);
    if (t.contains(TensorRole.WEIGHTS)) {
      check(kernelHeight >= 1 && kernelHeight <= NnpfLimits.MAX_KERNEL_SIZE, "kernel height %s", kernelHeight);
      check(kernelWidth >= 1 && kernelWidth <= NnpfLimits.MAX_KERNEL_SIZE, "kernel width %s", kernelWidth);
    } else {
      check(kernelHeight == 0 && kernelWidth == 0, "a layer without weights has no kernel size");
    }
    check(qpSetIndex >= 0 && qpSetIndex < NnpfLimits.MAX_QP_SETS, "QP set index %s", qpSetIndex);
    EnumMap<TensorRole, Integer> o = new EnumMap<>(TensorRole.class);
    o.putAll(qpSetOverrides);
    for (Map.Entry<TensorRole, Integer> e : o.entrySet()) {
      check(t.contains(e.getKey()), "override of %s, which the layer does not have", e.getKey());
      check(e.getValue() >= 0 && e.getValue() < NnpfLimits.MAX_QP_SETS, "override QP set index %s", e.getValue());
    }
    qpSetOverrides = Collections.unmodifiableMap(o);
    checkData(multipliers, TensorRole.MULTIPLIER, t, outChannels);
    checkData(biasUpdate, TensorRole.BIAS, t, outChannels);
    checkData(weightUpdate, TensorRole.WEIGHTS, t, (long) outChannels * inChannels * kernelHeight * kernelWidth);
  }

  private static void checkData(Optional<TensorData> d, TensorRole role, Set<TensorRole> t, long count) {
    if (d.isPresent()) {
      check(t.contains(role), "%s data for a layer without a %s tensor", role, role);
      check(d.get().size() == count, "%s data has %s values, the tensor has %s elements", role, d.get().size(), count);
    }
  }

  private static void check(boolean ok, String format, Object... args) {
    if (!ok) {
      throw new IllegalArgumentException(String.format(format, args));
    }
  }

  /** Number of weights, {@code out * in * kh * kw} (0 without weights). */
  public long weightCount() {
    return (long) outChannels * inChannels * kernelHeight * kernelWidth;
  }

  /** Fan-in of one accumulation, {@code in * kh * kw} (0 without weights). */
  public long fanIn() {
    return (long) inChannels * kernelHeight * kernelWidth;
  }

  public boolean has(TensorRole role) {
    return tensors.contains(role);
  }

  /** The index of the QP set that gives the quantizer of {@code role}. */
  public int qpSetIndexFor(TensorRole role) {
    Integer o = qpSetOverrides.get(role);
    return o != null ? o : qpSetIndex;
  }

  /** A convolution with weights, bias, multiplier and output tensors and no adaptation data. */
  public static Layer convolution(int kind, int in, int out, int kernel, int qpSetIndex) {
    return new Layer(
        kind, in, out, kernel, kernel,
        EnumSet.of(TensorRole.WEIGHTS, TensorRole.BIAS, TensorRole.MULTIPLIER, TensorRole.OUTPUT),
        qpSetIndex, Map.of(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** This layer with the given multipliers. */
  public Layer withMultipliers(TensorData m) {
    return new Layer(kind, inChannels, outChannels, kernelHeight, kernelWidth, tensors, qpSetIndex,
        qpSetOverrides, Optional.of(m), biasUpdate, weightUpdate);
  }

  /** This layer with the given bias update. */
  public Layer withBiasUpdate(TensorData b) {
    return new Layer(kind, inChannels, outChannels, kernelHeight, kernelWidth, tensors, qpSetIndex,
        qpSetOverrides, multipliers, Optional.of(b), weightUpdate);
  }

  /** This layer with the given weight update. */
  public Layer withWeightUpdate(TensorData w) {
    return new Layer(kind, inChannels, outChannels, kernelHeight, kernelWidth, tensors, qpSetIndex,
        qpSetOverrides, multipliers, biasUpdate, Optional.of(w));
  }

  /** This layer with its QP set index replaced. */
  public Layer withQpSetIndex(int index) {
    return new Layer(kind, inChannels, outChannels, kernelHeight, kernelWidth, tensors, index,
        qpSetOverrides, multipliers, biasUpdate, weightUpdate);
  }

  /** This layer with the quantizer of {@code role} taken from QP set {@code index}. */
  public Layer withOverride(TensorRole role, int index) {
    EnumMap<TensorRole, Integer> o = new EnumMap<>(TensorRole.class);
    o.putAll(qpSetOverrides);
    o.put(role, index);
    return new Layer(kind, inChannels, outChannels, kernelHeight, kernelWidth, tensors, qpSetIndex,
        o, multipliers, biasUpdate, weightUpdate);
  }
}
