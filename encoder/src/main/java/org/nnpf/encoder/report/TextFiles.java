package org.nnpf.encoder.report;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nnpf.common.NnpfException;

/** Reads the text files the parsers accept, refusing what cannot be a log, CSV or report. */
public final class TextFiles {
  /** Larger files are refused: no encoder log, CSV or report comes near this size. */
  public static final long MAX_BYTES = 256L << 20;

  private static final int PROBE_BYTES = 8192;

  private TextFiles() {}

  /**
   * The lines of {@code file} decoded as UTF-8 (undecodable bytes replaced), without line
   * terminators. Fails with a message naming the file when it is missing, not a regular file,
   * unreadable, larger than {@link #MAX_BYTES} or binary (a NUL byte in its first 8 KiB).
   */
  public static List<String> readLines(Path file) {
    checkReadable(file);
    try {
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw new NnpfException(
            file + ": " + size + " bytes is too large for an encoder log, CSV or report (limit " + MAX_BYTES + ")");
      }
      try (InputStream in = Files.newInputStream(file)) {
        byte[] probe = in.readNBytes(PROBE_BYTES);
        for (byte b : probe) {
          if (b == 0) {
            throw new NnpfException(file + ": binary file (contains NUL bytes), not an encoder log, CSV or report");
          }
        }
      }
      List<String> lines = new ArrayList<>();
      try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          lines.add(lines.isEmpty() && line.startsWith("\uFEFF") ? line.substring(1) : line);
        }
      }
      return lines;
    } catch (IOException e) {
      throw new NnpfException(file + ": cannot read: " + e.getMessage(), e);
    }
  }

  /** Fails with a message naming the file unless it is an existing, readable regular file. */
  public static void checkReadable(Path file) {
    if (!Files.exists(file)) {
      throw new NnpfException(file + ": no such file");
    }
    if (!Files.isRegularFile(file)) {
      throw new NnpfException(file + ": not a regular file");
    }
    if (!Files.isReadable(file)) {
      throw new NnpfException(file + ": not readable");
    }
  }

  /** A number as C's strtod would read the values HM prints: also {@code nan}, {@code -nan}, {@code inf}. */
  public static double parseNumber(String token) {
    String t = token.toLowerCase(java.util.Locale.ROOT);
    if (t.equals("nan") || t.equals("-nan") || t.startsWith("-nan(") || t.startsWith("nan(")) {
      return Double.NaN;
    }
    if (t.equals("inf") || t.equals("+inf")) {
      return Double.POSITIVE_INFINITY;
    }
    if (t.equals("-inf")) {
      return Double.NEGATIVE_INFINITY;
    }
    if (!t.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)(e[+-]?\\d+)?")) {
      throw new NumberFormatException(token);
    }
    return Double.parseDouble(t);
  }
}
