package org.nnpf.training;

import com.google.common.base.Preconditions;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.OutputMode;
import org.nnpf.common.nn.TensorLayout;
import org.nnpf.common.picture.Picture;
import org.nnpf.training.autodiff.Tensor;

/**
 * Conversions between pictures and training {@link Tensor}s with exactly the real-valued semantics
 * of the model description (docs/model-format.md): picture channel c at tensor position (x, y) is
 * {@code TensorLayout.sample(p, c, x, y) / 2^bitDepth}, the QP plane is {@code qp / 2^qpLog2Scale},
 * and an output value r becomes {@code clip(floor(s + r * 2^bitDepth + 0.5))} (residual) or
 * {@code clip(floor(r * 2^bitDepth + 0.5))} (direct).
 */
public final class PictureTensors {
  private PictureTensors() {}

  /** The network input for picture {@code p} coded at {@code qp}. */
  public static Tensor input(Model model, Picture p, int qp) {
    model.layout().checkSupported(p);
    Tensor t = pictureChannels(model.layout(), p, model.inputChannels());
    if (model.hasQpPlane()) {
      fill(t, model.layout().pictureChannels(), qp / (float) (1 << model.qpLog2Scale()));
    }
    return t;
  }

  /** The picture channels of {@code p} (the training target when p is the original). */
  public static Tensor target(Model model, Picture p) {
    model.layout().checkSupported(p);
    return pictureChannels(model.layout(), p, model.layout().pictureChannels());
  }

  private static Tensor pictureChannels(TensorLayout layout, Picture p, int channels) {
    int w = layout.tensorWidth(p.width());
    int h = layout.tensorHeight(p.height());
    Tensor t = new Tensor(channels, h, w);
    float scale = 1f / (1 << p.bitDepth());
    float[] d = t.data();
    for (int c = 0; c < layout.pictureChannels(); c++) {
      for (int y = 0; y < h; y++) {
        int i = t.index(c, y, 0);
        for (int x = 0; x < w; x++) {
          d[i + x] = layout.sample(p, c, x, y) * scale;
        }
      }
    }
    return t;
  }

  private static void fill(Tensor t, int c, float v) {
    for (int y = 0; y < t.height(); y++) {
      int i = t.index(c, y, 0);
      java.util.Arrays.fill(t.data(), i, i + t.width(), v);
    }
  }

  /**
   * The output picture for network output {@code out} (the raw last-layer output, before the
   * residual add) on input picture {@code in}: hypothesis 0, the first six channels, of a model of
   * several hypotheses.
   */
  public static Picture toPicture(Model model, Picture in, Tensor out) {
    TensorLayout layout = model.layout();
    Preconditions.checkArgument(
        out.channels() == model.outputTensorChannels()
            && out.width() == layout.tensorWidth(in.width())
            && out.height() == layout.tensorHeight(in.height()),
        "output %s does not fit %s", out, in);
    Picture res = new Picture(in.width(), in.height(), in.bitDepth(), in.chromaFormat());
    double scale = 1 << in.bitDepth();
    int max = in.maxValue();
    boolean residual = model.outputMode() == OutputMode.RESIDUAL;
    for (int c = 0; c < layout.pictureChannels(); c++) {
      for (int y = 0; y < out.height(); y++) {
        for (int x = 0; x < out.width(); x++) {
          double base = residual ? layout.sample(in, c, x, y) : 0;
          long v = (long) Math.floor(base + (double) out.get(c, y, x) * scale + 0.5);
          layout.setSample(res, c, x, y, (int) Math.max(0, Math.min(max, v)));
        }
      }
    }
    return res;
  }

  /** The sub-tensor of {@code t} at rows {@code [y0, y0+h)}, columns {@code [x0, x0+w)}. */
  public static Tensor crop(Tensor t, int y0, int x0, int h, int w) {
    Preconditions.checkArgument(
        y0 >= 0 && x0 >= 0 && y0 + h <= t.height() && x0 + w <= t.width(), "crop %sx%s at (%s, %s) of %s", w, h, x0, y0, t);
    Tensor c = new Tensor(t.channels(), h, w);
    for (int ch = 0; ch < t.channels(); ch++) {
      for (int y = 0; y < h; y++) {
        System.arraycopy(t.data(), t.index(ch, y0 + y, x0), c.data(), c.index(ch, y, 0), w);
      }
    }
    return c;
  }
}
