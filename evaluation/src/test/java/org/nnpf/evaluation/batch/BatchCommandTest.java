package org.nnpf.evaluation.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.nnpf.common.cli.CliSupport;
import org.nnpf.evaluation.compare.CompareCommand;

/** {@code bin/batch} in-process against a fake encoder, and the reports it leaves read by {@code bin/compare}. */
@Timeout(60)
class BatchCommandTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int batch(String... args) {
    return CliSupport.run(new BatchCommand(), args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private Path plan(String text, String... sequences) throws Exception {
    for (String s : sequences) {
      Files.writeString(dir.resolve(s), "x");
    }
    StringBuilder sb = new StringBuilder(text);
    for (String s : sequences) {
      sb.append("sequence : ").append(s).append('\n');
    }
    return Files.writeString(dir.resolve("p.plan"), sb);
  }

  @Test
  void batchRunsEveryJobPrintsTablesAndLeavesReportsThatCompareReads() throws Exception {
    FakeEncoder fake = FakeEncoder.create(dir, "0");
    Path plan = plan("", "foreman_176x144_10f.yuv", "cars_320x240_30f.yuv");
    Path o = dir.resolve("out");
    assertEquals(0, batch(plan.toString(), "-o", o.toString(), "-j", "2", "--encoder", fake.script.toString()), err.toString());

    String text = out.toString();
    assertTrue(text.contains("batch: 16 jobs, 0 finished before, 16 to run, 2 at a time; output in " + o), text);
    assertTrue(text.contains("done anchor/foreman_176x144_10f_ra_qp22 ("), text);
    assertTrue(text.contains("16 jobs: 16 done\n"), text);
    assertTrue(text.matches("(?s).*\nnnpf +cars_320x240_30f_ra_qp37 +done +\\d+\\.\\d s +\\d+\\.\\d{4} +35\\.5000\n.*"), text);
    assertTrue(text.contains("BD-rate against anchor (JVET CTC PCHIP"), text);
    assertTrue(text.matches("(?s).*\nnnpf +average +ra +-\\d+\\.\\d\\d % +-\\d+\\.\\d\\d % +-\\d+\\.\\d\\d %\n.*"), text);
    assertEquals("", err.toString());

    // bin/compare reads one curve directory of each variant directly.
    Path bd = dir.resolve("bd.json");
    StringWriter cout = new StringWriter();
    StringWriter cerr = new StringWriter();
    int c = CompareCommand.commandLine(new PrintWriter(cout, true), new PrintWriter(cerr, true)).execute(
        "--anchor", o.resolve("anchor/foreman_176x144_10f_ra").toString(),
        "--test", o.resolve("nnpf/foreman_176x144_10f_ra").toString(), "--json", bd.toString(), "--quiet");
    assertEquals(0, c, cerr.toString());
    JsonObject json = JsonParser.parseString(Files.readString(bd)).getAsJsonObject();
    double compareY = json.getAsJsonObject("pchip").getAsJsonObject("Y").get("bd_rate").getAsDouble();
    assertTrue(compareY < 0, Double.toString(compareY));

    // ... and the batch's bd-rate.csv has the same value.
    List<String> csv = Files.readAllLines(o.resolve("bd-rate.csv"));
    assertEquals(BdTable.CSV_HEADER, csv.get(0));
    assertEquals(1 + 2 * 2 * 4, csv.size());
    String row = csv.stream().filter(l -> l.startsWith("nnpf,anchor,foreman_176x144_10f,ra,pchip,Y,")).findFirst().orElseThrow();
    assertEquals(compareY, Double.parseDouble(row.split(",")[6]), 0);
  }

  @Test
  void secondRunSkipsFinishedJobs() throws Exception {
    FakeEncoder fake = FakeEncoder.create(dir, "0");
    Path plan = plan("qps : 22 27 32 37\n", "a.yuv");
    String[] args = {plan.toString(), "-o", dir.resolve("out").toString(), "--encoder", fake.script.toString()};
    assertEquals(0, batch(args));
    out.getBuffer().setLength(0);
    assertEquals(0, batch(args));
    assertTrue(out.toString().contains("8 jobs: 0 done, 8 skipped (finished before)\n"), out.toString());
    assertTrue(out.toString().contains("BD-rate against anchor"), out.toString());
    assertEquals(8, fake.calls().size());
  }

  @Test
  void failedJobsGiveExitStatusOneWithTheirLogs() throws Exception {
    FakeEncoder fake = FakeEncoder.create(dir, "0");
    Path plan = plan("qps : 22 27 32 37\n", "good.yuv", "broken.yuv");
    Path o = dir.resolve("out");
    assertEquals(1, batch(plan.toString(), "-o", o.toString(), "--encoder", fake.script.toString()));
    String e = err.toString();
    String log = o.resolve("anchor/broken_ra/broken_ra_qp22.log").toString();
    assertTrue(e.contains("FAILED anchor/broken_ra_qp22: the encoder exited with status 1; log: " + log + "\n"), e);
    assertTrue(e.contains("    | encoder: error: " + dir.resolve("broken.yuv") + ": 176x144 4:2:0 does not divide the file size\n"), e);
    assertTrue(e.endsWith("batch: error: 8 of 16 jobs failed\n"), e);
    String t = out.toString();
    assertTrue(t.contains("16 jobs: 8 done, 8 failed\n"), t);
    assertTrue(t.matches("(?s).*\nnnpf +good +ra +-\\d+\\.\\d\\d % .*"), t);
    assertTrue(t.contains("n/a: nnpf broken ra: jobs not finished (anchor 0/4, nnpf 0/4)"), t);
  }

  @Test
  void quietPrintsOnlyTheFailures() throws Exception {
    FakeEncoder fake = FakeEncoder.create(dir, "0");
    Path plan = plan("qps : 22\n", "good.yuv", "broken.yuv");
    assertEquals(1, batch(plan.toString(), "-o", dir.resolve("out").toString(), "--encoder", fake.script.toString(), "--quiet"));
    assertEquals("", out.toString());
    String e = err.toString();
    assertTrue(e.matches("(?s)\\[\\d/4\\] FAILED (anchor|nnpf)/broken_ra_qp22: the encoder exited with status 1; log: .*"), e);
    assertTrue(e.matches("(?s).*\nanchor +broken_ra_qp22 +FAILED +\\d+\\.\\d s\n.*"), e);
    assertTrue(e.contains("FAILED nnpf/broken_ra_qp22: the encoder exited with status 1; log: "), e);
    assertTrue(e.endsWith("batch: error: 2 of 4 jobs failed\n"), e);
    assertFalse(e.contains("good_ra_qp22"), e);
  }

  @Test
  void dryRunPrintsTheCommandsAndRunsNothing() throws Exception {
    FakeEncoder fake = FakeEncoder.create(dir, "0");
    Path plan = plan("qps : 22\nframes : 2\n", "a.yuv");
    Path o = dir.resolve("out");
    assertEquals(0, batch(plan.toString(), "-o", o.toString(), "--encoder", fake.script.toString(), "-n", "-j", "1",
        "--threads", "0"));
    assertEquals(fake.script + " -i " + dir.resolve("a.yuv") + " -b " + o.resolve("anchor/a_ra/a_ra_qp22.bin") + " -q 22 --codec hevc"
        + " --config ra --report " + o.resolve(".partial/anchor/a_ra_qp22/a_ra_qp22.json") + " -f 2 --no-postfilter\n"
        + fake.script + " -i " + dir.resolve("a.yuv") + " -b " + o.resolve("nnpf/a_ra/a_ra_qp22.bin") + " -q 22 --codec hevc"
        + " --config ra --report " + o.resolve(".partial/nnpf/a_ra_qp22/a_ra_qp22.json") + " -f 2\n", out.toString());
    assertEquals(List.of(), fake.calls());
    assertFalse(Files.exists(o));
  }

  @Test
  void outdirComesFromThePlanRelativeToIt() throws Exception {
    FakeEncoder fake = FakeEncoder.create(dir, "0");
    Path plan = plan("qps : 22\nvariant : nnpf\noutdir : results\n", "a.yuv");
    assertEquals(0, batch(plan.toString(), "--encoder", fake.script.toString(), "--quiet"), err.toString());
    assertTrue(Files.isRegularFile(dir.resolve("results/nnpf/a_ra/a_ra_qp22.json")));
  }

  @Test
  void badInputsAreClearErrors() throws Exception {
    FakeEncoder fake = FakeEncoder.create(dir, "0");
    Path plan = plan("qps : 22\n", "a.yuv");
    String enc = fake.script.toString();

    assertEquals(1, batch(plan.toString(), "--encoder", enc));
    assertEquals("batch: error: no output directory: give -o DIR, or 'outdir : DIR' in " + plan + "\n", err.toString());

    err.getBuffer().setLength(0);
    assertEquals(1, batch(dir.resolve("none.plan").toString(), "-o", "x"));
    assertEquals("batch: error: " + dir.resolve("none.plan") + ": no such file\n", err.toString());

    err.getBuffer().setLength(0);
    Files.delete(dir.resolve("a.yuv"));
    assertEquals(1, batch(plan.toString(), "-o", dir.resolve("o").toString(), "--encoder", enc));
    assertEquals("batch: error: " + plan + ":2: " + dir.resolve("a.yuv") + ": no such file\n", err.toString());

    err.getBuffer().setLength(0);
    Files.writeString(dir.resolve("a.yuv"), "x");
    assertEquals(1, batch(plan.toString(), "-o", dir.resolve("o").toString(), "--encoder", dir.resolve("nothing").toString()));
    assertEquals("batch: error: encoder " + dir.resolve("nothing") + ": not an executable file (give another with --encoder PATH)\n",
        err.toString());

    err.getBuffer().setLength(0);
    assertEquals(1, batch(plan.toString(), "-o", plan.toString(), "--encoder", enc));
    assertEquals("batch: error: -o " + plan + ": not a directory\n", err.toString());

    err.getBuffer().setLength(0);
    assertEquals(2, batch(plan.toString(), "-o", "x", "-j", "0"));
    assertTrue(err.toString().startsWith("batch: -j 0: the number of jobs run at a time is at least 1\n"), err.toString());

    err.getBuffer().setLength(0);
    assertEquals(2, batch());
    assertTrue(err.toString().startsWith("batch: Missing required parameter: 'PLAN'\n"), err.toString());
  }

  @Test
  void defaultEncoderIsBinEncoderOfTheCheckout() {
    Path e = BatchCommand.defaultEncoder();
    assertEquals(Path.of("bin", "encoder"), e.subpath(e.getNameCount() - 2, e.getNameCount()));
  }

  @Test
  void helpFitsEightyColumns() {
    assertEquals(0, batch("--help"));
    for (String line : out.toString().split("\n")) {
      assertTrue(line.length() <= 80, line);
    }
    assertTrue(out.toString().startsWith("Usage: batch "), out.toString());
  }
  @Test
  void badResourceOptionsAreClearErrors() throws Exception {
    Path plan = plan("", "foreman_176x144_10f.yuv");
    assertEquals(CliSupport.USAGE, batch(plan.toString(), "-o", dir.resolve("b").toString(), "--scheduler", "slurm",
        "--mem", "lots"));
    assertTrue(err.toString().contains("--mem 'lots'"), err.toString());
    assertEquals(CliSupport.USAGE, batch(plan.toString(), "-o", dir.resolve("b").toString(), "--scheduler", "slurm",
        "--time", "soon"));
    assertTrue(err.toString().contains("--time 'soon'"), err.toString());
    assertEquals(CliSupport.USAGE, batch(plan.toString(), "-o", dir.resolve("b").toString(), "--scheduler", "slurm",
        "--sbatch-option", "x y\n#SBATCH --wrap=rm"));
    assertTrue(err.toString().contains("--sbatch-option"), err.toString());
  }

  /** A SLURM dry run needs no SLURM: it writes the job array's script and submits nothing. */
  @Test
  void slurmDryRunWritesTheScriptWithThePlansResources() throws Exception {
    FakeEncoder fake = FakeEncoder.create(dir, "0");
    Path plan = plan("qps : 22 37\ncpus : 2\nmem : 3G\ntime : 1-00:00:00\npartition : video\n", "foreman_176x144_10f.yuv");
    Path o = dir.resolve("s");
    assertEquals(0, batch(plan.toString(), "-o", o.toString(), "--scheduler", "slurm", "--dry-run", "--mem", "4G",
        "--sbatch-option", "account=vc", "--encoder", fake.script.toString()), err.toString());
    String script = Files.readString(o.resolve(".slurm/dry-run/batch.sbatch"));
    for (String line : List.of("#SBATCH --array=0-3", "#SBATCH --cpus-per-task=2", "#SBATCH --mem=4G",
        "#SBATCH --time=1-00:00:00", "#SBATCH --partition=video", "#SBATCH --account=vc", "--threads 2")) {
      assertTrue(script.contains(line), line + " in\n" + script);
    }
    assertEquals(List.of("anchor/foreman_176x144_10f_ra_qp22", "nnpf/foreman_176x144_10f_ra_qp22",
        "anchor/foreman_176x144_10f_ra_qp37", "nnpf/foreman_176x144_10f_ra_qp37"),
        Files.readAllLines(o.resolve(".slurm/dry-run/tasks.txt")));
    assertEquals(List.of(), fake.calls());
  }

  /**
   * --status without SLURM's queue knowing the job (it ended, or squeue is not installed): a task
   * that left no result was killed or lost, and is reported as failed, naming its scheduler output.
   */
  @Test
  void statusReportsATaskThatEndedWithoutAResultAsKilledOrLost() throws Exception {
    FakeEncoder fake = FakeEncoder.create(dir, "0");
    Path plan = plan("qps : 22\nvariant : nnpf\n", "foreman_176x144_10f.yuv", "cars_320x240_30f.yuv");
    Path o = dir.resolve("st");
    // cars ran locally; foreman was "submitted" as task 0 of job 999999999, which left nothing
    assertEquals(0, batch(plan.toString(), "-o", o.toString(), "--encoder", fake.script.toString()), err.toString());
    Path report = o.resolve("nnpf/foreman_176x144_10f_ra/foreman_176x144_10f_ra_qp22.json");
    Files.delete(report);
    Path sub = Files.createDirectories(o.resolve(".slurm/0001"));
    Files.writeString(sub.resolve("tasks.txt"), "nnpf/foreman_176x144_10f_ra_qp22\n");
    Files.writeString(sub.resolve("slurm-job-id"), "999999999\n");
    assertEquals(CliSupport.ERROR, batch(plan.toString(), "-o", o.toString(), "--status"));
    assertTrue(out.toString().contains("2 jobs: 1 done, 1 failed"), out.toString());
    assertTrue(err.toString().contains("FAILED nnpf/foreman_176x144_10f_ra_qp22: SLURM task 999999999_0 ended without "
        + "recording a result (killed or lost"), err.toString());
    assertTrue(err.toString().contains(sub.resolve("task-0.out").toString()), err.toString());
    // a recorded result is reported as such
    Files.writeString(sub.resolve("task-0.result"), "FAILED 3 1.500\nthe encoder exited with status 3\n");
    assertEquals(CliSupport.ERROR, batch(plan.toString(), "-o", o.toString(), "--status"));
    assertTrue(err.toString().contains("SLURM task 999999999_0: the encoder exited with status 3"), err.toString());
  }
}
