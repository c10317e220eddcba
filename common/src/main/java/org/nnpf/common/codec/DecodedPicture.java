package org.nnpf.common.codec;

import org.nnpf.common.picture.Picture;

/**
 * A picture as the decoder outputs it.
 *
 * @param outputIndex position in output (display) order, from 0
 * @param pts the tag of the access unit it was decoded from: the {@code pts} given to {@link
 *     BaseDecoder#feedAccessUnit}, or the access unit's index in decoding order with {@link
 *     BaseDecoder#feed} (FFmpeg's parser carries it through)
 * @param sliceType the type FFmpeg reports for the picture (that of its first slice)
 * @param picture the samples, in the stream's bit depth and chroma format, cropped to the
 *     conformance window
 */
public record DecodedPicture(int outputIndex, long pts, SliceType sliceType, Picture picture) {}
