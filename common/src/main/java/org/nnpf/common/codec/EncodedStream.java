package org.nnpf.common.codec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.nnpf.common.NnpfException;

/**
 * An encoded Annex-B elementary stream with the list of its coded pictures in coding order.
 * Immutable: {@link #bytes()} returns a copy.
 */
public final class EncodedStream {
  private final EncoderConfig config;
  private final byte[] data;
  private final List<CodedPictureInfo> pictures;

  public EncodedStream(EncoderConfig config, byte[] data, List<CodedPictureInfo> pictures) {
    this.config = config;
    this.data = data.clone();
    this.pictures = List.copyOf(pictures);
  }

  public EncoderConfig config() {
    return config;
  }

  /** A copy of the stream's bytes. */
  public byte[] bytes() {
    return data.clone();
  }

  /** Stream length in bytes. */
  public int size() {
    return data.length;
  }

  /** The coded pictures in coding order. */
  public List<CodedPictureInfo> pictures() {
    return pictures;
  }

  public int pictureCount() {
    return pictures.size();
  }

  /** Bitrate as HM computes it: {@code bits * fps / 1000 / pictures}, in kbit/s. */
  public double bitrateKbps() {
    return pictures.isEmpty() ? 0 : data.length * 8.0 * config.fps() / 1000.0 / pictures.size();
  }

  public void writeTo(OutputStream out) throws IOException {
    out.write(data);
  }

  /**
   * Writes the stream to a file through a temporary file in the same directory, moved into place
   * when complete.
   *
   * @throws NnpfException naming the file if it cannot be written
   */
  public void writeTo(Path file) {
    Path abs = file.toAbsolutePath();
    Path tmp = null;
    try {
      tmp = Files.createTempFile(abs.getParent(), abs.getFileName().toString(), ".tmp");
      Files.write(tmp, data);
      Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // the write already failed; that is the error to report
        }
      }
      throw new NnpfException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }
}
