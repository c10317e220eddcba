package org.nnpf.encoder.pipeline;

import java.util.Locale;
import org.nnpf.common.NnpfException;
import org.nnpf.common.nn.Model;
import org.nnpf.encoder.quant.FloatPass;

/**
 * The Java heap a picture size needs, checked before any work (docs/encoder.md, "Memory"): the
 * float pass of the quantizers ({@link FloatPass}) runs patch by patch, one workspace per thread
 * sized by the patch window, plus the picture being filtered and its output, so the picture size
 * and the thread count — not the number of pictures — set what it needs. A job that cannot fit is
 * refused with the option that fixes it.
 */
public final class HeapCheck {
  private HeapCheck() {}

  /**
   * Bytes one thread of the float pass of {@code model} needs on a {@code width x height} picture:
   * the activations of a patch window and the input and output pictures ({@link
   * FloatPass#bytesPerThread}).
   */
  public static long floatPassBytes(Model model, int width, int height) {
    return FloatPass.bytesPerThread(model, width, height);
  }

  /**
   * Refuses the job when the float pass alone ({@code threads} workspaces and pictures) exceeds
   * the maximum heap {@code maxHeap}: such a job would run out of memory on its first picture.
   *
   * @param what the input, for the message
   */
  public static void check(String what, Model model, int width, int height, int threads, long maxHeap) {
    long need = threads * floatPassBytes(model, width, height);
    if (need > maxHeap) {
      long gib = (need + (need >> 2) + (1L << 30) - 1) >> 30;
      throw new NnpfException(String.format(Locale.ROOT,
          "%s: pictures of %dx%d need at least %d MiB of Java heap with this model and %d thread(s) (the float pass"
              + " of the quantization, patch by patch); the maximum heap is %d MiB: run with NNPF_JAVA_OPTS=-Xmx%dg"
              + " (docs/encoder.md, \"Memory\")", what, width, height, need >> 20, threads, maxHeap >> 20, gib));
    }
  }
}
