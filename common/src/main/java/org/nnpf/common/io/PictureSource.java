package org.nnpf.common.io;

import java.io.IOException;
import org.nnpf.common.picture.Picture;

/**
 * A sequence of pictures read one at a time (raw YUV, Y4M, or any medium FFmpeg demuxes). Memory
 * does not grow with the length of the sequence.
 */
public interface PictureSource extends AutoCloseable {

  /** Description of the pictures this source delivers. */
  SequenceInfo info();

  /** The next picture in output order, or {@code null} after the last one. */
  Picture next() throws IOException;

  @Override
  void close() throws IOException;
}
