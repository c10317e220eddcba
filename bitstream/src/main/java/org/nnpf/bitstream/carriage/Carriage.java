package org.nnpf.bitstream.carriage;

import org.nnpf.bitstream.nnpf.NnpfMessage;
import org.nnpf.bitstream.nnpf.NnpfParameterSet;

/** The encoder's choice of where the NNPF messages travel. */
public enum Carriage {
  /** Every message in SEI. */
  SEI,
  /**
   * Parameter sets in NNPF APS NAL units; activations and picture hashes, which belong to one
   * picture, in SEI (as H.274 NNPFA is an SEI message).
   */
  APS,
  /**
   * The H.274 carriage: NNPFC and NNPFA SEI messages for the standard parts, the NNPF messages
   * (parameter sets, refinement sets, block maps, hashes) as the extension, all in SEI
   * (docs/bitstream-syntax.md section 12; {@link H274Carriage#translate}).
   */
  H274;

  /** The container this carriage uses for {@code m}. */
  public Container containerFor(NnpfMessage m) {
    return this == APS && m instanceof NnpfParameterSet ? Container.APS : Container.SEI;
  }
}
