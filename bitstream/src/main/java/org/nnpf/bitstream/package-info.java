/**
 * The bitstream layer of nnpf: NN post-filter (NNPF) information carried inside HEVC / AVC (and,
 * for reading, VVC) Annex-B streams, as docs/bitstream-syntax.md specifies it.
 *
 * <ul>
 *   <li>{@link org.nnpf.bitstream.rbsp}: bit reader and writer (u(n), ue(v), se(v), sek(v),
 *       alignment, trailing bits) and emulation prevention;
 *   <li>{@link org.nnpf.bitstream.nal}: Annex-B splitting and writing, NAL unit headers, access
 *       units;
 *   <li>{@link org.nnpf.bitstream.sei}: SEI message framing;
 *   <li>{@link org.nnpf.bitstream.nnpf}: the NNPF messages (parameter set, activation, picture
 *       hash) with one reader and one writer mirroring the syntax tables, and D.3.19 hashes;
 *   <li>{@link org.nnpf.bitstream.carriage}: SEI / APS carriage, the inserter for encoders, the
 *       extractor and the decoding state for decoders.
 * </ul>
 *
 * Every malformed input ends with one exception type, {@link
 * org.nnpf.bitstream.BitstreamException}, naming the syntax element and its byte and bit offset.
 */
package org.nnpf.bitstream;
