package org.nnpf.bitstream.nnpf;

import java.util.Objects;
import org.nnpf.common.nn.refine.BlockMap;

/**
 * A block map ({@code nnpf_block_map()}, message type 5, version 1.1): for the picture of its access
 * unit, which blocks keep the output of the filter {@code targetId} (docs/bitstream-syntax.md 4.6,
 * 5.6). It applies to that picture only.
 *
 * @param targetId {@code nbm_target_id}: the id of the filter applied to the picture, 0..255
 * @param map the on/off flags per component
 */
public record NnpfBlockMap(int targetId, BlockMap map) implements NnpfMessage {
  public NnpfBlockMap {
    if (targetId < 0 || targetId > NnpfLimits.MAX_ID) {
      throw new IllegalArgumentException("target id " + targetId + " outside 0.." + NnpfLimits.MAX_ID);
    }
    Objects.requireNonNull(map);
  }

  @Override
  public int messageType() {
    return TYPE_BLOCK_MAP;
  }
}
