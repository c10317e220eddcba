package org.nnpf.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nnpf.common.content.SyntheticSource;
import org.nnpf.common.io.PictureFiles;
import org.nnpf.common.io.PictureSink;
import org.nnpf.common.io.SequenceInfo;
import org.nnpf.common.metrics.FileMd5;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;

/** The in-memory YUV MD5 is the MD5 of the file the decoder's -o writes. */
class YuvMd5Test {
  @TempDir Path tmp;

  @ParameterizedTest(name = "{0}-bit")
  @ValueSource(ints = {8, 10, 16})
  void equalsTheMd5OfTheRawFileTheDecoderWrites(int bitDepth) throws Exception {
    SequenceInfo info = new SequenceInfo(38, 22, bitDepth, ChromaFormat.CF420, 30, 1, 3);
    SyntheticSource src = new SyntheticSource(info, 7);
    List<Picture> pics = List.of(src.frame(0), src.frame(1), src.frame(2));
    Path f = tmp.resolve("out.yuv");
    try (PictureSink sink = PictureFiles.create(f, info, 0)) {
      for (Picture p : pics) {
        sink.write(p);
      }
      sink.commit();
    }
    assertEquals(FileMd5.hex(f), YuvMd5.of(pics));
    assertEquals(Files.size(f), 3L * (38 * 22 + 2 * 19 * 11) * (bitDepth > 8 ? 2 : 1));
  }
}
