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
    TensorLayout layout = model.layout();
    Tensor t = new Tensor(model.inputChannels(), layout.tensorHeight(p.height()), layout.tensorWidth(p.width()));
    fillInput(model, p, qp, 0, 0, t);
    return t;
  }

  /**
   * Writes into {@code t} the window of {@link #input} whose top-left tensor position is ({@code
   * x0}, {@code y0}) and whose size is {@code t}'s: the same values as the whole-picture input
   * there (for patch-wise passes, which reuse {@code t}). Only the interior of {@code t} is
   * written: its border must be zero, as on any tensor handed to a graph.
   */
  public static void inputWindow(Model model, Picture p, int qp, int x0, int y0, Tensor t) {
    model.layout().checkSupported(p);
    TensorLayout layout = model.layout();
    Preconditions.checkArgument(
        t.channels() == model.inputChannels()
            && x0 >= 0 && y0 >= 0
            && x0 + t.width() <= layout.tensorWidth(p.width())
            && y0 + t.height() <= layout.tensorHeight(p.height()),
        "window %s at (%s, %s) does not fit the input of %s", t, x0, y0, p);
    fillInput(model, p, qp, x0, y0, t);
  }

  private static void fillInput(Model model, Picture p, int qp, int x0, int y0, Tensor t) {
    fillPictureChannels(model.layout(), p, x0, y0, t);
    if (model.hasQpPlane()) {
      fill(t, model.layout().pictureChannels(), qp / (float) (1 << model.qpLog2Scale()));
    }
  }

  /** The picture channels of {@code p} (the training target when p is the original). */
  public static Tensor target(Model model, Picture p) {
    model.layout().checkSupported(p);
    return pictureChannels(model.layout(), p, model.layout().pictureChannels());
  }

  private static Tensor pictureChannels(TensorLayout layout, Picture p, int channels) {
    Tensor t = new Tensor(channels, layout.tensorHeight(p.height()), layout.tensorWidth(p.width()));
    fillPictureChannels(layout, p, 0, 0, t);
    return t;
  }

  /** The picture channels at tensor positions {@code (x0 + x, y0 + y)} into {@code t}'s (x, y). */
  private static void fillPictureChannels(TensorLayout layout, Picture p, int x0, int y0, Tensor t) {
    int w = t.width();
    int h = t.height();
    float scale = 1f / (1 << p.bitDepth());
    float[] d = t.data();
    for (int c = 0; c < layout.pictureChannels(); c++) {
      for (int y = 0; y < h; y++) {
        int i = t.index(c, y, 0);
        for (int x = 0; x < w; x++) {
          d[i + x] = layout.sample(p, c, x0 + x, y0 + y) * scale;
        }
      }
    }
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
    writeOutput(model, in, out, 0, 0, 0, 0, out.width(), out.height(), res);
    return res;
  }

  /**
   * Writes into {@code res} (a picture of {@code in}'s format) the samples of {@link #toPicture} at
   * the tensor positions {@code [x0, x1) x [y0, y1)}, from the output {@code out} of a window of
   * the network whose top-left tensor position is ({@code ox}, {@code oy}): picture tensor position
   * (x, y) is {@code out}'s (x - ox, y - oy). The same values as {@link #toPicture} on the
   * whole-picture output when {@code out} holds the same values there (patch-wise passes).
   */
  public static void writeOutput(Model model, Picture in, Tensor out, int ox, int oy, int x0, int y0, int x1, int y1,
      Picture res) {
    TensorLayout layout = model.layout();
    Preconditions.checkArgument(
        out.channels() == model.outputTensorChannels()
            && x0 >= ox && y0 >= oy && x1 - ox <= out.width() && y1 - oy <= out.height()
            && x1 <= layout.tensorWidth(in.width()) && y1 <= layout.tensorHeight(in.height())
            && res.sameFormat(in),
        "output %s at (%s, %s) does not hold [%s, %s) x [%s, %s) of %s", out, ox, oy, x0, x1, y0, y1, in);
    double scale = 1 << in.bitDepth();
    int max = in.maxValue();
    boolean residual = model.outputMode() == OutputMode.RESIDUAL;
    for (int c = 0; c < layout.pictureChannels(); c++) {
      for (int y = y0; y < y1; y++) {
        for (int x = x0; x < x1; x++) {
          double base = residual ? layout.sample(in, c, x, y) : 0;
          long v = (long) Math.floor(base + (double) out.get(c, y - oy, x - ox) * scale + 0.5);
          layout.setSample(res, c, x, y, (int) Math.max(0, Math.min(max, v)));
        }
      }
    }
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
