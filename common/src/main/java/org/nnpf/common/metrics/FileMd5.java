package org.nnpf.common.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.nnpf.common.NnpfException;

/**
 * MD5 of a whole file, as {@code md5sum} prints it (32 lower-case hex digits): what a conformance
 * package records for a decoded YUV file.
 */
public final class FileMd5 {
  private FileMd5() {}

  /** The MD5 of the bytes of {@code file} in lower-case hex. */
  public static String hex(Path file) {
    MessageDigest md = PictureHash.newMd5();
    byte[] buf = new byte[1 << 16];
    try (InputStream in = Files.newInputStream(file)) {
      int r;
      while ((r = in.read(buf)) > 0) {
        md.update(buf, 0, r);
      }
    } catch (NoSuchFileException e) {
      throw new NnpfException("cannot read " + file + ": no such file", e);
    } catch (IOException e) {
      throw new NnpfException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
