package org.nnpf.common.nn.refine;

/** What the refinement stage outputs for one colour component ({@code nnpfrs_comp_mode}). */
public enum ComponentMode {
  /** The decoded component, unfiltered. */
  UNFILTERED(0),
  /** The network's output (hypothesis 0) unchanged, as without a refinement set. */
  NETWORK(1),
  /** The decoded component plus the signalled linear combination (docs/integer-inference.md). */
  REFINED(2);

  private final int code;

  ComponentMode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The mode of {@code code}, or null for the reserved value 3. */
  public static ComponentMode fromCode(int code) {
    for (ComponentMode m : values()) {
      if (m.code == code) {
        return m;
      }
    }
    return null;
  }
}
