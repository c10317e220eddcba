package org.nnpf.common.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.nnpf.common.NnpfException;

/** Temporary files that leave nothing behind, for {@link PictureStore} and {@link SampleFile}. */
final class TempFiles {
  private TempFiles() {}

  /**
   * A new file in {@code java.io.tmpdir}, open for reading and writing and already unlinked
   * (POSIX: the open channel keeps the data; where the file system refuses, it is deleted when the
   * channel closes), so nothing is left however the process ends.
   *
   * @param purpose what the file holds, for error messages (e.g. "decoded pictures")
   */
  static FileChannel openUnlinked(String purpose, String suffix) {
    Path dir = Path.of(System.getProperty("java.io.tmpdir"));
    Path file;
    try {
      file = Files.createTempFile(dir, "nnpf-", suffix);
    } catch (IOException e) {
      throw new NnpfException("cannot create a temporary file for the " + purpose + " in " + dir + " (set another"
          + " directory with NNPF_JAVA_OPTS=-Djava.io.tmpdir=DIR): " + e.getMessage(), e);
    }
    try {
      FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
          StandardOpenOption.DELETE_ON_CLOSE);
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // a file system that refuses to unlink an open file: DELETE_ON_CLOSE removes it at close
      }
      return ch;
    } catch (IOException e) {
      throw new NnpfException("cannot open a temporary file for the " + purpose + " in " + dir + ": " + e.getMessage(), e);
    }
  }
}
