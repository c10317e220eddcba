package org.nnpf.common.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.nnpf.common.NnpfException;
import org.nnpf.common.picture.Picture;

/**
 * Reads a YUV4MPEG2 (Y4M) file: a header line {@code YUV4MPEG2} followed by space-separated
 * parameters, then per frame a line {@code FRAME} (optionally with parameters, which are ignored)
 * and the frame's samples in the raw planar layout of {@link YuvReader}.
 *
 * <p>Header parameters: {@code W} width and {@code H} height (required, 1..16384); {@code F}
 * frame rate {@code num:den} (default 25:1, as FFmpeg); {@code I} interlacing: only {@code p}
 * (progressive) is accepted, {@code t}, {@code b}, {@code m} and {@code ?} are rejected; {@code A}
 * pixel aspect ratio and {@code X} extensions are ignored, as are unknown parameters; {@code C}
 * colour space, see {@link Y4mColourSpace} (default {@code 420jpeg}).
 *
 * <p>On opening, the frame headers are scanned once (a small read per frame) to count the frames
 * and to reject a file whose last frame is truncated, naming the frame; frames are then delivered
 * one at a time through one reusable buffer. Frame indices in messages count from 0.
 */
public final class Y4mReader implements PictureSource {
  static final String SIGNATURE = "YUV4MPEG2";
  static final String FRAME = "FRAME";
  private static final int MAX_HEADER_BYTES = 1 << 16;
  private static final int MAX_FRAME_HEADER_BYTES = 1 << 12;

  private final Path file;
  private final FileChannel channel;
  private final RawFrameLayout layout;
  private final ByteBuffer buffer;
  private final SequenceInfo info;
  private final long firstFrame;
  private long position;
  private long delivered;

  private Y4mReader(
      Path file, FileChannel channel, RawFrameLayout layout, SequenceInfo info, long firstFrame, long position) {
    this.file = file;
    this.channel = channel;
    this.layout = layout;
    this.info = info;
    this.firstFrame = firstFrame;
    this.position = position;
    this.buffer = ByteBuffer.allocate(layout.frameBytes);
  }

  /** Opens all frames of {@code file}. */
  public static Y4mReader open(Path file) {
    return open(file, 0, -1);
  }

  /**
   * Opens frames {@code start .. start + count - 1} (0-based) of {@code file}; {@code count < 0}
   * means up to the end, and a count beyond the end is cut at the last frame.
   *
   * @throws NnpfException for a missing or unreadable file, a bad header or frame header, an
   *     unsupported interlacing or colour space, a truncated frame, or no frame at {@code start}
   */
  public static Y4mReader open(Path file, long start, long count) {
    String name = file.toString();
    if (start < 0) {
      throw new NnpfException(name + ": start frame " + start + " is negative");
    }
    if (Files.isDirectory(file)) {
      throw new NnpfException("cannot read " + name + ": it is a directory");
    }
    FileChannel ch;
    try {
      ch = FileChannel.open(file, StandardOpenOption.READ);
    } catch (IOException e) {
      throw new NnpfException("cannot read " + name + ": " + AtomicOutput.describe(e), e);
    }
    try {
      long size = ch.size();
      String header = readLine(ch, 0, size, MAX_HEADER_BYTES);
      if (header == null || !(header.equals(SIGNATURE) || header.startsWith(SIGNATURE + " "))) {
        throw new NnpfException(name + ": not a Y4M file (it does not start with the line '" + SIGNATURE + " ...')");
      }
      SequenceInfo format = parseHeader(name, header.substring(SIGNATURE.length()));
      RawFrameLayout layout = RawFrameLayout.of(format);
      long pos = header.length() + 1L;
      long frames = 0;
      long startPos = -1;
      while (pos < size) {
        if (frames == start) {
          startPos = pos;
        }
        String fh = readLine(ch, pos, size, MAX_FRAME_HEADER_BYTES);
        if (fh == null || !(fh.equals(FRAME) || fh.startsWith(FRAME + " "))) {
          throw new NnpfException(
              name + ": frame " + frames + ": expected a '" + FRAME + "' line at byte offset " + pos
                  + (fh == null ? " (the file ends there or the line is unterminated)" : ""));
        }
        long data = pos + fh.length() + 1;
        if (data + layout.frameBytes > size) {
          throw new NnpfException(
              name + ": frame " + frames + " is truncated: it needs " + layout.frameBytes
                  + " bytes (" + layout.describe() + ") from byte offset " + data + " but the file ends "
                  + (size - data) + " bytes after it");
        }
        pos = data + layout.frameBytes;
        frames++;
      }
      if (frames == 0) {
        throw new NnpfException(name + ": the file holds no frames");
      }
      if (start >= frames) {
        throw new NnpfException(
            name + ": start frame " + start + " is beyond the end of the file, which holds " + frames
                + " frames (0.." + (frames - 1) + ")");
      }
      long n = count < 0 ? frames - start : Math.min(count, frames - start);
      return new Y4mReader(file, ch, layout, format.withFrameCount(n), start, startPos);
    } catch (IOException e) {
      closeQuietly(ch);
      throw new NnpfException("cannot read " + name + ": " + AtomicOutput.describe(e), e);
    } catch (RuntimeException e) {
      closeQuietly(ch);
      throw e;
    }
  }

  /** Parses the header parameters that follow the signature. */
  static SequenceInfo parseHeader(String name, String params) {
    int width = -1;
    int height = -1;
    int fpsNum = 25;
    int fpsDen = 1;
    Y4mColourSpace cs = new Y4mColourSpace(org.nnpf.common.picture.ChromaFormat.CF420, 8);
    for (String tok : params.trim().split(" +")) {
      if (tok.isEmpty()) {
        continue;
      }
      char tag = tok.charAt(0);
      String v = tok.substring(1);
      switch (tag) {
        case 'W' -> width = parseInt(name, "header parameter W (width)", v);
        case 'H' -> height = parseInt(name, "header parameter H (height)", v);
        case 'F' -> {
          int[] r = parseRatio(name, "header parameter F (frame rate)", v);
          if (r[0] <= 0 || r[1] <= 0) {
            throw new NnpfException(name + ": header parameter F (frame rate) '" + v + "' is not a positive ratio");
          }
          fpsNum = r[0];
          fpsDen = r[1];
        }
        case 'I' -> {
          if (!v.equals("p")) {
            String what =
                switch (v) {
                  case "t" -> "interlaced, top field first";
                  case "b" -> "interlaced, bottom field first";
                  case "m" -> "mixed progressive and interlaced";
                  case "?" -> "unknown interlacing";
                  default -> "unknown value";
                };
            throw new NnpfException(
                name + ": header parameter I" + v + " (" + what
                    + ") is not supported: only progressive content (Ip) is accepted");
          }
        }
        case 'C' -> {
          cs = Y4mColourSpace.parse(v);
          if (cs == null) {
            throw new NnpfException(
                name + ": colour space C" + v + " is not supported (supported: "
                    + Y4mColourSpace.supportedNames() + ")");
          }
        }
        default -> {
          // A (aspect ratio), X (extensions) and unknown parameters are ignored
        }
      }
    }
    if (width < 0) {
      throw new NnpfException(name + ": the Y4M header has no W (width) parameter");
    }
    if (height < 0) {
      throw new NnpfException(name + ": the Y4M header has no H (height) parameter");
    }
    RawFrameLayout.checkLimits(
        name, width, "header parameter W (width)", height, "header parameter H (height)", cs.bitDepth(),
        "bit depth of colour space C" + cs.name(), cs.chromaFormat());
    return new SequenceInfo(width, height, cs.bitDepth(), cs.chromaFormat(), fpsNum, fpsDen, -1);
  }

  private static int parseInt(String name, String what, String v) {
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new NnpfException(name + ": " + what + " '" + v + "' is not an integer");
    }
  }

  private static int[] parseRatio(String name, String what, String v) {
    int colon = v.indexOf(':');
    if (colon < 0) {
      throw new NnpfException(name + ": " + what + " '" + v + "' is not of the form num:den");
    }
    return new int[] {parseInt(name, what, v.substring(0, colon)), parseInt(name, what, v.substring(colon + 1))};
  }

  /**
   * The line starting at {@code pos} without its '\n', or null if no '\n' follows within
   * {@code maxLen} bytes or before the end of the file.
   */
  private static String readLine(FileChannel ch, long pos, long size, int maxLen) throws IOException {
    int len = (int) Math.min(maxLen, size - pos);
    if (len <= 0) {
      return null;
    }
    ByteBuffer b = ByteBuffer.allocate(Math.min(len, 256));
    int have = 0;
    byte[] acc = new byte[len];
    while (have < len) {
      b.clear();
      b.limit(Math.min(b.capacity(), len - have));
      int r = ch.read(b, pos + have);
      if (r <= 0) {
        return null;
      }
      b.flip();
      b.get(acc, have, r);
      for (int i = have; i < have + r; i++) {
        if (acc[i] == '\n') {
          return new String(acc, 0, i, StandardCharsets.ISO_8859_1);
        }
      }
      have += r;
    }
    return null;
  }

  @Override
  public SequenceInfo info() {
    return info;
  }

  /** The file being read. */
  public Path file() {
    return file;
  }

  @Override
  public Picture next() throws IOException {
    if (delivered >= info.frameCount()) {
      return null;
    }
    long frame = firstFrame + delivered;
    String fh = readLine(channel, position, channel.size(), MAX_FRAME_HEADER_BYTES);
    if (fh == null || !(fh.equals(FRAME) || fh.startsWith(FRAME + " "))) {
      throw new NnpfException(
          file + ": frame " + frame + ": expected a '" + FRAME + "' line at byte offset " + position
              + " (the file changed while being read)");
    }
    position += fh.length() + 1;
    buffer.clear();
    while (buffer.hasRemaining()) {
      int r = channel.read(buffer, position + buffer.position());
      if (r < 0) {
        throw new NnpfException(
            file + ": frame " + frame + " is truncated (the file was shortened while being read)");
      }
    }
    buffer.flip();
    position += layout.frameBytes;
    Picture p = info.newPicture();
    layout.unpack(buffer, p, file.toString(), frame);
    delivered++;
    return p;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  private static void closeQuietly(FileChannel ch) {
    try {
      ch.close();
    } catch (IOException ignored) {
      // already failing
    }
  }
}
