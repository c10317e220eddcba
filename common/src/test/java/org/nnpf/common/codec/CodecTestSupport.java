package org.nnpf.common.codec;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.nnpf.common.content.SyntheticSource;
import org.nnpf.common.io.SequenceInfo;
import org.nnpf.common.metrics.PicturePsnr;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;

/** Content, hashes and PSNR for the codec tests. */
final class CodecTestSupport {
  private CodecTestSupport() {}

  /** {@code count} pictures of {@link SyntheticSource} seed 1. */
  static List<Picture> pattern(int width, int height, int bitDepth, ChromaFormat cf, int count) {
    SyntheticSource src = new SyntheticSource(new SequenceInfo(width, height, bitDepth, cf, 30, 1, count), 1);
    List<Picture> out = new ArrayList<>();
    for (int t = 0; t < count; t++) {
      out.add(src.frame(t));
    }
    return out;
  }

  static EncoderConfig.Builder config(BaseCodec codec, int width, int height, int bitDepth) {
    return EncoderConfig.builder().codec(codec).size(width, height).bitDepth(bitDepth).preset("veryfast");
  }

  /** MD5 over all samples of all pictures, each sample as a little-endian 16-bit word. */
  static String md5(List<Picture> pictures) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
    for (Picture p : pictures) {
      for (int c = 0; c < p.planeCount(); c++) {
        for (short s : p.plane(c).samples()) {
          md.update((byte) s);
          md.update((byte) (s >> 8));
        }
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** Luma PSNR of a whole sequence (from the total squared error). */
  static double lumaPsnr(List<Picture> a, List<Picture> b) {
    return planePsnr(a, b, 0);
  }

  /** PSNR of one plane over a whole sequence, from the total squared error. */
  static double planePsnr(List<Picture> a, List<Picture> b, int plane) {
    long sse = 0;
    long n = 0;
    for (int i = 0; i < a.size(); i++) {
      sse += PicturePsnr.sse(a.get(i).plane(plane), b.get(i).plane(plane));
      n += (long) a.get(i).plane(plane).width() * a.get(i).plane(plane).height();
    }
    return PicturePsnr.psnr(sse, n, a.get(0).bitDepth());
  }

  /** Luma PSNR of one picture. */
  static double psnr(Picture a, Picture b) {
    return PicturePsnr.of(a, b).psnr(0);
  }
}
