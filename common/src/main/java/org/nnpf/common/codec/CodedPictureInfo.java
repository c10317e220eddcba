package org.nnpf.common.codec;

/**
 * One coded picture (access unit) of an encoded stream, listed in coding order.
 *
 * @param codingIndex position in coding (bitstream) order, from 0
 * @param displayIndex position in display (input) order, from 0 over the whole sequence: the
 *     number HM's encoder log prints as POC
 * @param sliceType I, P or B as the encoder reports it
 * @param offset byte offset of the access unit in the stream
 * @param size bytes of the access unit: every NAL unit of it with start codes, parameter sets and
 *     SEI included, so that the sizes add up to the stream length
 */
public record CodedPictureInfo(
    int codingIndex, long displayIndex, SliceType sliceType, long offset, int size) {

  /** {@code size * 8}. */
  public long bits() {
    return size * 8L;
  }
}
