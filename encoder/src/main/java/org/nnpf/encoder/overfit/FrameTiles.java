package org.nnpf.encoder.overfit;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;
import org.nnpf.common.nn.Model;
import org.nnpf.common.picture.Picture;
import org.nnpf.training.PictureTensors;
import org.nnpf.training.autodiff.Sample;
import org.nnpf.training.autodiff.Tensor;

/**
 * A sequence's (reconstruction, original) pictures cut into training tiles whose loss equals the
 * loss of whole-picture filtering: each tile covers {@code tile x tile} tensor positions plus a halo
 * of the model's receptive radius on each side (clipped at the picture border), and its loss region
 * is the tile proper. Since the halo is the receptive field, the network output on the tile
 * interior is exactly the whole-picture output there (zero padding applies only at the picture
 * border, as in whole-picture inference).
 *
 * <p>At most {@link #MAX_TILES} tiles are kept, so that memory does not grow with the sequence: when
 * the sequence has more, the tiles kept are evenly spaced over the sequence's tiles in raster order
 * of picture, then tile row, then tile ({@code SequenceQuantizer.spaced}), a deterministic choice.
 */
public final class FrameTiles {
  /**
   * Tiles kept at most (about 300 MB of float tensors with the built-in model and 64x64 tiles):
   * more than every sequence of ../shared/data/eval has, and more than 400 steps of 8 tiles draw.
   */
  public static final int MAX_TILES = 1024;

  private final List<Sample> tiles;
  private final long positions;

  private FrameTiles(List<Sample> tiles, long positions) {
    this.tiles = List.copyOf(tiles);
    this.positions = positions;
  }

  public static FrameTiles of(Model model, List<Picture> recon, List<Picture> orig, int qp, int tile) {
    Preconditions.checkArgument(recon.size() == orig.size() && !recon.isEmpty(), "%s reconstructions for %s originals", recon.size(), orig.size());
    Preconditions.checkArgument(tile > 0, "tile size %s", tile);
    int halo = model.receptiveRadius();
    List<Sample> out = new ArrayList<>();
    long n = 0;
    // the tiles of a picture: every picture of a sequence has the same size
    Tensor first = PictureTensors.input(model, recon.get(0), qp);
    int perPicture = ((first.height() + tile - 1) / tile) * ((first.width() + tile - 1) / tile);
    long total = (long) perPicture * recon.size();
    java.util.Set<Long> keep = null;
    if (total > MAX_TILES) {
      keep = new java.util.HashSet<>();
      for (int k = 0; k < MAX_TILES; k++) {
        keep.add((2L * k + 1) * total / (2L * MAX_TILES));
      }
    }
    for (int f = 0; f < recon.size(); f++) {
      Preconditions.checkArgument(recon.get(f).sameFormat(orig.get(f)), "picture %s: reconstruction %s and original %s differ", f, recon.get(f), orig.get(f));
      long tile0 = (long) f * perPicture;
      n += (long) first.height() * first.width();
      if (keep != null && !anyIn(keep, tile0, tile0 + perPicture)) {
        continue;
      }
      Tensor in = PictureTensors.input(model, recon.get(f), qp);
      Tensor tg = PictureTensors.target(model, orig.get(f));
      long t = tile0 - 1;
      for (int y0 = 0; y0 < in.height(); y0 += tile) {
        for (int x0 = 0; x0 < in.width(); x0 += tile) {
          t++;
          if (keep != null && !keep.contains(t)) {
            continue;
          }
          int y1 = Math.min(in.height(), y0 + tile);
          int x1 = Math.min(in.width(), x0 + tile);
          int ty0 = Math.max(0, y0 - halo);
          int tx0 = Math.max(0, x0 - halo);
          int ty1 = Math.min(in.height(), y1 + halo);
          int tx1 = Math.min(in.width(), x1 + halo);
          Tensor ti = PictureTensors.crop(in, ty0, tx0, ty1 - ty0, tx1 - tx0);
          Tensor tt = PictureTensors.crop(tg, ty0, tx0, ty1 - ty0, tx1 - tx0);
          out.add(new Sample(List.of(ti), tt, new Sample.Region(y0 - ty0, x0 - tx0, y1 - ty0, x1 - tx0)));
        }
      }
    }
    return new FrameTiles(out, n);
  }

  private static boolean anyIn(java.util.Set<Long> keep, long from, long to) {
    for (long t = from; t < to; t++) {
      if (keep.contains(t)) {
        return true;
      }
    }
    return false;
  }

  public List<Sample> tiles() {
    return tiles;
  }

  /** Tensor positions of all pictures (each counted once). */
  public long positions() {
    return positions;
  }
}
