package org.nnpf.training.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.nnpf.common.NnpfException;
import org.nnpf.common.picture.Picture;

/**
 * Finds and loads the still images of a training folder: PNG and JPEG files (read with {@code
 * javax.imageio}, converted by {@link RgbToYuv}) and raw {@code *_WxH_yuv444p.yuv} files (first
 * frame, 4:4:4 to 4:2:0). Other files (READMEs, licences) are ignored. Files are returned in
 * sorted path order so that datasets are reproducible.
 */
public final class TrainingImages {
  private static final Pattern RAW444 = Pattern.compile(".*_(\\d+)x(\\d+)_yuv444p\\.yuv");

  private TrainingImages() {}

  /** Image files under {@code dir}, recursively, sorted. */
  public static List<Path> list(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new NnpfException("training image folder " + dir + " does not exist");
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).filter(TrainingImages::isImage).sorted().toList();
    } catch (IOException e) {
      throw new NnpfException("cannot list " + dir + ": " + e.getMessage(), e);
    }
  }

  static boolean isImage(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg") || RAW444.matcher(n).matches();
  }

  /** Loads one image as an 8-bit 4:2:0 picture of even size. */
  public static Picture load(Path p) {
    String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
    try {
      Matcher m = RAW444.matcher(n);
      if (m.matches()) {
        int w = Integer.parseInt(m.group(1));
        int h = Integer.parseInt(m.group(2));
        byte[] b = Files.readAllBytes(p);
        if (b.length < 3L * w * h) {
          throw new NnpfException(p + ": " + b.length + " bytes, a " + w + "x" + h + " yuv444p frame needs " + 3L * w * h);
        }
        return RgbToYuv.from444(b, w, h);
      }
      BufferedImage img = ImageIO.read(p.toFile());
      if (img == null) {
        throw new NnpfException(p + ": no image reader understands this file");
      }
      if (img.getWidth() < 2 || img.getHeight() < 2) {
        throw new NnpfException(p + ": image " + img.getWidth() + "x" + img.getHeight() + " is too small");
      }
      return RgbToYuv.convert(img);
    } catch (IOException e) {
      throw new NnpfException("cannot read image " + p + ": " + e.getMessage(), e);
    }
  }

  /** All images of {@code dir}, loaded. */
  public static List<Picture> loadAll(Path dir) {
    List<Picture> r = new ArrayList<>();
    for (Path p : list(dir)) {
      r.add(load(p));
    }
    return r;
  }
}
