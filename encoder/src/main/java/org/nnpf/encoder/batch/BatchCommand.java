package org.nnpf.encoder.batch;

import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.nnpf.common.NnpfException;
import org.nnpf.common.cli.CliSupport;
import org.nnpf.common.cli.Progress;
import org.nnpf.encoder.report.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bin/batch}: runs a plan (sequences × QPs × coding structures × variants) as parallel
 * encoder jobs, skipping finished ones, and prints a table of the jobs and the BD-rate of each
 * variant against the anchor. Exit status: 0 every job finished, 1 a job failed or was stopped,
 * or bad input (plan, encoder, output directory), 2 bad command line.
 */
@Command(
    name = "batch",
    mixinStandardHelpOptions = true,
    versionProvider = CliSupport.VersionProvider.class,
    sortOptions = false,
    description = {
      "Runs a plan: every sequence coded at every QP, in every coding structure and",
      "variant, as parallel jobs of the encoder. Job files are",
      "OUTDIR/VARIANT/SEQ_STRUCTURE/SEQ_STRUCTURE_qpQP.{bin,json,log}; a job whose",
      "report (.json) is in place is finished and is not run again, so an",
      "interrupted batch resumes where it stopped. Plan format: docs/batch-and-cfg.md.",
      ""
    },
    footer = {
      "",
      "Examples:",
      "  bin/batch plans/eval-ra.plan -o out/eval-ra",
      "  bin/batch plans/eval-ra.plan -o out/eval-ra -j 2 --dry-run",
      "  bin/compare --anchor out/eval-ra/anchor/foreman_qcif_176x144_10f_ra \\",
      "      --test out/eval-ra/nnpf/foreman_qcif_176x144_10f_ra",
      "",
      "Exit status: 0 every job finished, 1 a job failed or was stopped (its log is",
      "named) or bad input, 2 bad command line."
    })
public final class BatchCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Parameters(index = "0", paramLabel = "PLAN", description = "The plan file.")
  private Path planFile;

  @Option(names = {"-o", "--outdir"}, paramLabel = "DIR",
      description = "Output directory (default: the plan's 'outdir', which is relative to the plan file).")
  private Path outdirOption;

  @Option(names = "-j", paramLabel = "N", description = "Encoders run at a time (default: the number of cores).")
  private Integer parallel;

  @Option(names = "--threads", paramLabel = "N",
      description = "--threads given to each encoder (default: cores / N, at least 1; 0: none), unless the plan sets it.")
  private Integer threads;

  @Option(names = "--encoder", paramLabel = "PATH", description = "The encoder command (default: bin/encoder of this checkout).")
  private Path encoderOption;

  @Option(names = "--force", description = "Run every job again, even finished ones.")
  private boolean force;

  @Option(names = {"-n", "--dry-run"}, description = "Print the command of each job to run; run nothing.")
  private boolean dryRun;

  @Option(names = "--anchor-variant", paramLabel = "NAME", defaultValue = "anchor",
      description = "Variant the BD-rates are computed against (default ${DEFAULT-VALUE}).")
  private String anchorVariant;

  @Mixin private CliSupport.StandardOptions std;

  public static void main(String[] args) {
    CliSupport.main(new BatchCommand(), args);
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    int cores = Runtime.getRuntime().availableProcessors();
    int j = parallel == null ? cores : parallel;
    if (j < 1) {
      throw new ParameterException(spec.commandLine(), "-j " + j + ": the number of jobs run at a time is at least 1");
    }
    int t = threads == null ? Math.max(1, cores / j) : threads;
    if (t < 0) {
      throw new ParameterException(spec.commandLine(), "--threads " + t + " is negative");
    }

    Plan plan = PlanReader.read(planFile);
    plan.checkInputs();
    Path outdir = outdirOption != null ? outdirOption : plan.outdir();
    if (outdir == null) {
      throw new NnpfException("no output directory: give -o DIR, or 'outdir : DIR' in " + planFile);
    }
    if (Files.exists(outdir) && !Files.isDirectory(outdir)) {
      throw new NnpfException("-o " + outdir + ": not a directory");
    }
    Path encoder = encoderOption != null ? encoderOption : defaultEncoder();
    if (!Files.isRegularFile(encoder) || !Files.isExecutable(encoder)) {
      throw new NnpfException("encoder " + encoder + ": not an executable file (give another with --encoder PATH)");
    }
    List<Job> jobs = plan.jobs();
    Output o = new Output(out, err, std.quiet());

    if (dryRun) {
      BatchRunner runner = new BatchRunner(encoder, outdir, j, t, force, o);
      for (Job job : jobs) {
        Optional<?> done = force ? Optional.empty() : runner.finishedReport(job);
        out.println(done.isPresent() ? "# finished: " + job.id() : Words.shell(runner.command(job)));
      }
      return 0;
    }

    o.runner = new BatchRunner(encoder, outdir, j, t, force, o);
    o.total = jobs.size();
    o.parallel = j;
    o.outdir = outdir;
    CountDownLatch ended = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      o.runner.cancel();
      try {
        ended.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "nnpf-batch-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      List<JobResult> results;
      try {
        results = o.runner.run(jobs);
      } finally {
        o.close();
      }
      return report(plan, outdir, results, out, err);
    } finally {
      ended.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the JVM is exiting (Ctrl-C, SIGTERM): the hook has stopped the jobs and waited for the report
      }
    }
  }

  private int report(Plan plan, Path outdir, List<JobResult> results, PrintWriter out, PrintWriter err) {
    boolean quiet = std.quiet();
    if (!quiet) {
      out.println();
      out.print(JobTable.rows(results, true));
      out.println(JobTable.counts(results));
    }
    List<BdTable.Row> rows = BdTable.compute(plan, results, anchorVariant);
    if (!rows.isEmpty()) {
      Path csv = outdir.resolve("bd-rate.csv");
      AtomicFiles.write(csv, BdTable.csv(rows, anchorVariant).getBytes(StandardCharsets.UTF_8));
      if (!quiet) {
        out.println();
        out.print(BdTable.table(rows, anchorVariant));
        out.println("wrote " + csv);
        BdTable.Row first = rows.get(0);
        String curve = first.sequence() + "_" + first.structure();
        out.println("one RD curve in detail: bin/compare --anchor " + outdir.resolve(anchorVariant).resolve(curve)
            + " --test " + outdir.resolve(first.variant()).resolve(curve) + " --plot rd.png");
      }
    }
    out.flush();
    long failed = results.stream().filter(r -> r.status() == JobResult.Status.FAILED).count();
    long cancelled = results.stream().filter(r -> r.status() == JobResult.Status.CANCELLED).count();
    if (failed > 0 || cancelled > 0) {
      if (quiet) {
        err.print(JobTable.rows(results, false));
      }
      err.print(JobTable.failures(results, outdir));
      err.println("batch: error: " + (failed > 0 ? failed + " of " + results.size() + " jobs failed" : "")
          + (failed > 0 && cancelled > 0 ? ", " : "")
          + (cancelled > 0 ? cancelled + " stopped (run the same command to resume)" : ""));
      err.flush();
      return CliSupport.ERROR;
    }
    return 0;
  }

  /**
   * {@code bin/encoder} of the checkout this class was loaded from (the first ancestor of its jar
   * or classes directory holding {@code bin/encoder}), else {@code bin/encoder} in the working
   * directory.
   */
  static Path defaultEncoder() {
    try {
      Path p = Path.of(BatchCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath();
      for (Path d = p; d != null; d = d.getParent()) {
        Path e = d.resolve("bin").resolve("encoder");
        if (Files.isRegularFile(e)) {
          return e;
        }
      }
    } catch (URISyntaxException | SecurityException | NullPointerException | IllegalArgumentException e) {
      // fall back to the working directory
    }
    return Path.of("bin", "encoder");
  }

  /** Progress display and per-job lines; thread-safe. */
  private static final class Output implements BatchRunner.Listener {
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean quiet;
    private final AtomicInteger ended = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private volatile BatchRunner runner;
    private volatile Progress progress;
    private volatile int total;
    private volatile int parallel;
    private volatile Path outdir;

    Output(PrintWriter out, PrintWriter err, boolean quiet) {
      this.out = out;
      this.err = err;
      this.quiet = quiet;
    }

    private synchronized Progress progress() {
      if (progress == null) {
        int skipped = ended.get();
        progress = Progress.start("batch", total, skipped, "jobs", quiet);
        if (!quiet) {
          line(false, "batch: " + total + " jobs, " + skipped + " finished before, " + (total - skipped) + " to run, "
              + parallel + " at a time; output in " + outdir);
        }
      }
      return progress;
    }

    @Override
    public void skipped(JobResult result) {
      ended.incrementAndGet();
    }

    @Override
    public synchronized void started(Job job) {
      running.incrementAndGet();
      progress().status(status());
    }

    @Override
    public synchronized void finished(JobResult r) {
      running.decrementAndGet();
      if (r.status() == JobResult.Status.FAILED) {
        failed.incrementAndGet();
      }
      int k = ended.incrementAndGet();
      Progress p = progress();
      p.status(status());
      p.advance();
      String head = "[" + k + "/" + total + "] ";
      switch (r.status()) {
        case DONE -> {
          if (!quiet) {
            line(false, head + "done " + r.job().id() + String.format(java.util.Locale.ROOT, " (%.1f s)", r.seconds()));
          }
        }
        case FAILED -> line(true, head + "FAILED " + r.job().id() + ": " + r.message() + "; log: " + r.job().log(outdir));
        case CANCELLED -> {
          if (!quiet) {
            line(true, head + "stopped " + r.job().id());
          }
        }
        case SKIPPED -> { }
      }
    }

    @Override
    public void note(String message) {
      if (!quiet) {
        line(true, "batch: note: " + message);
      }
    }

    private String status() {
      int f = failed.get();
      return running.get() + " running" + (f > 0 ? ", " + f + " failed" : "");
    }

    private synchronized void line(boolean toErr, String text) {
      Progress p = progress;
      if (p != null && p.enabled()) {
        p.println(text);
      } else {
        PrintWriter w = toErr ? err : out;
        w.println(text);
        w.flush();
      }
    }

    void close() {
      Progress p = progress;
      if (p != null) {
        p.close();
      }
    }
  }
}
