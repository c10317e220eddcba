/**
 * The NNPF messages of docs/bitstream-syntax.md as immutable values: {@link
 * org.nnpf.bitstream.nnpf.NnpfParameterSet} (built with its builder), {@link
 * org.nnpf.bitstream.nnpf.NnpfActivation}, {@link org.nnpf.bitstream.nnpf.NnpfPictureHash}; the
 * mirrored {@link org.nnpf.bitstream.nnpf.NnpfMessageReader} and {@link
 * org.nnpf.bitstream.nnpf.NnpfMessageWriter}; {@link org.nnpf.bitstream.nnpf.PictureHasher} for
 * the H.265 D.3.19 hashes; and {@link org.nnpf.bitstream.nnpf.NnpfLimits}.
 */
package org.nnpf.bitstream.nnpf;
