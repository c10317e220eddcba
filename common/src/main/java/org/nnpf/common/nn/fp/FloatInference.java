package org.nnpf.common.nn.fp;

import com.google.common.base.Preconditions;
import java.util.stream.IntStream;
import org.nnpf.common.nn.Conv2d;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.OutputMode;
import org.nnpf.common.nn.TensorLayout;
import org.nnpf.common.picture.Picture;

/**
 * Float32 inference of a {@link Model} on a whole picture (rows of a layer in parallel on the
 * common fork-join pool): the real-valued counterpart of the
 * integer decoding process, used for training, for calibrating quantizers and for measuring the
 * quantization loss. Not normative (float results may differ across platforms in the last bit).
 *
 * <p>Steps: input tensor ({@link #inputTensor}); each convolution with zero padding, then bias,
 * multiplier and activation ({@link #conv}); output samples
 * {@code clip(floor(s + r * 2^bitDepth + 0.5))} (residual) or {@code clip(floor(r * 2^bitDepth
 * + 0.5))} (direct), where r is the output tensor value.
 */
public final class FloatInference {
  private final Model model;

  public FloatInference(Model model) {
    this.model = Preconditions.checkNotNull(model);
  }

  public Model model() {
    return model;
  }

  /** Filters {@code in} with base-codec QP {@code qp}. */
  public Picture apply(Picture in, int qp) {
    return run(in, qp, null).output();
  }

  /**
   * Filters {@code in} and, if {@code stats} is not null, records into it the largest absolute
   * value of every tensor and every layer's accumulation (see {@link ActivationStatistics}).
   */
  public Result run(Picture in, int qp, ActivationStatistics stats) {
    model.layout().checkSupported(in);
    FloatTensor x = inputTensor(model, in, qp);
    if (stats != null) {
      stats.check(model);
      stats.recordInput(x.maxAbs());
    }
    for (int l = 0; l < model.layerCount(); l++) {
      x = conv(model.conv(l), x, stats, l);
    }
    return new Result(toPicture(model, in, x), x);
  }

  /** The output picture and the final output tensor. */
  public record Result(Picture output, FloatTensor outputTensor) {}

  /**
   * The input tensor: picture channel c at (x, y) is {@code sample / 2^bitDepth} (see
   * {@link TensorLayout#sample}); the QP plane, if any, is {@code qp / 2^qpLog2Scale}.
   */
  public static FloatTensor inputTensor(Model model, Picture in, int qp) {
    TensorLayout layout = model.layout();
    int w = layout.tensorWidth(in.width());
    int h = layout.tensorHeight(in.height());
    FloatTensor t = new FloatTensor(model.inputChannels(), w, h);
    float scale = 1f / (1 << in.bitDepth());
    for (int c = 0; c < layout.pictureChannels(); c++) {
      float[] d = t.data()[c];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          d[y * w + x] = layout.sample(in, c, x, y) * scale;
        }
      }
    }
    if (model.hasQpPlane()) {
      java.util.Arrays.fill(t.data()[layout.pictureChannels()], qp / (float) (1 << model.qpLog2Scale()));
    }
    return t;
  }

  /**
   * One convolution layer: {@code act(m[co] * (b[co] + sum W x))}, x = 0 outside the tensor.
   * Records the largest |accumulation| (before the multiplier) and |output| into {@code stats}
   * at layer index {@code l} when stats is not null.
   */
  public static FloatTensor conv(Conv2d c, FloatTensor x, ActivationStatistics stats, int l) {
    int w = x.width();
    int h = x.height();
    FloatTensor y = new FloatTensor(c.outChannels(), w, h);
    float[] weights = c.weights();
    float[] bias = c.bias();
    // Row by row (rows in parallel): each output row is computed from the input rows around it,
    // so the working set stays in cache; every value is summed in the same order whatever the
    // thread count, so the result does not depend on it.
    float[][] rowMax = new float[h][2];
    IntStream.range(0, h).parallel().forEach(row -> convRow(c, weights, bias, x, y, row, rowMax[row]));
    if (stats != null) {
      float maxAcc = 0;
      float maxOut = 0;
      for (float[] m : rowMax) {
        maxAcc = Math.max(maxAcc, m[0]);
        maxOut = Math.max(maxOut, m[1]);
      }
      stats.recordLayer(l, maxAcc, maxOut);
    }
    return y;
  }

  private static void convRow(Conv2d c, float[] weights, float[] bias, FloatTensor x, FloatTensor y, int row, float[] max) {
    int w = x.width();
    int h = x.height();
    int k = c.kernelSize();
    int r = c.radius();
    int cin = c.inChannels();
    float[] acc = new float[w];
    for (int co = 0; co < c.outChannels(); co++) {
      java.util.Arrays.fill(acc, bias[co]);
      for (int ci = 0; ci < cin; ci++) {
        float[] in = x.data()[ci];
        for (int ky = 0; ky < k; ky++) {
          int sy = row + ky - r;
          if (sy < 0 || sy >= h) {
            continue;
          }
          int base = sy * w;
          for (int kx = 0; kx < k; kx++) {
            float wv = weights[((co * cin + ci) * k + ky) * k + kx];
            int dx = kx - r;
            int x0 = Math.max(0, -dx);
            int x1 = Math.min(w, w - dx);
            int i = base + dx;
            for (int xx = x0; xx < x1; xx++) {
              acc[xx] += wv * in[i + xx];
            }
          }
        }
      }
      float m = c.multiplier(co);
      float[] out = y.data()[co];
      int o = row * w;
      for (int xx = 0; xx < w; xx++) {
        max[0] = Math.max(max[0], Math.abs(acc[xx]));
        float v = c.activation().apply(acc[xx] * m, co);
        out[o + xx] = v;
        max[1] = Math.max(max[1], Math.abs(v));
      }
    }
  }

  /** Converts the output tensor to a picture of the input's format (see the class comment): hypothesis 0. */
  public static Picture toPicture(Model model, Picture in, FloatTensor r) {
    return toPicture(model, in, r, 0);
  }

  /** The pictures of all the model's hypotheses, hypothesis 0 first. */
  public static java.util.List<Picture> hypothesisPictures(Model model, Picture in, FloatTensor r) {
    java.util.List<Picture> out = new java.util.ArrayList<>();
    for (int h = 0; h < model.hypotheses(); h++) {
      out.add(toPicture(model, in, r, h));
    }
    return out;
  }

  /** The picture of hypothesis {@code h}: output tensor channels {@code 6h .. 6h + 5}. */
  public static Picture toPicture(Model model, Picture in, FloatTensor r, int h) {
    TensorLayout layout = model.layout();
    int c0 = h * layout.pictureChannels();
    Picture out = new Picture(in.width(), in.height(), in.bitDepth(), in.chromaFormat());
    float scale = 1 << in.bitDepth();
    int max = in.maxValue();
    boolean residual = model.outputMode() == OutputMode.RESIDUAL;
    for (int c = 0; c < layout.pictureChannels(); c++) {
      for (int y = 0; y < r.height(); y++) {
        for (int x = 0; x < r.width(); x++) {
          double base = residual ? layout.sample(in, c, x, y) : 0;
          long v = (long) Math.floor(base + (double) r.get(c0 + c, x, y) * scale + 0.5);
          layout.setSample(out, c, x, y, (int) Math.max(0, Math.min(max, v)));
        }
      }
    }
    return out;
  }
}
