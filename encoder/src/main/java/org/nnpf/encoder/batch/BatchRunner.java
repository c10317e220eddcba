package org.nnpf.encoder.batch;

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
 *       and codec; then it is moved (atomically where the file system allows) to
 *       {@link Job#report}. Otherwise the job failed: its partial report, bitstream and
 *       reconstruction are removed, its log is kept.
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
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return List.of(results);
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
      Files.createDirectories(partial.getParent());
      Files.deleteIfExists(partial);
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
      try {
        Files.move(partial, job.report(outdir), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(partial, job.report(outdir), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      return new JobResult(job, JobResult.Status.FAILED, exit, seconds, null,
          "cannot move the report into place: " + e.getMessage());
    }
    return new JobResult(job, JobResult.Status.DONE, exit, seconds, r, null);
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

  private void cleanUp(Job job) {
    for (Path f : Arrays.asList(job.partialReport(outdir), job.bitstream(outdir), job.recon(outdir))) {
      try {
        Files.deleteIfExists(f);
      } catch (IOException e) {
        listener.note(job.id() + ": cannot remove " + f + ": " + e.getMessage());
      }
    }
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  private static java.io.File nullDevice() {
    return new java.io.File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
  }
}
