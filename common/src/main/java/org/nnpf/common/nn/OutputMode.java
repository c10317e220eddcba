package org.nnpf.common.nn;

/** How the network's output tensor becomes output samples. */
public enum OutputMode {
  /**
   * The output tensor is a correction added to the input samples: {@code out = clip(s + r)}, with
   * r the output in sample units (see docs/integer-inference.md).
   */
  RESIDUAL(0),
  /** The output tensor is the picture itself: {@code out = clip(r)}. */
  DIRECT(1);

  private final int code;

  OutputMode(int code) {
    this.code = code;
  }

  /** Value of the model-file flag bit {@code direct_output}. */
  public int code() {
    return code;
  }
}
