package org.nnpf.bitstream.nal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.nnpf.bitstream.SyntheticStreams.avc;
import static org.nnpf.bitstream.SyntheticStreams.avcSlice;
import static org.nnpf.bitstream.SyntheticStreams.hevc;
import static org.nnpf.bitstream.SyntheticStreams.hevcSlice;
import static org.nnpf.bitstream.SyntheticStreams.vvc;
import static org.nnpf.bitstream.SyntheticStreams.vvcSlice;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nnpf.bitstream.SyntheticStreams;

class AccessUnitSplitterTest {

  private static List<Integer> sizes(List<NalUnit> units, NalCodec codec) {
    return AccessUnitSplitter.group(units, codec).stream().map(au -> au.units().size()).toList();
  }

  @Test
  void hevcAccessUnitsStartAtPrefixUnitsAfterAVclUnitOrAtAFirstSliceSegment() {
    List<NalUnit> units = List.of(
        hevc(35, 0), hevc(32, 0), hevc(33, 0), hevc(34, 0), hevc(39, 0),
        hevcSlice(19, true, 0), hevcSlice(19, false, 0), hevc(40, 0),
        hevcSlice(1, true, 1), hevcSlice(1, false, 1),
        hevc(51, 2), hevcSlice(1, true, 2), hevc(56, 2), hevc(38, 2),
        hevc(48, 0), hevc(39, 0), hevcSlice(1, true, 0), hevc(36, 0));
    assertEquals(List.of(8, 2, 4, 4), sizes(units, NalCodec.HEVC));
  }

  @Test
  void hevcAccessUnitTemporalIdIsThatOfItsFirstVclUnit() {
    List<AccessUnit> aus = AccessUnitSplitter.group(SyntheticStreams.hevcUnits(6), NalCodec.HEVC);
    assertEquals(6, aus.size());
    assertEquals(List.of(0, 1, 2, 0, 1, 2), aus.stream().map(AccessUnit::temporalId).toList());
  }

  @Test
  void avcNewPictureWhenFirstMbDoesNotIncreaseOrPpsIdrOrReferenceChanges() {
    List<NalUnit> units = List.of(
        avc(9, 0), avc(7, 3), avc(8, 3), avc(6, 0), avcSlice(5, 3, 0, 0), avcSlice(5, 3, 10, 0),
        avcSlice(1, 2, 0, 0), avcSlice(1, 2, 5, 0), avc(30, 3), avc(12, 0),
        avcSlice(1, 0, 0, 0),
        avcSlice(1, 2, 7, 0),
        avcSlice(1, 2, 9, 1),
        avcSlice(5, 2, 20, 1),
        avc(6, 0), avcSlice(1, 2, 0, 1), avc(10, 0), avc(11, 0));
    assertEquals(List.of(6, 4, 1, 1, 1, 1, 4), sizes(units, NalCodec.AVC));
  }

  @Test
  void avcPartitionsBAndCNeverStartAPicture() {
    NalUnit dpb = org.nnpf.bitstream.SyntheticStreams.avc(3, 2);
    List<NalUnit> units = List.of(avcSlice(2, 2, 0, 0), dpb, avcSlice(2, 2, 0, 0), dpb);
    assertEquals(List.of(2, 2), sizes(units, NalCodec.AVC));
  }

  @Test
  void vvcPicturesStartAtAPictureHeaderOrASliceCarryingOne() {
    assertEquals(List.of(5, 1, 3, 1), sizes(SyntheticStreams.vvcUnits(4), NalCodec.VVC));
    List<NalUnit> units = List.of(vvc(19), vvcSlice(0, false), vvc(24), vvc(23), vvcSlice(0, true), vvc(29), vvcSlice(0, true));
    assertEquals(List.of(3, 2, 2), sizes(units, NalCodec.VVC));
  }

  @Test
  void unitsBeforeTheFirstVclUnitBelongToAccessUnitZero() {
    List<AccessUnit> aus = AccessUnitSplitter.group(List.of(hevc(39, 0), hevc(40, 0)), NalCodec.HEVC);
    assertEquals(1, aus.size());
    assertEquals(-1, aus.get(0).firstVclIndex());
  }

  @Test
  void splittingAStreamMatchesGroupingItsUnits() {
    List<NalUnit> units = SyntheticStreams.avcUnits(9);
    byte[] s = SyntheticStreams.stream(units);
    List<AccessUnit> a = AccessUnitSplitter.split(io.netty.buffer.Unpooled.wrappedBuffer(s), NalCodec.AVC);
    assertEquals(9, a.size());
    assertEquals(units, a.stream().flatMap(au -> au.units().stream()).toList());
  }
}
