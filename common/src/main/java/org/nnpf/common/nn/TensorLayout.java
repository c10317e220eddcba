package org.nnpf.common.nn;

import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;

/**
 * How the planes of a picture map to the channels of the network's input and output tensors
 * ({@code nnpfc_inp_order_idc} / {@code nnpfc_out_order_idc} of H.274).
 *
 * <p>Only {@link #POLYPHASE_420} is defined in version 1 of the model format; the enum (and its
 * code in the model file) leaves room for other layouts.
 */
public enum TensorLayout {
  /**
   * A 4:2:0 picture at half luma resolution, six channels: luma phase (y even, x even), (even,
   * odd), (odd, even), (odd, odd), then Cb, then Cr. Tensor size {@code ceil(W/2) x ceil(H/2)}.
   * A luma plane of odd width (height) is extended by repeating its last column (row); the
   * extension is dropped again at the output.
   */
  POLYPHASE_420(1, 6);

  private final int code;
  private final int channels;

  TensorLayout(int code, int channels) {
    this.code = code;
    this.channels = channels;
  }

  /** The code of this layout in the model file ({@code input_layout}). */
  public int code() {
    return code;
  }

  /** Number of picture channels in the tensor (auxiliary planes not included). */
  public int pictureChannels() {
    return channels;
  }

  /** Tensor width for a picture of the given luma width. */
  public int tensorWidth(int lumaWidth) {
    return (lumaWidth + 1) >> 1;
  }

  /** Tensor height for a picture of the given luma height. */
  public int tensorHeight(int lumaHeight) {
    return (lumaHeight + 1) >> 1;
  }

  /** Luma samples per tensor position (4 for the polyphase layout). */
  public int lumaSamplesPerTensorPosition() {
    return 4;
  }

  /** Whether pictures of this chroma format can be processed. */
  public boolean supports(ChromaFormat cf) {
    return cf == ChromaFormat.CF420;
  }

  /**
   * Throws an {@link org.nnpf.common.NnpfException} if the picture cannot be processed with this
   * layout.
   */
  public void checkSupported(Picture p) {
    if (!supports(p.chromaFormat())) {
      throw new org.nnpf.common.NnpfException(
          "post-filter input layout "
              + this
              + " needs a 4:2:0 picture, got chroma format "
              + p.chromaFormat().shortName());
    }
  }

  /**
   * The sample of picture channel {@code c} at tensor position ({@code x}, {@code y}), with the
   * odd-size extension applied. For luma phase channel c in 0..3, the picture position is
   * {@code (min(2x + (c & 1), W - 1), min(2y + (c >> 1), H - 1))}.
   */
  public int sample(Picture p, int c, int x, int y) {
    if (c < 4) {
      int lx = Math.min(2 * x + (c & 1), p.width() - 1);
      int ly = Math.min(2 * y + (c >> 1), p.height() - 1);
      return p.plane(0).get(lx, ly);
    }
    return p.plane(c - 3).get(x, y);
  }

  /**
   * Writes {@code value} as the sample of picture channel {@code c} at tensor position
   * ({@code x}, {@code y}); positions in the odd-size extension are dropped.
   */
  public void setSample(Picture p, int c, int x, int y, int value) {
    if (c < 4) {
      int lx = 2 * x + (c & 1);
      int ly = 2 * y + (c >> 1);
      if (lx < p.width() && ly < p.height()) {
        p.plane(0).set(lx, ly, value);
      }
      return;
    }
    p.plane(c - 3).set(x, y, value);
  }

  /** The layout with the given model-file code, or null. */
  public static TensorLayout fromCode(int code) {
    for (TensorLayout l : values()) {
      if (l.code == code) {
        return l;
      }
    }
    return null;
  }
}
