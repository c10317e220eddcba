package org.nnpf.common.io;

import org.nnpf.common.picture.Picture;

/**
 * A file of pictures being written (raw YUV or Y4M). Output is all or nothing: pictures go to a
 * temporary file that {@link #commit()} moves into place atomically; {@link #close()} without a
 * successful {@code commit()} deletes it, so an error or an early exit leaves no partial file.
 *
 * <pre>{@code
 * try (PictureSink out = YuvWriter.create(path)) {
 *   for (Picture p : pictures) out.write(p);
 *   out.commit();
 * }
 * }</pre>
 *
 * <p>Errors are {@link org.nnpf.common.NnpfException}s naming the file.
 */
public interface PictureSink extends AutoCloseable {

  /** Appends one picture. */
  void write(Picture picture);

  /** Number of pictures written so far. */
  long count();

  /** Completes the file and moves it into place; after this only {@link #close()} may be called. */
  void commit();

  /** Discards the output unless {@link #commit()} succeeded. Idempotent. */
  @Override
  void close();
}
