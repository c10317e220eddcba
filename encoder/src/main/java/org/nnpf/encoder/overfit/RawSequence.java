package org.nnpf.encoder.overfit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nnpf.common.NnpfException;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;

/**
 * Reads a raw planar 4:2:0 file whose name gives its geometry, as the evaluation sequences are
 * named: {@code <name>_<W>x<H>_<N>f[_yuv420p10le].yuv} (8 bits unless the name says {@code
 * yuv420p10le}: 10-bit samples in little-endian 16-bit words). The frame count is the file size
 * divided by the frame size; {@code <N>f} must agree with it when present.
 */
public final class RawSequence {
  private static final Pattern SIZE = Pattern.compile("_(\\d+)x(\\d+)");
  private static final Pattern FRAMES = Pattern.compile("_(\\d+)f(?:_|\\.)");

  private RawSequence() {}

  public static List<Picture> read(Path file, int maxFrames) {
    String name = file.getFileName().toString();
    Matcher m = SIZE.matcher(name);
    if (!m.find()) {
      throw new NnpfException(file + ": the file name does not give the picture size (<W>x<H>)");
    }
    int w = Integer.parseInt(m.group(1));
    int h = Integer.parseInt(m.group(2));
    int bd = name.contains("yuv420p10le") ? 10 : 8;
    int bps = bd > 8 ? 2 : 1;
    long frameBytes = (long) bps * (w * (long) h + 2L * ((w + 1) / 2) * ((h + 1) / 2));
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      throw new NnpfException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (size % frameBytes != 0) {
      throw new NnpfException(file + ": " + size + " bytes is not a multiple of the " + frameBytes + "-byte frame of " + w + "x" + h + " 4:2:0 " + bd + " bits");
    }
    long n = size / frameBytes;
    Matcher f = FRAMES.matcher(name);
    if (f.find() && Long.parseLong(f.group(1)) != n) {
      throw new NnpfException(file + ": the name says " + f.group(1) + " frames, the size gives " + n);
    }
    List<Picture> out = new ArrayList<>();
    try (InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      for (long i = 0; i < n && (maxFrames <= 0 || i < maxFrames); i++) {
        Picture p = new Picture(w, h, bd, ChromaFormat.CF420);
        for (int c = 0; c < 3; c++) {
          short[] s = p.plane(c).samples();
          byte[] b = in.readNBytes(s.length * bps);
          if (b.length != s.length * bps) {
            throw new NnpfException(file + ": file ends in frame " + i);
          }
          for (int k = 0; k < s.length; k++) {
            s[k] = (short) (bps == 1 ? b[k] & 0xFF : (b[2 * k] & 0xFF) | (b[2 * k + 1] & 0xFF) << 8);
          }
        }
        out.add(p.checkRange());
      }
    } catch (IOException e) {
      throw new NnpfException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return out;
  }
}
