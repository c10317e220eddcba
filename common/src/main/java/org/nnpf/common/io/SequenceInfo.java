package org.nnpf.common.io;

import com.google.common.base.Preconditions;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;

/**
 * Geometry, format and rate of a sequence. {@code frameCount} is -1 when unknown (e.g. a stream
 * read from a pipe). Frame rate is a rational {@code fpsNum / fpsDen}.
 */
public record SequenceInfo(
    int width, int height, int bitDepth, ChromaFormat chromaFormat, int fpsNum, int fpsDen, long frameCount) {

  public SequenceInfo {
    Preconditions.checkArgument(width > 0 && height > 0, "size %sx%s is not positive", width, height);
    Preconditions.checkArgument(
        bitDepth >= Picture.MIN_BIT_DEPTH && bitDepth <= Picture.MAX_BIT_DEPTH,
        "bit depth %s is not in 8..16",
        bitDepth);
    Preconditions.checkNotNull(chromaFormat, "chromaFormat");
    Preconditions.checkArgument(fpsNum > 0 && fpsDen > 0, "frame rate %s/%s is not positive", fpsNum, fpsDen);
  }

  public double fps() {
    return (double) fpsNum / fpsDen;
  }

  /** A picture of zero samples with this geometry and format. */
  public Picture newPicture() {
    return new Picture(width, height, bitDepth, chromaFormat);
  }

  public SequenceInfo withFrameCount(long n) {
    return new SequenceInfo(width, height, bitDepth, chromaFormat, fpsNum, fpsDen, n);
  }
}
