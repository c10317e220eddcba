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
   * (whole pictures, zero padding at the borders, as inference runs).
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

  static double maxAbs(Tensor t) {
    float m = 0;
    for (float v : t.data()) {
      m = Math.max(m, Math.abs(v));
    }
    return m;
  }

}
