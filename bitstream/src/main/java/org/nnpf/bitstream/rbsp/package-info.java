/**
 * Raw byte sequence payloads: {@link org.nnpf.bitstream.rbsp.BitReader} and {@link
 * org.nnpf.bitstream.rbsp.BitWriter} for the descriptors of the syntax tables, {@link
 * org.nnpf.bitstream.rbsp.EmulationPrevention}, and {@link org.nnpf.bitstream.rbsp.ByteOrigin},
 * which maps RBSP positions back to stream offsets for error messages.
 */
package org.nnpf.bitstream.rbsp;
