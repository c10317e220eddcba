package org.nnpf.bitstream.carriage;

import java.util.List;
import org.nnpf.bitstream.nal.AccessUnit;
import org.nnpf.bitstream.nal.AnnexBWriter;
import org.nnpf.bitstream.nal.NalUnit;

/**
 * One access unit of a stream with NNPF units, split into what the base decoder needs and what
 * the post-filter needs.
 *
 * @param accessUnit every NAL unit of the access unit, as in the stream
 * @param baseUnits the NAL units that are not NNPF-only units (what the base stream had), in order
 * @param nnpfUnits the NNPF messages of the access unit, in stream order
 */
public record ExtractedAccessUnit(AccessUnit accessUnit, List<NalUnit> baseUnits, List<NnpfUnit> nnpfUnits) {
  public ExtractedAccessUnit {
    baseUnits = List.copyOf(baseUnits);
    nnpfUnits = List.copyOf(nnpfUnits);
  }

  /** Index of the access unit in decoding order. */
  public int index() {
    return accessUnit.index();
  }

  /** The access unit as Annex-B bytes, NNPF units included (exactly as in the stream). */
  public byte[] bytes() {
    return AnnexBWriter.toByteArray(accessUnit.units());
  }

  /** The base units as Annex-B bytes, each with its original start code. */
  public byte[] baseBytes() {
    return AnnexBWriter.toByteArray(baseUnits);
  }
}
