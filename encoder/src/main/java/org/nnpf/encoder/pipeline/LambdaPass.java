package org.nnpf.encoder.pipeline;

import java.util.List;
import org.nnpf.common.NnpfException;
import org.nnpf.common.codec.BaseDecoder;
import org.nnpf.common.codec.BaseEncoder;
import org.nnpf.common.codec.EncodedStream;
import org.nnpf.common.codec.EncoderConfig;
import org.nnpf.common.picture.Picture;

/**
 * The Lagrange multiplier of the encoder's decisions (docs/encoder.md step 4): measured on the
 * sequence from two extra base encodings, or HM's formula.
 */
public final class LambdaPass {
  private LambdaPass() {}

  /**
   * The Lagrange multiplier of the decision, in squared sample errors (SSE of Y plus a sixth of the chroma SSE) per bit: HM's
   * {@code 0.57 * 2^((QP - 12) / 3)}, scaled by {@code 4^(bitDepth - 8)} for the sample range.
   */
  public static double lambda(int qp, int bitDepth) {
    return 0.57 * Math.pow(2, (qp - 12) / 3.0) * Math.pow(4, bitDepth - 8);
  }

  /** QP distance of the two extra base encodings that measure the slope of the RD curve. */
  static final int SLOPE_QP_DELTA = 2;

  /**
   * The Lagrangian of the decision measured on the sequence itself: the slope {@code -dD/dR} of the
   * base codec's RD curve around the QP, from the secant through two extra base encodings at
   * {@code QP - 2} and {@code QP + 2} (clipped to 0..51), with D the distortion of the decision
   * (Y SSE plus a sixth of the chroma SSE, summed over the pictures) and R the bits. This is the
   * exchange rate of bits and distortion that BD-rate measures the filter against; HM's formula
   * {@link #lambda} is the fallback when the secant is degenerate.
   */
  public static double measuredLambda(EncoderConfig base, List<Picture> originals) {
    int lo = Math.max(0, base.qp() - SLOPE_QP_DELTA);
    int hi = Math.min(51, base.qp() + SLOPE_QP_DELTA);
    double[] a = rdPoint(base.toBuilder().qp(lo).build(), originals);
    double[] b = rdPoint(base.toBuilder().qp(hi).build(), originals);
    double dr = a[0] - b[0];
    double dd = b[1] - a[1];
    if (dr <= 0 || dd <= 0) {
      return lambda(base.qp(), base.bitDepth());
    }
    return dd / dr;
  }

  /** {bits, distortion} of the base codec with {@code cfg} on {@code originals}. */
  static double[] rdPoint(EncoderConfig cfg, List<Picture> originals) {
    EncodedStream es = BaseEncoder.encode(cfg, originals);
    double[] d = {0};
    int[] i = {0};
    // picture by picture in output (display) order: nothing is kept
    BaseDecoder.decode(es.bytes(), cfg.codec(), cfg.threads(), "base stream at QP " + cfg.qp(), p -> {
      if (i[0] < originals.size()) {
        d[0] += Distortion.weightedSse(originals.get(i[0]), p.picture()) / 6.0;
      }
      i[0]++;
    });
    if (i[0] != originals.size()) {
      throw new NnpfException("the base decoder output " + i[0] + " pictures for " + originals.size() + " coded at QP "
          + cfg.qp());
    }
    return new double[] {es.size() * 8.0, d[0]};
  }
}
