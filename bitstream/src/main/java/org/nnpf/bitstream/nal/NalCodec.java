package org.nnpf.bitstream.nal;

/**
 * The base standards whose NAL unit streams this module reads, with their NAL unit header layouts
 * and the NAL unit type classes that the access unit rules need.
 *
 * <ul>
 *   <li>{@link #AVC}: ITU-T H.264, 1-byte header {@code forbidden_zero_bit f(1), nal_ref_idc u(2),
 *       nal_unit_type u(5)} (the 3-byte extensions of types 14, 20 and 21 are payload here).
 *   <li>{@link #HEVC}: ITU-T H.265, 2-byte header {@code forbidden_zero_bit f(1), nal_unit_type
 *       u(6), nuh_layer_id u(6), nuh_temporal_id_plus1 u(3)}.
 *   <li>{@link #VVC}: ITU-T H.266, 2-byte header {@code forbidden_zero_bit f(1),
 *       nuh_reserved_zero_bit u(1), nuh_layer_id u(6), nal_unit_type u(5), nuh_temporal_id_plus1
 *       u(3)}. Reading and access unit splitting only; single-layer streams.
 * </ul>
 */
public enum NalCodec {
  AVC(1, 6, 24, 31, 30),
  HEVC(2, 39, 48, 55, 51),
  VVC(2, 23, 28, 29, 28);

  private final int headerBytes;
  private final int prefixSeiType;
  private final int firstApsType;
  private final int lastApsType;
  private final int defaultApsType;

  NalCodec(int headerBytes, int prefixSeiType, int firstApsType, int lastApsType, int defaultApsType) {
    this.headerBytes = headerBytes;
    this.prefixSeiType = prefixSeiType;
    this.firstApsType = firstApsType;
    this.lastApsType = lastApsType;
    this.defaultApsType = defaultApsType;
  }

  /** The NAL layer of a base codec of {@code org.nnpf.common.codec}. */
  public static NalCodec of(org.nnpf.common.codec.BaseCodec codec) {
    switch (codec) {
      case HEVC:
        return HEVC;
      case AVC:
        return AVC;
      default:
        return VVC;
    }
  }

  /** Size of the NAL unit header in bytes. */
  public int headerBytes() {
    return headerBytes;
  }

  /** Largest {@code nal_unit_type}. */
  public int maxType() {
    return this == HEVC ? 63 : 31;
  }

  /** VCL NAL unit types: AVC 1..5, HEVC 0..31, VVC 0..11. */
  public boolean isVcl(int type) {
    switch (this) {
      case AVC:
        return type >= 1 && type <= 5;
      case HEVC:
        return type <= 31;
      default:
        return type <= 11;
    }
  }

  /**
   * Non-VCL NAL unit types that start a new access unit when they are the first such unit after
   * the last VCL NAL unit of the previous one (H.264 7.4.1.2.3, H.265 7.4.2.4.4, H.266 7.4.2.4.3;
   * for HEVC and VVC only with {@code nuh_layer_id} 0):
   *
   * <ul>
   *   <li>AVC: SEI 6, SPS 7, PPS 8, AUD 9, 14..18;
   *   <li>HEVC: VPS 32, SPS 33, PPS 34, AUD 35, prefix SEI 39, 41..44, 48..55;
   *   <li>VVC: OPI 12, DCI 13, VPS 14, SPS 15, PPS 16, prefix APS 17, PH 19, AUD 20, prefix SEI 23,
   *       26, 28, 29.
   * </ul>
   */
  public boolean startsAccessUnitAfterVcl(int type, int layerId) {
    switch (this) {
      case AVC:
        return (type >= 6 && type <= 9) || (type >= 14 && type <= 18);
      case HEVC:
        return layerId == 0
            && ((type >= 32 && type <= 35)
                || type == 39
                || (type >= 41 && type <= 44)
                || (type >= 48 && type <= 55));
      default:
        return layerId == 0
            && ((type >= 12 && type <= 17)
                || type == 19
                || type == 20
                || type == 23
                || type == 26
                || type == 28
                || type == 29);
    }
  }

  /** The NAL unit type that carries SEI messages before the first VCL NAL unit (AVC: any SEI). */
  public int prefixSeiType() {
    return prefixSeiType;
  }

  /** True for the SEI NAL unit types (prefix or suffix). */
  public boolean isSei(int type) {
    switch (this) {
      case AVC:
        return type == 6;
      case HEVC:
        return type == 39 || type == 40;
      default:
        return type == 23 || type == 24;
    }
  }

  /** True for the NAL unit types the base standard leaves unspecified (AVC 0 and 24..31, HEVC 48..63, VVC 28..31). */
  public boolean isUnspecified(int type) {
    switch (this) {
      case AVC:
        return type == 0 || type >= 24;
      case HEVC:
        return type >= 48;
      default:
        return type >= 28;
    }
  }

  /**
   * True for the unspecified types an NNPF APS may use (AVC 24..31, HEVC 48..55, VVC 28..29): the
   * ones whose place in an access unit the base standard fixes without ambiguity.
   */
  public boolean isAllowedApsType(int type) {
    return type >= firstApsType && type <= lastApsType;
  }

  /** The default NNPF APS type: AVC 30, HEVC 51, VVC 28 (see docs/bitstream-syntax.md). */
  public int defaultApsType() {
    return defaultApsType;
  }

  /** A short name of the NAL unit type, e.g. "PREFIX_SEI" or "IDR_W_RADL", for messages. */
  public String typeName(int type) {
    String[] names;
    switch (this) {
      case AVC:
        names = AVC_NAMES;
        break;
      case HEVC:
        names = HEVC_NAMES;
        break;
      default:
        names = VVC_NAMES;
        break;
    }
    if (type >= 0 && type < names.length && names[type] != null) {
      return names[type];
    }
    return isUnspecified(type) ? "UNSPEC" + type : "RSV" + type;
  }

  private static final String[] AVC_NAMES = {
    null, "SLICE", "DPA", "DPB", "DPC", "IDR", "SEI", "SPS", "PPS", "AUD", "EOSEQ", "EOSTREAM",
    "FILLER", "SPS_EXT", "PREFIX", "SUBSET_SPS", "DPS", null, null, "AUX_SLICE", "SLICE_EXT",
    "SLICE_EXT_DEPTH"
  };

  private static final String[] HEVC_NAMES = {
    "TRAIL_N", "TRAIL_R", "TSA_N", "TSA_R", "STSA_N", "STSA_R", "RADL_N", "RADL_R", "RASL_N",
    "RASL_R", null, null, null, null, null, null, "BLA_W_LP", "BLA_W_RADL", "BLA_N_LP",
    "IDR_W_RADL", "IDR_N_LP", "CRA", null, null, null, null, null, null, null, null, null, null,
    "VPS", "SPS", "PPS", "AUD", "EOS", "EOB", "FD", "PREFIX_SEI", "SUFFIX_SEI"
  };

  private static final String[] VVC_NAMES = {
    "TRAIL", "STSA", "RADL", "RASL", null, null, null, "IDR_W_RADL", "IDR_N_LP", "CRA", "GDR",
    null, "OPI", "DCI", "VPS", "SPS", "PPS", "PREFIX_APS", "SUFFIX_APS", "PH", "AUD", "EOS",
    "EOB", "PREFIX_SEI", "SUFFIX_SEI", "FD"
  };
}
