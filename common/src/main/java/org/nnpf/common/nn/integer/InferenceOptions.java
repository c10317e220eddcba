package org.nnpf.common.nn.integer;

import com.google.common.base.Preconditions;

/**
 * How {@link IntegerInference} runs: threads, patch size (in tensor positions, i.e. half luma
 * resolution for the 4:2:0 polyphase layout), kernel, checking mode. None of them changes the
 * output, which the decoding process defines on the whole picture.
 *
 * @param threads worker threads (1 = run in the caller's thread)
 * @param patchWidth patch core width in tensor positions
 * @param patchHeight patch core height in tensor positions
 * @param kernel the convolution kernel
 * @param checking compute every accumulation exactly and report values outside the declared
 *     precision (uses the scalar kernel: slower)
 */
public record InferenceOptions(int threads, int patchWidth, int patchHeight, Kernel kernel, boolean checking) {
  /**
   * Default largest patch core: 256 x 128 tensor positions (512 x 256 luma samples); a 1080p
   * picture is cut into 4 x 5 cores of 240 x 108.
   */
  public static final int DEFAULT_PATCH_WIDTH = 256;
  public static final int DEFAULT_PATCH_HEIGHT = 128;
  public static final int MAX_THREADS = 256;
  public static final int MAX_PATCH = 4096;

  /** The convolution kernel. */
  public enum Kernel {
    /** {@code jdk.incubator.vector}, int16 products widened to int32 lanes. */
    VECTOR,
    /** Plain Java loops (the specification's arithmetic, one value at a time). */
    SCALAR
  }

  public InferenceOptions {
    Preconditions.checkArgument(threads >= 1 && threads <= MAX_THREADS, "threads %s not in 1..%s", threads, MAX_THREADS);
    Preconditions.checkArgument(patchWidth >= 1 && patchWidth <= MAX_PATCH && patchHeight >= 1 && patchHeight <= MAX_PATCH,
        "patch size %sx%s not in 1..%s", patchWidth, patchHeight, MAX_PATCH);
    Preconditions.checkNotNull(kernel, "kernel");
  }

  /** One thread, default patch size, vector kernel, no checking. */
  public static InferenceOptions defaults() {
    return new InferenceOptions(1, DEFAULT_PATCH_WIDTH, DEFAULT_PATCH_HEIGHT, Kernel.VECTOR, false);
  }

  public InferenceOptions withThreads(int n) {
    return new InferenceOptions(n, patchWidth, patchHeight, kernel, checking);
  }

  public InferenceOptions withPatch(int width, int height) {
    return new InferenceOptions(threads, width, height, kernel, checking);
  }

  public InferenceOptions withKernel(Kernel k) {
    return new InferenceOptions(threads, patchWidth, patchHeight, k, checking);
  }

  public InferenceOptions withChecking(boolean on) {
    return new InferenceOptions(threads, patchWidth, patchHeight, kernel, on);
  }
}
