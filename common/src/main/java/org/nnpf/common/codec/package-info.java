/**
 * The base codec through FFmpeg (libx265/libx264 encoding, HEVC/AVC decoding), coding structures
 * and options, and the picture-hash SEI of the base stream (docs/base-codec.md).
 */
package org.nnpf.common.codec;
