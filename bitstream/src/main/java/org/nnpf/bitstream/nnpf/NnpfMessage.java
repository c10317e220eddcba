package org.nnpf.bitstream.nnpf;

/**
 * One NNPF message ({@code nnpf_message()}): the payload syntax shared by both carriages (an SEI
 * {@code user_data_unregistered} message or an NNPF APS NAL unit); or, with the H.274 carriage, one
 * of the standard NN post-filter SEI messages ({@link H274Characteristics}, {@link H274Activation},
 * {@link H274Ignored}), whose {@link #messageType()} is their SEI {@code payloadType}.
 */
public sealed interface NnpfMessage
    permits NnpfParameterSet, NnpfActivation, NnpfPictureHash, NnpfRefinementSet, NnpfBlockMap, UnsupportedNnpfMessage,
        H274Characteristics, H274Activation, H274Ignored {
  /** {@code nnpf_message_type} of a parameter set. */
  int TYPE_PARAMETER_SET = 0;
  /** {@code nnpf_message_type} of an activation. */
  int TYPE_ACTIVATION = 1;
  /** {@code nnpf_message_type} of a post-filtered picture hash. */
  int TYPE_PICTURE_HASH = 2;
  /** {@code nnpf_message_type} of a refinement set (version 1.1). */
  int TYPE_REFINEMENT_SET = 4;
  /** {@code nnpf_message_type} of a block map (version 1.1). */
  int TYPE_BLOCK_MAP = 5;

  /** {@code nnpf_message_type}. */
  int messageType();
}
