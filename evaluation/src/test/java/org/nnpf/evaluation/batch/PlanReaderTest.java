package org.nnpf.evaluation.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnpf.common.NnpfException;

class PlanReaderTest {
  @TempDir Path dir;

  private Path plan(String text) throws Exception {
    Files.createDirectories(dir.resolve("plans"));
    return Files.writeString(dir.resolve("plans").resolve("p.plan"), text);
  }

  private NnpfException fails(String text) throws Exception {
    Path p = plan(text);
    return assertThrows(NnpfException.class, () -> PlanReader.read(p));
  }

  @Test
  void fullPlanIsReadWithPathsRelativeToThePlanFile() throws Exception {
    Path p = plan("""
        # a plan
        codec      : AVC
        structures : ra ai
        qps        : 37 32            # any order
        frames     : 8
        outdir     : ../out/run1
        recon      : 1
        args       : --carriage aps
        args       : --InputBitDepth 8
        sequence   : ../seq/foreman_176x144_10f.yuv
        sequence   : "/abs/my clip.yuv" -wdt 64 -hgt 32 -fr 25
        variant    : anchor
        variant    : nnpf-no-overfit
        variant    : strong --carriage 'sei'
        """);
    Plan plan = PlanReader.read(p);
    assertEquals("avc", plan.codec());
    assertEquals(List.of("ra", "ai"), plan.structures());
    assertEquals(List.of(37, 32), plan.qps());
    assertEquals(8, plan.frames());
    assertEquals(dir.resolve("out/run1"), plan.outdir());
    assertTrue(plan.recon());
    assertEquals(List.of("--carriage", "aps", "--InputBitDepth", "8"), plan.args());
    assertEquals(2, plan.sequences().size());
    Plan.Sequence s0 = plan.sequences().get(0);
    assertEquals("foreman_176x144_10f", s0.name());
    assertEquals(dir.resolve("seq/foreman_176x144_10f.yuv"), s0.path());
    assertEquals(List.of(), s0.args());
    assertEquals(10, s0.line());
    Plan.Sequence s1 = plan.sequences().get(1);
    assertEquals("my clip", s1.name());
    assertEquals(Path.of("/abs/my clip.yuv"), s1.path());
    assertEquals(List.of("-wdt", "64", "-hgt", "32", "-fr", "25"), s1.args());
    assertEquals(List.of(new Plan.Variant("anchor", List.of("--no-postfilter")),
        new Plan.Variant("nnpf-no-overfit", List.of("--no-overfit")),
        new Plan.Variant("strong", List.of("--carriage", "sei"))), plan.variants());
    assertEquals(dir.resolve("plans"), plan.directory());
  }

  @Test
  void defaultsAreHevcRandomAccessCtcQpsAnchorAndNnpf() throws Exception {
    Plan plan = PlanReader.read(plan("sequence : a.yuv\n"));
    assertEquals("hevc", plan.codec());
    assertEquals(List.of("ra"), plan.structures());
    assertEquals(List.of(22, 27, 32, 37), plan.qps());
    assertEquals(List.of(new Plan.Variant("anchor", List.of("--no-postfilter")), new Plan.Variant("nnpf", List.of())),
        plan.variants());
    assertNull(plan.frames());
    assertNull(plan.outdir());
    assertFalse(plan.recon());
  }

  @Test
  void jobsRunSequencesThenStructuresThenQpsThenVariants() throws Exception {
    Plan plan = PlanReader.read(plan("sequence : a.yuv\nsequence : b.y4m\nstructures : ra ldb\nqps : 22 37\n"));
    List<String> ids = plan.jobs().stream().map(Job::id).toList();
    assertEquals(16, ids.size());
    assertEquals(List.of("anchor/a_ra_qp22", "nnpf/a_ra_qp22", "anchor/a_ra_qp37", "nnpf/a_ra_qp37",
        "anchor/a_ldb_qp22", "nnpf/a_ldb_qp22"), ids.subList(0, 6));
    assertEquals("nnpf/b_ldb_qp37", ids.get(15));
  }

  @Test
  void jobFilesHaveOneDirectoryPerCurve() throws Exception {
    Job job = PlanReader.read(plan("sequence : a.yuv\n")).jobs().get(1);
    Path out = Path.of("/o");
    assertEquals(Path.of("/o/nnpf/a_ra"), job.directory(out));
    assertEquals(Path.of("/o/nnpf/a_ra/a_ra_qp22.bin"), job.bitstream(out));
    assertEquals(Path.of("/o/nnpf/a_ra/a_ra_qp22.json"), job.report(out));
    assertEquals(Path.of("/o/nnpf/a_ra/a_ra_qp22.log"), job.log(out));
    assertEquals(Path.of("/o/nnpf/a_ra/a_ra_qp22.yuv"), job.recon(out));
    assertEquals(Path.of("/o/.partial/nnpf/a_ra_qp22"), job.partialDirectory(out));
    assertEquals(Path.of("/o/.partial/nnpf/a_ra_qp22/a_ra_qp22.json"), job.partialReport(out));
  }

  @Test
  void commandHasTheContractOptionsThenPlanSequenceAndVariantOptions() throws Exception {
    Plan plan = PlanReader.read(plan("sequence : a.yuv -wdt 8\nframes : 3\nrecon : yes\nargs : --carriage aps\n"));
    Job anchor = plan.jobs().get(0);
    Path out = Path.of("/o");
    String in = dir.resolve("plans/a.yuv").toString();
    assertEquals(List.of("/bin/enc", "-i", in, "-b", "/o/anchor/a_ra/a_ra_qp22.bin", "-q", "22", "--codec", "hevc",
        "--config", "ra", "--report", "/o/.partial/anchor/a_ra_qp22/a_ra_qp22.json", "-f", "3", "-o",
        "/o/anchor/a_ra/a_ra_qp22.yuv", "--threads", "2", "--carriage", "aps", "-wdt", "8", "--no-postfilter"),
        anchor.command(Path.of("/bin/enc"), out, 2));
    assertFalse(anchor.command(Path.of("/bin/enc"), out, 0).contains("--threads"));
  }

  @Test
  void threadsOfThePlanWinOverTheBatchDefault() throws Exception {
    Plan plan = PlanReader.read(plan("sequence : a.yuv\nargs : --threads=3\n"));
    List<String> c = plan.jobs().get(0).command(Path.of("e"), Path.of("/o"), 2);
    assertEquals(1, c.stream().filter(a -> a.startsWith("--threads")).count());
    assertTrue(c.contains("--threads=3"));
  }

  @Test
  void unknownKeyNamesFileAndLine() throws Exception {
    NnpfException e = fails("sequence : a.yuv\n\nsequense : b.yuv\n");
    assertTrue(e.getMessage().startsWith(dir.resolve("plans/p.plan") + ":3: unknown plan key 'sequense'"), e.getMessage());
  }

  @Test
  void malformedLineNamesFileAndLine() throws Exception {
    assertEquals(dir.resolve("plans/p.plan") + ":2: expected 'KEY : VALUE', found 'qps 22 27'",
        fails("sequence : a.yuv\nqps 22 27\n").getMessage());
  }

  @Test
  void badValuesNameTheLine() throws Exception {
    String f = dir.resolve("plans/p.plan").toString();
    assertEquals(f + ":2: QP 'x' is not an integer", fails("sequence : a.yuv\nqps : 22 x\n").getMessage());
    assertEquals(f + ":2: QP 22 is listed twice", fails("sequence : a.yuv\nqps : 22 22\n").getMessage());
    assertEquals(f + ":2: QP 99 is out of range (-64 to 63)", fails("sequence : a.yuv\nqps : 99\n").getMessage());
    assertEquals(f + ":2: unknown coding structure 'lp' (one of ai, ldb, ra)", fails("sequence : a.yuv\nstructures : lp\n").getMessage());
    assertEquals(f + ":2: unknown codec 'vvc' (one of avc, hevc)", fails("sequence : a.yuv\ncodec : vvc\n").getMessage());
    assertEquals(f + ":2: frames is a positive integer, found '0'", fails("sequence : a.yuv\nframes : 0\n").getMessage());
    assertEquals(f + ":2: recon is 1 or 0, found 'maybe'", fails("sequence : a.yuv\nrecon : maybe\n").getMessage());
    assertEquals(f + ":2: qps has no value", fails("sequence : a.yuv\nqps :\n").getMessage());
    assertEquals(f + ":1: the quote \" at column 1 is not closed", fails("sequence : \"a.yuv\n").getMessage());
    assertTrue(fails("sequence : a.yuv\nvariant : ../x\n").getMessage().startsWith(f + ":2: variant name '../x'"));
  }

  @Test
  void repeatedSingleKeysAndDuplicateNamesAreErrors() throws Exception {
    String f = dir.resolve("plans/p.plan").toString();
    assertEquals(f + ":3: qps is already given on line 2", fails("sequence : a.yuv\nqps : 22\nqps : 27\n").getMessage());
    assertEquals(f + ":3: variant 'nnpf' is already defined", fails("sequence : a.yuv\nvariant : nnpf\nvariant : nnpf\n").getMessage());
    assertTrue(fails("sequence : x/a.yuv\nsequence : y/a.y4m\n").getMessage()
        .startsWith(f + ":2: sequence name 'a' (the file name without extension) is also that of line 1"));
  }

  @Test
  void planWithoutSequenceIsAnError() throws Exception {
    assertEquals(dir.resolve("plans/p.plan") + ": the plan names no sequence (add lines 'sequence : PATH')",
        fails("qps : 22\n").getMessage());
  }

  @Test
  void missingSequenceFileIsReportedWithThePlanLine() throws Exception {
    Plan plan = PlanReader.read(plan("# x\nsequence : nothere.yuv\n"));
    NnpfException e = assertThrows(NnpfException.class, plan::checkInputs);
    assertEquals(dir.resolve("plans/p.plan") + ":2: " + dir.resolve("plans/nothere.yuv") + ": no such file", e.getMessage());
  }

  @Test
  void wordsSplitOnWhiteSpaceAndGroupQuotes() {
    assertEquals(List.of("a", "b c", "d'e", "fg h"), Words.split(" a \"b c\" \"d'e\" f'g h' ", "x"));
    assertEquals(List.of(""), Words.split("''", "x"));
    assertEquals("a 'b c' 'it'\\''s' --x=1", Words.shell(List.of("a", "b c", "it's", "--x=1")));
  }

  /** The committed example plan: 7 sequences × 4 QPs × ra × anchor and nnpf. */
  @Test
  void evalPlanExpandsToFiftySixJobs() {
    Path repo = Path.of("").toAbsolutePath().getParent();
    Path file = repo.resolve("plans").resolve("eval-ra.plan");
    Plan plan = PlanReader.read(file);
    assertEquals(7, plan.sequences().size());
    assertEquals(List.of(22, 27, 32, 37), plan.qps());
    assertEquals(List.of("ra"), plan.structures());
    assertEquals(List.of("anchor", "nnpf"), plan.variants().stream().map(Plan.Variant::name).toList());
    assertEquals(56, plan.jobs().size());
    Path eval = repo.getParent().resolve("shared").resolve("data").resolve("eval").normalize();
    for (Plan.Sequence s : plan.sequences()) {
      assertEquals(eval, s.path().getParent(), s.path().toString());
    }
    assumeTrue(Files.isDirectory(eval), "../shared/data/eval is absent");
    plan.checkInputs();
  }

  @Test
  void clusterResourcesAreReadAndChecked() throws Exception {
    Plan p = PlanReader.read(plan("sequence : a.yuv\ncpus : 4\nmem : 8G\ntime : 2:00:00\npartition : gpu-x\n"));
    assertEquals(new Plan.Resources(4, "8G", "2:00:00", "gpu-x"), p.resources());
    assertEquals(Plan.Resources.NONE, PlanReader.read(plan("sequence : a.yuv\n")).resources());
    String f = dir.resolve("plans/p.plan").toString();
    assertEquals(f + ":2: cpus is a positive integer, found '0'", fails("sequence : a.yuv\ncpus : 0\n").getMessage());
    assertEquals(f + ":2: mem is a size such as 4G or 500M, found '8 GB'", fails("sequence : a.yuv\nmem : 8 GB\n").getMessage());
    assertTrue(fails("sequence : a.yuv\ntime : 2h\n").getMessage().startsWith(f + ":2: time is a SLURM time limit"));
    assertTrue(fails("sequence : a.yuv\npartition : a/b\n").getMessage().startsWith(f + ":2: partition is a partition name"));
    assertEquals(f + ":3: mem is already given on line 2", fails("sequence : a.yuv\nmem : 1G\nmem : 2G\n").getMessage());
  }
}
