package org.nnpf.encoder.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nnpf.bitstream.nnpf.NnpfBlockMap;
import org.nnpf.bitstream.nnpf.NnpfMessage;
import org.nnpf.bitstream.nnpf.NnpfMessageWriter;
import org.nnpf.bitstream.nnpf.PictureHasher;
import org.nnpf.common.io.PictureStore;
import org.nnpf.common.nn.refine.BlockMap;
import org.nnpf.common.picture.Picture;

/**
 * The output pictures (docs/encoder.md, "Block maps"): each filtered picture with the block map of
 * least RD cost where one pays, the decoded picture elsewhere; and their picture hashes.
 */
public final class BlockMapPass {
  private BlockMapPass() {}

  /**
   * The pictures a decoder outputs (in a store of the caller's {@code owned}), the block map of each
   * picture (null where none), the hash message of each (empty without hashes), and the log text.
   */
  public record Result(List<Picture> outputs, NnpfBlockMap[] maps, List<NnpfMessage> hashes, String log) {}

  /** Luma block sizes (log2) tried for block maps: 32, 64, 128. */
  static final int[] BLOCK_MAP_SIZES = {5, 6, 7};

  /** A block map chosen for one picture: the message, the output with it, its gain and bits. */
  record BlockMapChoice(NnpfBlockMap message, Picture output, double gain, long bits) {}

  /**
   * The block map of least RD cost for one filtered picture, if one lowers it (docs/encoder.md,
   * "Block maps"): for each block size, each component's blocks are switched off where the filter
   * raises their weighted squared error, the component keeps a map when the gain pays for its bits,
   * and the map's cost is its message plus the SEI container ({@code ownNal}: a NAL unit of its
   * own, else one more SEI message).
   */
  static Optional<BlockMapChoice> blockMapFor(Picture original, Picture decoded, Picture filtered, double lambda,
      int filterId, boolean ownNal) {
    BlockMapChoice best = null;
    int planes = decoded.planeCount();
    for (int log2 : BLOCK_MAP_SIZES) {
      int n = 1 << log2;
      int bw = (decoded.width() + n - 1) / n;
      int blocks = BlockMap.blockCount(decoded.width(), decoded.height(), log2);
      boolean[][] flags = new boolean[planes][];
      double gain = 0;
      for (int c = 0; c < planes; c++) {
        double weight = c == 0 ? 1.0 : 1.0 / 6.0;
        int sx = c == 0 ? n : n >> decoded.chromaFormat().log2SubWidth();
        int sy = c == 0 ? n : n >> decoded.chromaFormat().log2SubHeight();
        double[] delta = blockSseDelta(original.plane(c), decoded.plane(c), filtered.plane(c), sx, sy, bw, blocks);
        boolean[] f = new boolean[blocks];
        double g = 0;
        boolean any = false;
        for (int b = 0; b < blocks; b++) {
          f[b] = delta[b] >= 0; // the filter lowers (or keeps) the block's error: keep it
          if (!f[b]) {
            g -= weight * delta[b];
            any = true;
          }
        }
        if (any && g > lambda * runBits(BlockMap.Runs.of(f))) {
          flags[c] = f;
          gain += g;
        }
      }
      if (gain <= 0) {
        continue;
      }
      BlockMap map = BlockMap.of(log2, flags);
      NnpfBlockMap msg = new NnpfBlockMap(filterId, map);
      long bits = NnpfMessageWriter.toBytes(msg).length * 8L + (ownNal ? ContainerBits.SEI_OVERHEAD_BITS : ContainerBits.SEI_MESSAGE_OVERHEAD_BITS);
      if (best == null || gain - lambda * bits > best.gain() - lambda * best.bits()) {
        best = new BlockMapChoice(msg, map.apply(decoded, filtered), gain, bits);
      }
    }
    return Optional.ofNullable(best);
  }

  /** Per block (raster order, {@code bw} blocks a row), SSE of decoded minus SSE of filtered against the original. */
  static double[] blockSseDelta(org.nnpf.common.picture.Plane o, org.nnpf.common.picture.Plane d,
      org.nnpf.common.picture.Plane f, int sx, int sy, int bw, int blocks) {
    double[] delta = new double[blocks];
    short[] os = o.samples();
    short[] ds = d.samples();
    short[] fs = f.samples();
    int w = o.width();
    for (int y = 0; y < o.height(); y++) {
      for (int x = 0; x < w; x++) {
        int i = y * w + x;
        int a = (os[i] & 0xFFFF) - (ds[i] & 0xFFFF);
        int b = (os[i] & 0xFFFF) - (fs[i] & 0xFFFF);
        delta[(y / sy) * bw + x / sx] += (double) a * a - (double) b * b;
      }
    }
    return delta;
  }

  /** Bits of one component's map in the syntax (present flag, first value, runs). */
  static long runBits(BlockMap.Runs r) {
    long bits = 2 + ueBits(r.closed().length);
    for (int v : r.closed()) {
      bits += ueBits(v - 1);
    }
    return bits;
  }

  private static long ueBits(long v) {
    return 2L * (63 - Long.numberOfLeadingZeros(v + 1)) + 1;
  }

  /**
   * Makes the output pictures: picture {@code d} is {@code filtered.get(d)} where {@code on[d]} (with
   * its block map where one pays), the decoded picture elsewhere.
   */
  public static Result run(NnpfEncoder.Config cfg, List<Picture> originals, List<Picture> decoded, List<Picture> filtered,
      boolean[] on, int onCount, int[] codingIndexOf, double lambda, Resources owned) {
  PictureStore outputStore = owned.store("output pictures");
    NnpfBlockMap[] maps = new NnpfBlockMap[decoded.size()];
    int mapped = 0;
    double mapGain = 0;
    long mapBits = 0;
    int tried = 0;
    double triedGain = 0;
    long triedBits = 0;
    List<NnpfMessage> hashMessages = new ArrayList<>();
    for (int d = 0; d < decoded.size(); d++) {
      Picture dec = decoded.get(d);
      Picture out = on[d] ? filtered.get(d) : dec;
      if (on[d] && cfg.blockMaps() && onCount > 0) {
        // a picture-level activation shares its SEI NAL unit with the map; otherwise the map needs one
        boolean ownNal = onCount == decoded.size() && !(codingIndexOf[d] == 0);
        Optional<BlockMapChoice> bm = blockMapFor(originals.get(d), dec, out, lambda, cfg.filterId(),
            ownNal && cfg.hashType() == null);
        if (bm.isPresent()) {
          tried++;
          triedGain += bm.get().gain();
          triedBits += bm.get().bits();
        }
        if (bm.isPresent() && bm.get().gain() > lambda * bm.get().bits()) {
          maps[d] = bm.get().message();
          out = bm.get().output();
          mapped++;
          mapGain += bm.get().gain();
          mapBits += bm.get().bits();
        }
      }
      outputStore.add(out);
      if (cfg.hashType() != null) {
        hashMessages.add(PictureHasher.hash(out, cfg.hashType()));
      }
    }
    String log = "";
    if (cfg.blockMaps() && onCount > 0) {
      log = String.format(java.util.Locale.ROOT, "; block maps in %d pictures: gain %.1f bits for %d bits"
          + " (best map of each of %d pictures with a block to switch off: gain %.1f bits for %d bits)",
          mapped, mapGain / lambda, mapBits, tried, triedGain / lambda, triedBits);
    }
    return new Result(outputStore.pictures(), maps, hashMessages, log);
  }
}
