package org.nnpf.common.content;

import com.google.common.base.Preconditions;
import org.nnpf.common.io.PictureSource;
import org.nnpf.common.io.SequenceInfo;
import org.nnpf.common.picture.Picture;

/**
 * Deterministic, natural-looking moving test pictures, for tests and demos that must not depend on
 * external files. Picture {@code i} is a pure function of the seed, the size and {@code i}: the
 * same seed gives the same pictures on every run and platform (the chroma format and bit depth
 * only select which planes are drawn and how values are quantised).
 *
 * <p>The content is a camera panning and zooming over a textured world (regions of smooth
 * shading, fine texture, stripes and brick patterns with sharp borders, static discs, rectangles
 * and lines), objects moving and rotating in front of it, and mild sensor noise; the recipe is in
 * docs/io-and-metrics.md. Coded with HEVC at QP 37 it gives the PSNRs of real video (about
 * 32.5..35 dB luma at CIF, where Foreman gives 31 and Mobile 27.7).
 *
 * <p>Any size from 1x1, any bit depth 8..16, chroma 4:0:0, 4:2:0, 4:2:2 and 4:4:4. Rendering
 * speed and scene building time are in docs/performance.md.
 */
public final class SyntheticSource implements PictureSource {
  private final SequenceInfo info;
  private final Scene scene;
  private long next;

  /**
   * A source of {@code info.frameCount()} pictures (which must be at least 0) of the format in
   * {@code info}, drawn from the scene of {@code seed}.
   */
  public SyntheticSource(SequenceInfo info, long seed) {
    Preconditions.checkArgument(
        info.frameCount() >= 0, "a synthetic sequence needs a frame count, got %s", info.frameCount());
    this.info = info;
    this.scene = new Scene(info.width(), info.height(), seed);
  }

  @Override
  public SequenceInfo info() {
    return info;
  }

  /** Picture {@code i} (0-based; any {@code i >= 0}, also beyond the frame count). Thread-safe. */
  public Picture frame(long i) {
    Preconditions.checkArgument(i >= 0, "frame index %s is negative", i);
    Picture p = info.newPicture();
    scene.render(i, p);
    return p;
  }

  @Override
  public Picture next() {
    if (next >= info.frameCount()) {
      return null;
    }
    return frame(next++);
  }

  @Override
  public void close() {
    // nothing to release
  }
}
