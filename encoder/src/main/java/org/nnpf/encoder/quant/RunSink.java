package org.nnpf.encoder.quant;

import java.util.List;
import org.nnpf.common.nn.integer.IntegerNetwork;
import org.nnpf.common.picture.Picture;

/**
 * Receives the pictures of the overflow guard's integer runs over the sequence, so that a later
 * pass that needs the same network's outputs (the rate-distortion decision's candidate) does not
 * run it again. A run starts with {@link #begin}, which supersedes the pictures of an earlier run
 * (a fall-back round of the guard); the last run is the one of the guarded plan.
 */
public interface RunSink {
  /** A run of {@code network} starts; whatever an earlier run gave is no longer wanted. */
  void begin(IntegerNetwork network);

  /** Every hypothesis picture (hypothesis 0, the output, first) of picture {@code index}. */
  void accept(int index, List<Picture> hypotheses);

  /** Keeps nothing. */
  RunSink NONE = new RunSink() {
    @Override
    public void begin(IntegerNetwork network) {}

    @Override
    public void accept(int index, List<Picture> hypotheses) {}
  };
}
