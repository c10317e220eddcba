package org.nnpf.bitstream.nnpf;

import java.util.List;

/**
 * An ITU-T H.274 neural-network post-filter activation SEI message (NNPFA, {@code payloadType}
 * 211). The elements of later editions after {@code nnpfa_output_flag} (prompt, seed and selected
 * input updates) are written as 0 and, when present, read but not kept (docs/bitstream-syntax.md
 * 12.1).
 *
 * @param targetId {@code nnpfa_target_id} (ue(v)): the {@code nnpfc_id} of the filter
 * @param cancel {@code nnpfa_cancel_flag}
 * @param persistence {@code nnpfa_persistence_flag} (false when cancelling)
 * @param targetBaseFlag {@code nnpfa_target_base_flag}: 1 the base filter, 0 its update
 * @param noPrevClvsFlag {@code nnpfa_no_prev_clvs_flag}
 * @param noFollClvsFlag {@code nnpfa_no_foll_clvs_flag} (present when persistent; false otherwise)
 * @param outputFlags {@code nnpfa_output_flag[ i ]}, {@code nnpfa_num_output_entries} of them
 */
public record H274Activation(
    long targetId, boolean cancel, boolean persistence, boolean targetBaseFlag, boolean noPrevClvsFlag,
    boolean noFollClvsFlag, List<Boolean> outputFlags) implements NnpfMessage {

  /** {@code payloadType} of the NNPFA SEI message. */
  public static final int PAYLOAD_TYPE = 211;

  public H274Activation {
    outputFlags = List.copyOf(outputFlags);
    if (targetId < 0 || targetId > H274Characteristics.MAX_ID) {
      throw new IllegalArgumentException("nnpfa_target_id " + targetId);
    }
    if (cancel && (persistence || targetBaseFlag || noPrevClvsFlag || noFollClvsFlag || !outputFlags.isEmpty())) {
      throw new IllegalArgumentException("a cancelling NNPFA has no other element");
    }
    if (!persistence && noFollClvsFlag) {
      throw new IllegalArgumentException("nnpfa_no_foll_clvs_flag is present only when persistent");
    }
  }

  /** Activates the base filter {@code targetId} for this picture, or from it on when persistent. */
  public static H274Activation activate(long targetId, boolean persistence) {
    return new H274Activation(targetId, false, persistence, true, false, false, List.of());
  }

  /** Cancels the persistence of filter {@code targetId}. */
  public static H274Activation cancel(long targetId) {
    return new H274Activation(targetId, true, false, false, false, false, List.of());
  }

  /** The SEI {@code payloadType} (this is an H.274 message, not an {@code nnpf_message()}). */
  @Override
  public int messageType() {
    return PAYLOAD_TYPE;
  }
}
