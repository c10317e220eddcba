package org.nnpf.common.nn.refine;

import com.google.common.base.Preconditions;
import java.util.List;
import org.nnpf.common.picture.Picture;
import org.nnpf.common.picture.Plane;

/**
 * The integer refinement process (docs/integer-inference.md, "Refinement stage"), the executable
 * specification. For a refined component c with decoded plane X, hypothesis planes P_h (the network's
 * output pictures) and the filter f chosen for the sample's 4x4 block:
 *
 * <pre>
 *   sum = Σ_h w[f][h] · (P_h(x, y) − X(x, y))
 *       + Σ_t a[f][t] · (X'(x + dx_t, y + dy_t) + X'(x − dx_t, y − dy_t) − 2·X(x, y))
 *   out(x, y) = Clip3(0, 2^B − 1, X(x, y) + ((sum + 2^(S−1)) >> S))     (S = 0: X(x, y) + sum)
 * </pre>
 *
 * where X' clamps its coordinates into the plane (replication), {@code >>} is an arithmetic shift
 * and sum is exact (it fits 48 bits for every allowed value). The class of a 4x4 block is {@link
 * #classify}. The output does not depend on how the picture is traversed.
 */
public final class RefinementProcess {
  private RefinementProcess() {}

  /** Number of block classes (3 directions x 5 activity levels). */
  public static final int NUM_CLASSES = 15;
  /** Block size of the classification, in samples of the component. */
  public static final int BLOCK = 4;
  /** Range of weights and coefficients (16-bit signed). */
  public static final int MIN_COEFF = -32768;

  public static final int MAX_COEFF = 32767;
  /** Largest {@code nnpfrs_log2_scale}. */
  public static final int MAX_LOG2_SCALE = 15;
  /** Largest number of hypotheses a refinement set may weigh. */
  public static final int MAX_HYPOTHESES = 16;
  /** Border of {@link PaddedPlane}: the largest tap offset of every shape. */
  public static final int BORDER = 3;

  /**
   * Applies {@code r} to {@code decoded}; {@code hypotheses} are the network's hypothesis pictures
   * (at least {@code r.numHypotheses()}, and at least one when a component is in mode NETWORK); they
   * may be empty when {@code !r.usesNetwork()}.
   */
  public static Picture apply(Picture decoded, List<Picture> hypotheses, Refinement r) {
    Preconditions.checkArgument(r.components().size() == decoded.planeCount(),
        "refinement of %s components for a picture of %s planes", r.components().size(), decoded.planeCount());
    Picture out = new Picture(decoded.width(), decoded.height(), decoded.bitDepth(), decoded.chromaFormat());
    for (int c = 0; c < decoded.planeCount(); c++) {
      ComponentRefinement cr = r.component(c);
      Plane dst = out.plane(c);
      switch (cr.mode()) {
        case UNFILTERED -> System.arraycopy(decoded.plane(c).samples(), 0, dst.samples(), 0, dst.samples().length);
        case NETWORK -> System.arraycopy(hypotheses.get(0).plane(c).samples(), 0, dst.samples(), 0, dst.samples().length);
        case REFINED -> {
          Plane[] hyp = new Plane[cr.numHypotheses()];
          for (int h = 0; h < hyp.length; h++) {
            hyp[h] = hypotheses.get(h).plane(c);
          }
          refine(decoded.plane(c), hyp, cr, decoded.bitDepth(), dst);
        }
        default -> throw new IllegalStateException();
      }
    }
    return out;
  }

  /** A plane copied into an int array with a replicated border of {@link #BORDER} samples. */
  public static final class PaddedPlane {
    public final int width;
    public final int height;
    public final int stride;
    public final int[] v;

    public PaddedPlane(Plane p) {
      width = p.width();
      height = p.height();
      stride = width + 2 * BORDER;
      v = new int[stride * (height + 2 * BORDER)];
      short[] s = p.samples();
      for (int y = -BORDER; y < height + BORDER; y++) {
        int sy = Math.min(Math.max(y, 0), height - 1);
        int row = (y + BORDER) * stride + BORDER;
        for (int x = -BORDER; x < width + BORDER; x++) {
          int sx = Math.min(Math.max(x, 0), width - 1);
          v[row + x] = s[sy * width + sx] & 0xFFFF;
        }
      }
    }

    /** Index of sample (x, y) in {@link #v}. */
    public int index(int x, int y) {
      return (y + BORDER) * stride + x + BORDER;
    }
  }

  /** Offsets in a {@link PaddedPlane}'s array of each tap of {@code shape} (the positive member of each pair). */
  public static int[] tapOffsets(FirShape shape, int stride) {
    int[] o = new int[shape.taps()];
    for (int t = 0; t < o.length; t++) {
      o[t] = shape.dy(t) * stride + shape.dx(t);
    }
    return o;
  }

  /**
   * The class of every 4x4 block of {@code p} (row-major, {@code ceil(w/4) x ceil(h/4)}): over the
   * block's samples inside the plane, {@code gh = Σ |2X − X'(x−1, y) − X'(x+1, y)|} and {@code gv = Σ
   * |2X − X'(x, y−1) − X'(x, y+1)|}; {@code A = (gh + gv) >> (B − 8)}; activity {@code L = Min(4,
   * FloorLog2(1 + (A >> 5)))}; direction {@code D = 1} if {@code gh > 2·gv}, 2 if {@code gv > 2·gh},
   * else 0; class {@code 5·D + L}.
   */
  public static int[] classify(PaddedPlane p, int bitDepth) {
    int bw = (p.width + BLOCK - 1) / BLOCK;
    int bh = (p.height + BLOCK - 1) / BLOCK;
    int[] cls = new int[bw * bh];
    int[] v = p.v;
    int s = p.stride;
    for (int by = 0; by < bh; by++) {
      for (int bx = 0; bx < bw; bx++) {
        long gh = 0;
        long gv = 0;
        for (int y = by * BLOCK; y < Math.min(p.height, by * BLOCK + BLOCK); y++) {
          int i = p.index(bx * BLOCK, y);
          for (int x = bx * BLOCK; x < Math.min(p.width, bx * BLOCK + BLOCK); x++, i++) {
            int c2 = 2 * v[i];
            gh += Math.abs(c2 - v[i - 1] - v[i + 1]);
            gv += Math.abs(c2 - v[i - s] - v[i + s]);
          }
        }
        long a = (gh + gv) >> (bitDepth - 8);
        int level = Math.min(4, 63 - Long.numberOfLeadingZeros(1 + (a >> 5)));
        int dir = gh > 2 * gv ? 1 : gv > 2 * gh ? 2 : 0;
        cls[by * bw + bx] = 5 * dir + level;
      }
    }
    return cls;
  }

  private static void refine(Plane x, Plane[] hyp, ComponentRefinement cr, int bitDepth, Plane dst) {
    PaddedPlane px = new PaddedPlane(x);
    int w = x.width();
    int h = x.height();
    int nh = hyp.length;
    FirShape shape = cr.shape();
    int taps = shape.taps();
    int[] off = tapOffsets(shape, px.stride);
    int[] cls = cr.classified() ? classify(px, bitDepth) : null;
    int bw = (w + BLOCK - 1) / BLOCK;
    int[][] co = cr.coefficientsView();
    int shift = cr.log2Scale();
    long round = shift == 0 ? 0 : 1L << (shift - 1);
    int max = (1 << bitDepth) - 1;
    short[] out = dst.samples();
    int[] v = px.v;
    short[][] hs = new short[nh][];
    for (int k = 0; k < nh; k++) {
      hs[k] = hyp[k].samples();
    }
    for (int y = 0; y < h; y++) {
      int i = px.index(0, y);
      for (int xx = 0; xx < w; xx++, i++) {
        int[] c = co[cls == null ? 0 : cr.filterOf(cls[(y / BLOCK) * bw + xx / BLOCK])];
        int centre = v[i];
        long sum = 0;
        int o = y * w + xx;
        for (int k = 0; k < nh; k++) {
          sum += (long) c[k] * ((hs[k][o] & 0xFFFF) - centre);
        }
        int c2 = 2 * centre;
        for (int t = 0; t < taps; t++) {
          sum += (long) c[nh + t] * (v[i + off[t]] + v[i - off[t]] - c2);
        }
        long r = centre + ((sum + round) >> shift);
        out[o] = (short) (r < 0 ? 0 : r > max ? max : r);
      }
    }
  }
}
