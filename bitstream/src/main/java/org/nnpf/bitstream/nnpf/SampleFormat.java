package org.nnpf.bitstream.nnpf;

/**
 * The sample side of the input or output tensor: arrangement and bit depths of the picture
 * samples.
 *
 * @param order arrangement of the planes in the tensor
 * @param bitDepthLuma luma bit depth, 8..16
 * @param bitDepthChroma chroma bit depth, 8..16
 */
public record SampleFormat(TensorOrder order, int bitDepthLuma, int bitDepthChroma) {
  public SampleFormat {
    if (order == null) {
      throw new IllegalArgumentException("tensor order is null");
    }
    checkDepth(bitDepthLuma);
    checkDepth(bitDepthChroma);
  }

  private static void checkDepth(int d) {
    if (d < 8 || d > NnpfLimits.MAX_BIT_DEPTH) {
      throw new IllegalArgumentException("bit depth " + d + " outside 8.." + NnpfLimits.MAX_BIT_DEPTH);
    }
  }

  /** 4:2:0 polyphase arrangement with one bit depth for all planes. */
  public static SampleFormat polyphase420(int bitDepth) {
    return new SampleFormat(TensorOrder.POLYPHASE_420, bitDepth, bitDepth);
  }
}
