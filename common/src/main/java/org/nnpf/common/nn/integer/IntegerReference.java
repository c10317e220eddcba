package org.nnpf.common.nn.integer;

import org.nnpf.common.nn.TensorLayout;
import org.nnpf.common.picture.Picture;

/**
 * The integer decoding process of docs/integer-inference.md written out plainly on whole-picture
 * tensors: the executable specification, against which the patch-wise scalar and vector paths are
 * tested. Slow (scalar, one thread, full-frame tensors); it always runs in checking mode, i.e. it
 * computes every accumulation exactly (in a long) and reports values outside the declared precision
 * before wrapping them as the process says.
 */
public final class IntegerReference {
  private IntegerReference() {}

  /**
   * The output picture (hypothesis 0), the checking report and the pictures of all the network's
   * hypotheses (hypothesis 0 first; one for a model of format version 1).
   */
  public record Result(Picture output, AccumulatorReport report, java.util.List<Picture> hypotheses) {}

  /** Filters {@code in} with base-codec QP {@code qp}. */
  public static Result run(IntegerNetwork net, Picture in, int qp) {
    net.checkSupported(in);
    TensorLayout layout = net.layout();
    int w = layout.tensorWidth(in.width());
    int h = layout.tensorHeight(in.height());
    int d = in.bitDepth();

    // 4.1 input tensor
    int[][] x = new int[net.model().inputChannels()][w * h];
    for (int c = 0; c < layout.pictureChannels(); c++) {
      for (int ty = 0; ty < h; ty++) {
        for (int tx = 0; tx < w; tx++) {
          x[c][ty * w + tx] = net.inputSample(layout.sample(in, c, tx, ty), d);
        }
      }
    }
    if (net.model().hasQpPlane()) {
      java.util.Arrays.fill(x[layout.pictureChannels()], net.qpValue(qp));
    }

    // 4.2, 4.3 layers
    AccumulatorReport.Counter counter = new AccumulatorReport.Counter(net);
    for (int l = 0; l < net.layers().size(); l++) {
      x = layer(net.layer(l), x, w, h, counter, l);
    }

    // 4.4 output samples: hypothesis p is output channels 6p .. 6p + 5
    java.util.List<Picture> pictures = new java.util.ArrayList<>();
    for (int p = 0; p < net.model().hypotheses(); p++) {
      Picture out = new Picture(in.width(), in.height(), d, in.chromaFormat());
      int c0 = p * layout.pictureChannels();
      for (int c = 0; c < layout.pictureChannels(); c++) {
        for (int ty = 0; ty < h; ty++) {
          for (int tx = 0; tx < w; tx++) {
            int s = layout.sample(in, c, tx, ty);
            layout.setSample(out, c, tx, ty, net.outputSample(x[c0 + c][ty * w + tx], s, d));
          }
        }
      }
      pictures.add(out);
    }
    return new Result(pictures.get(0), counter.report(), java.util.List.copyOf(pictures));
  }

  /**
   * One layer: for every output channel co and position (px, py),
   * {@code A = Wrap_P(Bq[co] + sum Wq[co][ci][ky][kx] * X[ci](px + kx - r, py + ky - r))} with X = 0
   * outside the tensor, then {@link IntegerLayer#requantize}.
   */
  static int[][] layer(IntegerLayer L, int[][] x, int w, int h, AccumulatorReport.Counter counter, int l) {
    int k = L.kernelSize();
    int r = L.radius();
    int[][] y = new int[L.outChannels()][w * h];
    for (int co = 0; co < L.outChannels(); co++) {
      for (int py = 0; py < h; py++) {
        for (int px = 0; px < w; px++) {
          long exact = L.bias(co);
          for (int ci = 0; ci < L.inChannels(); ci++) {
            for (int ky = 0; ky < k; ky++) {
              int sy = py + ky - r;
              if (sy < 0 || sy >= h) {
                continue;
              }
              for (int kx = 0; kx < k; kx++) {
                int sx = px + kx - r;
                if (sx < 0 || sx >= w) {
                  continue;
                }
                exact += (long) L.weight(co, ci, ky, kx) * x[ci][sy * w + sx];
              }
            }
          }
          counter.record(l, exact);
          int a = (int) FixedPoint.wrap(exact, L.accumulatorBits());
          y[co][py * w + px] = L.requantize(a, co);
        }
      }
    }
    return y;
  }
}
