package org.nnpf.evaluation.batch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One encoding of a plan: a sequence in one coding structure at one QP, in one variant. Its files
 * are {@code OUTDIR/VARIANT/SEQ_STRUCTURE/SEQ_STRUCTURE_qpQP.{bin,json,log}} (and {@code .yuv}
 * with reconstructions): one directory per RD curve, so that {@code bin/compare --anchor
 * OUTDIR/anchor/SEQ_STRUCTURE --test OUTDIR/nnpf/SEQ_STRUCTURE} compares one sequence. While the
 * encoder runs, its report is written in {@link #partialDirectory} and moved into place only when
 * the job has succeeded: a report in place means a finished job.
 *
 * @param plan the plan
 * @param variant the variant
 * @param sequence the sequence
 * @param structure the coding structure
 * @param qp the QP
 */
public record Job(Plan plan, Plan.Variant variant, Plan.Sequence sequence, String structure, int qp) {
  /** Name of the partial-report directory under the output directory. */
  public static final String PARTIAL_DIR = ".partial";

  /** {@code SEQ_STRUCTURE}: the name of the job's RD curve (its directory). */
  public String curve() {
    return sequence.name() + "_" + structure;
  }

  /** {@code SEQ_STRUCTURE_qpQP}: the base name of the job's files. */
  public String name() {
    return curve() + "_qp" + qp;
  }

  /** {@code VARIANT/SEQ_STRUCTURE_qpQP}: the job in messages. */
  public String id() {
    return variant.name() + "/" + name();
  }

  /** The directory of the job's files. */
  public Path directory(Path outdir) {
    return outdir.resolve(variant.name()).resolve(curve());
  }

  public Path bitstream(Path outdir) {
    return directory(outdir).resolve(name() + ".bin");
  }

  /** The report, present only when the job finished successfully. */
  public Path report(Path outdir) {
    return directory(outdir).resolve(name() + ".json");
  }

  /**
   * The job's own directory for files being written: {@code OUTDIR/.partial/VARIANT/NAME}. It holds
   * the report while the encoder runs (and whatever temporary files the encoder makes beside it);
   * the runner removes it when the job ends.
   */
  public Path partialDirectory(Path outdir) {
    return outdir.resolve(PARTIAL_DIR).resolve(variant.name()).resolve(name());
  }

  /** Where the encoder writes the report while the job runs. */
  public Path partialReport(Path outdir) {
    return partialDirectory(outdir).resolve(name() + ".json");
  }

  /** The encoder's standard output and error. */
  public Path log(Path outdir) {
    return directory(outdir).resolve(name() + ".log");
  }

  /** The reconstruction (written when the plan asks for it). */
  public Path recon(Path outdir) {
    return directory(outdir).resolve(name() + ".yuv");
  }

  /**
   * The encoder command: {@code ENCODER -i IN -b BIN -q QP --codec C --config S --report PARTIAL
   * [-f N] [-o RECON] [--threads T]}, then the plan's {@code args}, the sequence's and the
   * variant's. {@code --threads T} is added only when {@code threads > 0} and no option of the
   * plan, the sequence or the variant is {@code --threads}.
   */
  public List<String> command(Path encoder, Path outdir, int threads) {
    List<String> c = new ArrayList<>(List.of(
        encoder.toString(),
        "-i", sequence.path().toString(),
        "-b", bitstream(outdir).toString(),
        "-q", Integer.toString(qp),
        "--codec", plan.codec(),
        "--config", structure,
        "--report", partialReport(outdir).toString()));
    if (plan.frames() != null) {
      c.add("-f");
      c.add(plan.frames().toString());
    }
    if (plan.recon()) {
      c.add("-o");
      c.add(recon(outdir).toString());
    }
    List<String> extra = new ArrayList<>(plan.args());
    extra.addAll(sequence.args());
    extra.addAll(variant.args());
    boolean threadsGiven = extra.stream().anyMatch(a -> a.equals("--threads") || a.startsWith("--threads="));
    if (threads > 0 && !threadsGiven) {
      c.add("--threads");
      c.add(Integer.toString(threads));
    }
    c.addAll(extra);
    return c;
  }
}
