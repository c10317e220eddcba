package org.nnpf.training.data;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.TensorLayout;
import org.nnpf.common.picture.Picture;
import org.nnpf.training.autodiff.Sample;
import org.nnpf.training.autodiff.Tensor;

/**
 * Draws random training patches from a set of {@link CodedPair}s: a pair chosen with probability
 * proportional to its area, a position aligned to even luma coordinates, and one of the eight
 * flips / transpositions of the square patch (applied to the picture before the polyphase
 * rearrangement, so that the luma phases stay consistent). The input tensor is the
 * reconstruction with the QP plane, the target the original, with the semantics of {@link
 * org.nnpf.training.PictureTensors}.
 *
 * <p>Patches depend only on the pair list, the patch size and the random generator handed in.
 */
public final class PatchSampler {
  private final Model model;
  private final List<CodedPair> pairs;
  private final long[] cumulativeArea;
  private final int patch;
  private final boolean augment;

  /**
   * @param patch luma patch size (even); pairs smaller than it in either dimension are skipped
   * @param augment whether to apply random flips / transpositions
   */
  public PatchSampler(Model model, List<CodedPair> pairs, int patch, boolean augment) {
    Preconditions.checkArgument(patch >= 2 && patch % 2 == 0, "patch size %s is not even", patch);
    Preconditions.checkArgument(model.layout() == TensorLayout.POLYPHASE_420, "layout %s", model.layout());
    this.model = model;
    this.patch = patch;
    this.augment = augment;
    List<CodedPair> usable = new ArrayList<>();
    for (CodedPair p : pairs) {
      if (p.original().width() >= patch && p.original().height() >= patch) {
        usable.add(p);
      }
    }
    Preconditions.checkArgument(!usable.isEmpty(), "no training picture is at least %sx%s", patch, patch);
    this.pairs = List.copyOf(usable);
    this.cumulativeArea = new long[usable.size()];
    long s = 0;
    for (int i = 0; i < usable.size(); i++) {
      s += usable.get(i).area();
      cumulativeArea[i] = s;
    }
  }

  public List<CodedPair> pairs() {
    return pairs;
  }

  public int patchSize() {
    return patch;
  }

  /** A patch and the picture it was cut from. */
  public record Drawn(Sample sample, CodedPair pair) {}

  /** {@code n} patches drawn with {@code r}. */
  public List<Sample> draw(SplittableRandom r, int n) {
    return drawWithPairs(r, n).stream().map(Drawn::sample).toList();
  }

  /** {@code n} patches drawn with {@code r} (the same as {@link #draw}), each with its picture. */
  public List<Drawn> drawWithPairs(SplittableRandom r, int n) {
    List<Drawn> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      long a = r.nextLong(cumulativeArea[cumulativeArea.length - 1]);
      int k = 0;
      while (cumulativeArea[k] <= a) {
        k++;
      }
      CodedPair p = pairs.get(k);
      int x0 = 2 * r.nextInt((p.original().width() - patch) / 2 + 1);
      int y0 = 2 * r.nextInt((p.original().height() - patch) / 2 + 1);
      int d = augment ? r.nextInt(8) : 0;
      out.add(new Drawn(patch(p, x0, y0, d), p));
    }
    return out;
  }

  /**
   * {@code n} patches drawn with {@code r} in groups of {@code group} consecutive patches: each
   * group cut from one picture (chosen as {@link #draw} chooses) under one transform, at
   * independent positions — the patches one refinement set is fitted to, as an encoder fits one
   * per sequence.
   */
  public List<Sample> drawGrouped(SplittableRandom r, int n, int group) {
    Preconditions.checkArgument(group >= 1 && n % group == 0, "%s patches in groups of %s", n, group);
    List<Sample> out = new ArrayList<>(n);
    for (int g = 0; g < n / group; g++) {
      long a = r.nextLong(cumulativeArea[cumulativeArea.length - 1]);
      int k = 0;
      while (cumulativeArea[k] <= a) {
        k++;
      }
      CodedPair p = pairs.get(k);
      int d = augment ? r.nextInt(8) : 0;
      for (int i = 0; i < group; i++) {
        int x0 = 2 * r.nextInt((p.original().width() - patch) / 2 + 1);
        int y0 = 2 * r.nextInt((p.original().height() - patch) / 2 + 1);
        out.add(patch(p, x0, y0, d));
      }
    }
    return out;
  }

  /**
   * The patch of {@code p} at luma position ({@code x0}, {@code y0}) (even), under dihedral
   * transform {@code d}: bit 2 transposes, bit 0 mirrors x, bit 1 mirrors y (in that order).
   */
  public Sample patch(CodedPair p, int x0, int y0, int d) {
    Preconditions.checkArgument(x0 % 2 == 0 && y0 % 2 == 0, "odd patch position (%s, %s)", x0, y0);
    Tensor in = new Tensor(model.inputChannels(), patch / 2, patch / 2);
    Tensor target = new Tensor(model.outputChannels(), patch / 2, patch / 2);
    fill(p.reconstruction(), x0, y0, d, in);
    fill(p.original(), x0, y0, d, target);
    if (model.hasQpPlane()) {
      float q = p.qp() / (float) (1 << model.qpLog2Scale());
      int c = model.outputChannels();
      for (int y = 0; y < patch / 2; y++) {
        int i = in.index(c, y, 0);
        java.util.Arrays.fill(in.data(), i, i + patch / 2, q);
      }
    }
    return Sample.of(in, target);
  }

  private void fill(Picture pic, int x0, int y0, int d, Tensor t) {
    float scale = 1f / (1 << pic.bitDepth());
    int h = patch / 2;
    // Luma: output position (X, Y) of the transformed patch reads source (sx, sy).
    for (int yy = 0; yy < patch; yy++) {
      for (int xx = 0; xx < patch; xx++) {
        int sx = src(xx, yy, d, patch, true);
        int sy = src(xx, yy, d, patch, false);
        float v = pic.plane(0).get(x0 + sx, y0 + sy) * scale;
        t.set(2 * (yy & 1) + (xx & 1), yy >> 1, xx >> 1, v);
      }
    }
    for (int c = 1; c <= 2; c++) {
      for (int yy = 0; yy < h; yy++) {
        for (int xx = 0; xx < h; xx++) {
          int sx = src(xx, yy, d, h, true);
          int sy = src(xx, yy, d, h, false);
          t.set(3 + c, yy, xx, pic.plane(c).get(x0 / 2 + sx, y0 / 2 + sy) * scale);
        }
      }
    }
  }

  private static int src(int x, int y, int d, int n, boolean wantX) {
    int a = x;
    int b = y;
    if ((d & 1) != 0) {
      a = n - 1 - a;
    }
    if ((d & 2) != 0) {
      b = n - 1 - b;
    }
    if ((d & 4) != 0) {
      int t = a;
      a = b;
      b = t;
    }
    return wantX ? a : b;
  }
}
