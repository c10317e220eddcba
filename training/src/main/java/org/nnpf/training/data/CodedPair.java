package org.nnpf.training.data;

import com.google.common.base.Preconditions;
import org.nnpf.common.picture.Picture;

/**
 * One training picture: the original, its reconstruction by the base codec, the QP it was coded
 * with, and a label saying where it comes from and how it was coded (e.g. "kodim01.png ai").
 */
public record CodedPair(String label, Picture original, Picture reconstruction, int qp) {
  public CodedPair {
    Preconditions.checkArgument(
        original.sameFormat(reconstruction), "%s: original %s and reconstruction %s differ in format", label, original, reconstruction);
    Preconditions.checkArgument(qp >= 0 && qp <= 63, "%s: QP %s is not in 0..63", label, qp);
  }

  /** Luma samples. */
  public long area() {
    return (long) original.width() * original.height();
  }
}
