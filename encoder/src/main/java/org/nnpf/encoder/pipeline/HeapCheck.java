package org.nnpf.encoder.pipeline;

import java.util.List;
import java.util.Locale;
import org.nnpf.common.NnpfException;
import org.nnpf.common.nn.Model;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;
import org.nnpf.training.PictureTensors;
import org.nnpf.training.TrainableModel;
import org.nnpf.training.autodiff.Shape;

/**
 * The Java heap a picture size needs, checked before any work (docs/encoder.md, "Memory"): the
 * float passes of the quantizers keep every activation of the network on a whole picture, one
 * workspace per thread, so the picture size and the thread count — not the number of pictures —
 * set the heap. A job that cannot fit is refused with the option that fixes it.
 */
public final class HeapCheck {
  private HeapCheck() {}

  /** Bytes of the activations of one float pass of {@code model} on a {@code width x height} picture. */
  public static long floatPassBytes(Model model, int width, int height) {
    Picture probe = new Picture(width, height, 8, ChromaFormat.CF420);
    Shape in = Shape.of(PictureTensors.input(model, probe, 32));
    long bytes = 0;
    for (Shape s : TrainableModel.floatOnly(model).graph().shapes(List.of(in))) {
      bytes += 4L * s.channels() * s.height() * s.width();
    }
    return bytes;
  }

  /**
   * Refuses the job when the float passes alone ({@code threads} workspaces) exceed the maximum
   * heap {@code maxHeap}: such a job would run out of memory on its first picture.
   *
   * @param what the input, for the message
   */
  public static void check(String what, Model model, int width, int height, int threads, long maxHeap) {
    long need = threads * floatPassBytes(model, width, height);
    if (need > maxHeap) {
      long gib = (need + (need >> 2) + (1L << 30) - 1) >> 30;
      throw new NnpfException(String.format(Locale.ROOT,
          "%s: pictures of %dx%d need at least %d MiB of Java heap with this model and %d thread(s) (the float passes"
              + " of the quantization run on whole pictures); the maximum heap is %d MiB: run with NNPF_JAVA_OPTS=-Xmx%dg"
              + " (docs/encoder.md, \"Memory\")", what, width, height, need >> 20, threads, maxHeap >> 20, gib));
    }
  }
}
