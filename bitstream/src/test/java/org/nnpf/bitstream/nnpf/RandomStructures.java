package org.nnpf.bitstream.nnpf;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/** Random valid NNPF structures, covering every optional part and every coded choice. */
public final class RandomStructures {
  private RandomStructures() {}

  public static Arbitrary<NnpfParameterSet> parameterSets() {
    return Arbitraries.randomValue(RandomStructures::parameterSet);
  }

  public static Arbitrary<NnpfMessage> messages() {
    return Arbitraries.randomValue(RandomStructures::message);
  }

  public static NnpfMessage message(Random rnd) {
    switch (rnd.nextInt(3)) {
      case 0:
        return parameterSet(rnd);
      case 1:
        return activation(rnd);
      default:
        return pictureHash(rnd);
    }
  }

  public static NnpfActivation activation(Random rnd) {
    int id = rnd.nextInt(NnpfLimits.MAX_ID + 1);
    if (rnd.nextInt(4) == 0) {
      return NnpfActivation.cancel(id);
    }
    OptionalInt aux = rnd.nextBoolean() ? OptionalInt.of(rnd.nextInt(65536)) : OptionalInt.empty();
    return new NnpfActivation(id, false, rnd.nextBoolean(), aux);
  }

  public static NnpfPictureHash pictureHash(Random rnd) {
    PictureHashType t = PictureHashType.values()[rnd.nextInt(3)];
    int planes = rnd.nextBoolean() ? 3 : 1;
    List<byte[]> d = new ArrayList<>();
    for (int c = 0; c < planes; c++) {
      byte[] b = new byte[t.length()];
      rnd.nextBytes(b);
      d.add(b);
    }
    return new NnpfPictureHash(t, d);
  }

  private static TensorQuantizer quantizer(Random rnd) {
    int[] widths = {8, 16, 32};
    return new TensorQuantizer(widths[rnd.nextInt(3)], rnd.nextInt(63) - 31);
  }

  private static SampleFormat format(Random rnd) {
    return new SampleFormat(TensorOrder.values()[rnd.nextInt(4)], 8 + rnd.nextInt(9), 8 + rnd.nextInt(9));
  }

  private static int[] values(Random rnd, int n, TensorCoding coding, int bitWidth) {
    int[] v = new int[n];
    int mode = rnd.nextInt(3);
    for (int i = 0; i < n; i++) {
      if (coding == TensorCoding.ABSOLUTE) {
        long min = -(1L << (bitWidth - 1));
        long span = 1L << bitWidth;
        v[i] = mode == 0 ? (int) (min + Math.floorMod(rnd.nextLong(), span)) : rnd.nextInt(33) - 16;
      } else {
        v[i] = mode == 0 ? rnd.nextInt() : mode == 1 ? rnd.nextInt(9) - 4 : (int) Math.round(rnd.nextGaussian() * 300);
      }
    }
    return v;
  }

  private static Optional<TensorData> data(Random rnd, int n, int bitWidth) {
    if (rnd.nextInt(3) == 0) {
      return Optional.empty();
    }
    TensorCoding coding = TensorCoding.values()[rnd.nextInt(3)];
    int[] v = values(rnd, n, coding, bitWidth);
    if (coding == TensorCoding.DELTA_AC) {
      return Optional.of(TensorData.arithmetic(rnd.nextInt(NnpfLimits.MAX_LOG2_STEP + 1), v));
    }
    int k = rnd.nextBoolean() ? TensorData.bestEgOrder(v) : rnd.nextInt(NnpfLimits.MAX_EG_ORDER + 1);
    return Optional.of(new TensorData(coding, k, v));
  }

  public static NnpfParameterSet parameterSet(Random rnd) {
    int numLayers = 1 + rnd.nextInt(6);
    QpSetAssignment assignment = QpSetAssignment.values()[rnd.nextInt(3)];
    int numSets = assignment == QpSetAssignment.PER_LAYER ? numLayers : 1 + rnd.nextInt(4);
    List<EnumMap<TensorRole, TensorQuantizer>> sets = new ArrayList<>();
    for (int s = 0; s < numSets; s++) {
      EnumMap<TensorRole, TensorQuantizer> m = new EnumMap<>(TensorRole.class);
      for (TensorRole r : TensorRole.values()) {
        if (rnd.nextInt(3) > 0) {
          m.put(r, quantizer(rnd));
        }
      }
      sets.add(m);
    }
    int[] accumulators = {16, 24, 32};
    List<Layer> skeletons = new ArrayList<>();
    for (int i = 0; i < numLayers; i++) {
      Set<TensorRole> tensors = EnumSet.noneOf(TensorRole.class);
      for (TensorRole r : TensorRole.values()) {
        if (rnd.nextBoolean()) {
          tensors.add(r);
        }
      }
      boolean w = tensors.contains(TensorRole.WEIGHTS);
      int own = assignment == QpSetAssignment.PER_LAYER ? i
          : assignment == QpSetAssignment.SHARED ? 0 : rnd.nextInt(numSets);
      Map<TensorRole, Integer> overrides = new EnumMap<>(TensorRole.class);
      for (TensorRole r : tensors) {
        if (rnd.nextInt(4) == 0) {
          overrides.put(r, rnd.nextInt(numSets));
        }
      }
      for (TensorRole r : tensors) {
        int s = overrides.getOrDefault(r, own);
        sets.get(s).computeIfAbsent(r, x -> quantizer(rnd));
      }
      int in = 1 + rnd.nextInt(rnd.nextInt(10) == 0 ? NnpfLimits.MAX_CHANNELS : 6);
      int out = 1 + rnd.nextInt(rnd.nextInt(10) == 0 ? NnpfLimits.MAX_CHANNELS : 6);
      skeletons.add(new Layer(rnd.nextInt(256), in, out, w ? 1 + rnd.nextInt(3) : 0, w ? 1 + rnd.nextInt(3) : 0,
          tensors, own, overrides, Optional.empty(), Optional.empty(), Optional.empty()));
    }
    List<QpSet> qpSets = new ArrayList<>();
    for (EnumMap<TensorRole, TensorQuantizer> m : sets) {
      qpSets.add(new QpSet(accumulators[rnd.nextInt(3)], m));
    }
    List<Layer> layers = new ArrayList<>();
    for (Layer l : skeletons) {
      Layer x = l;
      if (l.has(TensorRole.MULTIPLIER)) {
        Optional<TensorData> d = data(rnd, l.outChannels(), width(qpSets, l, TensorRole.MULTIPLIER));
        if (d.isPresent()) {
          x = x.withMultipliers(d.get());
        }
      }
      if (l.has(TensorRole.BIAS)) {
        Optional<TensorData> d = data(rnd, l.outChannels(), width(qpSets, l, TensorRole.BIAS));
        if (d.isPresent()) {
          x = x.withBiasUpdate(d.get());
        }
      }
      if (l.has(TensorRole.WEIGHTS) && l.weightCount() <= 4096) {
        Optional<TensorData> d = data(rnd, (int) l.weightCount(), width(qpSets, l, TensorRole.WEIGHTS));
        if (d.isPresent()) {
          x = x.withWeightUpdate(d.get());
        }
      }
      layers.add(x);
    }

    ModelHashType ht = ModelHashType.values()[rnd.nextInt(3)];
    ModelReference model;
    if (rnd.nextBoolean()) {
      byte[] h = new byte[ht.length()];
      rnd.nextBytes(h);
      model = ModelReference.byHash(ht, h);
    } else {
      byte[] file = new byte[1 + rnd.nextInt(300)];
      rnd.nextBytes(file);
      model = ModelReference.inBand(ht, file);
    }
    SampleFormat input = format(rnd);
    NnpfParameterSet.Builder b = NnpfParameterSet.builder()
        .id(rnd.nextInt(256))
        .model(model)
        .input(input)
        .output(format(rnd))
        .patch(1 + rnd.nextInt(NnpfLimits.MAX_PATCH_SIZE), 1 + rnd.nextInt(NnpfLimits.MAX_PATCH_SIZE),
            rnd.nextInt(NnpfLimits.MAX_OVERLAP + 1))
        .inputQuantizer(quantizer(rnd))
        .qpSets(qpSets)
        .qpSetAssignment(assignment)
        .layers(layers);
    if (rnd.nextBoolean()) {
      b.auxInput(rnd.nextInt(65536));
    }
    int pad = rnd.nextInt(5);
    if (pad == 4) {
      b.fixedPadding(rnd.nextInt(1 << input.bitDepthLuma()), rnd.nextInt(1 << input.bitDepthChroma()),
          rnd.nextInt(1 << input.bitDepthChroma()));
    } else {
      b.padding(PaddingType.fromIdc(pad));
    }
    if (rnd.nextBoolean()) {
      b.complexity(new ComplexityInfo(rnd.nextInt(3), rnd.nextInt(4), rnd.nextInt(53),
          rnd.nextInt(4) == 0 ? 0xFFFF_FFFEL : rnd.nextInt(100), rnd.nextInt(5000)));
    }
    return b.build();
  }

  private static int width(List<QpSet> sets, Layer l, TensorRole role) {
    return sets.get(l.qpSetIndexFor(role)).quantizers().get(role).bitWidth();
  }
}
