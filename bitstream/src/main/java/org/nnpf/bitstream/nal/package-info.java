/**
 * Annex-B byte streams: {@link org.nnpf.bitstream.nal.NalUnitStream} splits them into {@link
 * org.nnpf.bitstream.nal.NalUnit}s (keeping each unit's start code and zero bytes so that {@link
 * org.nnpf.bitstream.nal.AnnexBWriter} writes the stream back byte for byte), and {@link
 * org.nnpf.bitstream.nal.AccessUnitSplitter} groups them into access units by the rules of {@link
 * org.nnpf.bitstream.nal.NalCodec}.
 */
package org.nnpf.bitstream.nal;
