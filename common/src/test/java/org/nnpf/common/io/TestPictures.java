package org.nnpf.common.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;

/** Random pictures and directory listings for the I/O tests. */
final class TestPictures {
  private TestPictures() {}

  /** A picture with every sample uniformly random in the bit depth's range. */
  static Picture random(int w, int h, int bitDepth, ChromaFormat cf, long seed) {
    Picture p = new Picture(w, h, bitDepth, cf);
    SplittableRandom r = new SplittableRandom(seed);
    for (int c = 0; c < p.planeCount(); c++) {
      short[] s = p.plane(c).samples();
      for (int i = 0; i < s.length; i++) {
        s[i] = (short) r.nextInt(1 << bitDepth);
      }
    }
    return p;
  }

  static List<Picture> randomSequence(int n, int w, int h, int bitDepth, ChromaFormat cf, long seed) {
    List<Picture> l = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      l.add(random(w, h, bitDepth, cf, seed * 1000 + i));
    }
    return l;
  }

  static List<Picture> readAll(PictureSource s) throws IOException {
    List<Picture> l = new ArrayList<>();
    for (Picture p = s.next(); p != null; p = s.next()) {
      l.add(p);
    }
    return l;
  }

  /** Names of all entries of {@code dir}, hidden temporary files included. */
  static List<String> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }
}
