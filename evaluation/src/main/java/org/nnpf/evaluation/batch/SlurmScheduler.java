package org.nnpf.evaluation.batch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.nnpf.common.NnpfException;
import org.nnpf.encoder.report.AtomicFiles;
import org.nnpf.encoder.report.EncoderReport;

/**
 * Runs the jobs of a plan on a SLURM cluster as one job array per submission
 * (docs/batch-and-cfg.md, "Campaigns on a cluster").
 *
 * <p>State lives in the output directory, which must be on a file system that the submit host and
 * the compute nodes share: {@code OUTDIR/.slurm/NNNN/} is one submission, holding {@code tasks.txt}
 * (array index i runs the job on line i + 1, named by its id {@code VARIANT/SEQ_STRUCTURE_qpQP}),
 * {@code batch.sbatch} (the script given to {@code sbatch}), {@code slurm-job-id}, the scheduler's
 * output of each task ({@code task-I.out}) and, when a task ends, {@code task-I.result} (its status,
 * exit status, seconds and message). Each task runs its job exactly as the local runner does
 * ({@link BatchRunner}: report written aside and moved into place on success, outputs of a failed
 * or killed job removed, the encoder's log beside the job's outputs).
 *
 * <p>A job's state: <b>done</b> when its report is in place; else, from the latest submission that
 * lists it, <b>pending</b> or <b>running</b> as {@code squeue} says; else <b>failed</b> when that
 * submission's task ended (with its recorded status, or, when it left no result, as killed or lost,
 * with {@code sacct}'s state where accounting is enabled); else <b>missing</b>. A submission
 * submits the jobs that are neither done nor pending nor running, so running the same command again
 * resubmits exactly the failed, killed and missing jobs.
 */
final class SlurmScheduler {
  static final String DIR = ".slurm";
  static final String TASKS = "tasks.txt";
  static final String SCRIPT = "batch.sbatch";
  static final String JOB_ID = "slurm-job-id";

  /** What to give {@code sbatch} and the tasks. */
  record Settings(
      Plan.Resources resources,
      List<String> sbatchOptions,
      Path encoder,
      int threads,
      boolean force,
      String anchorVariant) {}

  /** One earlier submission. */
  record Submission(Path dir, List<String> jobIds, String slurmJobId) {
    int index(String jobId) {
      return jobIds.indexOf(jobId);
    }

    Path result(int index) {
      return dir.resolve("task-" + index + ".result");
    }

    Path out(int index) {
      return dir.resolve("task-" + index + ".out");
    }
  }

  private final Plan plan;
  private final Path outdir;
  private final BatchRunner runner;

  SlurmScheduler(Plan plan, Path outdir, BatchRunner runner) {
    this.plan = plan;
    this.outdir = outdir.toAbsolutePath();
    this.runner = runner;
  }

  /** Whether {@code command} is on the PATH. */
  static boolean onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String d : path.split(java.io.File.pathSeparator)) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, command))) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------------------------- submission

  /** The result of {@link #submit}: the jobs submitted and the submission (empty when none). */
  record Submitted(List<Job> jobs, Optional<Submission> submission, Path script) {}

  /**
   * Submits the jobs that are neither done nor pending nor running (with {@code force}: every job
   * not pending or running) as one job array. With {@code dryRun} the script is written to
   * {@code OUTDIR/.slurm/dry-run/} and nothing is submitted.
   */
  Submitted submit(Settings settings, boolean dryRun) {
    List<JobResult> state = status();
    List<Job> toRun = new ArrayList<>();
    for (JobResult r : state) {
      boolean active = r.status() == JobResult.Status.PENDING || r.status() == JobResult.Status.RUNNING;
      if (!active && (settings.force() || !r.finished())) {
        toRun.add(r.job());
      }
    }
    if (toRun.isEmpty()) {
      return new Submitted(List.of(), Optional.empty(), null);
    }
    Path root = outdir.resolve(DIR);
    Path dir;
    try {
      Files.createDirectories(root);
      if (dryRun) {
        dir = root.resolve("dry-run");
        Files.createDirectories(dir);
      } else {
        dir = newSubmissionDirectory(root);
      }
    } catch (IOException e) {
      throw new NnpfException("cannot create the submission directory under " + root + ": " + e.getMessage(), e);
    }
    StringBuilder tasks = new StringBuilder();
    for (Job j : toRun) {
      tasks.append(j.id()).append('\n');
    }
    AtomicFiles.write(dir.resolve(TASKS), tasks.toString().getBytes(StandardCharsets.UTF_8));
    Path script = dir.resolve(SCRIPT);
    AtomicFiles.write(script, script(dir, toRun.size(), settings).getBytes(StandardCharsets.UTF_8));
    if (dryRun) {
      return new Submitted(toRun, Optional.empty(), script);
    }
    String id;
    try {
      id = sbatch(script);
    } catch (RuntimeException e) {
      deleteQuietly(dir);
      throw e;
    }
    AtomicFiles.write(dir.resolve(JOB_ID), (id + "\n").getBytes(StandardCharsets.UTF_8));
    return new Submitted(toRun, Optional.of(new Submission(dir, toRun.stream().map(Job::id).toList(), id)), script);
  }

  private static Path newSubmissionDirectory(Path root) throws IOException {
    int next = 1;
    try (var s = Files.list(root)) {
      for (Path p : s.toList()) {
        String n = p.getFileName().toString();
        if (n.matches("[0-9]{4,}")) {
          next = Math.max(next, Integer.parseInt(n) + 1);
        }
      }
    }
    for (; ; next++) {
      Path d = root.resolve(String.format(Locale.ROOT, "%04d", next));
      try {
        return Files.createDirectory(d);
      } catch (java.nio.file.FileAlreadyExistsException raced) {
        // another bin/batch made it: take the next number
      }
    }
  }

  /** The sbatch script of a submission of {@code count} jobs in {@code dir}. */
  String script(Path dir, int count, Settings s) {
    Plan.Resources r = s.resources();
    StringBuilder sb = new StringBuilder("#!/bin/sh\n");
    sb.append("# nnpf bin/batch --scheduler slurm: one array task per line of ").append(dir.resolve(TASKS)).append('\n');
    sb.append("# plan: ").append(plan.file()).append('\n');
    sb.append("#SBATCH --job-name=nnpf-batch\n");
    sb.append("#SBATCH --array=0-").append(count - 1).append('\n');
    sb.append("#SBATCH --output=").append(dir.resolve("task-%a.out")).append('\n');
    sb.append("#SBATCH --chdir=").append(plan.directory()).append('\n');
    if (r.cpus() != null) {
      sb.append("#SBATCH --cpus-per-task=").append(r.cpus()).append('\n');
    }
    if (r.mem() != null) {
      sb.append("#SBATCH --mem=").append(r.mem()).append('\n');
    }
    if (r.time() != null) {
      sb.append("#SBATCH --time=").append(r.time()).append('\n');
    }
    if (r.partition() != null) {
      sb.append("#SBATCH --partition=").append(r.partition()).append('\n');
    }
    for (String o : s.sbatchOptions()) {
      sb.append("#SBATCH --").append(o).append('\n');
    }
    List<String> command = new ArrayList<>(List.of(
        javaCommand(), "-cp", classPath(), BatchCommand.class.getName(),
        plan.file().toString(), "-o", outdir.toString(),
        "--encoder", s.encoder().toAbsolutePath().toString(),
        "--threads", Integer.toString(s.threads()),
        "--anchor-variant", s.anchorVariant(),
        "--run-task", dir.toString()));
    if (s.force()) {
      command.add("--force");
    }
    sb.append("exec ").append(Words.shell(command)).append(" --task-index \"$SLURM_ARRAY_TASK_ID\"\n");
    return sb.toString();
  }

  /** The java executable running this JVM. */
  static String javaCommand() {
    return ProcessHandle.current().info().command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /** The class path the tasks run with: {@code nnpf.batch.classpath} if set, else this JVM's. */
  static String classPath() {
    String cp = System.getProperty("nnpf.batch.classpath");
    if (cp == null || cp.isBlank()) {
      cp = System.getProperty("java.class.path");
    }
    List<String> abs = new ArrayList<>();
    for (String e : cp.split(java.io.File.pathSeparator)) {
      if (!e.isEmpty()) {
        abs.add(Path.of(e).toAbsolutePath().toString());
      }
    }
    return String.join(java.io.File.pathSeparator, abs);
  }

  private static String sbatch(Path script) {
    Run r = run(List.of("sbatch", "--parsable", script.toString()), 120);
    if (r.exit != 0) {
      throw new NnpfException("sbatch " + script + " exited with status " + r.exit + (r.output.isBlank() ? "" : ": " + r.output.strip()));
    }
    String line = r.output.strip();
    String[] lines = line.split("\r?\n");
    String id = lines[lines.length - 1].split(";")[0].strip();
    if (!id.matches("[0-9]+")) {
      throw new NnpfException("sbatch " + script + ": unexpected answer '" + line + "' (expected a job id)");
    }
    return id;
  }

  // ---------------------------------------------------------------------------------- status

  /** The submissions under {@code OUTDIR/.slurm}, oldest first (dry runs and broken ones left out). */
  List<Submission> submissions() {
    Path root = outdir.resolve(DIR);
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    List<Submission> out = new ArrayList<>();
    try (var s = Files.list(root)) {
      for (Path d : s.filter(p -> p.getFileName().toString().matches("[0-9]{4,}")).sorted().toList()) {
        Path tasks = d.resolve(TASKS);
        Path id = d.resolve(JOB_ID);
        if (Files.isRegularFile(tasks) && Files.isRegularFile(id)) {
          List<String> ids = Files.readAllLines(tasks, StandardCharsets.UTF_8).stream()
              .filter(l -> !l.isBlank()).toList();
          out.add(new Submission(d, ids, Files.readString(id, StandardCharsets.UTF_8).strip()));
        }
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new NnpfException("cannot read the submissions in " + root + ": " + e.getMessage(), e);
    }
    return out;
  }

  /** Every job's state, in plan order. */
  List<JobResult> status() {
    List<Submission> subs = submissions();
    Map<String, Submission> latest = new HashMap<>();
    for (Submission s : subs) {
      for (String id : s.jobIds()) {
        latest.put(id, s);
      }
    }
    Map<String, Map<Integer, String>> queue = new HashMap<>();
    List<JobResult> out = new ArrayList<>();
    for (Job job : plan.jobs()) {
      Optional<EncoderReport> report = runner.finishedReport(job);
      Submission s = latest.get(job.id());
      TaskResult tr = s == null ? null : TaskResult.read(s.result(s.index(job.id())));
      if (report.isPresent()) {
        out.add(new JobResult(job, JobResult.Status.DONE, 0, tr == null ? 0 : tr.seconds, report.get(), null));
        continue;
      }
      if (s == null) {
        out.add(new JobResult(job, JobResult.Status.NOT_SUBMITTED, -1, 0, null, "not submitted"));
        continue;
      }
      int index = s.index(job.id());
      String state = queue.computeIfAbsent(s.slurmJobId(), SlurmScheduler::squeue).get(index);
      if (state != null && (state.startsWith("PENDING") || state.startsWith("CONFIGURING") || state.startsWith("REQUEUE")
          || state.startsWith("SUSPENDED") || state.startsWith("RESV_DEL_HOLD"))) {
        out.add(new JobResult(job, JobResult.Status.PENDING, -1, 0, null, "SLURM " + s.slurmJobId() + "_" + index));
      } else if (state != null && (state.startsWith("RUNNING") || state.startsWith("COMPLETING")
          || state.startsWith("STAGE_OUT") || state.startsWith("SIGNALING"))) {
        out.add(new JobResult(job, JobResult.Status.RUNNING, -1, 0, null, "SLURM " + s.slurmJobId() + "_" + index));
      } else if (tr != null) {
        String msg = "SLURM task " + s.slurmJobId() + "_" + index + ": " + tr.message;
        out.add(new JobResult(job, JobResult.Status.FAILED, tr.exit, tr.seconds, null, msg));
      } else {
        String acct = sacct(s.slurmJobId(), index);
        out.add(new JobResult(job, JobResult.Status.FAILED, -1, 0, null, "SLURM task " + s.slurmJobId() + "_" + index
            + " ended without recording a result (killed or lost"
            + (acct == null ? "" : "; sacct: " + acct) + (state == null ? "" : "; squeue: " + state)
            + "); scheduler output: " + s.out(index)));
      }
    }
    return out;
  }

  /** Array index to state of the tasks of {@code jobId} that {@code squeue} still lists. */
  private static Map<Integer, String> squeue(String jobId) {
    Map<Integer, String> m = new HashMap<>();
    if (!onPath("squeue")) {
      return m;
    }
    Run r = run(List.of("squeue", "-h", "-r", "-j", jobId, "-o", "%i %T"), 60);
    if (r.exit != 0) {
      return m; // e.g. "Invalid job id specified": the job has left the queue
    }
    for (String line : r.output.split("\r?\n")) {
      String[] f = line.strip().split("\\s+");
      if (f.length == 2 && f[0].startsWith(jobId + "_")) {
        String idx = f[0].substring(jobId.length() + 1);
        if (idx.matches("[0-9]+")) {
          m.put(Integer.parseInt(idx), f[1]);
        }
      }
    }
    return m;
  }

  /** {@code STATE exit CODE} of an array task from {@code sacct}, or null when accounting is not available. */
  private static String sacct(String jobId, int index) {
    if (!onPath("sacct")) {
      return null;
    }
    Run r = run(List.of("sacct", "-n", "-P", "-X", "-j", jobId + "_" + index, "-o", "State,ExitCode"), 60);
    if (r.exit != 0 || r.output.isBlank() || r.output.contains("disabled")) {
      return null;
    }
    String[] f = r.output.strip().split("\r?\n")[0].split("\\|");
    return f.length == 2 ? f[0] + " exit " + f[1] : null;
  }

  // ---------------------------------------------------------------------------------- one task

  /** What a task leaves when it ends: {@code STATUS EXIT SECONDS} on the first line, the message on the second. */
  record TaskResult(JobResult.Status status, int exit, double seconds, String message) {
    static TaskResult read(Path file) {
      if (file == null || !Files.isRegularFile(file)) {
        return null;
      }
      try {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        String[] f = lines.get(0).strip().split(" ");
        return new TaskResult(JobResult.Status.valueOf(f[0]), Integer.parseInt(f[1]), Double.parseDouble(f[2]),
            lines.size() > 1 ? lines.get(1) : "");
      } catch (IOException | RuntimeException e) {
        return new TaskResult(JobResult.Status.FAILED, -1, 0, "unreadable task result " + file + ": " + e.getMessage());
      }
    }

    void write(Path file) {
      String text = String.format(Locale.ROOT, "%s %d %.3f%n%s%n", status, exit, seconds,
          message == null ? "" : message.replace('\n', ' '));
      AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** The job that array task {@code index} of submission {@code dir} runs. */
  Job taskJob(Path dir, int index) {
    Path tasks = dir.resolve(TASKS);
    List<String> ids;
    try {
      ids = Files.readAllLines(tasks, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
    } catch (IOException e) {
      throw new NnpfException("--run-task " + dir + ": cannot read " + tasks + ": " + e.getMessage(), e);
    }
    if (index < 0 || index >= ids.size()) {
      throw new NnpfException("--task-index " + index + ": " + tasks + " lists " + ids.size() + " jobs (indexes 0.."
          + (ids.size() - 1) + ")");
    }
    Map<String, Job> byId = new LinkedHashMap<>();
    for (Job j : plan.jobs()) {
      byId.put(j.id(), j);
    }
    Job job = byId.get(ids.get(index));
    if (job == null) {
      throw new NnpfException(tasks + ":" + (index + 1) + ": job " + ids.get(index) + " is not a job of " + plan.file()
          + " (was the plan changed after submitting?)");
    }
    return job;
  }

  // ---------------------------------------------------------------------------------- processes

  record Run(int exit, String output) {}

  static Run run(List<String> command, int timeoutSeconds) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
      byte[] out;
      try (var in = p.getInputStream()) {
        out = in.readAllBytes();
      }
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new NnpfException(Words.shell(command) + ": no answer in " + timeoutSeconds + " s");
      }
      return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new NnpfException("cannot run " + command.get(0) + ": " + e.getMessage()
          + " (is SLURM installed on this host? docs/batch-and-cfg.md)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new NnpfException(command.get(0) + ": interrupted", e);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      // left behind: it has no slurm-job-id, so it is not a submission
    }
  }
}
