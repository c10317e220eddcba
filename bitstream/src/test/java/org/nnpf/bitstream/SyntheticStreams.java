package org.nnpf.bitstream;

import java.util.ArrayList;
import java.util.List;
import org.nnpf.bitstream.nal.AnnexBWriter;
import org.nnpf.bitstream.nal.NalCodec;
import org.nnpf.bitstream.nal.NalUnit;
import org.nnpf.bitstream.rbsp.BitWriter;
import org.nnpf.bitstream.sei.SeiMessage;
import org.nnpf.bitstream.sei.SeiRbsp;

/**
 * Small hand-made NAL units and streams with the structure of real HEVC / AVC / VVC streams
 * (parameter sets, SEI, slices with the header bits the access unit rules read) but fake payloads.
 */
public final class SyntheticStreams {
  private SyntheticStreams() {}

  /** A valid SEI RBSP with one user_data_unregistered message of another UUID, like x264's. */
  public static byte[] foreignSeiRbsp() {
    byte[] payload = new byte[16 + 12];
    for (int i = 0; i < 16; i++) {
      payload[i] = (byte) (0xdc + i);
    }
    byte[] text = "x264 - core ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    System.arraycopy(text, 0, payload, 16, text.length);
    return SeiRbsp.write(List.of(SeiMessage.of(5, payload)));
  }

  private static byte[] payload(NalCodec codec, int type) {
    return codec.isSei(type) ? foreignSeiRbsp() : new byte[] {0x11, (byte) type, (byte) 0x80};
  }

  /** An HEVC non-VCL unit with a small payload (a valid one for SEI types). */
  public static NalUnit hevc(int type, int temporalId) {
    return NalUnit.create(NalCodec.HEVC, type, 0, temporalId + 1, 0, payload(NalCodec.HEVC, type));
  }

  /** An HEVC slice segment whose first payload bit is {@code first_slice_segment_in_pic_flag}. */
  public static NalUnit hevcSlice(int type, boolean first, int temporalId) {
    return NalUnit.create(
        NalCodec.HEVC, type, 0, temporalId + 1, 0, new byte[] {(byte) (first ? 0xD5 : 0x55), 0x00, 0x00, 0x01, 0x42, (byte) 0x80});
  }

  /** An AVC non-VCL unit with a small payload. */
  public static NalUnit avc(int type, int refIdc) {
    return NalUnit.create(NalCodec.AVC, type, 0, 1, refIdc, payload(NalCodec.AVC, type));
  }

  /** An AVC slice with the given first_mb_in_slice and pic_parameter_set_id. */
  public static NalUnit avcSlice(int type, int refIdc, int firstMb, int ppsId) {
    BitWriter w = new BitWriter();
    w.ue(firstMb).ue(type == 5 ? 7 : 5).ue(ppsId).u(8, 0x5A).u(16, 0).rbspTrailingBits();
    return NalUnit.create(NalCodec.AVC, type, 0, 1, refIdc, w.toByteArray());
  }

  /** A VVC non-VCL unit. */
  public static NalUnit vvc(int type) {
    return NalUnit.create(NalCodec.VVC, type, 0, 1, 0, payload(NalCodec.VVC, type));
  }

  /** A VVC slice whose first payload bit is {@code sh_picture_header_in_slice_header_flag}. */
  public static NalUnit vvcSlice(int type, boolean pictureHeaderInSliceHeader) {
    return NalUnit.create(
        NalCodec.VVC, type, 0, 1, 0, new byte[] {(byte) (pictureHeaderInSliceHeader ? 0x9A : 0x1A), 0x00, 0x00, 0x02, (byte) 0x80});
  }

  /** The units as an Annex-B byte stream. */
  public static byte[] stream(List<NalUnit> units) {
    return AnnexBWriter.toByteArray(units);
  }

  /**
   * An HEVC stream of {@code pictures} access units like x265 writes them: the first with VPS,
   * SPS, PPS and a prefix SEI, an IDR picture of two slice segments; then trailing pictures of one
   * or two segments with TemporalId cycling 0..2, some with an AUD, some with a suffix SEI. Start
   * codes vary (3 or 4 bytes, extra zeros) and the stream ends with two zero bytes.
   */
  public static List<NalUnit> hevcUnits(int pictures) {
    List<NalUnit> u = new ArrayList<>();
    for (int p = 0; p < pictures; p++) {
      int tid = p == 0 ? 0 : p % 3;
      if (p % 4 == 2) {
        u.add(hevc(35, tid));
      }
      if (p == 0) {
        u.add(hevc(32, 0));
        u.add(hevc(33, 0).withZeroBytes(2, 0));
        u.add(hevc(34, 0));
        u.add(hevc(39, 0).withZeroBytes(0, 0));
        u.add(hevcSlice(19, true, 0));
        u.add(hevcSlice(19, false, 0).withZeroBytes(0, 0));
      } else {
        u.add(hevcSlice(1, true, tid).withZeroBytes(p % 2, 0));
        if (p % 3 == 1) {
          u.add(hevcSlice(1, false, tid).withZeroBytes(0, 0));
        }
        if (p % 5 == 3) {
          u.add(hevc(40, tid).withZeroBytes(0, 0));
        }
      }
    }
    NalUnit last = u.get(u.size() - 1);
    u.set(u.size() - 1, last.withZeroBytes(last.leadingZeroBytes(), 2));
    return u;
  }

  /**
   * An AVC stream of {@code pictures} access units like x264 writes them: SPS, PPS, an SEI and an
   * IDR picture of two slices first, then pictures of one or two slices (some non-reference, some
   * with an AUD), ending with one zero byte.
   */
  public static List<NalUnit> avcUnits(int pictures) {
    List<NalUnit> u = new ArrayList<>();
    for (int p = 0; p < pictures; p++) {
      if (p % 4 == 3) {
        u.add(avc(9, 0));
      }
      if (p == 0) {
        u.add(avc(7, 3));
        u.add(avc(8, 3));
        u.add(avc(6, 0).withZeroBytes(0, 0));
        u.add(avcSlice(5, 3, 0, 0));
        u.add(avcSlice(5, 3, 40, 0).withZeroBytes(0, 0));
      } else {
        int ref = p % 3 == 2 ? 0 : 2;
        u.add(avcSlice(1, ref, 0, 0).withZeroBytes(p % 2, 0));
        if (p % 2 == 1) {
          u.add(avcSlice(1, ref, 33, 0).withZeroBytes(0, 0));
        }
      }
    }
    NalUnit last = u.get(u.size() - 1);
    u.set(u.size() - 1, last.withZeroBytes(last.leadingZeroBytes(), 1));
    return u;
  }

  /** A VVC stream: SPS, PPS, then pictures with a PH unit and two slices, or a picture header in the slice header. */
  public static List<NalUnit> vvcUnits(int pictures) {
    List<NalUnit> u = new ArrayList<>();
    u.add(vvc(15));
    u.add(vvc(16));
    for (int p = 0; p < pictures; p++) {
      if (p % 2 == 0) {
        u.add(vvc(19));
        u.add(vvcSlice(p == 0 ? 8 : 0, false));
        u.add(vvcSlice(p == 0 ? 8 : 0, false));
      } else {
        u.add(vvcSlice(0, true));
      }
    }
    return u;
  }
}
