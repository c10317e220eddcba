package org.nnpf.encoder.quant;

import com.google.common.base.Preconditions;
import java.util.List;
import org.nnpf.common.nn.Model;
import org.nnpf.encoder.Workers;
import org.nnpf.common.picture.Picture;
import org.nnpf.training.PictureTensors;
import org.nnpf.training.TrainableModel;
import org.nnpf.training.autodiff.ConvOp;
import org.nnpf.training.autodiff.Graph;
import org.nnpf.training.autodiff.Shape;
import org.nnpf.training.autodiff.Tensor;
import org.nnpf.training.autodiff.Workspace;

/**
 * One float pass of a model over a sequence: the network statistics ({@link NetworkStatistics})
 * and the float output of every picture from the same forward pass, which the quantizers used to
 * make twice. Pictures run in parallel, {@code threads} at a time; the outputs are handed over in
 * picture order and not kept. The statistics are maxima, so they do not depend on the thread count.
 *
 * <p>Each picture runs patch by patch, as the integer inference does (docs/integer-inference.md,
 * section 8): the tensor is cut into equal cores of at most {@link #PATCH} x {@link #PATCH}
 * positions, and the network runs on a window of a fixed size, the core grown by the receptive
 * radius R of the model on each side and shifted back inside the tensor at its edges, so that every
 * window edge is either the picture's edge (zero padding there, as on the whole picture) or at
 * least R positions from the core. Since every float kernel computes a value with the same
 * arithmetic wherever it sits in the row ({@code ConvCropInvarianceTest}), the core's values are
 * bit-identical to the whole-picture pass: the output pictures, and the statistics, which count the
 * core positions of every tensor only (the window's outer ring sees the window edge as padding).
 * One workspace per thread, sized by the window and reused for every patch and picture of a size,
 * holds the activations: {@link #bytesPerThread}.
 */
public final class FloatPass {
  /**
   * Largest patch core, in tensor positions (half luma resolution): with the built-in model
   * (radius 6) a window of at most 140 x 140 positions, 45–60 MB of activations whatever the
   * picture size, and as fast as whole pictures or faster (docs/performance.md, "Encoder memory").
   */
  public static final int PATCH = 128;

  private FloatPass() {}

  /** Receives the float output of picture {@code index}. */
  public interface Outputs {
    void accept(int index, Picture output);
  }

  /** The statistics of {@code model} and the float output of every picture. */
  public static NetworkStatistics run(Model model, List<Picture> recon, int qp, int threads, Outputs outputs) {
    return run(model, recon, qp, threads, PATCH, PATCH, outputs);
  }

  /** As above, with patch cores of at most {@code patchWidth x patchHeight} tensor positions. */
  static NetworkStatistics run(Model model, List<Picture> recon, int qp, int threads, int patchWidth, int patchHeight,
      Outputs outputs) {
    return pass(TrainableModel.floatOnly(model), model, recon, qp, threads, patchWidth, patchHeight, outputs);
  }

  /**
   * The output of {@code tm} (fake quantizers included, if set) on every picture, without
   * statistics.
   */
  public static void outputs(TrainableModel tm, List<Picture> recon, int qp, int threads, Outputs outputs) {
    outputs(tm, recon, qp, threads, PATCH, PATCH, outputs);
  }

  /** As above, with patch cores of at most {@code patchWidth x patchHeight} tensor positions. */
  static void outputs(TrainableModel tm, List<Picture> recon, int qp, int threads, int patchWidth, int patchHeight,
      Outputs outputs) {
    pass(tm, null, recon, qp, threads, patchWidth, patchHeight, outputs);
  }

  /**
   * The receptive radius of {@code graph}: the sum of the convolutions' radii, which bounds how
   * far any output depends on its input (exactly the model's receptive radius for the chain of
   * layers of a {@link TrainableModel}).
   */
  static int halo(Graph graph) {
    int r = 0;
    for (Graph.Node n : graph.nodes()) {
      if (n.op() instanceof ConvOp c) {
        r += c.kernelSize() / 2;
      }
    }
    return r;
  }

  /**
   * Core size along one axis: the tensor cut into the fewest cores of at most {@code patch}
   * positions, of equal size but the last (so that no window is mostly halo).
   */
  static int core(int tensorSize, int patch) {
    int n = (tensorSize + patch - 1) / patch;
    return (tensorSize + n - 1) / n;
  }

  /** Window size along one axis: the core grown by the halo on each side, at most the tensor. */
  static int window(int tensorSize, int core, int halo) {
    return (int) Math.min(tensorSize, core + 2L * halo);
  }

  /**
   * Window origin along one axis for the core starting at {@code core0}: R before it, shifted back
   * inside the tensor at its edges (then that window edge is the picture edge).
   */
  static int origin(int core0, int halo, int tensorSize, int window) {
    return Math.max(0, Math.min(core0 - halo, tensorSize - window));
  }

  /**
   * Heap one thread of the pass needs for a {@code width x height} picture: the workspace of the
   * patch window (every activation of the network, its input included) and the picture being
   * filtered and its output (4:2:0 samples of two bytes).
   */
  public static long bytesPerThread(Model model, int width, int height) {
    TrainableModel tm = TrainableModel.floatOnly(model);
    int tw = model.layout().tensorWidth(width);
    int th = model.layout().tensorHeight(height);
    int halo = halo(tm.graph());
    Shape in = new Shape(model.inputChannels(), window(th, core(th, PATCH), halo), window(tw, core(tw, PATCH), halo));
    long bytes = 0;
    for (Shape s : tm.graph().shapes(List.of(in))) {
      bytes += 4L * s.channels() * (s.height() + 2L * Tensor.PAD) * (s.width() + 2L * Tensor.PAD);
    }
    long pictureBytes = 2L * ((long) width * height + 2L * ((width + 1) / 2) * (long) ((height + 1) / 2));
    return bytes + 2 * pictureBytes;
  }

  /** One thread's patch engine: the workspace and the window input, reused for every patch. */
  private static final class Patches {
    private final TrainableModel tm;
    private final Model model;
    private final int halo;
    private final int patchWidth;
    private final int patchHeight;
    private final Workspace ws;
    private Tensor window;

    Patches(TrainableModel tm, int patchWidth, int patchHeight) {
      this.tm = tm;
      this.model = tm.template();
      this.halo = halo(tm.graph());
      this.patchWidth = patchWidth;
      this.patchHeight = patchHeight;
      this.ws = new Workspace(tm.graph());
    }

    /** The output of picture {@code p}, adding its statistics to {@code acc} if not null. */
    Picture run(Picture p, int qp, NetworkStatistics.Accumulator acc) {
      model.layout().checkSupported(p);
      int tw = model.layout().tensorWidth(p.width());
      int th = model.layout().tensorHeight(p.height());
      int cw = core(tw, patchWidth);
      int ch = core(th, patchHeight);
      int ww = window(tw, cw, halo);
      int wh = window(th, ch, halo);
      if (window == null || !window.hasShape(model.inputChannels(), wh, ww)) {
        window = new Tensor(model.inputChannels(), wh, ww);
      }
      Picture res = new Picture(p.width(), p.height(), p.bitDepth(), p.chromaFormat());
      for (int y0 = 0; y0 < th; y0 += ch) {
        int y1 = Math.min(th, y0 + ch);
        int oy = origin(y0, halo, th, wh);
        for (int x0 = 0; x0 < tw; x0 += cw) {
          int x1 = Math.min(tw, x0 + cw);
          int ox = origin(x0, halo, tw, ww);
          PictureTensors.inputWindow(model, p, qp, ox, oy, window);
          Tensor raw = tm.forwardRaw(ws, window);
          if (acc != null) {
            acc.addWindow(tm, ws, window, y0 - oy, x0 - ox, y1 - y0, x1 - x0);
          }
          PictureTensors.writeOutput(model, p, raw, ox, oy, x0, y0, x1, y1, res);
        }
      }
      if (acc != null) {
        acc.countPicture();
      }
      return res;
    }
  }

  /** The pass; with {@code statsModel} null no statistics are gathered (and null is returned). */
  private static NetworkStatistics pass(TrainableModel tm, Model statsModel, List<Picture> recon, int qp, int threads,
      int patchWidth, int patchHeight, Outputs outputs) {
    Preconditions.checkArgument(patchWidth > 0 && patchHeight > 0, "patch size %sx%s", patchWidth, patchHeight);
    tm.graph().refresh();
    int n = Math.max(1, Math.min(threads, recon.size()));
    Patches[] engines = new Patches[n];
    NetworkStatistics.Accumulator[] acc = new NetworkStatistics.Accumulator[n];
    for (int t = 0; t < n && statsModel != null; t++) {
      acc[t] = new NetworkStatistics.Accumulator(statsModel);
    }
    try (Workers workers = new Workers(n)) {
      Picture[] out = new Picture[n];
      for (int i0 = 0; i0 < recon.size(); i0 += n) {
        int i1 = Math.min(recon.size(), i0 + n);
        // a batch of at most n pictures: worker t takes picture i0 + t
        workers.forEach(i0, i1, (t, index) -> {
          if (engines[t] == null) {
            engines[t] = new Patches(tm, patchWidth, patchHeight);
          }
          out[t] = engines[t].run(recon.get(index), qp, acc[t]);
        });
        for (int k = i0; k < i1; k++) {
          outputs.accept(k, out[k - i0]);
          out[k - i0] = null;
        }
      }
    }
    if (statsModel == null) {
      return null;
    }
    for (int t = 1; t < n; t++) {
      acc[0].merge(acc[t]);
    }
    return acc[0].result();
  }
}
