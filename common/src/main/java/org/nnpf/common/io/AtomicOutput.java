package org.nnpf.common.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;
import org.nnpf.common.NnpfException;

/**
 * An output file that appears complete or not at all. Bytes go to a temporary file in the target's
 * directory (named {@code .<name>.<random hex>.tmp}, with the permissions a
 * directly written file would get); {@link #commit()} flushes it to disk and renames
 * it over the target in one atomic step (replacing an existing target). {@link #close()} without a
 * prior {@code commit()} deletes the temporary file and leaves the target untouched, so a failure
 * anywhere between creation and commit leaves no partial output:
 *
 * <pre>{@code
 * try (AtomicOutput out = AtomicOutput.create(target)) {
 *   out.stream().write(bytes);
 *   out.commit();
 * }
 * }</pre>
 *
 * <p>Not thread-safe. Errors are {@link NnpfException}s that name the target file.
 */
public final class AtomicOutput implements AutoCloseable {
  private final Path target;
  private final Path temp;
  private final OutputStream stream;
  private boolean committed;
  private boolean closed;

  private AtomicOutput(Path target, Path temp, OutputStream stream) {
    this.target = target;
    this.temp = temp;
    this.stream = stream;
  }

  /** Creates the temporary file next to {@code target}; fails if its directory is missing. */
  public static AtomicOutput create(Path target) {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    if (abs.getFileName() == null || dir == null) {
      throw new NnpfException("cannot write " + target + ": not a file path");
    }
    if (!Files.isDirectory(dir)) {
      throw new NnpfException("cannot write " + target + ": directory " + dir + " does not exist");
    }
    if (Files.isDirectory(abs)) {
      throw new NnpfException("cannot write " + target + ": it is a directory");
    }
    // CREATE_NEW with default attributes: the file gets the process's umask permissions, as a
    // file written directly would (Files.createTempFile would make it readable by the owner only)
    for (int attempt = 0; ; attempt++) {
      Path temp =
          dir.resolve("." + abs.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
      OutputStream os;
      try {
        os = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      } catch (FileAlreadyExistsException e) {
        if (attempt < 100) {
          continue;
        }
        throw new NnpfException("cannot write " + target + ": " + describe(e), e);
      } catch (IOException e) {
        throw new NnpfException("cannot write " + target + ": " + describe(e), e);
      }
      return new AtomicOutput(target, temp, new BufferedOutputStream(os, 1 << 16));
    }
  }

  /** Writes {@code data} to {@code target} atomically. */
  public static void write(Path target, byte[] data) {
    try (AtomicOutput out = create(target)) {
      try {
        out.stream().write(data);
      } catch (IOException e) {
        throw out.failure(e);
      }
      out.commit();
    }
  }

  /** Writes {@code text} as UTF-8 to {@code target} atomically. */
  public static void writeString(Path target, String text) {
    write(target, text.getBytes(StandardCharsets.UTF_8));
  }

  /** The file that {@link #commit()} creates or replaces. */
  public Path target() {
    return target;
  }

  /** The temporary file being written (deleted or renamed when this output ends). */
  public Path tempFile() {
    return temp;
  }

  /** The buffered stream into the temporary file. Do not close it; close this object. */
  public OutputStream stream() {
    if (closed) {
      throw new IllegalStateException("output " + target + " is already closed");
    }
    return stream;
  }

  /** An {@link NnpfException} naming the target for an I/O error raised while writing it. */
  public NnpfException failure(IOException e) {
    return new NnpfException("cannot write " + target + ": " + describe(e), e);
  }

  /**
   * Flushes and syncs the temporary file and moves it over the target atomically (a plain
   * replacing move where the file system cannot do it atomically). On failure the temporary file
   * is deleted and an {@link NnpfException} is thrown.
   */
  public void commit() {
    if (closed) {
      throw new IllegalStateException("output " + target + " is already closed");
    }
    closed = true;
    try {
      stream.flush();
      stream.close();
      try (var ch = java.nio.channels.FileChannel.open(temp, StandardOpenOption.WRITE)) {
        ch.force(true);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      committed = true;
    } catch (IOException e) {
      deleteQuietly(temp);
      throw failure(e);
    }
  }

  /** Whether {@link #commit()} succeeded. */
  public boolean isCommitted() {
    return committed;
  }

  /** Deletes the temporary file unless committed. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      stream.close();
    } catch (IOException ignored) {
      // the data is being discarded anyway
    }
    deleteQuietly(temp);
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // nothing more can be done; the name starts with '.' and ends with .tmp
    }
  }

  /** A short description of an I/O error for user-facing messages. */
  static String describe(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    String m = e.getMessage();
    return m == null ? e.getClass().getSimpleName() : m;
  }
}
