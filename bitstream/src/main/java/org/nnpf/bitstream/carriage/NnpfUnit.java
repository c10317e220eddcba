package org.nnpf.bitstream.carriage;

import org.nnpf.bitstream.nnpf.NnpfMessage;

/**
 * An NNPF message recovered from a stream.
 *
 * @param message the message
 * @param container how it was carried
 * @param accessUnitIndex the access unit (picture, in decoding order) that holds it
 * @param messageOffset stream offset of the first byte of its {@code nnpf_message()} (its {@code
 *     nnpf_message_type}); the elements at message bytes 0..3 lie at exactly this offset plus
 *     their index, since no emulation prevention byte can occur before them
 */
public record NnpfUnit(NnpfMessage message, Container container, int accessUnitIndex, long messageOffset) {}
