package org.nnpf.evaluation.batch;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nnpf.encoder.report.RatePoint;
import org.nnpf.encoder.report.ReportOutput;

/** The final report of a batch: one row per job, the counts, and each failure with its log. */
final class JobTable {
  /** Lines of a failed job's log shown under it. */
  static final int LOG_TAIL_LINES = 5;
  private static final int LOG_TAIL_BYTES = 8192;

  private JobTable() {}

  /**
   * A row per job (variant, job, status, seconds, kbps and Y-PSNR of its decoder output), or only
   * the failed and cancelled jobs when {@code all} is false.
   */
  static String rows(List<JobResult> results, boolean all) {
    int varWidth = "variant".length();
    int jobWidth = "job".length();
    for (JobResult r : results) {
      varWidth = Math.max(varWidth, r.job().variant().name().length());
      jobWidth = Math.max(jobWidth, r.job().name().length());
    }
    String fmt = "%-" + varWidth + "s  %-" + jobWidth + "s  %-9s  %9s  %11s  %8s";
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, fmt, "variant", "job", "status", "time", "kbps", "Y-PSNR"))
        .append('\n');
    int shown = 0;
    for (JobResult r : results) {
      if (!all && r.finished()) {
        continue;
      }
      shown++;
      String kbps = "";
      String y = "";
      if (r.report() != null) {
        RatePoint p = r.report().ratePoint(ReportOutput.POSTFILTER, r.job().id());
        kbps = String.format(Locale.ROOT, "%.4f", p.kbps());
        y = String.format(Locale.ROOT, "%.4f", p.psnr().y());
      }
      String time = r.status() == JobResult.Status.SKIPPED || r.seconds() <= 0 && !r.finished() ? "" : String.format(Locale.ROOT, "%.1f s", r.seconds());
      sb.append(String.format(Locale.ROOT, fmt, r.job().variant().name(), r.job().name(), status(r), time, kbps, y).stripTrailing())
          .append('\n');
    }
    return shown == 0 ? "" : sb.toString();
  }

  static String status(JobResult r) {
    return switch (r.status()) {
      case DONE -> "done";
      case SKIPPED -> "skipped";
      case FAILED -> "FAILED";
      case CANCELLED -> "stopped";
      case PENDING -> "pending";
      case RUNNING -> "running";
      case NOT_SUBMITTED -> "missing";
    };
  }

  /** {@code N jobs: a done, b skipped (finished before), c failed, d stopped} (zero counts left out but done). */
  static String counts(List<JobResult> results) {
    Map<JobResult.Status, Integer> n = new EnumMap<>(JobResult.Status.class);
    for (JobResult r : results) {
      n.merge(r.status(), 1, Integer::sum);
    }
    List<String> parts = new ArrayList<>();
    parts.add(n.getOrDefault(JobResult.Status.DONE, 0) + " done");
    if (n.containsKey(JobResult.Status.SKIPPED)) {
      parts.add(n.get(JobResult.Status.SKIPPED) + " skipped (finished before)");
    }
    if (n.containsKey(JobResult.Status.FAILED)) {
      parts.add(n.get(JobResult.Status.FAILED) + " failed");
    }
    if (n.containsKey(JobResult.Status.CANCELLED)) {
      parts.add(n.get(JobResult.Status.CANCELLED) + " stopped");
    }
    if (n.containsKey(JobResult.Status.RUNNING)) {
      parts.add(n.get(JobResult.Status.RUNNING) + " running");
    }
    if (n.containsKey(JobResult.Status.PENDING)) {
      parts.add(n.get(JobResult.Status.PENDING) + " pending");
    }
    if (n.containsKey(JobResult.Status.NOT_SUBMITTED)) {
      parts.add(n.get(JobResult.Status.NOT_SUBMITTED) + " missing (not submitted)");
    }
    return results.size() + (results.size() == 1 ? " job: " : " jobs: ") + String.join(", ", parts);
  }

  /** Each failed job: its reason, its log's path and the last lines of its log. */
  static String failures(List<JobResult> results, Path outdir) {
    StringBuilder sb = new StringBuilder();
    for (JobResult r : results) {
      if (r.status() != JobResult.Status.FAILED) {
        continue;
      }
      Path log = r.job().log(outdir);
      sb.append("FAILED ").append(r.job().id()).append(": ").append(r.message()).append("; log: ").append(log).append('\n');
      for (String line : tail(log)) {
        sb.append("    | ").append(line).append('\n');
      }
    }
    return sb.toString();
  }

  /** The last {@link #LOG_TAIL_LINES} non-blank lines of {@code log} (at most its last 8 KiB), each cut at 200 characters. */
  static List<String> tail(Path log) {
    if (!Files.isRegularFile(log)) {
      return List.of();
    }
    try (RandomAccessFile f = new RandomAccessFile(log.toFile(), "r")) {
      long len = f.length();
      int n = (int) Math.min(len, LOG_TAIL_BYTES);
      byte[] b = new byte[n];
      f.seek(len - n);
      f.readFully(b);
      String[] lines = new String(b, StandardCharsets.UTF_8).split("\r?\n|\r");
      List<String> out = new ArrayList<>();
      for (int i = lines.length - 1; i >= (n < len ? 1 : 0) && out.size() < LOG_TAIL_LINES; i--) {
        String l = lines[i].strip();
        if (!l.isEmpty()) {
          out.add(0, l.length() > 200 ? l.substring(0, 200) + "..." : l);
        }
      }
      return out;
    } catch (IOException e) {
      return List.of("(cannot read the log: " + e.getMessage() + ")");
    }
  }
}
