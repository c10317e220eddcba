package org.nnpf.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.nnpf.common.NnpfException;
import org.nnpf.common.nn.Model;

/**
 * The files of a conformance package, beside each other in one directory: for stream NAME,
 * {@code NAME.bit} (the Annex-B stream), {@code NAME_yuv.md5} (the MD5 of the decoded,
 * post-filtered YUV file, as {@code md5sum} prints it: the digest, two spaces, {@code NAME.yuv})
 * and {@code NAME.txt} (a description whose first lines are {@code Key: value} pairs, up to the
 * first empty line). Model files the streams reference by hash are in the {@code models}
 * subdirectory. Every file is written to a temporary file in the same directory and moved into
 * place.
 */
public final class SuiteFiles {
  /** The subdirectory of model files. */
  public static final String MODELS = "models";

  private SuiteFiles() {}

  public static Path bitstream(Path dir, String name) {
    return dir.resolve(name + ".bit");
  }

  public static Path md5File(Path dir, String name) {
    return dir.resolve(name + "_yuv.md5");
  }

  public static Path textFile(Path dir, String name) {
    return dir.resolve(name + ".txt");
  }

  /** File name of a model in the models directory: its name and {@code .nnpm}. */
  public static String modelFileName(Model m) {
    return m.name() + ".nnpm";
  }

  /** The names of the streams in {@code dir} (every {@code NAME.bit}), sorted. */
  public static List<String> streamNames(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw new NnpfException(dir + ": conformance directory not found");
    }
    List<String> names = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".bit"))
          .map(n -> n.substring(0, n.length() - 4))
          .sorted()
          .forEach(names::add);
    } catch (IOException e) {
      throw new NnpfException(dir + ": cannot list the directory: " + e.getMessage(), e);
    }
    return names;
  }

  /** The model files of {@code dir}/models (empty when there is none). */
  public static List<Path> modelFiles(Path dir) {
    Path m = dir.resolve(MODELS);
    List<Path> files = new ArrayList<>();
    if (!Files.isDirectory(m)) {
      return files;
    }
    try (Stream<Path> s = Files.list(m)) {
      s.filter(p -> p.getFileName().toString().endsWith(".nnpm")).sorted().forEach(files::add);
    } catch (IOException e) {
      throw new NnpfException(m + ": cannot list the directory: " + e.getMessage(), e);
    }
    return files;
  }

  /** The digest in {@code NAME_yuv.md5}. */
  public static String readMd5(Path dir, String name) {
    Path f = md5File(dir, name);
    String text = read(f);
    String digest = text.strip().split("\\s+")[0].toLowerCase(Locale.ROOT);
    if (!digest.matches("[0-9a-f]{32}")) {
      throw new NnpfException(f + ": does not start with an MD5 digest (32 hex digits)");
    }
    return digest;
  }

  /** The {@code Key: value} header of {@code NAME.txt}, in file order. */
  public static Map<String, String> readHeader(Path textFile) {
    Map<String, String> h = new LinkedHashMap<>();
    int n = 0;
    for (String line : read(textFile).split("\n", -1)) {
      n++;
      if (line.isBlank()) {
        break;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new NnpfException(textFile + ":" + n + ": expected 'Key: value' in the header, got '" + line + "'");
      }
      h.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
    }
    return h;
  }

  /** The value of {@code key} in the header of {@code textFile}, if present. */
  public static Optional<String> header(Path textFile, String key) {
    return Optional.ofNullable(readHeader(textFile).get(key));
  }

  /** Writes {@code bytes} to {@code file} through a temporary file in the same directory. */
  public static void writeAtomically(Path file, byte[] bytes) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      Files.createDirectories(dir);
      Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
      try {
        Files.write(tmp, bytes);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new NnpfException(file + ": cannot write: " + e.getMessage(), e);
    }
  }

  public static void writeText(Path file, String text) {
    writeAtomically(file, text.getBytes(StandardCharsets.UTF_8));
  }

  static String read(Path f) {
    try {
      return Files.readString(f, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new NnpfException(f + ": no such file", e);
    } catch (IOException e) {
      throw new NnpfException(f + ": cannot read: " + e.getMessage(), e);
    }
  }
}
