package org.nnpf.evaluation.batch;

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
      "  bin/batch plans/eval-ra.plan -o /shared/eval-ra --scheduler slurm --time 2:00:00",
      "  bin/batch plans/eval-ra.plan -o /shared/eval-ra --status",
      "  bin/compare --anchor out/eval-ra/anchor/foreman_qcif_176x144_10f_ra \\",
      "      --test out/eval-ra/nnpf/foreman_qcif_176x144_10f_ra",
      "",
      "Exit status: 0 every job finished (slurm: submitted), 1 a job failed or was",
      "stopped (its log is named) or bad input, 2 bad command line, 3 (--status,",
      "--wait) jobs still pending or running."
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

  /** Where the jobs run. */
  enum Scheduler {
    local,
    slurm
  }

  @Option(names = "--scheduler", paramLabel = "local|slurm", defaultValue = "local",
      description = "local: run the jobs here (default); slurm: submit them to SLURM as a job array (sbatch) and return.")
  private Scheduler scheduler;

  @Option(names = "--status", description = "Print the state of every job (done, pending, running, failed, missing), "
      + "from the output directory and squeue/sacct, and the BD table when all are done. Exit status 0 all done, "
      + "1 a job failed or is missing, 3 jobs pending or running.")
  private boolean status;

  @Option(names = "--wait", description = "With --scheduler slurm: wait until the submitted jobs have ended, then print as --status.")
  private boolean waitForJobs;

  @Option(names = "--cpus-per-task", paramLabel = "N", description = "SLURM: CPUs per job (plan key 'cpus'); also each encoder's --threads.")
  private Integer cpusOption;

  @Option(names = "--mem", paramLabel = "SIZE", description = "SLURM: memory per job, e.g. 4G (plan key 'mem').")
  private String memOption;

  @Option(names = "--time", paramLabel = "LIMIT", description = "SLURM: time limit per job, e.g. 2:00:00 (plan key 'time').")
  private String timeOption;

  @Option(names = "--partition", paramLabel = "NAME", description = "SLURM: partition (plan key 'partition').")
  private String partitionOption;

  @Option(names = "--sbatch-option", paramLabel = "OPT",
      description = "SLURM: another sbatch long option for the job array, without its dashes: "
          + "account=vc gives --account=vc (repeatable).")
  private List<String> sbatchOptions = new java.util.ArrayList<>();

  @Option(names = "--run-task", paramLabel = "DIR", hidden = true,
      description = "Internal: run one array task of the submission in DIR (the index from --task-index).")
  private Path runTask;

  @Option(names = "--task-index", paramLabel = "N", hidden = true, description = "Internal: the array task index.")
  private String taskIndex;

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
    Path outdir = outdirOption != null ? outdirOption : plan.outdir();
    if (outdir == null) {
      throw new NnpfException("no output directory: give -o DIR, or 'outdir : DIR' in " + planFile);
    }
    if (Files.exists(outdir) && !Files.isDirectory(outdir)) {
      throw new NnpfException("-o " + outdir + ": not a directory");
    }
    Path encoder = encoderOption != null ? encoderOption : defaultEncoder();
    Plan.Resources resources = plan.resources().overriddenBy(resourceOptions());
    if (status) {
      if (runTask != null || dryRun || waitForJobs) {
        throw new ParameterException(spec.commandLine(), "--status reads the state; it takes no --run-task, --dry-run or --wait");
      }
      return slurmStatus(plan, outdir, new BatchRunner(encoder, outdir, 1, 1, false, new BatchRunner.Listener() {}),
          out, err);
    }
    plan.checkInputs();
    if (!Files.isRegularFile(encoder) || !Files.isExecutable(encoder)) {
      throw new NnpfException("encoder " + encoder + ": not an executable file (give another with --encoder PATH)");
    }
    if (runTask != null) {
      return runTask(plan, outdir, encoder, threads == null ? 1 : Math.max(threads, 0), out, err);
    }
    if (scheduler == Scheduler.slurm) {
      int st = threads != null ? threads : resources.cpus() != null ? resources.cpus() : 1;
      return slurmSubmit(plan, outdir, new SlurmScheduler.Settings(resources, List.copyOf(sbatchOptions), encoder, st,
          force, anchorVariant), out, err);
    }
    if (waitForJobs) {
      throw new ParameterException(spec.commandLine(), "--wait goes with --scheduler slurm (the local runner always waits)");
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

  private Plan.Resources resourceOptions() {
    if (cpusOption != null && cpusOption < 1) {
      throw new ParameterException(spec.commandLine(), "--cpus-per-task " + cpusOption + ": at least 1");
    }
    if (memOption != null && !PlanReader.MEM.matcher(memOption).matches()) {
      throw new ParameterException(spec.commandLine(), "--mem '" + memOption + "': a size such as 4G or 500M");
    }
    if (timeOption != null && !PlanReader.TIME.matcher(timeOption).matches()) {
      throw new ParameterException(spec.commandLine(), "--time '" + timeOption
          + "': a SLURM time limit such as 30 (minutes), 2:00:00 or 1-12:00:00");
    }
    if (partitionOption != null && !PlanReader.NAME.matcher(partitionOption).matches()) {
      throw new ParameterException(spec.commandLine(), "--partition '" + partitionOption + "': not a partition name");
    }
    for (String o : sbatchOptions) {
      if (!o.matches("[a-z][a-z0-9-]*(=[^\\s].*)?") || o.contains("\n")) {
        throw new ParameterException(spec.commandLine(), "--sbatch-option '" + o
            + "': an sbatch long option without its dashes, e.g. account=vc or exclusive");
      }
    }
    return new Plan.Resources(cpusOption, memOption, timeOption, partitionOption);
  }

  private int slurmSubmit(Plan plan, Path outdir, SlurmScheduler.Settings settings, PrintWriter out, PrintWriter err) {
    if (!dryRun && !SlurmScheduler.onPath("sbatch")) {
      throw new NnpfException("--scheduler slurm: sbatch is not on the PATH (run on a SLURM submit host; "
          + "scripts/slurm-single-node.sh sets up a one-machine cluster, docs/batch-and-cfg.md)");
    }
    BatchRunner runner = new BatchRunner(settings.encoder(), outdir, 1, settings.threads(), settings.force(),
        new BatchRunner.Listener() {});
    if (!dryRun) {
      runner.checkEncoder(); // builds a stale checkout once, here, not in every task
    }
    SlurmScheduler slurm = new SlurmScheduler(plan, outdir, runner);
    SlurmScheduler.Submitted s = slurm.submit(settings, dryRun);
    if (s.jobs().isEmpty()) {
      out.println("batch: nothing to submit: every job is done, pending or running");
    } else if (dryRun) {
      out.println("batch: dry run: " + s.jobs().size() + " jobs would be submitted with: sbatch " + s.script());
      if (!std.quiet()) {
        try {
          out.print(Files.readString(s.script()));
        } catch (java.io.IOException e) {
          throw new NnpfException("cannot read " + s.script() + ": " + e.getMessage(), e);
        }
      }
      out.flush();
      return 0;
    } else {
      SlurmScheduler.Submission sub = s.submission().orElseThrow();
      out.println("batch: submitted " + s.jobs().size() + " jobs as SLURM job array " + sub.slurmJobId() + " (script "
          + s.script() + "); state: bin/batch " + planFile + " -o " + outdir + " --status");
    }
    out.flush();
    if (!waitForJobs) {
      return 0;
    }
    while (true) {
      List<JobResult> st = slurm.status();
      boolean active = st.stream().anyMatch(r -> r.status() == JobResult.Status.PENDING
          || r.status() == JobResult.Status.RUNNING);
      if (!active) {
        return report(plan, outdir, st, out, err);
      }
      try {
        Thread.sleep(Long.getLong("nnpf.batch.poll.millis", 5000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        err.println("batch: stopped waiting; the jobs go on (see --status)");
        err.flush();
        return CliSupport.ERROR;
      }
    }
  }

  private int slurmStatus(Plan plan, Path outdir, BatchRunner runner, PrintWriter out, PrintWriter err) {
    return report(plan, outdir, new SlurmScheduler(plan, outdir, runner).status(), out, err);
  }

  /** One array task: the job on line INDEX + 1 of the submission's task list, run as the local runner runs it. */
  private int runTask(Plan plan, Path outdir, Path encoder, int t, PrintWriter out, PrintWriter err) {
    String idx = taskIndex != null ? taskIndex : System.getenv("SLURM_ARRAY_TASK_ID");
    if (idx == null || !idx.matches("[0-9]+")) {
      throw new ParameterException(spec.commandLine(), "--run-task needs --task-index N or SLURM_ARRAY_TASK_ID (found '"
          + idx + "')");
    }
    int index = Integer.parseInt(idx);
    BatchRunner runner = new BatchRunner(encoder, outdir, 1, t, force, new BatchRunner.Listener() {
      @Override
      public void note(String message) {
        err.println("batch: note: " + message);
        err.flush();
      }
    });
    SlurmScheduler slurm = new SlurmScheduler(plan, outdir, runner);
    Job job = slurm.taskJob(runTask, index);
    Path resultFile = runTask.resolve("task-" + index + ".result");
    CountDownLatch ended = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      runner.cancel();
      try {
        ended.await(20, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "nnpf-batch-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      out.println("batch: task " + index + " of " + runTask + ": job " + job.id());
      out.flush();
      JobResult r = runner.run(List.of(job)).get(0);
      String message = switch (r.status()) {
        case DONE -> "done";
        case SKIPPED -> "finished before (report in place)";
        case CANCELLED -> "stopped: the task was killed (scancel, time limit or node failure)";
        default -> r.exitCode() > 128 && r.exitCode() < 160
            ? "the encoder was killed by signal " + (r.exitCode() - 128)
                + " (scancel, the time limit, memory limit or a node failure; exit status " + r.exitCode() + ")"
            : r.message();
      };
      new SlurmScheduler.TaskResult(r.status(), r.exitCode(), r.seconds(), message).write(resultFile);
      out.println("batch: job " + job.id() + ": " + message);
      out.flush();
      return r.finished() ? 0 : CliSupport.ERROR;
    } finally {
      ended.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // killed: the hook has stopped the job and waited for the result file
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
    boolean allFinished = results.stream().allMatch(JobResult::finished);
    long active = results.stream().filter(r -> r.status() == JobResult.Status.PENDING
        || r.status() == JobResult.Status.RUNNING).count();
    long missing = results.stream().filter(r -> r.status() == JobResult.Status.NOT_SUBMITTED).count();
    List<BdTable.Row> rows = allFinished || active == 0 && missing == 0
        ? BdTable.compute(plan, results, anchorVariant) : List.of();
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
    if (missing > 0 && failed == 0 && cancelled == 0) {
      err.println("batch: error: " + missing + " of " + results.size() + " jobs were never submitted (submit them with "
          + "--scheduler slurm)");
      err.flush();
      return CliSupport.ERROR;
    }
    if (active > 0 && failed == 0 && cancelled == 0) {
      out.println("batch: " + active + " of " + results.size() + " jobs pending or running; ask again with --status");
      out.flush();
      return 3;
    }
    if (failed > 0 || cancelled > 0) {
      if (quiet) {
        err.print(JobTable.rows(results, false));
      }
      err.print(JobTable.failures(results, outdir));
      err.println("batch: error: " + (failed > 0 ? failed + " of " + results.size() + " jobs failed" : "")
          + (failed > 0 && cancelled > 0 ? ", " : "")
          + (cancelled > 0 ? cancelled + " stopped (run the same command to resume)" : "")
          + (scheduler == Scheduler.slurm || status ? " (run the submission again: it resubmits the failed and missing jobs)" : ""));
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
