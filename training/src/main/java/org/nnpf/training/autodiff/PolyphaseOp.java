package org.nnpf.training.autodiff;

import com.google.common.base.Preconditions;
import java.util.List;

/**
 * 2x2 polyphase rearrangement. {@link #pack()} (pixel unshuffle) maps {@code C x H x W} to {@code
 * 4C x H/2 x W/2} with {@code out[4c + 2*dy + dx](y, x) = in[c](2y + dy, 2x + dx)}; {@link
 * #unpack()} (pixel shuffle) is its inverse. H and W must be even for packing.
 */
public final class PolyphaseOp implements Op {
  private final boolean pack;

  private PolyphaseOp(boolean pack) {
    this.pack = pack;
  }

  /** Pixel unshuffle: full resolution to four polyphase planes per channel. */
  public static PolyphaseOp pack() {
    return new PolyphaseOp(true);
  }

  /** Pixel shuffle: four polyphase planes back to full resolution. */
  public static PolyphaseOp unpack() {
    return new PolyphaseOp(false);
  }

  public boolean isPack() {
    return pack;
  }

  @Override
  public String kind() {
    return pack ? "unshuffle" : "shuffle";
  }

  @Override
  public Shape outputShape(List<Shape> in) {
    Preconditions.checkArgument(in.size() == 1, "%s takes one input", kind());
    Shape s = in.get(0);
    if (pack) {
      Preconditions.checkArgument(
          s.height() % 2 == 0 && s.width() % 2 == 0, "unshuffle of odd size %sx%s", s.width(), s.height());
      return new Shape(s.channels() * 4, s.height() / 2, s.width() / 2);
    }
    Preconditions.checkArgument(s.channels() % 4 == 0, "shuffle of %s channels", s.channels());
    return new Shape(s.channels() / 4, s.height() * 2, s.width() * 2);
  }

  @Override
  public void forward(Tensor[] in, Tensor out) {
    Tensor full = pack ? in[0] : out;
    Tensor half = pack ? out : in[0];
    move(full, half, pack, false);
  }

  @Override
  public void backward(Tensor[] in, Tensor out, Tensor gout, Tensor[] gin, Grads grads) {
    if (gin[0] == null) {
      return;
    }
    Tensor full = pack ? gin[0] : gout;
    Tensor half = pack ? gout : gin[0];
    move(full, half, !pack, true);
  }

  /** Copies full to half ({@code toHalf}) or half to full, adding when {@code add}. */
  private static void move(Tensor full, Tensor half, boolean toHalf, boolean add) {
    float[] f = full.data();
    float[] h = half.data();
    for (int c = 0; c < full.channels(); c++) {
      for (int d = 0; d < 4; d++) {
        int dy = d >> 1;
        int dx = d & 1;
        for (int y = 0; y < half.height(); y++) {
          int hi = half.index(4 * c + d, y, 0);
          int fi = full.index(c, 2 * y + dy, dx);
          for (int x = 0; x < half.width(); x++, hi++, fi += 2) {
            if (toHalf) {
              h[hi] = add ? h[hi] + f[fi] : f[fi];
            } else {
              f[fi] = add ? f[fi] + h[hi] : h[hi];
            }
          }
        }
      }
    }
  }
}
