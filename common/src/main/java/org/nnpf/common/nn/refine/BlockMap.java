package org.nnpf.common.nn.refine;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.nnpf.common.picture.Picture;
import org.nnpf.common.picture.Plane;

/**
 * Which blocks of one picture keep the post-filter's output (docs/bitstream-syntax.md 4.6, 5.6): per
 * colour component an optional map of on/off flags over blocks of {@code 2^log2BlockSize} luma
 * samples (the chroma block is the luma block subsampled like the chroma planes), in raster order;
 * a component without a map keeps the filter everywhere. Where a block is off, the output is the
 * decoded picture. Immutable.
 */
public final class BlockMap {
  /** Smallest and largest {@code log2BlockSize}. */
  public static final int MIN_LOG2_SIZE = 4;

  public static final int MAX_LOG2_SIZE = 8;

  /** Largest number of blocks a map may describe (the runs' total). */
  public static final int MAX_BLOCKS = 1 << 20;

  /**
   * The flags of one component, run-length coded as the syntax carries them: {@code closed[0]}
   * blocks of value {@code first}, then {@code closed[1]} of the other value, and so on, alternating;
   * every block after the closed runs (at least one) has the value that follows the last closed run.
   */
  public record Runs(boolean first, int[] closed) {
    public Runs {
      closed = closed.clone();
      long total = 0;
      for (int r : closed) {
        Preconditions.checkArgument(r >= 1, "run of %s blocks", r);
        total += r;
      }
      Preconditions.checkArgument(total < MAX_BLOCKS, "runs of %s blocks", total);
    }

    @Override
    public int[] closed() {
      return closed.clone();
    }

    /** The runs of {@code flags} (at least one flag). */
    public static Runs of(boolean[] flags) {
      List<Integer> runs = new ArrayList<>();
      int run = 1;
      for (int i = 1; i < flags.length; i++) {
        if (flags[i] == flags[i - 1]) {
          run++;
        } else {
          runs.add(run);
          run = 1;
        }
      }
      return new Runs(flags[0], runs.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Blocks the closed runs cover. */
    public long closedBlocks() {
      long t = 0;
      for (int r : closed) {
        t += r;
      }
      return t;
    }

    /**
     * The flags of {@code numBlocks} blocks.
     *
     * @throws IllegalArgumentException if the closed runs leave no block for the last run
     */
    public boolean[] expand(int numBlocks) {
      if (closedBlocks() >= numBlocks) {
        throw new IllegalArgumentException("the runs cover " + closedBlocks() + " blocks before the last run, the picture has "
            + numBlocks);
      }
      boolean[] f = new boolean[numBlocks];
      boolean v = first;
      int i = 0;
      for (int r : closed) {
        Arrays.fill(f, i, i + r, v);
        i += r;
        v = !v;
      }
      Arrays.fill(f, i, numBlocks, v);
      return f;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Runs r && r.first == first && Arrays.equals(r.closed, closed);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(closed) * 2 + (first ? 1 : 0);
    }

    @Override
    public String toString() {
      return "Runs(" + first + ", " + Arrays.toString(closed) + ", rest)";
    }
  }

  private final int log2BlockSize;
  private final List<Optional<Runs>> maps;

  /**
   * @param log2BlockSize log2 of the luma block size, {@link #MIN_LOG2_SIZE}..{@link #MAX_LOG2_SIZE}
   * @param maps per component (1 or 3), its runs, or empty: the filter's output everywhere
   */
  public BlockMap(int log2BlockSize, List<Optional<Runs>> maps) {
    Preconditions.checkArgument(log2BlockSize >= MIN_LOG2_SIZE && log2BlockSize <= MAX_LOG2_SIZE,
        "log2 block size %s outside %s..%s", log2BlockSize, MIN_LOG2_SIZE, MAX_LOG2_SIZE);
    Preconditions.checkArgument(maps.size() == 1 || maps.size() == 3, "%s components", maps.size());
    this.log2BlockSize = log2BlockSize;
    this.maps = List.copyOf(maps);
  }

  /** A map from per-component flags (null: no map for that component). */
  public static BlockMap of(int log2BlockSize, boolean[]... flags) {
    List<Optional<Runs>> m = new ArrayList<>();
    for (boolean[] f : flags) {
      m.add(f == null ? Optional.empty() : Optional.of(Runs.of(f)));
    }
    return new BlockMap(log2BlockSize, m);
  }

  public int log2BlockSize() {
    return log2BlockSize;
  }

  public int components() {
    return maps.size();
  }

  /** The runs of component c, if it has a map. */
  public Optional<Runs> runs(int c) {
    return maps.get(c);
  }

  /** Block width of component {@code c} of {@code p}, in its samples: {@code 2^log2BlockSize >> log2SubWidth} for chroma. */
  public int blockWidth(Picture p, int c) {
    return (1 << log2BlockSize) >> (c == 0 ? 0 : p.chromaFormat().log2SubWidth());
  }

  /** Block height of component {@code c} of {@code p}, in its samples. */
  public int blockHeight(Picture p, int c) {
    return (1 << log2BlockSize) >> (c == 0 ? 0 : p.chromaFormat().log2SubHeight());
  }

  /** Blocks of a picture of {@code width} x {@code height} luma samples (every component has as many). */
  public static int blockCount(int width, int height, int log2BlockSize) {
    int b = 1 << log2BlockSize;
    return ((width + b - 1) / b) * ((height + b - 1) / b);
  }

  /**
   * {@code filtered} with every block that is off replaced by {@code decoded}'s samples: for
   * component c with a map, block {@code (bx, by)} covers the component's samples {@code [bx·Bw,
   * (bx+1)·Bw) x [by·Bh, (by+1)·Bh)} clipped to the plane, with {@code Bw = 2^log2BlockSize >>
   * log2SubWidth}, {@code Bh = 2^log2BlockSize >> log2SubHeight} for chroma (the luma block size for
   * luma), and is flag {@code by · ceil(W / 2^log2BlockSize) + bx}.
   *
   * @throws IllegalArgumentException if the map's components do not match the picture's planes or its
   *     runs do not fit the picture's blocks
   */
  public Picture apply(Picture decoded, Picture filtered) {
    Preconditions.checkArgument(decoded.sameFormat(filtered), "pictures of different formats");
    if (decoded.planeCount() != maps.size()) {
      throw new IllegalArgumentException("a block map of " + maps.size() + " components for pictures of "
          + decoded.planeCount() + " planes");
    }
    int n = 1 << log2BlockSize;
    int bw = (decoded.width() + n - 1) / n;
    int blocks = blockCount(decoded.width(), decoded.height(), log2BlockSize);
    Picture out = filtered.copy();
    for (int c = 0; c < maps.size(); c++) {
      if (maps.get(c).isEmpty()) {
        continue;
      }
      boolean[] on = maps.get(c).get().expand(blocks);
      Plane src = decoded.plane(c);
      Plane dst = out.plane(c);
      int w = src.width();
      int h = src.height();
      int sx = blockWidth(decoded, c);
      int sy = blockHeight(decoded, c);
      for (int i = 0; i < on.length; i++) {
        if (on[i]) {
          continue;
        }
        int x0 = (i % bw) * sx;
        int y0 = (i / bw) * sy;
        for (int y = y0; y < Math.min(h, y0 + sy); y++) {
          if (x0 < w) {
            System.arraycopy(src.samples(), y * w + x0, dst.samples(), y * w + x0, Math.min(w, x0 + sx) - x0);
          }
        }
      }
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BlockMap b && b.log2BlockSize == log2BlockSize && b.maps.equals(maps);
  }

  @Override
  public int hashCode() {
    return log2BlockSize * 31 + maps.hashCode();
  }

  @Override
  public String toString() {
    return "BlockMap(" + (1 << log2BlockSize) + ", " + maps + ")";
  }
}
