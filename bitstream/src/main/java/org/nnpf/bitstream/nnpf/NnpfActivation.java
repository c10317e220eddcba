package org.nnpf.bitstream.nnpf;

import java.util.OptionalInt;

/**
 * Activation of a post-filter for the picture of the access unit that carries it, modelled on the
 * H.274 NNPFA SEI message ({@code nnpf_activation()}).
 *
 * @param targetId {@code nnpfa_target_id}: the id of the parameter set to apply, 0..255
 * @param cancel {@code nnpfa_cancel_flag}: true cancels the persistence of an earlier activation
 *     with the same target id; the filter is then not applied to this picture by this message
 * @param persistent {@code nnpfa_persistence_flag}: the activation also applies to every following
 *     picture in decoding order until cancelled or replaced (false when cancelling)
 * @param auxValue {@code nnpfa_aux_value}: the sample value of the auxiliary input plane for the
 *     pictures this activation applies to, 0..65535, overriding the parameter set's default (empty
 *     when cancelling)
 */
public record NnpfActivation(int targetId, boolean cancel, boolean persistent, OptionalInt auxValue)
    implements NnpfMessage {
  public NnpfActivation {
    if (targetId < 0 || targetId > NnpfLimits.MAX_ID) {
      throw new IllegalArgumentException("target id " + targetId + " outside 0.." + NnpfLimits.MAX_ID);
    }
    if (cancel && (persistent || auxValue.isPresent())) {
      throw new IllegalArgumentException("a cancelling activation has no persistence flag and no aux value");
    }
    if (auxValue.isPresent() && (auxValue.getAsInt() < 0 || auxValue.getAsInt() > 0xFFFF)) {
      throw new IllegalArgumentException("aux value " + auxValue.getAsInt() + " outside 0..65535");
    }
  }

  /** Activates {@code targetId} for this picture, or from this picture on when {@code persistent}. */
  public static NnpfActivation activate(int targetId, boolean persistent) {
    return new NnpfActivation(targetId, false, persistent, OptionalInt.empty());
  }

  /** Activates {@code targetId} with an auxiliary plane value. */
  public static NnpfActivation activate(int targetId, boolean persistent, int auxValue) {
    return new NnpfActivation(targetId, false, persistent, OptionalInt.of(auxValue));
  }

  /** Cancels a persistent activation of {@code targetId}. */
  public static NnpfActivation cancel(int targetId) {
    return new NnpfActivation(targetId, true, false, OptionalInt.empty());
  }

  @Override
  public int messageType() {
    return TYPE_ACTIVATION;
  }
}
