/**
 * Carriage of NNPF messages in a base stream. Encoders: {@link
 * org.nnpf.bitstream.carriage.NnpfUnitInserter} (base stream + messages per access unit +
 * {@link org.nnpf.bitstream.carriage.Carriage} -> combined stream, every base NAL unit
 * byte-identical). Decoders: {@link org.nnpf.bitstream.carriage.NnpfUnitExtractor} (combined stream
 * -> per access unit, in decoding order, the base NAL units and the parsed {@link
 * org.nnpf.bitstream.carriage.NnpfUnit}s; or the stripped base stream) and {@link
 * org.nnpf.bitstream.carriage.NnpfDecoderState} (per access unit: the filter to apply and the
 * expected output hash).
 */
package org.nnpf.bitstream.carriage;
