package org.nnpf.common.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.nnpf.common.picture.Picture;

/**
 * The real evaluation sequences of ../shared/data (next to the repository; absent on a fresh
 * clone, then this test is skipped): every raw file opens with the format its name gives, holds
 * the frame count its name gives, and has samples in range.
 */
class SharedDataFilesTest {
  /** ../shared/data relative to the repository root; tests run in the module directory. */
  private static final Path EVAL = Path.of("..", "..", "shared", "data", "eval");

  @Test
  void everyEvaluationSequenceOpensFromItsNameAlone() throws IOException {
    assumeTrue(Files.isDirectory(EVAL), "no ../shared/data next to the repository");
    List<Path> files;
    try (Stream<Path> s = Files.list(EVAL)) {
      files = s.filter(p -> p.toString().endsWith(".yuv")).sorted().toList();
    }
    assertTrue(files.size() > 0, "no .yuv file in " + EVAL);
    for (Path f : files) {
      FileNameHints h = FileNameHints.of(f);
      try (PictureSource in = PictureFiles.open(f, RawOptions.NONE)) {
        assertEquals(h.frameCount(), in.info().frameCount(), f.toString());
        assertEquals(h.bitDepth() == 0 ? 8 : h.bitDepth(), in.info().bitDepth(), f.toString());
        Picture first = in.next();
        first.checkRange();
        assertEquals(h.width(), first.width(), f.toString());
      }
    }
  }
}
