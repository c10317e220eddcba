package org.nnpf.encoder.train.autodiff;

import com.google.common.base.Preconditions;
import java.util.List;

/** One training item: the graph inputs and the target of the graph output. */
public record Sample(List<Tensor> inputs, Tensor target) {
  public Sample {
    Preconditions.checkArgument(!inputs.isEmpty(), "sample without inputs");
    inputs = List.copyOf(inputs);
    Preconditions.checkNotNull(target, "target");
  }

  public static Sample of(Tensor input, Tensor target) {
    return new Sample(List.of(input), target);
  }
}
