package org.nnpf.training.autodiff;

import com.google.common.base.Preconditions;
import java.util.List;

/**
 * One training item: the graph inputs, the target of the graph output, and optionally the region
 * of the output that the loss counts (null: the trainer's uniform margin applies).
 */
public record Sample(List<Tensor> inputs, Tensor target, Region region) {
  /** Rows {@code [top, bottom)} and columns {@code [left, right)} of the output. */
  public record Region(int top, int left, int bottom, int right) {
    public Region {
      Preconditions.checkArgument(top >= 0 && left >= 0 && bottom > top && right > left, "empty region %s..%s x %s..%s", top, bottom, left, right);
    }

    public long area() {
      return (long) (bottom - top) * (right - left);
    }
  }

  public Sample {
    Preconditions.checkArgument(!inputs.isEmpty(), "sample without inputs");
    inputs = List.copyOf(inputs);
    Preconditions.checkNotNull(target, "target");
    if (region != null) {
      Preconditions.checkArgument(
          region.bottom() <= target.height() && region.right() <= target.width(), "region %s outside %s", region, target);
    }
  }

  public static Sample of(Tensor input, Tensor target) {
    return new Sample(List.of(input), target, null);
  }

  /** The loss region for a trainer margin of {@code margin} samples. */
  public Region lossRegion(int margin) {
    if (region != null) {
      return region;
    }
    if (target.height() <= 2 * margin || target.width() <= 2 * margin) {
      return null;
    }
    return new Region(margin, margin, target.height() - margin, target.width() - margin);
  }

  /** Samples the loss counts (channels times region area), 0 if the margin leaves nothing. */
  public long lossCount(int margin) {
    Region r = lossRegion(margin);
    return r == null ? 0 : r.area() * target.channels();
  }
}
