package org.nnpf.evaluation.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.nnpf.common.cli.CliSupport;

/**
 * {@code bin/batch --scheduler slurm} against a real SLURM: runs when {@code sbatch} is on the PATH
 * and a node answers (scripts/slurm-single-node.sh sets up one on a Debian machine; {@code .ci/run}
 * does when it may), skipped otherwise. The jobs are those of the fake encoder, so the test is about
 * the scheduler: the same reports and BD table as the local runner, a killed task reported and
 * resubmitted by a rerun, and the state read back with {@code --status}.
 */
@Timeout(600)
class SlurmBatchTest {
  @TempDir Path dir;

  private StringWriter out = new StringWriter();
  private StringWriter err = new StringWriter();

  @BeforeAll
  static void needsSlurm() {
    assumeTrue(SlurmScheduler.onPath("sbatch") && SlurmScheduler.onPath("squeue") && SlurmScheduler.onPath("sinfo"),
        "SLURM is not installed (scripts/slurm-single-node.sh)");
    SlurmScheduler.Run r = SlurmScheduler.run(List.of("sinfo", "-h", "-o", "%T"), 30);
    assumeTrue(r.exit() == 0 && r.output().matches("(?s).*(idle|mixed|allocated).*"),
        "no SLURM node is up: " + r.output().strip());
    // the tasks run this JVM's classes; under Surefire the class path is in its own property
    System.setProperty("nnpf.batch.classpath",
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
    System.setProperty("nnpf.batch.poll.millis", "500");
  }

  @AfterAll
  static void clear() {
    System.clearProperty("nnpf.batch.classpath");
    System.clearProperty("nnpf.batch.poll.millis");
  }

  private int batch(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    return CliSupport.run(new BatchCommand(), args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private Path plan(String name, String text, String... sequences) throws Exception {
    for (String s : sequences) {
      Files.writeString(dir.resolve(s), "x");
    }
    StringBuilder sb = new StringBuilder(text);
    for (String s : sequences) {
      sb.append("sequence : ").append(s).append('\n');
    }
    return Files.writeString(dir.resolve(name), sb);
  }

  private static String bdTable(String text) {
    int i = text.indexOf("BD-rate against");
    int j = text.indexOf("wrote ", i);
    return i < 0 || j < 0 ? "" : text.substring(i, j);
  }

  private static List<Path> reports(Path root) throws Exception {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.toString().endsWith(".json") && !p.toString().contains("/.")).sorted()
          .map(root::relativize).toList();
    }
  }

  @Test
  void aPlanRunsOnSlurmWithTheSameReportsAndBdTableAsTheLocalRunner() throws Exception {
    FakeEncoder fake = FakeEncoder.create(dir, "0");
    Path plan = plan("p.plan", "qps : 22 27 32 37\nmem : 200M\ntime : 10\n",
        "foreman_176x144_10f.yuv", "cars_320x240_30f.yuv");
    Path local = dir.resolve("local");
    assertEquals(0, batch(plan.toString(), "-o", local.toString(), "-j", "2", "--encoder", fake.script.toString()),
        err.toString());
    String localTable = bdTable(out.toString());
    assertFalse(localTable.isEmpty(), out.toString());

    Path cluster = dir.resolve("cluster");
    // a dry run writes the script and submits nothing
    assertEquals(0, batch(plan.toString(), "-o", cluster.toString(), "--scheduler", "slurm", "--dry-run",
        "--encoder", fake.script.toString()), err.toString());
    assertTrue(out.toString().contains("16 jobs would be submitted"), out.toString());
    String script = Files.readString(cluster.resolve(".slurm/dry-run/batch.sbatch"));
    assertTrue(script.contains("#SBATCH --array=0-15\n") && script.contains("#SBATCH --mem=200M\n")
        && script.contains("#SBATCH --time=10\n") && script.contains("--run-task"), script);
    assertEquals(List.of(), reports(cluster));

    assertEquals(0, batch(plan.toString(), "-o", cluster.toString(), "--scheduler", "slurm", "--wait",
        "--encoder", fake.script.toString()), err.toString() + out);
    assertTrue(out.toString().contains("submitted 16 jobs as SLURM job array"), out.toString());
    assertTrue(out.toString().contains("16 jobs: 16 done"), out.toString());
    assertEquals(localTable, bdTable(out.toString()));
    assertEquals(reports(local), reports(cluster));
    for (Path r : reports(local)) {
      assertArrayEquals(Files.readAllBytes(local.resolve(r)), Files.readAllBytes(cluster.resolve(r)), r.toString());
    }
    assertArrayEquals(Files.readAllBytes(local.resolve("bd-rate.csv")), Files.readAllBytes(cluster.resolve("bd-rate.csv")));
    // each job's log beside its outputs, each task's scheduler output in its submission
    assertTrue(Files.readString(cluster.resolve("nnpf/cars_320x240_30f_ra/cars_320x240_30f_ra_qp37.log"))
        .contains("encoding"));
    assertTrue(Files.isRegularFile(cluster.resolve(".slurm/0001/task-15.out")));

    // --status reads it back; a rerun submits nothing
    assertEquals(0, batch(plan.toString(), "-o", cluster.toString(), "--status"), err.toString());
    assertEquals(localTable, bdTable(out.toString()));
    assertEquals(0, batch(plan.toString(), "-o", cluster.toString(), "--scheduler", "slurm",
        "--encoder", fake.script.toString()), err.toString());
    assertTrue(out.toString().contains("nothing to submit"), out.toString());
    assertEquals(16, fake.calls().size() / 2, "each job ran once here and once locally");
  }

  @Test
  void aKilledTaskIsReportedAndResubmittedByARerun() throws Exception {
    FakeEncoder fake = FakeEncoder.create(dir, "0");
    Path plan = plan("k.plan", "qps : 22\nvariant : nnpf\nmem : 200M\n", "a_176x144.yuv", "b_slow_176x144.yuv");
    Path o = dir.resolve("k");
    // jobs not submitted yet are missing
    assertEquals(CliSupport.ERROR, batch(plan.toString(), "-o", o.toString(), "--status"));
    assertTrue(err.toString().contains("never submitted"), err.toString());

    assertEquals(0, batch(plan.toString(), "-o", o.toString(), "--scheduler", "slurm", "--encoder",
        fake.script.toString()), err.toString());
    String id = Files.readString(o.resolve(".slurm/0001/slurm-job-id")).strip();
    List<String> tasks = Files.readAllLines(o.resolve(".slurm/0001/tasks.txt"));
    int victim = tasks.indexOf("nnpf/b_slow_176x144_ra_qp22");
    assertTrue(victim >= 0, tasks.toString());
    // wait until the victim runs (the fake encoder sleeps 60 s for *slow* sequences), then kill it
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (!SlurmScheduler.run(List.of("squeue", "-h", "-r", "-j", id, "-o", "%i %T"), 30).output()
        .contains(id + "_" + victim + " RUNNING")) {
      assertTrue(System.nanoTime() < deadline, "task " + victim + " never ran");
      Thread.sleep(300);
    }
    Thread.sleep(2000); // the job's encoder has started
    assertEquals(0, SlurmScheduler.run(List.of("scancel", id + "_" + victim), 30).exit());
    int st;
    do {
      Thread.sleep(500);
      st = batch(plan.toString(), "-o", o.toString(), "--status");
    } while (st == 3 && System.nanoTime() < deadline + 240_000_000_000L);
    assertEquals(CliSupport.ERROR, st, out.toString() + err);
    assertTrue(err.toString().contains("FAILED nnpf/b_slow_176x144_ra_qp22"), err.toString());
    assertTrue(err.toString().contains("killed"), err.toString());
    assertTrue(out.toString().contains("2 jobs: 1 done, 1 failed"), out.toString());
    assertFalse(Files.exists(o.resolve("nnpf/b_slow_176x144_ra/b_slow_176x144_ra_qp22.json")), "no report");
    assertFalse(Files.exists(o.resolve("nnpf/b_slow_176x144_ra/b_slow_176x144_ra_qp22.bin")), "no partial output");
    assertTrue(Files.exists(o.resolve("nnpf/b_slow_176x144_ra/b_slow_176x144_ra_qp22.log")), "its log stays");

    // the rerun submits exactly the killed job (and this time the encoder is quick)
    Files.writeString(fake.script, Files.readString(fake.script).replace("*slow*) delay=60", "*slow*) delay=0"));
    assertEquals(0, batch(plan.toString(), "-o", o.toString(), "--scheduler", "slurm", "--wait",
        "--encoder", fake.script.toString()), err.toString() + out);
    assertTrue(out.toString().contains("submitted 1 jobs"), out.toString());
    assertEquals(List.of("nnpf/b_slow_176x144_ra_qp22"), Files.readAllLines(o.resolve(".slurm/0002/tasks.txt")));
    assertTrue(out.toString().contains("2 jobs: 2 done"), out.toString());
    assertTrue(Files.exists(o.resolve("nnpf/b_slow_176x144_ra/b_slow_176x144_ra_qp22.json")));
  }
}
