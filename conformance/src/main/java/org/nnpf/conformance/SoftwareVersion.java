package org.nnpf.conformance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.global.avutil;
import org.nnpf.common.cli.CliSupport;

/**
 * The software that made a conformance stream, for its description: the project version, the git
 * commit of the working tree (when it is a git checkout), and the FFmpeg build whose libx265 /
 * libx264 coded the base stream.
 */
public final class SoftwareVersion {
  private SoftwareVersion() {}

  /**
   * One line, e.g. {@code nnpf 0.1.0-SNAPSHOT, git commit 1a2b3c4d5e6f, FFmpeg 8.1.2 (libx265,
   * libx264)}. {@code repository} is a directory inside the git working tree; {@code excluded}
   * are paths (relative to the repository root) whose changes do not count as local changes (the
   * suite being written).
   */
  public static String describe(Path repository, List<String> excluded) {
    return "nnpf " + CliSupport.version() + ", " + gitCommit(repository, excluded)
        + ", FFmpeg " + ffmpegVersion() + " (libx265, libx264)";
  }

  /** The FFmpeg version string of the loaded libraries. */
  public static String ffmpegVersion() {
    try {
      return avutil.av_version_info().getString();
    } catch (RuntimeException | LinkageError e) {
      return "unknown";
    }
  }

  private static String gitCommit(Path repository, List<String> excluded) {
    String head = git(repository, List.of("rev-parse", "--short=12", "HEAD"));
    if (head == null || head.isBlank()) {
      return "git commit unknown";
    }
    List<String> status = new ArrayList<>(List.of("status", "--porcelain", "--", ":/"));
    for (String e : excluded) {
      status.add(":(top,exclude)" + e);
    }
    String changes = git(repository, status);
    return "git commit " + head.strip() + (changes != null && !changes.isBlank() ? " with local changes" : "");
  }

  private static String git(Path dir, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add("git");
    cmd.add("-C");
    cmd.add(dir.toAbsolutePath().toString());
    cmd.addAll(args);
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroy();
        return null;
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
