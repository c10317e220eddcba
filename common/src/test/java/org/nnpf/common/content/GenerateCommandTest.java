package org.nnpf.common.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnpf.common.cli.CliSupport;
import org.nnpf.common.metrics.FileMd5;

class GenerateCommandTest {
  @TempDir Path dir;

  private int run(StringWriter err, String... args) {
    return CliSupport.run(new GenerateCommand(), args, new PrintWriter(new StringWriter()), new PrintWriter(err));
  }

  @Test
  void writesTheRequestedFramesDeterministically() throws Exception {
    Path a = dir.resolve("a.yuv");
    Path b = dir.resolve("b.yuv");
    assertEquals(0, run(new StringWriter(), "-o", a.toString(), "--size", "33x17", "-f", "3", "--bit-depth", "10"));
    assertEquals(0, run(new StringWriter(), "-o", b.toString(), "--size", "33x17", "-f", "3", "--bit-depth", "10"));
    // 33x17 luma + 2 x 17x9 chroma, 2 bytes per sample, 3 frames
    assertEquals(3L * 2 * (33 * 17 + 2 * 17 * 9), Files.size(a));
    assertEquals(FileMd5.hex(a), FileMd5.hex(b));
  }

  @Test
  void badFormatIsAClearErrorWithoutOutput() {
    StringWriter err = new StringWriter();
    Path out = dir.resolve("x.yuv");
    assertEquals(1, run(err, "-o", out.toString(), "--bit-depth", "7"));
    assertTrue(err.toString().contains("bit depth"), err.toString());
    assertFalse(Files.exists(out));
  }
}
