package org.nnpf.encoder.overfit;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;
import org.nnpf.common.io.SampleFile;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.TensorLayout;
import org.nnpf.common.picture.Picture;
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
public final class FrameTiles implements AutoCloseable {
  /**
   * Tiles kept at most (about 140 MB of samples in a temporary file with the built-in model and 64x64
   * tiles, {@link #bytesPerTile}):
   * more than every sequence of ../shared/data/eval has, and more than 400 steps of 8 tiles draw.
   */
  public static final int MAX_TILES = 1024;

  private final Model model;
  private final float qpValue;
  private final List<Tile> tiles;
  private final SampleFile file;
  private final long positions;

  private FrameTiles(Model model, float qpValue, List<Tile> tiles, SampleFile file, long positions) {
    this.model = model;
    this.qpValue = qpValue;
    this.file = file;
    this.tiles = List.copyOf(tiles);
    this.positions = positions;
  }

  public static FrameTiles of(Model model, List<Picture> recon, List<Picture> orig, int qp, int tile) {
    Preconditions.checkArgument(recon.size() == orig.size() && !recon.isEmpty(), "%s reconstructions for %s originals", recon.size(), orig.size());
    Preconditions.checkArgument(tile > 0, "tile size %s", tile);
    int halo = model.receptiveRadius();
    TensorLayout layout = model.layout();
    List<Tile> out = new ArrayList<>();
    SampleFile file = SampleFile.create("overfitting tiles");
    try {
      return of(model, recon, orig, tile, halo, layout, out, file, qp);
    } catch (RuntimeException | Error e) {
      file.close();
      throw e;
    }
  }

  private static FrameTiles of(Model model, List<Picture> recon, List<Picture> orig, int tile, int halo, TensorLayout layout,
      List<Tile> out, SampleFile file, int qp) {
    long n = 0;
    // the tiles of a picture: every picture of a sequence has the same size
    Picture p0 = recon.get(0);
    layout.checkSupported(p0);
    int tw = layout.tensorWidth(p0.width());
    int th = layout.tensorHeight(p0.height());
    int perPicture = ((th + tile - 1) / tile) * ((tw + tile - 1) / tile);
    long total = (long) perPicture * recon.size();
    java.util.Set<Long> keep = null;
    if (total > MAX_TILES) {
      keep = new java.util.HashSet<>();
      for (int k = 0; k < MAX_TILES; k++) {
        keep.add((2L * k + 1) * total / (2L * MAX_TILES));
      }
    }
    float qpValue = qp / (float) (1 << model.qpLog2Scale());
    for (int f = 0; f < recon.size(); f++) {
      Preconditions.checkArgument(recon.get(f).sameFormat(orig.get(f)), "picture %s: reconstruction %s and original %s differ", f, recon.get(f), orig.get(f));
      Preconditions.checkArgument(recon.get(f).width() == p0.width() && recon.get(f).height() == p0.height(),
          "picture %s: %s, the first %s", f, recon.get(f), p0);
      long tile0 = (long) f * perPicture;
      n += (long) th * tw;
      if (keep != null && !anyIn(keep, tile0, tile0 + perPicture)) {
        continue;
      }
      Picture rp = recon.get(f);
      Picture op = orig.get(f);
      long t = tile0 - 1;
      for (int y0 = 0; y0 < th; y0 += tile) {
        for (int x0 = 0; x0 < tw; x0 += tile) {
          t++;
          if (keep != null && !keep.contains(t)) {
            continue;
          }
          int y1 = Math.min(th, y0 + tile);
          int x1 = Math.min(tw, x0 + tile);
          int ty0 = Math.max(0, y0 - halo);
          int tx0 = Math.max(0, x0 - halo);
          int ty1 = Math.min(th, y1 + halo);
          int tx1 = Math.min(tw, x1 + halo);
          short[] both = samples(layout, rp, op, tx0, ty0, tx1 - tx0, ty1 - ty0);
          out.add(new Tile(file.add(both), ty1 - ty0, tx1 - tx0, 1f / (1 << rp.bitDepth()),
              new Sample.Region(y0 - ty0, x0 - tx0, y1 - ty0, x1 - tx0)));
        }
      }
    }
    return new FrameTiles(model, qpValue, out, file, n);
  }

  /**
   * The picture channels' samples of the {@code w x h} tensor window at ({@code x0}, {@code y0}) of
   * the reconstruction {@code r}, then of the original {@code o}, plane by plane.
   */
  private static short[] samples(TensorLayout layout, Picture r, Picture o, int x0, int y0, int w, int h) {
    short[] s = new short[2 * layout.pictureChannels() * h * w];
    int i = 0;
    for (Picture p : new Picture[] {r, o}) {
      for (int c = 0; c < layout.pictureChannels(); c++) {
        for (int y = 0; y < h; y++) {
          for (int x = 0; x < w; x++) {
            s[i++] = (short) layout.sample(p, c, x0 + x, y0 + y);
          }
        }
      }
    }
    return s;
  }

  /**
   * One tile: the index of its samples in the tile file (the reconstruction's and the original's
   * picture channels over the tile and its halo), its size and loss region.
   */
  private record Tile(int index, int height, int width, float scale, Sample.Region region) {}

  /**
   * The training sample of tile {@code t}: the tensors {@code PictureTensors.input} and {@code
   * target} give on the whole picture, cropped to the tile and its halo (the same values: a sample
   * times {@code 2^-bitDepth}, the QP plane's constant).
   */
  private Sample sample(Tile t) {
    short[] s = file.get(t.index());
    Tensor in = new Tensor(model.inputChannels(), t.height(), t.width());
    int pc = model.layout().pictureChannels();
    fill(in, s, 0, pc, t);
    if (model.hasQpPlane()) {
      for (int y = 0; y < t.height(); y++) {
        int i = in.index(pc, y, 0);
        java.util.Arrays.fill(in.data(), i, i + t.width(), qpValue);
      }
    }
    Tensor tg = new Tensor(pc, t.height(), t.width());
    fill(tg, s, pc * t.height() * t.width(), pc, t);
    return new Sample(List.of(in), tg, t.region());
  }

  private static void fill(Tensor d, short[] s, int from, int channels, Tile t) {
    float[] a = d.data();
    int i = from;
    for (int c = 0; c < channels; c++) {
      for (int y = 0; y < t.height(); y++) {
        int o = d.index(c, y, 0);
        for (int x = 0; x < t.width(); x++) {
          a[o + x] = (s[i++] & 0xFFFF) * t.scale();
        }
      }
    }
  }

  /** Bytes of the temporary file one tile of {@code tile x tile} tensor positions (and its halo) takes with {@code model}. */
  public static long bytesPerTile(Model model, int tile) {
    long side = tile + 2L * model.receptiveRadius();
    return 2L * 2 * model.layout().pictureChannels() * side * side;
  }

  private static boolean anyIn(java.util.Set<Long> keep, long from, long to) {
    for (long t = from; t < to; t++) {
      if (keep.contains(t)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The tiles as training samples, made when got: the tiles are kept as samples in a temporary file
   * ({@link SampleFile}), not as tensors in memory, so that memory does not grow with their number.
   */
  public List<Sample> tiles() {
    return new java.util.AbstractList<>() {
      @Override
      public Sample get(int index) {
        return sample(tiles.get(index));
      }

      @Override
      public int size() {
        return tiles.size();
      }
    };
  }

  /** Deletes the tiles' file; the samples of {@link #tiles} are unusable afterwards. */
  @Override
  public void close() {
    file.close();
  }

  /** Tensor positions of all pictures (each counted once). */
  public long positions() {
    return positions;
  }
}
