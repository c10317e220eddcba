package org.nnpf.common.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoundTripDemoTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return RoundTripDemo.run(
        args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void printsAnHmStyleSummaryWhoseBitrateMatchesTheWrittenStream(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("demo.265");
    int code = run("--frames", "9", "--size", "64x48", "--preset", "ultrafast", "--qp", "30", "--output", f.toString());
    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    assertTrue(text.contains("decoded 9 of 9 pictures: OK"), text);
    assertTrue(text.contains("SUMMARY ----"), text);
    assertTrue(text.contains("\tTotal Frames |   Bitrate     Y-PSNR    U-PSNR    V-PSNR    YUV-PSNR "), text);
    Matcher m = Pattern.compile("\t +9 +a +([0-9.]+) +([0-9.]+) ").matcher(text);
    assertTrue(m.find(), text);
    double kbps = Double.parseDouble(m.group(1));
    assertEquals(Files.size(f) * 8.0 * 30 / 1000 / 9, kbps, 1e-4);
    double psnrY = Double.parseDouble(m.group(2));
    assertTrue(psnrY > 30 && psnrY < 60, text);
    assertEquals(9, Pattern.compile("(?m)^POC ").matcher(text).results().count());
  }

  @Test
  void badOptionsExitWithOneAndAMessage() {
    assertEquals(1, run("--qp", "60"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("qp 60 is not in 0..51"));
    assertEquals(1, run("--bogus", "1"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown option --bogus"));
    assertEquals(1, run("--size", "64"));
    assertEquals(1, run("--codec", "vvc", "--size", "64x48"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("VVC: there is no encoder"));
  }
}
