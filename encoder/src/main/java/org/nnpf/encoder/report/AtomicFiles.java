package org.nnpf.encoder.report;

import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nnpf.common.NnpfException;

/**
 * Writes output files so that none is ever seen half-written: each content goes to a temporary
 * file in the target's directory, and only when every temporary file is complete are they moved
 * onto their targets (atomically where the file system allows).
 */
public final class AtomicFiles {
  private static final SecureRandom RANDOM = new SecureRandom();

  private AtomicFiles() {}

  public static void write(Path target, byte[] content) {
    writeAll(Map.of(target, content));
  }

  /**
   * Writes every {@code target → content}. If any temporary file cannot be written, no target is
   * touched and the temporary files are removed.
   */
  public static void writeAll(Map<Path, byte[]> files) {
    Map<Path, Path> temps = new LinkedHashMap<>();
    try {
      for (Map.Entry<Path, byte[]> e : files.entrySet()) {
        Path target = e.getKey().toAbsolutePath();
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
          throw new NnpfException(e.getKey() + ": the directory " + dir + " does not exist");
        }
        Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp");
        // CREATE_NEW with default attributes: the file gets the process's umask permissions, as
        // a file written directly would (createTempFile would make it owner-only).
        OutputStream created;
        try {
          created = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException ex) {
          throw new NnpfException(e.getKey() + ": cannot create a file in " + dir + ": " + ex.getMessage(), ex);
        }
        temps.put(target, tmp);
        try (OutputStream out = created) {
          out.write(e.getValue());
        } catch (IOException ex) {
          throw new NnpfException(e.getKey() + ": cannot write in " + dir + ": " + ex.getMessage(), ex);
        }
      }
      for (Map.Entry<Path, Path> e : temps.entrySet()) {
        move(e.getValue(), e.getKey());
      }
      temps.clear();
    } finally {
      for (Path tmp : temps.values()) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort: the temporary file is hidden and named after its target
        }
      }
    }
  }

  private static void move(Path tmp, Path target) {
    try {
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new NnpfException(target + ": cannot write: " + e.getMessage(), e);
    }
  }
}
