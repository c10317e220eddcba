package org.nnpf.encoder.quant;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.ModelStore;
import org.nnpf.common.picture.Picture;
import org.nnpf.encoder.pipeline.HeapCheck;
import org.nnpf.training.GeneratedPictures;
import org.nnpf.training.PictureTensors;
import org.nnpf.training.TrainableModel;
import org.nnpf.training.autodiff.Shape;
import org.nnpf.training.autodiff.Tensor;
import org.nnpf.training.autodiff.Workspace;

/**
 * Time of the float pass (statistics and output, one thread) on one picture, whole picture against
 * patch by patch, and HeapCheck's bytes (docs/performance.md, "Encoder memory"). Not a test: run
 * with the encoder's test class path, e.g.
 *
 * <pre>java --add-modules jdk.incubator.vector -Xmx3g -cp ... org.nnpf.encoder.quant.FloatPassTiming 1920 1080 5 64,128,256</pre>
 *
 * (width, height, timed runs after two warm-up runs, patch sizes); prints the median time.
 */
public final class FloatPassTiming {
  private FloatPassTiming() {}

  public static void main(String[] args) {
    int width = Integer.parseInt(args[0]);
    int height = Integer.parseInt(args[1]);
    int runs = Integer.parseInt(args[2]);
    int[] patches = Arrays.stream(args[3].split(",")).mapToInt(Integer::parseInt).toArray();
    Model model = ModelStore.builtIn().defaultModel().model();
    List<Picture> pic = List.of(GeneratedPictures.blocky(GeneratedPictures.natural(width, height, 10, 5), 0.3));
    int qp = 37;
    System.out.printf(Locale.ROOT, "%dx%d, 10-bit, model %s, one thread%n", width, height, model.summary());
    for (int[] s : new int[][] {{832, 480}, {1280, 720}, {1920, 1080}, {3840, 2160}}) {
      System.out.printf(Locale.ROOT, "HeapCheck %dx%d: %,d MiB a thread (whole-picture activations: %,d MiB)%n", s[0], s[1],
          HeapCheck.floatPassBytes(model, s[0], s[1]) >> 20, wholePictureBytes(model, s[0], s[1]) >> 20);
    }
    // rounds of every variant in turn, so that a change of the machine's load hits all of them alike
    TrainableModel tm = TrainableModel.floatOnly(model);
    Workspace ws = new Workspace(tm.graph());
    double[][] t = new double[patches.length + 1][runs];
    for (int r = -2; r < runs; r++) {
      long t0 = System.nanoTime();
      NetworkStatistics.Accumulator acc = new NetworkStatistics.Accumulator(model);
      Tensor in = PictureTensors.input(model, pic.get(0), qp);
      Tensor raw = tm.forwardRaw(ws, in);
      acc.add(tm, ws, in);
      Picture refOut = PictureTensors.toPicture(model, pic.get(0), raw);
      NetworkStatistics ref = acc.result();
      if (r >= 0) {
        t[0][r] = (System.nanoTime() - t0) / 1e9;
      }
      for (int k = 0; k < patches.length; k++) {
        int p = patches[k];
        List<Picture> out = new ArrayList<>();
        t0 = System.nanoTime();
        NetworkStatistics st = FloatPass.run(model, pic, qp, 1, p, p, (i, o) -> out.add(o));
        if (r >= 0) {
          t[k + 1][r] = (System.nanoTime() - t0) / 1e9;
        }
        if (!st.equals(ref) || !out.get(0).equals(refOut)) {
          throw new AssertionError("patch " + p + ": not identical to the whole picture");
        }
      }
    }
    System.out.printf(Locale.ROOT, "whole picture: %.3f s (median of %d; min %.3f)%n", median(t[0]), runs, min(t[0]));
    for (int k = 0; k < patches.length; k++) {
      System.out.printf(Locale.ROOT, "patches %dx%d: %.3f s (median of %d; min %.3f), identical%n", patches[k], patches[k],
          median(t[k + 1]), runs, min(t[k + 1]));
    }
  }

  private static double min(double[] t) {
    return Arrays.stream(t).min().orElseThrow();
  }

  private static double median(double[] t) {
    double[] s = t.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  /** What the whole-picture pass kept: every activation on the whole picture (HeapCheck's old figure). */
  private static long wholePictureBytes(Model model, int width, int height) {
    Shape in = new Shape(model.inputChannels(), model.layout().tensorHeight(height), model.layout().tensorWidth(width));
    long bytes = 0;
    for (Shape s : TrainableModel.floatOnly(model).graph().shapes(List.of(in))) {
      bytes += 4L * s.channels() * s.height() * s.width();
    }
    return bytes;
  }
}
