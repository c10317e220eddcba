package org.nnpf.bitstream;

import org.nnpf.common.NnpfException;

/**
 * A malformed or unsupported bitstream: the one exception type of this module for bad input.
 *
 * <p>It names the syntax element that could not be read or whose value is not allowed, and where
 * that element starts: a byte offset and a bit offset (0 = most significant bit of that byte). The
 * byte offset is counted in the Annex-B byte stream when the data came from one (emulation
 * prevention bytes included), otherwise in the structure that was being parsed; {@link #context()}
 * says which. Every check that guards an allocation sized by the stream is made before that
 * allocation, so a malformed stream ends with this exception, never with an {@link
 * OutOfMemoryError}.
 */
public class BitstreamException extends NnpfException {
  private static final long serialVersionUID = 1L;

  private final String syntaxElement;
  private final long byteOffset;
  private final int bitOffset;
  private final String context;
  private final String detail;

  /**
   * @param syntaxElement the syntax element, as the syntax tables of docs/bitstream-syntax.md or
   *     the base standard name it (e.g. {@code nnpfps_num_layers_minus1}, {@code payloadSize})
   * @param byteOffset offset of the byte holding the first bit of the element
   * @param bitOffset bit within that byte, 0 = most significant
   * @param context what the offset counts in, e.g. "stream" or "NAL unit 12 (PREFIX_SEI_NUT)"
   * @param detail what is wrong
   */
  public BitstreamException(
      String syntaxElement, long byteOffset, int bitOffset, String context, String detail) {
    super(format(syntaxElement, byteOffset, bitOffset, context, detail));
    this.syntaxElement = syntaxElement;
    this.byteOffset = byteOffset;
    this.bitOffset = bitOffset;
    this.context = context;
    this.detail = detail;
  }

  private static String format(
      String element, long byteOffset, int bitOffset, String context, String detail) {
    return element
        + ": "
        + detail
        + " (byte "
        + byteOffset
        + ", bit "
        + bitOffset
        + (context == null || context.isEmpty() ? "" : ", " + context)
        + ")";
  }

  /** The syntax element that is wrong. */
  public String syntaxElement() {
    return syntaxElement;
  }

  /** Offset of the byte holding the first bit of the element. */
  public long byteOffset() {
    return byteOffset;
  }

  /** Bit within {@link #byteOffset()}, 0 = most significant. */
  public int bitOffset() {
    return bitOffset;
  }

  /** What the offsets count in. */
  public String context() {
    return context;
  }

  /** The problem, without the position. */
  public String detail() {
    return detail;
  }
}
