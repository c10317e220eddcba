package org.nnpf.bitstream.nal;

import java.util.List;

/**
 * The NAL units of one access unit (one coded picture of a single-layer stream), in decoding
 * order.
 *
 * @param index position of the access unit in decoding order, from 0
 * @param units its NAL units, in stream order (never empty)
 */
public record AccessUnit(int index, List<NalUnit> units) {
  public AccessUnit {
    units = List.copyOf(units);
    if (units.isEmpty()) {
      throw new IllegalArgumentException("an access unit has at least one NAL unit");
    }
  }

  /** Index in {@link #units()} of the first VCL NAL unit, or -1 if there is none. */
  public int firstVclIndex() {
    for (int i = 0; i < units.size(); i++) {
      if (units.get(i).isVcl()) {
        return i;
      }
    }
    return -1;
  }

  /** Index in {@link #units()} of the last VCL NAL unit, or -1 if there is none. */
  public int lastVclIndex() {
    for (int i = units.size() - 1; i >= 0; i--) {
      if (units.get(i).isVcl()) {
        return i;
      }
    }
    return -1;
  }

  /** TemporalId of the access unit: that of its first VCL NAL unit (0 without one, and for AVC). */
  public int temporalId() {
    int i = firstVclIndex();
    return i < 0 ? 0 : units.get(i).temporalId();
  }

  /** Stream offset of the first unit's header, or -1 if it was created in memory. */
  public long streamOffset() {
    return units.get(0).streamOffset();
  }
}
