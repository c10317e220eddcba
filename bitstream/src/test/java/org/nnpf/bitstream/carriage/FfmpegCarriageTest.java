package org.nnpf.bitstream.carriage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nnpf.bitstream.nal.NalCodec;
import org.nnpf.bitstream.nnpf.NnpfActivation;
import org.nnpf.bitstream.nnpf.NnpfMessage;
import org.nnpf.bitstream.nnpf.NnpfParameterSet;
import org.nnpf.bitstream.nnpf.PictureHashType;
import org.nnpf.bitstream.nnpf.PictureHasher;
import org.nnpf.bitstream.nnpf.RandomStructures;
import org.nnpf.common.codec.BaseCodec;
import org.nnpf.common.codec.BaseDecoder;
import org.nnpf.common.codec.BaseEncoder;
import org.nnpf.common.codec.CodingStructure;
import org.nnpf.common.codec.EncoderConfig;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;
import org.nnpf.common.picture.Plane;

/**
 * Both carriages inserted into real libx265 and libx264 streams: FFmpeg decodes every picture of
 * the combined stream bit-identically to the base stream, its parser finds as many access units,
 * and the extractor recovers every inserted message in its access unit.
 */
class FfmpegCarriageTest {
  static final int W = 96;
  static final int H = 64;
  static final int PICTURES = 17;

  static byte[] hevc8;
  static byte[] hevc10;
  static byte[] avc8;

  /** Moving gradient, a moving square and deterministic noise. */
  static List<Picture> content(int bitDepth) {
    Random rnd = new Random(7);
    List<Picture> out = new ArrayList<>();
    int max = (1 << bitDepth) - 1;
    for (int t = 0; t < PICTURES; t++) {
      Picture p = new Picture(W, H, bitDepth, ChromaFormat.CF420);
      for (int c = 0; c < 3; c++) {
        Plane pl = p.plane(c);
        for (int y = 0; y < pl.height(); y++) {
          for (int x = 0; x < pl.width(); x++) {
            double v = 0.5 + 0.3 * Math.sin((x + 2 * t) * 0.15 + c) * Math.cos((y - t) * 0.1);
            boolean square = c == 0 && Math.abs(x - 20 - 3 * t) < 10 && Math.abs(y - 30) < 10;
            int s = (int) (v * max) + (square ? max / 4 : 0) + rnd.nextInt(1 << (bitDepth - 6));
            pl.set(x, y, Math.max(0, Math.min(max, s)));
          }
        }
      }
      out.add(p);
    }
    return out;
  }

  static byte[] encode(BaseCodec codec, int bitDepth) {
    EncoderConfig.Builder b = EncoderConfig.builder().codec(codec).size(W, H).bitDepth(bitDepth)
        .preset("veryfast").qp(32).structure(CodingStructure.RANDOM_ACCESS).intraPeriod(8).threads(1);
    if (codec == BaseCodec.HEVC) {
      b.decodedPictureHash(1); // FFmpeg checks x265's MD5 SEI: our units must not disturb it
    }
    return BaseEncoder.encode(b.build(), content(bitDepth)).bytes();
  }

  @BeforeAll
  static void encodeBaseStreams() {
    hevc8 = encode(BaseCodec.HEVC, 8);
    hevc10 = encode(BaseCodec.HEVC, 10);
    avc8 = encode(BaseCodec.AVC, 8);
  }

  /** A parameter set and a persistent activation first, one-shot activations and picture hashes everywhere, a cancel, a second parameter set. */
  static Map<Integer, List<NnpfMessage>> messages(int accessUnits) {
    Random rnd = new Random(11);
    NnpfParameterSet ps0 = RandomStructures.parameterSet(rnd).toBuilder().id(0).build();
    NnpfParameterSet ps1 = RandomStructures.parameterSet(rnd).toBuilder().id(1).build();
    Map<Integer, List<NnpfMessage>> m = new TreeMap<>();
    for (int au = 0; au < accessUnits; au++) {
      List<NnpfMessage> list = new ArrayList<>();
      if (au == 0) {
        list.add(ps0);
        list.add(NnpfActivation.activate(0, true));
      } else if (au == 5) {
        list.add(ps1);
        list.add(NnpfActivation.activate(1, false, 300));
      } else if (au == 9) {
        list.add(NnpfActivation.cancel(0));
      }
      if (au % 2 == 0) {
        list.add(RandomStructures.pictureHash(rnd));
      }
      if (!list.isEmpty()) {
        m.put(au, list);
      }
    }
    return m;
  }

  record Decoded(List<Picture> pictures, int accessUnits) {}

  static Decoded decode(byte[] stream, BaseCodec codec) {
    List<Picture> pictures = new ArrayList<>();
    try (BaseDecoder d = new BaseDecoder(codec, 1, "test stream")) {
      d.feed(stream, 0, stream.length, p -> pictures.add(p.picture()));
      d.finish(p -> pictures.add(p.picture()));
      return new Decoded(pictures, d.accessUnits());
    }
  }

  private static List<String> startCodesAndBytes(List<org.nnpf.bitstream.nal.NalUnit> units) {
    return units.stream().map(u -> u.leadingZeroBytes() + ":" + org.nnpf.bitstream.Hex.of(u.toByteArray())).toList();
  }

  private static void checkCarriage(byte[] base, BaseCodec baseCodec, Carriage carriage, int apsType) {
    NalCodec codec = NalCodec.of(baseCodec);
    List<ExtractedAccessUnit> baseAus = NnpfUnitExtractor.extractAll(base, codec);
    assertEquals(PICTURES, baseAus.size(), "our access units = pictures");
    Map<Integer, List<NnpfMessage>> msgs = messages(baseAus.size());

    byte[] combined = new NnpfUnitInserter(codec, apsType).insert(base, msgs, carriage);
    assertTrue(combined.length > base.length);

    Decoded ref = decode(base, baseCodec);
    Decoded got = decode(combined, baseCodec);
    String what = baseCodec + " " + carriage + " APS type " + apsType;
    assertEquals(PICTURES, ref.pictures().size(), what);
    assertEquals(ref.pictures().size(), got.pictures().size(), what);
    for (int i = 0; i < ref.pictures().size(); i++) {
      assertEquals(ref.pictures().get(i), got.pictures().get(i), what + ": picture " + i);
      assertEquals(PictureHasher.hash(ref.pictures().get(i), PictureHashType.MD5),
          PictureHasher.hash(got.pictures().get(i), PictureHashType.MD5));
    }
    assertEquals(ref.accessUnits(), got.accessUnits(), what + ": FFmpeg's parser finds as many access units");

    List<ExtractedAccessUnit> aus = NnpfUnitExtractor.extractAll(combined, codec);
    assertEquals(PICTURES, aus.size(), what);
    Map<Integer, List<NnpfMessage>> recovered = new TreeMap<>();
    int units = 0;
    for (ExtractedAccessUnit au : aus) {
      for (NnpfUnit u : au.nnpfUnits()) {
        recovered.computeIfAbsent(au.index(), k -> new ArrayList<>()).add(u.message());
        assertEquals(carriage.containerFor(u.message()), u.container());
        units++;
      }
      assertEquals(startCodesAndBytes(baseAus.get(au.index()).baseUnits()), startCodesAndBytes(au.baseUnits()),
          what + ": base units of access unit " + au.index());
    }
    assertEquals(msgs.values().stream().mapToInt(List::size).sum(), units, what);
    for (Map.Entry<Integer, List<NnpfMessage>> e : msgs.entrySet()) {
      assertEquals(new java.util.HashSet<>(e.getValue()), new java.util.HashSet<>(recovered.get(e.getKey())),
          what + ": messages of access unit " + e.getKey());
    }
    assertArrayEquals(base, NnpfUnitExtractor.stripNnpfUnits(combined, codec), what + ": stripping restores the base stream");

    NnpfDecoderState state = new NnpfDecoderState();
    List<Integer> filters = new ArrayList<>();
    for (ExtractedAccessUnit au : aus) {
      filters.add(state.accept(au).targetId());
    }
    assertEquals(List.of(0, 0, 0, 0, 0, 1, 0, 0, 0, -1, -1, -1, -1, -1, -1, -1, -1), filters, what);
  }

  @Test
  void seiCarriageInLibx265StreamsDecodesBitIdenticallyAndIsRecovered() {
    checkCarriage(hevc8, BaseCodec.HEVC, Carriage.SEI, 51);
    checkCarriage(hevc10, BaseCodec.HEVC, Carriage.SEI, 51);
  }

  @Test
  void apsCarriageInLibx265StreamsDecodesBitIdenticallyWithEveryAllowedType() {
    for (int type = 48; type <= 55; type++) {
      checkCarriage(hevc8, BaseCodec.HEVC, Carriage.APS, type);
    }
    checkCarriage(hevc10, BaseCodec.HEVC, Carriage.APS, 51);
  }

  @Test
  void seiCarriageInLibx264StreamsDecodesBitIdenticallyAndIsRecovered() {
    checkCarriage(avc8, BaseCodec.AVC, Carriage.SEI, 30);
  }

  @Test
  void apsCarriageInLibx264StreamsDecodesBitIdenticallyWithEveryAllowedType() {
    for (int type = 24; type <= 31; type++) {
      checkCarriage(avc8, BaseCodec.AVC, Carriage.APS, type);
    }
  }
}
