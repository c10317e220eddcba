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
 */
public final class FrameTiles {
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
    for (int f = 0; f < recon.size(); f++) {
      Preconditions.checkArgument(recon.get(f).sameFormat(orig.get(f)), "picture %s: reconstruction %s and original %s differ", f, recon.get(f), orig.get(f));
      Tensor in = PictureTensors.input(model, recon.get(f), qp);
      Tensor tg = PictureTensors.target(model, orig.get(f));
      n += (long) in.height() * in.width();
      for (int y0 = 0; y0 < in.height(); y0 += tile) {
        for (int x0 = 0; x0 < in.width(); x0 += tile) {
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

  public List<Sample> tiles() {
    return tiles;
  }

  /** Tensor positions of all pictures (each counted once). */
  public long positions() {
    return positions;
  }
}
