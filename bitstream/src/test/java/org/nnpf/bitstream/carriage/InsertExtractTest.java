package org.nnpf.bitstream.carriage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.nnpf.bitstream.SyntheticStreams;
import org.nnpf.bitstream.nal.AccessUnit;
import org.nnpf.bitstream.nal.AccessUnitSplitter;
import org.nnpf.bitstream.nal.NalCodec;
import org.nnpf.bitstream.nal.NalUnit;
import org.nnpf.bitstream.nnpf.NnpfActivation;
import org.nnpf.bitstream.nnpf.NnpfMessage;
import org.nnpf.bitstream.nnpf.NnpfParameterSet;
import org.nnpf.bitstream.nnpf.RandomStructures;

class InsertExtractTest {

  private static List<NalUnit> baseUnits(NalCodec codec, int pictures) {
    switch (codec) {
      case HEVC:
        return SyntheticStreams.hevcUnits(pictures);
      case AVC:
        return SyntheticStreams.avcUnits(pictures);
      default:
        return SyntheticStreams.vvcUnits(pictures);
    }
  }

  private static Map<Integer, List<NnpfMessage>> messages(Random rnd, int pictures) {
    Map<Integer, List<NnpfMessage>> m = new TreeMap<>();
    for (int au = 0; au < pictures; au++) {
      int n = rnd.nextInt(4);
      List<NnpfMessage> list = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        list.add(RandomStructures.message(rnd));
      }
      if (!list.isEmpty()) {
        m.put(au, list);
      }
    }
    return m;
  }

  private static Map<Integer, List<NnpfMessage>> recovered(List<ExtractedAccessUnit> aus) {
    Map<Integer, List<NnpfMessage>> m = new TreeMap<>();
    for (ExtractedAccessUnit au : aus) {
      if (!au.nnpfUnits().isEmpty()) {
        m.put(au.index(), au.nnpfUnits().stream().map(NnpfUnit::message).toList());
      }
    }
    return m;
  }

  /** Messages grouped by container in the order the inserter writes them (APS units apart from the SEI unit). */
  private static Map<Integer, List<NnpfMessage>> inStreamOrder(
      NalCodec codec, Map<Integer, List<NnpfMessage>> m, Carriage carriage) {
    Map<Integer, List<NnpfMessage>> out = new TreeMap<>();
    for (Map.Entry<Integer, List<NnpfMessage>> e : m.entrySet()) {
      List<NnpfMessage> aps = e.getValue().stream().filter(x -> carriage.containerFor(x) == Container.APS).toList();
      List<NnpfMessage> sei = e.getValue().stream().filter(x -> carriage.containerFor(x) == Container.SEI).toList();
      List<NnpfMessage> all = new ArrayList<>();
      if (codec == NalCodec.AVC) {
        all.addAll(sei);
        all.addAll(aps);
      } else {
        all.addAll(aps);
        all.addAll(sei);
      }
      out.put(e.getKey(), all);
    }
    return out;
  }

  @Property(tries = 60)
  void everyInsertedMessageIsRecoveredInItsAccessUnitAndStrippingRestoresTheBaseStream(
      @ForAll @IntRange(min = 0, max = 1_000_000) int seed) {
    Random rnd = new Random(seed);
    NalCodec codec = NalCodec.values()[rnd.nextInt(3)];
    Carriage carriage = Carriage.values()[rnd.nextInt(2)];
    int pictures = 1 + rnd.nextInt(9);
    byte[] base = SyntheticStreams.stream(baseUnits(codec, pictures));
    Map<Integer, List<NnpfMessage>> msgs = messages(rnd, pictures);

    byte[] combined = new NnpfUnitInserter(codec).insert(base, msgs, carriage);
    List<ExtractedAccessUnit> aus = NnpfUnitExtractor.extractAll(combined, codec);

    assertEquals(pictures, aus.size());
    assertEquals(inStreamOrder(codec, msgs, carriage), recovered(aus));
    for (ExtractedAccessUnit au : aus) {
      for (NnpfUnit u : au.nnpfUnits()) {
        assertEquals(carriage.containerFor(u.message()), u.container());
        assertEquals(au.index(), u.accessUnitIndex());
        assertEquals(u.message().messageType(), combined[(int) u.messageOffset()]);
      }
    }
    assertArrayEquals(base, NnpfUnitExtractor.stripNnpfUnits(combined, codec));
    List<AccessUnit> baseAus = AccessUnitSplitter.group(baseUnits(codec, pictures), codec);
    for (int i = 0; i < pictures; i++) {
      // same bytes and start codes; zero bytes after the stream's last unit may follow an inserted unit
      assertEquals(startCodesAndBytes(baseAus.get(i).units()), startCodesAndBytes(aus.get(i).baseUnits()), "access unit " + i);
    }
  }

  private static List<String> startCodesAndBytes(List<NalUnit> units) {
    return units.stream().map(u -> u.leadingZeroBytes() + ":" + org.nnpf.bitstream.Hex.of(u.toByteArray())).toList();
  }

  private static List<String> types(ExtractedAccessUnit au) {
    List<String> t = new ArrayList<>();
    for (NalUnit u : au.accessUnit().units()) {
      t.add(au.baseUnits().contains(u) ? String.valueOf(u.type()) : "*" + u.type());
    }
    return t;
  }

  private static Map<Integer, List<NnpfMessage>> psAndActivation() {
    NnpfParameterSet ps = RandomStructures.parameterSet(new Random(1)).toBuilder().id(3).build();
    Map<Integer, List<NnpfMessage>> m = new LinkedHashMap<>();
    m.put(0, List.of(ps, NnpfActivation.activate(3, true)));
    m.put(2, List.of(NnpfActivation.cancel(3)));
    return m;
  }

  @Test
  void hevcUnitsGoAfterParameterSetsAndSeiBeforeTheFirstSliceApsFirst() {
    byte[] base = SyntheticStreams.stream(SyntheticStreams.hevcUnits(3));
    List<ExtractedAccessUnit> aus = NnpfUnitExtractor.extractAll(
        new NnpfUnitInserter(NalCodec.HEVC).insert(base, psAndActivation(), Carriage.APS), NalCodec.HEVC);
    assertEquals(List.of("32", "33", "34", "39", "*51", "*39", "19", "19"), types(aus.get(0)));
    // access unit 2 starts with an AUD and has TemporalId 2
    assertEquals(List.of("35", "*39", "1"), types(aus.get(2)));
    assertEquals(2, aus.get(2).accessUnit().units().get(1).temporalId());
  }

  @Test
  void avcSeiGoesBeforeTheFirstSliceAndApsAfterTheLastSlice() {
    byte[] base = SyntheticStreams.stream(SyntheticStreams.avcUnits(3));
    List<ExtractedAccessUnit> aus = NnpfUnitExtractor.extractAll(
        new NnpfUnitInserter(NalCodec.AVC).insert(base, psAndActivation(), Carriage.APS), NalCodec.AVC);
    assertEquals(List.of("7", "8", "6", "*6", "5", "5", "*30"), types(aus.get(0)));
    assertEquals(List.of("*6", "1"), types(aus.get(2)));
  }

  @Test
  void avcApsAfterTheLastUnitOfTheStreamTakesOverItsTrailingZeros() {
    byte[] base = SyntheticStreams.stream(SyntheticStreams.avcUnits(2));
    assertEquals(0, base[base.length - 1]);
    Map<Integer, List<NnpfMessage>> m = Map.of(1, List.of(RandomStructures.parameterSet(new Random(2))));
    byte[] combined = new NnpfUnitInserter(NalCodec.AVC, 25).insert(base, m, Carriage.APS);
    assertEquals(0, combined[combined.length - 1]);
    assertTrue(combined[combined.length - 2] != 0);
    assertArrayEquals(base, NnpfUnitExtractor.stripNnpfUnits(combined, NalCodec.AVC));
  }

  @Test
  void vvcSeiGoesBeforeThePictureHeader() {
    byte[] base = SyntheticStreams.stream(SyntheticStreams.vvcUnits(3));
    List<ExtractedAccessUnit> aus = NnpfUnitExtractor.extractAll(
        new NnpfUnitInserter(NalCodec.VVC).insert(base, psAndActivation(), Carriage.APS), NalCodec.VVC);
    assertEquals(List.of("15", "16", "*28", "*23", "19", "8", "8"), types(aus.get(0)));
  }

  @Test
  void streamWithoutNnpfUnitsExtractsAsTheBaseStream() {
    byte[] base = SyntheticStreams.stream(SyntheticStreams.hevcUnits(5));
    List<ExtractedAccessUnit> aus = NnpfUnitExtractor.extractAll(base, NalCodec.HEVC);
    assertEquals(5, aus.size());
    assertTrue(aus.stream().allMatch(a -> a.nnpfUnits().isEmpty()));
    assertArrayEquals(base, aus.stream().map(ExtractedAccessUnit::baseBytes)
        .reduce(new byte[0], InsertExtractTest::concat));
    assertArrayEquals(base, aus.stream().map(ExtractedAccessUnit::bytes)
        .reduce(new byte[0], InsertExtractTest::concat));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  @Test
  void anAccessUnitIndexBeyondTheStreamIsRejected() {
    byte[] base = SyntheticStreams.stream(SyntheticStreams.hevcUnits(2));
    NnpfUnitInserter ins = new NnpfUnitInserter(NalCodec.HEVC);
    Map<Integer, List<NnpfMessage>> m = Map.of(2, List.of(NnpfActivation.cancel(0)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ins.insert(base, m, Carriage.SEI));
    assertTrue(e.getMessage().contains("access unit 2"), e.getMessage());
  }

  @Test
  void apsTypesOutsideTheAllowedRangeAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> new NnpfUnitInserter(NalCodec.HEVC, 56));
    assertThrows(IllegalArgumentException.class, () -> new NnpfUnitInserter(NalCodec.AVC, 23));
    assertThrows(IllegalArgumentException.class, () -> new NnpfUnitInserter(NalCodec.VVC, 30));
  }
}
