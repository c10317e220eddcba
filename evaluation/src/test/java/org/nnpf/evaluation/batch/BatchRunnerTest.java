package org.nnpf.evaluation.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.nnpf.common.NnpfException;
import org.nnpf.encoder.report.EncoderReportJson;

/** The runner against a fake encoder script: parallel jobs, skips, failures, interruption and resumption. */
@Timeout(60)
class BatchRunnerTest {
  @TempDir Path dir;

  private final List<String> notes = Collections.synchronizedList(new ArrayList<>());
  private final List<String> events = Collections.synchronizedList(new ArrayList<>());

  private final BatchRunner.Listener listener = new BatchRunner.Listener() {
    @Override
    public void skipped(JobResult r) {
      events.add("skipped " + r.job().id());
    }

    @Override
    public void started(Job job) {
      events.add("started " + job.id());
    }

    @Override
    public void finished(JobResult r) {
      events.add(r.status() + " " + r.job().id());
    }

    @Override
    public void note(String message) {
      notes.add(message);
    }
  };

  private Plan plan(String text, String... sequences) throws Exception {
    for (String s : sequences) {
      Files.writeString(dir.resolve(s), "not a real sequence");
    }
    StringBuilder sb = new StringBuilder(text);
    for (String s : sequences) {
      sb.append("sequence : ").append(s).append('\n');
    }
    return PlanReader.read(Files.writeString(dir.resolve("test.plan"), sb));
  }

  private Path out() {
    return dir.resolve("out");
  }

  private static long count(List<JobResult> results, JobResult.Status status) {
    return results.stream().filter(r -> r.status() == status).count();
  }

  private List<Path> files(Path root) throws Exception {
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  @Test
  void jobsRunInParallelUpToTheLimitAndLeaveReportsInPlace() throws Exception {
    FakeEncoder fake = FakeEncoder.create(dir, "0.4");
    Plan plan = plan("qps : 22 27 32\n", "a_176x144_10f.yuv");
    List<JobResult> results = new BatchRunner(fake.script, out(), 2, 1, false, listener).run(plan.jobs());

    assertEquals(6, count(results, JobResult.Status.DONE));
    assertEquals(2, Collections.max(fake.concurrency()), fake.concurrency().toString());
    assertEquals(6, fake.calls().size());
    for (JobResult r : results) {
      Job j = r.job();
      assertTrue(Files.isRegularFile(j.report(out())));
      assertEquals(r.report(), EncoderReportJson.read(j.report(out())));
      assertEquals(j.qp(), r.report().qp());
      assertEquals(j.variant().name().equals("anchor"), r.report().postFilteredPsnr() == null);
      assertEquals("BITSTREAM", Files.readString(j.bitstream(out())));
      assertEquals("sequence,qp\n", Files.readString(j.directory(out()).resolve(j.name() + ".csv")));
      String log = Files.readString(j.log(out()));
      assertTrue(log.startsWith("# nnpf batch: " + fake.script + " -i "), log);
      assertTrue(log.contains("encoding " + dir.resolve("a_176x144_10f.yuv") + " at QP " + j.qp()), log);
    }
    assertFalse(Files.exists(out().resolve(Job.PARTIAL_DIR)));
    assertEquals(List.of(), notes);
  }

  @Test
  void finishedJobsAreSkipped() throws Exception {
    FakeEncoder fake = FakeEncoder.create(dir, "0");
    Plan plan = plan("qps : 22 37\n", "a.yuv");
    new BatchRunner(fake.script, out(), 2, 1, false, listener).run(plan.jobs());
    assertEquals(4, fake.calls().size());
    events.clear();

    List<JobResult> again = new BatchRunner(fake.script, out(), 2, 1, false, listener).run(plan.jobs());
    assertEquals(4, count(again, JobResult.Status.SKIPPED));
    assertEquals(4, fake.calls().size());
    assertEquals(37, again.get(3).report().qp());
    assertTrue(events.stream().allMatch(e -> e.startsWith("skipped ")), events.toString());

    List<JobResult> forced = new BatchRunner(fake.script, out(), 2, 1, true, listener).run(plan.jobs());
    assertEquals(4, count(forced, JobResult.Status.DONE));
    assertEquals(8, fake.calls().size());
  }

  @Test
  void failingJobIsReportedWithItsLogAndLeavesNoOutputsButTheLog() throws Exception {
    FakeEncoder fake = FakeEncoder.create(dir, "0");
    Plan plan = plan("qps : 22 27 32 37\nvariant : nnpf\n", "good.yuv", "broken.yuv");
    List<JobResult> results = new BatchRunner(fake.script, out(), 2, 1, false, listener).run(plan.jobs());

    assertEquals(4, count(results, JobResult.Status.DONE));
    assertEquals(4, count(results, JobResult.Status.FAILED));
    JobResult bad = results.get(4);
    assertEquals("nnpf/broken_ra_qp22", bad.job().id());
    assertEquals(JobResult.Status.FAILED, bad.status());
    assertEquals(1, bad.exitCode());
    assertEquals("the encoder exited with status 1", bad.message());
    assertFalse(Files.exists(bad.job().report(out())));
    assertFalse(Files.exists(bad.job().bitstream(out())));
    assertTrue(Files.readString(bad.job().log(out())).contains("encoder: error: "));
    String command = Words.shell(new BatchRunner(fake.script, out(), 1, 1, false, listener).command(bad.job()));
    assertEquals("# nnpf batch: " + command, Files.readAllLines(bad.job().log(out())).get(0));
    List<String> tail = JobTable.tail(bad.job().log(out()));
    assertEquals(List.of("encoding " + dir.resolve("broken.yuv") + " at QP 22",
        "encoder: error: " + dir.resolve("broken.yuv") + ": 176x144 4:2:0 does not divide the file size"), tail.subList(1, 3));
    assertTrue(tail.get(0).length() <= 203 && tail.get(0).startsWith("# nnpf batch: "), tail.get(0));
  }

  @Test
  void encoderThatWritesNoReportOrAnotherJobsReportFails() throws Exception {
    FakeEncoder fake = FakeEncoder.create(dir, "0");
    Plan plan = plan("qps : 22\nvariant : nnpf\n", "noreport.yuv", "wrongqp.yuv");
    List<JobResult> results = new BatchRunner(fake.script, out(), 1, 1, false, listener).run(plan.jobs());
    assertEquals(JobResult.Status.FAILED, results.get(0).status());
    assertTrue(results.get(0).message().startsWith("the encoder exited with status 0 but wrote no report"), results.get(0).message());
    assertFalse(Files.exists(results.get(0).job().bitstream(out())));
    assertEquals(JobResult.Status.FAILED, results.get(1).status());
    assertEquals("the encoder's report is of QP 23 (job: 22)", results.get(1).message());
    assertFalse(Files.exists(out().resolve(Job.PARTIAL_DIR)));
  }

  @Test
  void invalidReportInPlaceIsReplacedByRunningTheJobAgain() throws Exception {
    FakeEncoder fake = FakeEncoder.create(dir, "0");
    Plan plan = plan("qps : 22\nvariant : nnpf\n", "a.yuv");
    Job job = plan.jobs().get(0);
    Files.createDirectories(job.directory(out()));
    Files.writeString(job.report(out()), "{\"format\": \"nnpf-encoder-report\", \"version\": 1");
    List<JobResult> results = new BatchRunner(fake.script, out(), 1, 1, false, listener).run(plan.jobs());
    assertEquals(JobResult.Status.DONE, results.get(0).status());
    assertEquals(1, notes.size());
    assertTrue(notes.get(0).startsWith("nnpf/a_ra_qp22: the report in place is not valid ("), notes.get(0));
    assertEquals(22, EncoderReportJson.read(job.report(out())).qp());
  }

  @Test
  void encoderThatCannotRunFailsTheBatchBeforeAnyJob() throws Exception {
    Plan plan = plan("qps : 22\nvariant : nnpf\n", "a.yuv");
    NnpfException missing = assertThrows(NnpfException.class,
        () -> new BatchRunner(dir.resolve("no-encoder"), out(), 1, 1, false, listener).run(plan.jobs()));
    assertTrue(missing.getMessage().startsWith("encoder " + dir.resolve("no-encoder") + ": cannot start it: "), missing.getMessage());

    Path broken = Files.writeString(dir.resolve("broken-encoder"), "#!/usr/bin/env bash\necho 'nnpf: build failed' >&2\nexit 2\n");
    Files.setPosixFilePermissions(broken, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    NnpfException failed = assertThrows(NnpfException.class,
        () -> new BatchRunner(broken, out(), 1, 1, false, listener).run(plan.jobs()));
    assertEquals("encoder " + broken + ": '" + broken + " --help' exited with status 2:\n  nnpf: build failed", failed.getMessage());
    assertEquals(List.of(), events);
    assertFalse(Files.exists(out()));
  }

  @Test
  void interruptedBatchStopsItsEncodersAndResumesWhereItStopped() throws Exception {
    FakeEncoder fake = FakeEncoder.create(dir, "0");
    // Job order: a (fast) at 4 QPs × 1 variant, then slow at 4 QPs; two at a time.
    Plan plan = plan("qps : 22 27 32 37\nvariant : nnpf\n", "a.yuv", "slow.yuv");
    BatchRunner runner = new BatchRunner(fake.script, out(), 2, 1, false, listener);
    AtomicReference<List<JobResult>> results = new AtomicReference<>();
    Thread t = new Thread(() -> results.set(runner.run(plan.jobs())));
    t.start();
    Path slowRunning = fake.state.resolve("running");
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (fake.calls().stream().filter(c -> c.startsWith("slow ")).count() < 2 || files(slowRunning).size() < 2) {
      assertTrue(System.nanoTime() < deadline, "the slow jobs did not start");
      Thread.sleep(20);
    }
    t.interrupt();
    t.join(15_000);
    assertFalse(t.isAlive());

    List<JobResult> first = results.get();
    assertEquals(4, count(first, JobResult.Status.DONE));
    assertEquals(4, count(first, JobResult.Status.CANCELLED));
    assertEquals("stopped: the batch was interrupted", first.get(4).message());
    assertEquals("not started: the batch was interrupted", first.get(7).message());
    for (JobResult r : first.subList(4, 8)) {
      assertFalse(Files.exists(r.job().report(out())));
      assertFalse(Files.exists(r.job().bitstream(out())));
    }
    // The stopped encoders' temporary files are gone; their logs stay.
    assertEquals(List.of(first.get(4).job().log(out()), first.get(5).job().log(out())),
        files(first.get(4).job().directory(out())));
    assertFalse(Files.exists(out().resolve(Job.PARTIAL_DIR)));
    long stopDeadline = System.nanoTime() + 5_000_000_000L;
    while (ProcessHandle.current().descendants().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < stopDeadline) {
      Thread.sleep(20);
    }
    assertEquals(0, ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count(), "encoders left running");
    assertEquals(6, fake.calls().size());

    FakeEncoder fast = FakeEncoder.create(dir.resolve("fast"), "0");
    Files.move(fake.script, dir.resolve("slow-encoder"));
    Files.copy(fast.script, fake.script);
    Files.writeString(fake.script, Files.readString(fake.script).replace("*slow*) delay=60", "*neverslow*) delay=60"));
    List<JobResult> second = new BatchRunner(fake.script, out(), 2, 1, false, listener).run(plan.jobs());
    assertEquals(4, count(second, JobResult.Status.SKIPPED));
    assertEquals(4, count(second, JobResult.Status.DONE));
    assertEquals(List.of("slow 22 1", "slow 27 1", "slow 32 1", "slow 37 1"), fast.calls().stream().sorted().toList());
  }
}
