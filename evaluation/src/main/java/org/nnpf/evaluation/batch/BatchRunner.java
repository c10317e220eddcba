package org.nnpf.evaluation.batch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.nnpf.common.NnpfException;
import org.nnpf.encoder.report.EncoderReport;
import org.nnpf.encoder.report.EncoderReportJson;

/**
 * Runs the jobs of a plan as parallel subprocesses of the encoder.
 *
 * <ul>
 *   <li>A job whose report is in place ({@link Job#report}), readable, and of the job's QP,
 *       structure and codec is skipped (unless {@code force}); an unreadable or mismatching report
 *       is replaced by running the job again.
 *   <li>Up to {@code parallel} encoders run at a time, in job order. Each runs in the plan file's
 *       directory with its standard output and error in {@link Job#log} (which starts with a line
 *       {@code # nnpf batch: COMMAND}), with {@code NNPF_PROGRESS=0} in its environment.
 *   <li>The encoder writes its report to {@link Job#partialReport}. The job succeeded when the
 *       encoder exits with status 0 and that report is a valid report of the job's QP, structure
 *       and codec; then the files the encoder wrote beside it (e.g. {@code NAME.csv}) are moved
 *       into the job's directory, and the report last (atomically where the file system allows)
 *       to {@link Job#report}. Otherwise the job failed: its bitstream, reconstruction and
 *       temporary files are removed, its log is kept. The job's {@link Job#partialDirectory} is
 *       removed in every case.
 *   <li>{@link #cancel} (or interrupting the thread in {@link #run}) stops the batch: running
 *       encoders get SIGTERM (their process trees; SIGKILL after 5 s), jobs not started are not
 *       started, and the stopped jobs' outputs are removed as for a failure. A later run resumes:
 *       finished jobs are skipped.
 * </ul>
 */
public final class BatchRunner {
  private static final long KILL_AFTER_NANOS = 5_000_000_000L;
  private static final long POLL_MILLIS = 50;

  /** Callbacks from the runner; called from worker threads, so implementations must be thread-safe. */
  public interface Listener {
    /** A job found finished before the run. */
    default void skipped(JobResult result) {}

    /** A job's encoder is about to start. */
    default void started(Job job) {}

    /** A job that ran has ended (DONE, FAILED or CANCELLED). */
    default void finished(JobResult result) {}

    /** Information, e.g. a stale report being replaced. */
    default void note(String message) {}
  }

  private final Path encoder;
  private final Path outdir;
  private final int parallel;
  private final int threadsPerJob;
  private final boolean force;
  private final Listener listener;
  private final Set<Process> running = ConcurrentHashMap.newKeySet();
  private volatile boolean cancelled;
  private volatile long cancelledAt;

  /**
   * @param encoder the encoder executable (e.g. {@code bin/encoder})
   * @param outdir the output directory
   * @param parallel the number of encoders run at a time, &ge; 1
   * @param threadsPerJob {@code --threads} given to each encoder, or 0 to give none
   * @param force run every job, even finished ones
   * @param listener callbacks
   */
  public BatchRunner(Path encoder, Path outdir, int parallel, int threadsPerJob, boolean force, Listener listener) {
    if (parallel < 1) {
      throw new IllegalArgumentException("parallel jobs " + parallel + " < 1");
    }
    this.encoder = encoder.toAbsolutePath();
    this.outdir = outdir.toAbsolutePath();
    this.parallel = parallel;
    this.threadsPerJob = threadsPerJob;
    this.force = force;
    this.listener = listener;
  }

  /** The encoder command of {@code job}, as this runner starts it. */
  public List<String> command(Job job) {
    return job.command(encoder, outdir, threadsPerJob);
  }

  /**
   * The report of {@code job} when the job is finished: in place, readable, and of the job's QP,
   * structure and codec. A report that is not is reported through {@link Listener#note}.
   */
  public Optional<EncoderReport> finishedReport(Job job) {
    Path report = job.report(outdir);
    if (!Files.isRegularFile(report)) {
      return Optional.empty();
    }
    try {
      EncoderReport r = EncoderReportJson.read(report);
      String mismatch = mismatch(job, r);
      if (mismatch != null) {
        listener.note(job.id() + ": the report in place " + mismatch + "; running the job again");
        return Optional.empty();
      }
      return Optional.of(r);
    } catch (NnpfException e) {
      listener.note(job.id() + ": the report in place is not valid (" + e.getMessage() + "); running the job again");
      return Optional.empty();
    }
  }

  /**
   * Runs {@code jobs}; returns one result per job, in job order. Interrupting the calling thread
   * cancels the batch; the results then include CANCELLED jobs and the thread's interrupt status
   * is set again.
   */
  public List<JobResult> run(List<Job> jobs) {
    JobResult[] results = new JobResult[jobs.size()];
    List<Integer> toRun = new ArrayList<>();
    for (int i = 0; i < jobs.size(); i++) {
      Job job = jobs.get(i);
      Optional<EncoderReport> done = force ? Optional.empty() : finishedReport(job);
      if (done.isPresent()) {
        results[i] = new JobResult(job, JobResult.Status.SKIPPED, 0, 0, done.get(), null);
        listener.skipped(results[i]);
      } else {
        toRun.add(i);
      }
    }
    if (toRun.isEmpty()) {
      return List.of(results);
    }
    checkEncoder();
    AtomicInteger threadNumber = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(parallel, toRun.size()), r -> {
      Thread t = new Thread(r, "nnpf-batch-" + threadNumber.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    List<Future<JobResult>> futures = new ArrayList<>();
    for (int i : toRun) {
      Job job = jobs.get(i);
      futures.add(pool.submit(() -> runJob(job)));
    }
    pool.shutdown();
    boolean interrupted = false;
    for (int k = 0; k < toRun.size(); k++) {
      while (results[toRun.get(k)] == null) {
        try {
          results[toRun.get(k)] = futures.get(k).get();
        } catch (InterruptedException e) {
          interrupted = true;
          cancel();
        } catch (ExecutionException e) {
          Job job = jobs.get(toRun.get(k));
          results[toRun.get(k)] = new JobResult(job, JobResult.Status.FAILED, -1, 0, null,
              "the batch runner failed: " + e.getCause());
        }
      }
    }
    removeEmptyPartialDirectories();
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return List.of(results);
  }

  /**
   * Runs {@code ENCODER --help} once, alone, before the jobs: a launcher that builds the project
   * when it is stale ({@code bin/nnpf-launch}) builds it now rather than in every parallel job,
   * and an encoder that cannot run fails the batch at once.
   *
   * @throws NnpfException when the encoder cannot be started or {@code --help} exits with another
   *     status than 0 (with the last lines of its output)
   */
  public void checkEncoder() {
    List<String> command = List.of(encoder.toString(), "--help");
    Process p;
    try {
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
      pb.environment().put("NNPF_PROGRESS", "0");
      p = pb.start();
    } catch (IOException e) {
      throw new NnpfException("encoder " + encoder + ": cannot start it: " + e.getMessage(), e);
    }
    running.add(p);
    byte[] output;
    try (var in = p.getInputStream()) {
      output = in.readAllBytes();
    } catch (IOException e) {
      output = new byte[0];
    }
    int exit = waitFor(p);
    running.remove(p);
    if (cancelled) {
      return;
    }
    if (exit != 0) {
      String text = new String(output, StandardCharsets.UTF_8).strip();
      String[] lines = text.split("\r?\n");
      String tail = String.join("\n  ", Arrays.asList(lines).subList(Math.max(0, lines.length - JobTable.LOG_TAIL_LINES), lines.length));
      throw new NnpfException("encoder " + encoder + ": '" + Words.shell(command) + "' exited with status " + exit
          + (tail.isEmpty() ? "" : ":\n  " + tail));
    }
  }

  /** Stops the batch (see the class comment); returns at once. */
  public void cancel() {
    if (!cancelled) {
      cancelledAt = System.nanoTime();
      cancelled = true;
    }
    for (Process p : running) {
      destroyTree(p, false);
    }
  }

  /** Whether {@link #cancel} was called. */
  public boolean cancelled() {
    return cancelled;
  }

  private JobResult runJob(Job job) {
    if (cancelled) {
      return new JobResult(job, JobResult.Status.CANCELLED, -1, 0, null, "not started: the batch was interrupted");
    }
    Path log = job.log(outdir);
    Path partial = job.partialReport(outdir);
    List<String> command = command(job);
    long start = System.nanoTime();
    Process p;
    try {
      Files.createDirectories(job.directory(outdir));
      deleteTree(job.partialDirectory(outdir));
      Files.createDirectories(job.partialDirectory(outdir));
      Files.deleteIfExists(job.report(outdir));
      Files.writeString(log, "# nnpf batch: " + Words.shell(command) + "\n", StandardCharsets.UTF_8);
      ProcessBuilder pb = new ProcessBuilder(command)
          .directory(job.plan().directory().toFile())
          .redirectErrorStream(true)
          .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      pb.environment().put("NNPF_PROGRESS", "0");
      listener.started(job);
      p = pb.start();
    } catch (IOException e) {
      JobResult r = new JobResult(job, JobResult.Status.FAILED, -1, seconds(start), null,
          "cannot start the encoder: " + e.getMessage());
      cleanUp(job);
      removePartialDirectory(job);
      listener.finished(r);
      return r;
    }
    running.add(p);
    int exit = waitFor(p);
    running.remove(p);
    JobResult r = conclude(job, exit, seconds(start));
    if (!r.finished()) {
      cleanUp(job);
    }
    removePartialDirectory(job);
    listener.finished(r);
    return r;
  }

  private JobResult conclude(Job job, int exit, double seconds) {
    Path partial = job.partialReport(outdir);
    if (cancelled) {
      return new JobResult(job, JobResult.Status.CANCELLED, -1, seconds, null, "stopped: the batch was interrupted");
    }
    if (exit != 0) {
      return new JobResult(job, JobResult.Status.FAILED, exit, seconds, null, "the encoder exited with status " + exit);
    }
    if (!Files.isRegularFile(partial)) {
      return new JobResult(job, JobResult.Status.FAILED, exit, seconds, null,
          "the encoder exited with status 0 but wrote no report (" + partial + ")");
    }
    EncoderReport r;
    try {
      r = EncoderReportJson.read(partial);
    } catch (NnpfException e) {
      return new JobResult(job, JobResult.Status.FAILED, exit, seconds, null, "the encoder's report is not valid: " + e.getMessage());
    }
    String mismatch = mismatch(job, r);
    if (mismatch != null) {
      return new JobResult(job, JobResult.Status.FAILED, exit, seconds, null, "the encoder's report " + mismatch);
    }
    try {
      // Files the encoder wrote beside the report (e.g. NAME.csv) first, the report last.
      List<Path> beside;
      try (var s = Files.list(job.partialDirectory(outdir))) {
        beside = s.filter(f -> !f.equals(partial) && Files.isRegularFile(f) && !f.getFileName().toString().startsWith("."))
            .sorted().toList();
      }
      for (Path f : beside) {
        move(f, job.directory(outdir).resolve(f.getFileName()));
      }
      move(partial, job.report(outdir));
    } catch (IOException | java.io.UncheckedIOException e) {
      return new JobResult(job, JobResult.Status.FAILED, exit, seconds, null,
          "cannot move the report into place: " + e.getMessage());
    }
    return new JobResult(job, JobResult.Status.DONE, exit, seconds, r, null);
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Why {@code r} is not a report of {@code job}, or null when it is. */
  private static String mismatch(Job job, EncoderReport r) {
    List<String> diffs = new ArrayList<>();
    if (r.qp() != job.qp()) {
      diffs.add("QP " + r.qp() + " (job: " + job.qp() + ")");
    }
    if (!r.structure().equalsIgnoreCase(job.structure())) {
      diffs.add("structure " + r.structure() + " (job: " + job.structure() + ")");
    }
    if (!r.codec().toLowerCase(Locale.ROOT).equals(job.plan().codec())) {
      diffs.add("codec " + r.codec() + " (job: " + job.plan().codec() + ")");
    }
    return diffs.isEmpty() ? null : "is of " + String.join(", ", diffs);
  }

  /** Waits for the process, stopping it when the batch is cancelled; its exit status. */
  private int waitFor(Process p) {
    boolean termSent = false;
    boolean killSent = false;
    while (true) {
      try {
        if (p.waitFor(POLL_MILLIS, TimeUnit.MILLISECONDS)) {
          return p.exitValue();
        }
      } catch (InterruptedException e) {
        cancel();
      }
      if (cancelled && !termSent) {
        destroyTree(p, false);
        termSent = true;
      } else if (cancelled && !killSent && System.nanoTime() - cancelledAt > KILL_AFTER_NANOS) {
        destroyTree(p, true);
        killSent = true;
      }
    }
  }

  private static void destroyTree(Process p, boolean forcibly) {
    p.descendants().forEach(h -> {
      if (forcibly) {
        h.destroyForcibly();
      } else {
        h.destroy();
      }
    });
    if (forcibly) {
      p.destroyForcibly();
    } else {
      p.destroy();
    }
  }

  /**
   * Removes what a failed or stopped job may have left beside its log: the bitstream, the
   * reconstruction, and the hidden temporary files of atomic writes ({@code .NAME.*.tmp}, see
   * {@code AtomicFiles}) in the job's directory.
   */
  private void cleanUp(Job job) {
    List<Path> files = new ArrayList<>(List.of(job.bitstream(outdir), job.recon(outdir)));
    String prefix = "." + job.name() + ".";
    try (var s = Files.list(job.directory(outdir))) {
      s.filter(f -> f.getFileName().toString().startsWith(prefix) && f.getFileName().toString().endsWith(".tmp"))
          .forEach(files::add);
    } catch (IOException | java.io.UncheckedIOException e) {
      listener.note(job.id() + ": cannot list " + job.directory(outdir) + ": " + e.getMessage());
    }
    for (Path f : files) {
      try {
        Files.deleteIfExists(f);
      } catch (IOException e) {
        listener.note(job.id() + ": cannot remove " + f + ": " + e.getMessage());
      }
    }
  }

  /** Removes the job's partial directory. */
  private void removePartialDirectory(Job job) {
    Path d = job.partialDirectory(outdir);
    try {
      deleteTree(d);
    } catch (IOException e) {
      listener.note(job.id() + ": cannot remove " + d + ": " + e.getMessage());
    }
  }

  /** Removes {@code OUTDIR/.partial} and its variant directories when they are empty (all jobs ended). */
  private void removeEmptyPartialDirectories() {
    Path root = outdir.resolve(Job.PARTIAL_DIR);
    if (!Files.isDirectory(root)) {
      return;
    }
    try (var s = Files.list(root)) {
      for (Path v : s.toList()) {
        try {
          Files.deleteIfExists(v);
        } catch (IOException notEmpty) {
          // left by another batch running on the same directory, or not removable: leave it
        }
      }
      Files.deleteIfExists(root);
    } catch (IOException | java.io.UncheckedIOException notEmpty) {
      // as above
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    List<Path> all;
    try (var s = Files.walk(dir)) {
      all = new ArrayList<>(s.toList());
    } catch (java.io.UncheckedIOException e) {
      throw e.getCause();
    }
    java.util.Collections.reverse(all);
    for (Path p : all) {
      Files.deleteIfExists(p);
    }
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  private static java.io.File nullDevice() {
    return new java.io.File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
  }
}
