package org.nnpf.bitstream.nnpf;

/**
 * The tensors a layer can have, numbered as in the syntax ({@code qps_role_present_flag[s][r]},
 * {@code layer_tensor_flags}, {@code layer_override_role}).
 */
public enum TensorRole {
  /** Convolution weights, {@code out * in * kh * kw} elements. */
  WEIGHTS(0),
  /** Bias, one per output channel. */
  BIAS(1),
  /** Multiplier, one per output channel, applied after the convolution. */
  MULTIPLIER(2),
  /** Activation function slopes (LeakyReLU / PReLU), fixed point. */
  SLOPE(3),
  /** The layer's output activations. */
  OUTPUT(4);

  /** Number of roles, the width of {@code layer_tensor_flags}. */
  public static final int COUNT = 5;

  private final int code;

  TensorRole(int code) {
    this.code = code;
  }

  /** The value coded in the bitstream. */
  public int code() {
    return code;
  }

  /** The role with the given code, or null if the code is not in 0..4. */
  public static TensorRole fromCode(int code) {
    return code >= 0 && code < COUNT ? values()[code] : null;
  }
}
