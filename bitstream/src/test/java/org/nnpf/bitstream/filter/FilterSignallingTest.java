package org.nnpf.bitstream.filter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nnpf.bitstream.nnpf.ModelHashType;
import org.nnpf.bitstream.nnpf.NnpfLimits;
import org.nnpf.bitstream.nnpf.NnpfMessageReader;
import org.nnpf.bitstream.nnpf.NnpfMessageWriter;
import org.nnpf.bitstream.nnpf.NnpfParameterSet;
import org.nnpf.bitstream.nnpf.QpSetAssignment;
import org.nnpf.bitstream.nnpf.TensorCoding;
import org.nnpf.bitstream.nnpf.TensorData;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.ModelFactory;
import org.nnpf.common.nn.ModelFile;
import org.nnpf.common.nn.quant.LayerQuantization;
import org.nnpf.common.nn.quant.QuantizationParams;
import org.nnpf.common.nn.quant.TensorQuantizer;

/** The mapping of a model and its quantization parameters to a parameter set, full and compact. */
class FilterSignallingTest {
  private static final Model MODEL = ModelFactory.polyphasePostFilter(16, 5, 7);
  private static final byte[] FILE = ModelFile.toBytes(MODEL);

  /** Layers 1..3 have equal quantizers; layer 2 explicit multipliers, differing from the base model's when asked. */
  private static QuantizationParams params(boolean explicitOnLayer2) {
    List<LayerQuantization> layers = new ArrayList<>();
    for (int l = 0; l < MODEL.layerCount(); l++) {
      boolean inner = l > 0 && l < MODEL.layerCount() - 1;
      LayerQuantization.Builder b = LayerQuantization.builder(
              TensorQuantizer.int8(inner ? 7 : 6), TensorQuantizer.int8(inner ? 4 : 5))
          .multiplierFracBits(inner ? 14 : 13)
          .slopeFracBits(15);
      if (l == 2) {
        int[] m = FilterSignalling.baseMultipliers(MODEL.conv(l), 14);
        if (explicitOnLayer2) {
          m[3] += 5;
        }
        b.multipliers(m);
      }
      layers.add(b.build());
    }
    return new QuantizationParams(TensorQuantizer.int8(6), layers);
  }

  private static NnpfParameterSet roundTrip(NnpfParameterSet ps) {
    return (NnpfParameterSet) NnpfMessageReader.read(NnpfMessageWriter.toBytes(ps));
  }

  @Test
  void compactAndFullFormsSignalTheSameNetwork() {
    for (boolean explicit : new boolean[] {false, true}) {
      QuantizationParams q = params(explicit);
      NnpfParameterSet full = roundTrip(FilterSignalling.toParameterSet(MODEL, FILE, q, 8,
          FilterSignalling.Options.defaults(3)));
      NnpfParameterSet compact = roundTrip(FilterSignalling.toParameterSet(MODEL, FILE, q, 8,
          FilterSignalling.Options.compact(3, false, 128, 64)));
      QuantizationParams a = FilterSignalling.toQuantizationParams(full, MODEL);
      QuantizationParams b = FilterSignalling.toQuantizationParams(compact, MODEL);
      for (int l = 0; l < MODEL.layerCount(); l++) {
        assertEquals(a.layer(l).weights(), b.layer(l).weights(), "layer " + l);
        assertEquals(a.layer(l).output(), b.layer(l).output(), "layer " + l);
        assertEquals(a.layer(l).multiplierFracBits(), b.layer(l).multiplierFracBits(), "layer " + l);
        assertEquals(a.layer(l).accumulatorBits(), b.layer(l).accumulatorBits(), "layer " + l);
        int[] base = FilterSignalling.baseMultipliers(MODEL.conv(l), a.layer(l).multiplierFracBits());
        assertArrayEquals(a.layer(l).multipliers().orElse(base), b.layer(l).multipliers().orElse(base), "layer " + l);
      }
      assertTrue(NnpfMessageWriter.toBytes(compact).length < NnpfMessageWriter.toBytes(full).length);
    }
  }

  @Test
  void compactFormLeavesOutWhatTheDecoderKnows() {
    NnpfParameterSet full = FilterSignalling.toParameterSet(MODEL, FILE, params(true), 8,
        FilterSignalling.Options.defaults(0));
    NnpfParameterSet compact = FilterSignalling.toParameterSet(MODEL, FILE, params(true), 8,
        FilterSignalling.Options.compact(0, false, 128, 64));
    assertEquals(ModelHashType.SHA256, full.model().hashType());
    assertEquals(ModelHashType.SHA256_128, compact.model().hashType());
    assertTrue(full.complexity().isPresent());
    assertFalse(compact.complexity().isPresent());
    // full: every layer codes its multipliers; compact: only layer 2, whose multipliers differ
    for (int l = 0; l < MODEL.layerCount(); l++) {
      assertTrue(full.layers().get(l).multipliers().isPresent(), "layer " + l);
      assertEquals(l == 2, compact.layers().get(l).multipliers().isPresent(), "layer " + l);
    }
    // full: one QP set per layer; compact: layers 2 and 3 share theirs (layer 1 has the same
    // quantizers, but its input, layer 0's output, has other fractional bits, and so its bias)
    assertEquals(MODEL.layerCount(), full.qpSets().size());
    assertEquals(QpSetAssignment.PER_LAYER, full.qpSetAssignment());
    assertEquals(4, compact.qpSets().size());
    assertEquals(QpSetAssignment.EXPLICIT, compact.qpSetAssignment());
    assertEquals(List.of(0, 1, 2, 2, 3), compact.layers().stream().map(l -> l.qpSetIndex()).toList());
  }

  /**
   * The syntax's ranges are wider than the integer process's (docs/integer-inference.md 2): a
   * parameter set that uses them parses but cannot be applied, and the error names the element.
   */
  @Test
  void quantizersOutsideTheProcessRangesAreErrorsNamingTheElement() {
    NnpfParameterSet ps = FilterSignalling.toParameterSet(MODEL, FILE, params(false), 8,
        FilterSignalling.Options.defaults(0));
    NnpfParameterSet wideInput = roundTrip(ps.toBuilder()
        .inputQuantizer(new org.nnpf.bitstream.nnpf.TensorQuantizer(32, 6)).build());
    var e = org.junit.jupiter.api.Assertions.assertThrows(org.nnpf.bitstream.BitstreamException.class,
        () -> FilterSignalling.toQuantizationParams(wideInput, MODEL));
    assertTrue(e.getMessage().contains("nnpfps_input_bit_width_idc"), e.getMessage());
    NnpfParameterSet deepInput = roundTrip(ps.toBuilder()
        .inputQuantizer(new org.nnpf.bitstream.nnpf.TensorQuantizer(16, -20)).build());
    e = org.junit.jupiter.api.Assertions.assertThrows(org.nnpf.bitstream.BitstreamException.class,
        () -> FilterSignalling.toQuantizationParams(deepInput, MODEL));
    assertTrue(e.getMessage().contains("nnpfps_input_frac_bits"), e.getMessage());
  }

  /**
   * docs/bitstream-syntax.md 6.1: a parameter set with a weight update parses, and cannot be applied;
   * nor can one with a bias update in a message of version 1.0 to 1.2 (bias updates are defined
   * from version 1.3 on). The error names the flag that signals the update (not layer_tensor_flags).
   */
  @Test
  void weightUpdatesAndBiasUpdatesBeforeVersion13AreErrorsAtTheirFlagsWhenApplied() {
    NnpfParameterSet ps = FilterSignalling.toParameterSet(MODEL, FILE, params(false), 8,
        FilterSignalling.Options.defaults(0));
    List<org.nnpf.bitstream.nnpf.Layer> layers = new ArrayList<>(ps.layers());
    org.nnpf.bitstream.nnpf.Layer l1 = layers.get(1);
    layers.set(1, l1.withBiasUpdate(org.nnpf.bitstream.nnpf.TensorData.absolute(new int[l1.outChannels()])));
    byte[] bytes = NnpfMessageWriter.toBytes(ps.toBuilder().layers(layers).build());
    assertEquals(3, bytes[2], "nnpf_version_minor of a parameter set with a bias update");
    for (int minor = 0; minor <= 2; minor++) {
      bytes[2] = (byte) minor;
      NnpfParameterSet bias = (NnpfParameterSet) NnpfMessageReader.read(bytes);
      var e = org.junit.jupiter.api.Assertions.assertThrows(org.nnpf.bitstream.BitstreamException.class,
          () -> FilterSignalling.toQuantizationParams(bias, MODEL));
      assertEquals("layer_bias_update_flag[1]", e.syntaxElement());
      assertTrue(e.getMessage().contains("version 1." + minor), e.getMessage());
    }
    layers = new ArrayList<>(ps.layers());
    org.nnpf.bitstream.nnpf.Layer l0 = layers.get(0);
    layers.set(0, l0.withWeightUpdate(org.nnpf.bitstream.nnpf.TensorData.absolute(new int[(int) l0.weightCount()])));
    NnpfParameterSet weights = roundTrip(ps.toBuilder().layers(layers).build());
    var e = org.junit.jupiter.api.Assertions.assertThrows(org.nnpf.bitstream.BitstreamException.class,
        () -> FilterSignalling.toQuantizationParams(weights, MODEL));
    assertEquals("layer_weight_update_flag[0]", e.syntaxElement());
  }

  /** {@code params(false)} with explicit biases on layer 1: the base model's plus {@code deltas}. */
  private static QuantizationParams withBiasDeltas(int[] deltas) {
    QuantizationParams q = params(false);
    LayerQuantization l1 = q.layer(1);
    int frac = q.layerInput(1).fracBits() + l1.weights().fracBits();
    int[] b = org.nnpf.common.nn.integer.IntegerLayer.modelBiases(MODEL.conv(1), frac, l1.accumulatorBits());
    for (int i = 0; i < b.length; i++) {
      b[i] += deltas[i % deltas.length];
    }
    List<LayerQuantization> layers = new ArrayList<>(q.layers());
    layers.set(1, l1.toBuilder().biases(b).build());
    return new QuantizationParams(q.input(), layers);
  }

  /**
   * Version 1.3: explicit biases are signalled as a bias update (the difference to the base model's
   * bias at the accumulator's scale), in the cheapest coding, and read back exactly; biases equal
   * to the base model's are no update at all, and the message stays at its earlier version.
   */
  @Test
  void explicitBiasesRoundTripAsBiasUpdatesOfVersion13() {
    for (int[] deltas : new int[][] {{0, 3, -1, 0, 7}, {0, 64, -128, 0, 192, -64}, {0, 1 << 20, -(1 << 21)}}) {
      QuantizationParams q = withBiasDeltas(deltas);
      for (FilterSignalling.Options o : List.of(FilterSignalling.Options.defaults(1),
          FilterSignalling.Options.compact(1, false, 64, 64))) {
        NnpfParameterSet ps = FilterSignalling.toParameterSet(MODEL, FILE, q, 8, o);
        byte[] bytes = NnpfMessageWriter.toBytes(ps);
        assertEquals(NnpfLimits.VERSION_MINOR_BIAS_UPDATE, bytes[2]);
        NnpfParameterSet read = (NnpfParameterSet) NnpfMessageReader.read(bytes);
        assertArrayEquals(q.layer(1).biases().orElseThrow(),
            FilterSignalling.toQuantizationParams(read, MODEL).layer(1).biases().orElseThrow());
        org.nnpf.bitstream.nnpf.TensorData d = read.layers().get(1).biasUpdate().orElseThrow();
        // differences that are multiples of 64 or more are coded in units of their step
        int step = deltas[1] == 3 ? 0 : Integer.numberOfTrailingZeros(deltas[1] | deltas[2]);
        assertEquals(step, d.log2Step(), d.toString());
        assertTrue(read.layers().stream().filter(l -> l.biasUpdate().isPresent()).count() == 1);
      }
    }
    NnpfParameterSet none = FilterSignalling.toParameterSet(MODEL, FILE, withBiasDeltas(new int[] {0}), 8,
        FilterSignalling.Options.compact(1, false, 64, 64));
    assertTrue(none.layers().stream().allMatch(l -> l.biasUpdate().isEmpty()));
    assertEquals(NnpfLimits.VERSION_MINOR, NnpfMessageWriter.toBytes(none)[2]);
  }

  /** A bias update whose bias does not fit the accumulator: an error at the element, when applied. */
  @Test
  void aBiasOutsideTheAccumulatorIsAnErrorAtItsValue() {
    NnpfParameterSet ps = FilterSignalling.toParameterSet(MODEL, FILE, withBiasDeltas(new int[] {0, 5}), 8,
        FilterSignalling.Options.defaults(1));
    List<org.nnpf.bitstream.nnpf.Layer> layers = new ArrayList<>(ps.layers());
    org.nnpf.bitstream.nnpf.Layer l1 = layers.get(1);
    int[] d = new int[l1.outChannels()];
    d[4] = Integer.MAX_VALUE;
    layers.set(1, l1.withBiasUpdate(org.nnpf.bitstream.nnpf.TensorData.arithmetic(2, d)));
    NnpfParameterSet bad = roundTrip(ps.toBuilder().layers(layers).build());
    var e = org.junit.jupiter.api.Assertions.assertThrows(org.nnpf.bitstream.BitstreamException.class,
        () -> FilterSignalling.toQuantizationParams(bad, MODEL));
    assertEquals("td_value[4] (bias[1])", e.syntaxElement());
    assertTrue(e.getMessage().contains("32-bit accumulator"), e.getMessage());
  }

  @Test
  void theCompactFormCodesEachMultiplierTensorInItsCheapestCoding() {
    // a wide layer whose overfitted multipliers differ by 0 or +-1: the arithmetic code (version 1.2)
    Model wide = org.nnpf.common.nn.ModelFactory.polyphasePostFilter(160, 3, 7);
    byte[] file = ModelFile.toBytes(wide);
    List<LayerQuantization> layers = new ArrayList<>();
    for (int l = 0; l < wide.layerCount(); l++) {
      LayerQuantization.Builder b = LayerQuantization.builder(TensorQuantizer.int8(6), TensorQuantizer.int8(5))
          .multiplierFracBits(13).slopeFracBits(15);
      if (l == 1) {
        int[] m = FilterSignalling.baseMultipliers(wide.conv(l), 13);
        for (int c = 0; c < m.length; c++) {
          m[c] += c % 4 == 0 ? 1 : c % 7 == 0 ? -1 : 0;
        }
        b.multipliers(m);
      }
      layers.add(b.build());
    }
    QuantizationParams q = new QuantizationParams(TensorQuantizer.int8(6), layers);
    NnpfParameterSet compact = FilterSignalling.toParameterSet(wide, file, q, 8,
        FilterSignalling.Options.compact(0, false, 128, 64));
    NnpfParameterSet full = FilterSignalling.toParameterSet(wide, file, q, 8, FilterSignalling.Options.defaults(0));
    TensorData m1 = compact.layers().get(1).multipliers().orElseThrow();
    assertEquals(TensorCoding.DELTA_AC, m1.coding());
    assertEquals(0, m1.log2Step());
    byte[] c = NnpfMessageWriter.toBytes(compact);
    assertEquals(2, c[2]);
    assertEquals(compact, roundTrip(compact));
    // the full form (conformance streams) keeps Exp-Golomb differences: version 1.0, as before
    assertEquals(TensorCoding.DELTA_TO_BASE, full.layers().get(1).multipliers().orElseThrow().coding());
    assertEquals(0, NnpfMessageWriter.toBytes(full)[2]);
    // the same network either way, and the arithmetic code saves bits over Exp-Golomb here
    QuantizationParams a = FilterSignalling.toQuantizationParams(roundTrip(compact), wide);
    assertArrayEquals(q.layer(1).multipliers().orElseThrow(), a.layer(1).multipliers().orElseThrow());
    TensorData eg = full.layers().get(1).multipliers().orElseThrow();
    long start = NnpfMessageWriter.tensorStarts(compact, org.nnpf.bitstream.nnpf.TensorRole.MULTIPLIER)[1];
    assertTrue(m1.bitCount(start) < eg.bitCount(start), m1.bitCount(start) + " vs " + eg.bitCount(start));
    // a multiplier step of the arithmetic code reconstructs Pred + (value << step)
    NnpfParameterSet stepped = compact.toBuilder().layers(List.of(compact.layers().get(0),
        compact.layers().get(1).withMultipliers(TensorData.arithmetic(1, new int[160])), compact.layers().get(2))).build();
    assertArrayEquals(FilterSignalling.baseMultipliers(wide.conv(1), 13),
        FilterSignalling.toQuantizationParams(roundTrip(stepped), wide).layer(1).multipliers().orElseThrow());
  }

  @Test
  void aCompactParameterSetWhoseMultipliersAreCheaperInExpGolombStaysVersion10() {
    NnpfParameterSet compact = FilterSignalling.toParameterSet(MODEL, FILE, params(true), 8,
        FilterSignalling.Options.compact(0, false, 128, 64));
    assertEquals(TensorCoding.DELTA_TO_BASE, compact.layers().get(2).multipliers().orElseThrow().coding());
    assertEquals(0, NnpfMessageWriter.toBytes(compact)[2]);
  }
}
