package org.nnpf.training.data;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.nnpf.common.NnpfException;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;

/**
 * A folder holding a list of {@link CodedPair}s, so that the base codec runs once per dataset.
 * {@code index.tsv} has one line per pair: {@code label, qp, width, height, bitDepth, original file,
 * reconstruction file} separated by tabs; the picture files are raw planar 4:2:0, one byte per
 * sample at 8 bits, else two bytes little-endian. An original shared by several pairs is stored
 * once. The index is written last (atomically), so a folder with an index is complete.
 */
public final class DatasetCache {
  private static final String INDEX = "index.tsv";

  private DatasetCache() {}

  public static boolean exists(Path dir) {
    return Files.isRegularFile(dir.resolve(INDEX));
  }

  public static void write(Path dir, List<CodedPair> pairs) {
    try {
      Files.createDirectories(dir);
      Map<Picture, String> names = new IdentityHashMap<>();
      StringBuilder idx = new StringBuilder();
      for (int i = 0; i < pairs.size(); i++) {
        CodedPair p = pairs.get(i);
        String o = names.get(p.original());
        if (o == null) {
          o = "orig_" + names.size() + ".yuv";
          names.put(p.original(), o);
          writePicture(dir.resolve(o), p.original());
        }
        String r = "rec_" + i + ".yuv";
        writePicture(dir.resolve(r), p.reconstruction());
        Picture q = p.original();
        idx.append(p.label().replace('\t', ' ')).append('\t').append(p.qp()).append('\t').append(q.width()).append('\t')
            .append(q.height()).append('\t').append(q.bitDepth()).append('\t').append(o).append('\t').append(r).append('\n');
      }
      Path tmp = Files.createTempFile(dir, INDEX, ".tmp");
      try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
        w.write(idx.toString());
      }
      Files.move(tmp, dir.resolve(INDEX), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new NnpfException("cannot write dataset cache " + dir + ": " + e.getMessage(), e);
    }
  }

  public static List<CodedPair> read(Path dir) {
    Path index = dir.resolve(INDEX);
    List<CodedPair> out = new ArrayList<>();
    Map<String, Picture> originals = new java.util.HashMap<>();
    try {
      List<String> lines = Files.readAllLines(index, StandardCharsets.UTF_8);
      for (int ln = 0; ln < lines.size(); ln++) {
        String[] f = lines.get(ln).split("\t");
        if (f.length != 7) {
          throw new NnpfException(index + " line " + (ln + 1) + ": " + f.length + " fields, expected 7");
        }
        int qp = Integer.parseInt(f[1]);
        int w = Integer.parseInt(f[2]);
        int h = Integer.parseInt(f[3]);
        int bd = Integer.parseInt(f[4]);
        Picture o = originals.get(f[5]);
        if (o == null) {
          o = readPicture(dir.resolve(f[5]), w, h, bd);
          originals.put(f[5], o);
        }
        out.add(new CodedPair(f[0], o, readPicture(dir.resolve(f[6]), w, h, bd), qp));
      }
    } catch (IOException | NumberFormatException e) {
      throw new NnpfException("cannot read dataset cache " + index + ": " + e.getMessage(), e);
    }
    return out;
  }

  private static void writePicture(Path f, Picture p) throws IOException {
    try (OutputStream os = new java.io.BufferedOutputStream(Files.newOutputStream(f), 1 << 16)) {
      for (int c = 0; c < 3; c++) {
        for (short s : p.plane(c).samples()) {
          os.write(s & 0xFF);
          if (p.bitDepth() > 8) {
            os.write((s >> 8) & 0xFF);
          }
        }
      }
    }
  }

  private static Picture readPicture(Path f, int w, int h, int bd) throws IOException {
    Picture p = new Picture(w, h, bd, ChromaFormat.CF420);
    try (InputStream is = new java.io.BufferedInputStream(Files.newInputStream(f), 1 << 16)) {
      for (int c = 0; c < 3; c++) {
        short[] s = p.plane(c).samples();
        for (int i = 0; i < s.length; i++) {
          int lo = is.read();
          int hi = bd > 8 ? is.read() : 0;
          if (lo < 0 || hi < 0) {
            throw new NnpfException(f + ": file ends inside plane " + c);
          }
          s[i] = (short) (lo | (hi << 8));
        }
      }
    }
    return p;
  }
}
