package org.nnpf.encoder.quant;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;
import org.nnpf.common.nn.Conv2d;
import org.nnpf.common.nn.Model;
import org.nnpf.common.picture.Picture;
import org.nnpf.training.PictureTensors;
import org.nnpf.training.TrainableModel;
import org.nnpf.training.autodiff.Tensor;
import org.nnpf.training.autodiff.Workspace;

/** The largest input value and the per-layer statistics of a model on a set of pictures. */
public record NetworkStatistics(double maxAbsInput, List<LayerStatistics> layers) {
  public NetworkStatistics {
    layers = List.copyOf(layers);
  }

  public LayerStatistics layer(int l) {
    return layers.get(l);
  }

  /**
   * Measures the statistics of {@code model} on {@code pictures} coded at {@code qp}, in float
   * (whole pictures, zero padding at the borders, as inference runs). {@link FloatPass} gives the
   * same statistics patch by patch, in bounded memory; this whole-picture form is its reference.
   */
  public static NetworkStatistics measure(Model model, List<Picture> pictures, int qp) {
    Preconditions.checkArgument(!pictures.isEmpty(), "no picture to measure on");
    TrainableModel tm = TrainableModel.floatOnly(model);
    Workspace ws = new Workspace(tm.graph());
    Accumulator a = new Accumulator(model);
    for (Picture p : pictures) {
      Tensor in = PictureTensors.input(model, p, qp);
      ws.forward(in);
      a.add(tm, ws, in);
    }
    return a.result();
  }

  /**
   * The maxima of {@link #measure} gathered from forward passes made elsewhere (e.g. a pass that
   * also takes the float output): add each picture's pass, {@link #merge} per-thread
   * accumulators (maxima do not depend on the order), then {@link #result}.
   */
  public static final class Accumulator {
    private final Model model;
    private double maxIn;
    private final double[] acc;
    private final double[] out;
    private int pictures;

    public Accumulator(Model model) {
      this.model = model;
      this.acc = new double[model.layerCount()];
      this.out = new double[model.layerCount()];
    }

    /** Adds the pass {@code ws} of {@code tm} (a float-only model of {@code model}) made on {@code in}. */
    public void add(TrainableModel tm, Workspace ws, Tensor in) {
      maxIn = Math.max(maxIn, maxAbs(in));
      for (int l = 0; l < acc.length; l++) {
        TrainableModel.Layer ly = tm.layers().get(l);
        acc[l] = Math.max(acc[l], maxAbs(ws.value(ly.convNode())));
        out[l] = Math.max(out[l], maxAbs(ws.value(ly.outputNode())));
      }
      pictures++;
    }

    /**
     * Adds the values a patch owns: of the patch pass {@code ws} on {@code in} (a window of a
     * picture's input), only the positions {@code [x0, x0 + w) x [y0, y0 + h)} of every tensor,
     * which must all have the input's resolution (the layers of a {@link TrainableModel} keep it).
     * The rest of the patch is its halo, whose outer values see the patch edge as padding and
     * differ from the whole picture's. Adding the patches that tile a picture gives what {@link
     * #add} gives for the whole picture (maxima of the same values); then {@link #countPicture}.
     */
    public void addWindow(TrainableModel tm, Workspace ws, Tensor in, int y0, int x0, int h, int w) {
      maxIn = Math.max(maxIn, maxAbs(in, in, y0, x0, h, w));
      for (int l = 0; l < acc.length; l++) {
        TrainableModel.Layer ly = tm.layers().get(l);
        acc[l] = Math.max(acc[l], maxAbs(in, ws.value(ly.convNode()), y0, x0, h, w));
        out[l] = Math.max(out[l], maxAbs(in, ws.value(ly.outputNode()), y0, x0, h, w));
      }
    }

    /** Counts one picture whose patches were added with {@link #addWindow}. */
    public void countPicture() {
      pictures++;
    }

    /** Adds what {@code o} gathered. */
    public void merge(Accumulator o) {
      maxIn = Math.max(maxIn, o.maxIn);
      for (int l = 0; l < acc.length; l++) {
        acc[l] = Math.max(acc[l], o.acc[l]);
        out[l] = Math.max(out[l], o.out[l]);
      }
      pictures += o.pictures;
    }

    /** The statistics of the pictures added. */
    public NetworkStatistics result() {
      Preconditions.checkState(pictures > 0, "no picture to measure on");
      return NetworkStatistics.of(model, maxIn, acc, out);
    }
  }

  private static NetworkStatistics of(Model model, double maxIn, double[] acc, double[] out) {
    int n = model.layerCount();
    List<LayerStatistics> ls = new ArrayList<>();
    for (int l = 0; l < n; l++) {
      Conv2d c = model.conv(l);
      float[] w = c.weights();
      double mw = 0;
      double sw = 0;
      for (float v : w) {
        mw = Math.max(mw, Math.abs(v));
        sw += Math.abs(v);
      }
      double mb = 0;
      for (float v : c.bias()) {
        mb = Math.max(mb, Math.abs(v));
      }
      double mm = 0;
      for (int co = 0; co < c.outChannels(); co++) {
        mm = Math.max(mm, Math.abs(c.multiplier(co)));
      }
      double ma = 0;
      for (int co = 0; co < c.outChannels(); co++) {
        ma = Math.max(ma, Math.abs(c.activation().slope(co)));
      }
      if (c.activation().kind() == org.nnpf.common.nn.Activation.Kind.NONE
          || c.activation().kind() == org.nnpf.common.nn.Activation.Kind.RELU) {
        ma = 0;
      }
      ls.add(new LayerStatistics(c.fanIn(), mw, sw / w.length, mb, mm, ma, l == 0 ? maxIn : out[l - 1], acc[l], out[l]));
    }
    return new NetworkStatistics(maxIn, ls);
  }

  /** Largest absolute value of {@code t} over the window, every channel; {@code t} at {@code in}'s resolution. */
  static double maxAbs(Tensor in, Tensor t, int y0, int x0, int h, int w) {
    Preconditions.checkArgument(t.height() == in.height() && t.width() == in.width(),
        "a window of %s on a tensor of %s: patch statistics need every tensor at the input's resolution", in, t);
    Preconditions.checkArgument(y0 >= 0 && x0 >= 0 && y0 + h <= t.height() && x0 + w <= t.width() && h > 0 && w > 0,
        "window %sx%s at (%s, %s) of %s", w, h, x0, y0, t);
    float m = 0;
    float[] d = t.data();
    for (int c = 0; c < t.channels(); c++) {
      for (int y = y0; y < y0 + h; y++) {
        for (int i = t.index(c, y, x0), e = i + w; i < e; i++) {
          m = Math.max(m, Math.abs(d[i]));
        }
      }
    }
    return m;
  }

  static double maxAbs(Tensor t) {
    float m = 0;
    for (float v : t.data()) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

}
