package org.nnpf.common.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.nnpf.common.NnpfException;

/**
 * Writes pictures to a Y4M file that {@link Y4mReader} (and FFmpeg) read: the header
 * {@code YUV4MPEG2 W<w> H<h> F<num>:<den> Ip A1:1 C<colour space>} and per picture a line
 * {@code FRAME} followed by the samples. The colour space is {@code 420jpeg}, {@code 422},
 * {@code 444} or {@code mono} at 8 bits, otherwise {@code 420p<d>}, {@code 422p<d>},
 * {@code 444p<d>} or {@code mono<d>}; Y4M names only the bit depths 8, 9, 10, 12, 14 and 16.
 *
 * <p>Pictures must have the size, chroma format and bit depth of the {@link SequenceInfo} given
 * at creation. The optional output bit depth converts samples exactly as {@link YuvWriter} does.
 * Nothing appears at the target path until {@link #commit()}; see {@link PictureSink}.
 */
public final class Y4mWriter extends RawPictureWriter {

  private Y4mWriter(Path file, SequenceInfo info, int fileBitDepth) {
    super(file, fileBitDepth);
    int depth = fileBitDepth(info.bitDepth());
    if (!Y4mColourSpace.hasName(depth)) {
      close();
      throw new NnpfException(
          file + ": Y4M cannot store " + depth + "-bit samples (it names 8, 9, 10, 12, 14 and 16 bits)");
    }
    fixFormat(info);
    String cs = new Y4mColourSpace(info.chromaFormat(), depth).name();
    byte[] header =
        (Y4mReader.SIGNATURE + " W" + info.width() + " H" + info.height() + " F" + info.fpsNum() + ":"
                + info.fpsDen() + " Ip A1:1 C" + cs + "\n")
            .getBytes(StandardCharsets.US_ASCII);
    try {
      output().stream().write(header);
    } catch (IOException e) {
      close();
      throw output().failure(e);
    }
  }

  /** A writer for pictures of format {@code info} (its frame count is ignored), at their own bit depth. */
  public static Y4mWriter create(Path file, SequenceInfo info) {
    return new Y4mWriter(file, info, 0);
  }

  /** A writer converting to {@code fileBitDepth} (0 = the pictures' own bit depth). */
  public static Y4mWriter create(Path file, SequenceInfo info, int fileBitDepth) {
    return new Y4mWriter(file, info, fileBitDepth);
  }

  private static final byte[] FRAME_LINE = (Y4mReader.FRAME + "\n").getBytes(StandardCharsets.US_ASCII);

  @Override
  void beforeFrame() throws IOException {
    output().stream().write(FRAME_LINE);
  }
}
