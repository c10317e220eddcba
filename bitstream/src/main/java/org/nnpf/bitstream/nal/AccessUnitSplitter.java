package org.nnpf.bitstream.nal;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.nnpf.bitstream.BitstreamException;
import org.nnpf.bitstream.rbsp.BitReader;
import org.nnpf.bitstream.rbsp.Rbsp;

/**
 * Groups NAL units into access units, lazily, by the rules of the base standard in the practical
 * form below (single-layer streams).
 *
 * <p>A NAL unit starts a new access unit when the current one already holds a VCL NAL unit and
 * either (a) it is a non-VCL unit of a type that {@link NalCodec#startsAccessUnitAfterVcl} lists
 * (the first such unit after the last VCL NAL unit of the previous access unit), or (b) it is the
 * first VCL NAL unit of a new picture:
 *
 * <ul>
 *   <li>HEVC: {@code first_slice_segment_in_pic_flag} (first payload bit) equal to 1, {@code
 *       nuh_layer_id} 0;
 *   <li>VVC: {@code sh_picture_header_in_slice_header_flag} (first payload bit) equal to 1 (a
 *       picture whose header is in a PH NAL unit starts with that unit, rule (a));
 *   <li>AVC (a practical form of H.264 7.4.1.2.4): a slice NAL unit of type 1, 2 or 5 whose {@code
 *       first_mb_in_slice} is not greater than that of the previous slice of the access unit, or
 *       whose {@code pic_parameter_set_id}, IdrPicFlag (type 5 or not) or "{@code nal_ref_idc} is
 *       0" differs from it. Arbitrary slice order and redundant pictures are therefore not
 *       supported; partitions B and C (types 3, 4) never start a picture.
 * </ul>
 *
 * <p>Units before the first VCL NAL unit of the stream belong to access unit 0.
 */
public final class AccessUnitSplitter implements Iterator<AccessUnit> {
  private final NalCodec codec;
  private final Iterator<NalUnit> units;
  private NalUnit pending;
  private int nextIndex;

  // AVC state of the last slice of the current access unit
  private long lastFirstMb;
  private long lastPpsId;
  private boolean lastIdr;
  private boolean lastRefZero;

  public AccessUnitSplitter(Iterator<NalUnit> units, NalCodec codec) {
    this.codec = codec;
    this.units = units;
    this.pending = units.hasNext() ? units.next() : null;
  }

  /** Splits an Annex-B stream into access units. */
  public static AccessUnitSplitter of(ByteBuf stream, NalCodec codec) {
    return new AccessUnitSplitter(new NalUnitStream(stream, codec), codec);
  }

  /** All access units of an Annex-B stream. */
  public static List<AccessUnit> split(ByteBuf stream, NalCodec codec) {
    List<AccessUnit> aus = new ArrayList<>();
    AccessUnitSplitter s = of(stream, codec);
    while (s.hasNext()) {
      aus.add(s.next());
    }
    return aus;
  }

  /** All access units of the given NAL units. */
  public static List<AccessUnit> group(List<NalUnit> nalUnits, NalCodec codec) {
    List<AccessUnit> aus = new ArrayList<>();
    AccessUnitSplitter s = new AccessUnitSplitter(nalUnits.iterator(), codec);
    while (s.hasNext()) {
      aus.add(s.next());
    }
    return aus;
  }

  @Override
  public boolean hasNext() {
    return pending != null;
  }

  @Override
  public AccessUnit next() {
    if (pending == null) {
      throw new NoSuchElementException();
    }
    List<NalUnit> au = new ArrayList<>();
    boolean sawVcl = false;
    NalUnit u = pending;
    while (true) {
      if (u.isVcl()) {
        SliceStart s = sliceStart(u);
        if (sawVcl && s.newPicture) {
          break;
        }
        remember(u, s);
        sawVcl = true;
      } else if (sawVcl && codec.startsAccessUnitAfterVcl(u.type(), u.layerId())) {
        break;
      }
      au.add(u);
      if (!units.hasNext()) {
        u = null;
        break;
      }
      u = units.next();
    }
    pending = u;
    return new AccessUnit(nextIndex++, au);
  }

  /** What a VCL NAL unit says about picture boundaries. */
  private record SliceStart(boolean newPicture, long firstMb, long ppsId) {}

  private SliceStart sliceStart(NalUnit u) {
    if (codec == NalCodec.AVC) {
      return avcSliceStart(u);
    }
    // HEVC first_slice_segment_in_pic_flag, VVC sh_picture_header_in_slice_header_flag
    return new SliceStart(u.layerId() == 0 && firstPayloadBit(u), 0, 0);
  }

  private static boolean firstPayloadBit(NalUnit u) {
    if (u.size() <= u.codec().headerBytes()) {
      throw new BitstreamException(
          "slice_segment_header", u.streamOffset() + u.codec().headerBytes(), 0, u.describe(),
          "VCL NAL unit without a slice header");
    }
    return (u.byteAt(u.codec().headerBytes()) & 0x80) != 0;
  }

  private SliceStart avcSliceStart(NalUnit u) {
    int type = u.type();
    if (type == 3 || type == 4) {
      return new SliceStart(false, lastFirstMb, lastPpsId);
    }
    byte[] prefix = u.payloadPrefix(16);
    BitReader r = new BitReader(Rbsp.of(prefix, u.describe(), u.streamOffset() + 1));
    long firstMb = r.ueLong("first_mb_in_slice");
    r.ueLong("slice_type");
    long ppsId = r.ueLong("pic_parameter_set_id");
    boolean idr = type == 5;
    boolean refZero = u.refIdc() == 0;
    boolean newPicture =
        firstMb <= lastFirstMb || ppsId != lastPpsId || idr != lastIdr || refZero != lastRefZero;
    return new SliceStart(newPicture, firstMb, ppsId);
  }

  private void remember(NalUnit u, SliceStart s) {
    if (codec == NalCodec.AVC && u.type() != 3 && u.type() != 4) {
      lastFirstMb = s.firstMb;
      lastPpsId = s.ppsId;
      lastIdr = u.type() == 5;
      lastRefZero = u.refIdc() == 0;
    }
  }
}
