package org.nnpf.evaluation.batch;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nnpf.common.NnpfException;

/**
 * A batch plan: every sequence coded with one base codec at every QP, in every coding structure,
 * once per variant (a set of extra encoder options). Read by {@link PlanReader}; the format is in
 * {@code docs/batch-and-cfg.md}. Paths are absolute (the reader resolves them against the plan
 * file's directory).
 *
 * @param file the plan file
 * @param codec base codec ({@code --codec})
 * @param structures coding structures ({@code --config}), in plan order, no duplicates
 * @param qps QPs, in plan order, no duplicates
 * @param variants variants, in plan order, distinct names
 * @param sequences sequences, in plan order, distinct names
 * @param args encoder options of every job
 * @param frames frames to code ({@code -f}), or null for the encoder's default (all)
 * @param outdir output directory from the plan, or null
 * @param recon whether each job writes its reconstruction ({@code -o NAME.yuv})
 * @param resources what each job needs from a cluster scheduler (plan keys {@code cpus},
 *     {@code mem}, {@code time}, {@code partition}); unset values are the scheduler's defaults
 */
public record Plan(
    Path file,
    String codec,
    List<String> structures,
    List<Integer> qps,
    List<Variant> variants,
    List<Sequence> sequences,
    List<String> args,
    Integer frames,
    Path outdir,
    boolean recon,
    Resources resources) {

  /**
   * What one job needs on a cluster (docs/batch-and-cfg.md); null fields are not given.
   *
   * @param cpus CPUs per job (SLURM {@code --cpus-per-task}); also the encoder's {@code --threads}
   * @param mem memory per job, SLURM syntax ({@code 4G}, {@code 500M})
   * @param time time limit per job, SLURM syntax ({@code 30}, {@code 2:00:00}, {@code 1-00:00:00})
   * @param partition the partition (queue)
   */
  public record Resources(Integer cpus, String mem, String time, String partition) {
    /** No resource given. */
    public static final Resources NONE = new Resources(null, null, null, null);

    /** These values, each replaced by {@code o}'s where {@code o} gives one. */
    public Resources overriddenBy(Resources o) {
      return new Resources(o.cpus != null ? o.cpus : cpus, o.mem != null ? o.mem : mem,
          o.time != null ? o.time : time, o.partition != null ? o.partition : partition);
    }
  }

  /** A plan without resource needs. */
  public Plan(Path file, String codec, List<String> structures, List<Integer> qps, List<Variant> variants,
      List<Sequence> sequences, List<String> args, Integer frames, Path outdir, boolean recon) {
    this(file, codec, structures, qps, variants, sequences, args, frames, outdir, recon, Resources.NONE);
  }

  /** The variants a plan without {@code variant} lines runs: the anchor and the post-filter. */
  public static final List<String> DEFAULT_VARIANTS = List.of("anchor", "nnpf");

  /** Encoder options of the variants known by name. */
  public static final Map<String, List<String>> BUILT_IN_VARIANTS = Map.of(
      "anchor", List.of("--no-postfilter"),
      "nnpf", List.of(),
      "nnpf-no-overfit", List.of("--no-overfit"));

  /**
   * A sequence to code.
   *
   * @param name the name used in output file names: the file name without its extension
   * @param path the input file
   * @param args its encoder options (e.g. geometry), after the plan's {@code args}
   * @param line the plan line that names it
   */
  public record Sequence(String name, Path path, List<String> args, int line) {
    public Sequence {
      args = ImmutableList.copyOf(args);
    }
  }

  /**
   * A variant: a set of encoder options, and the output subdirectory of its jobs.
   *
   * @param name directory name: letters, digits, {@code .}, {@code _}, {@code -}
   * @param args its encoder options, after the sequence's
   */
  public record Variant(String name, List<String> args) {
    public Variant {
      Preconditions.checkArgument(name.matches("[A-Za-z0-9][A-Za-z0-9._-]*"), "bad variant name '%s'", name);
      args = ImmutableList.copyOf(args);
    }
  }

  public Plan {
    structures = ImmutableList.copyOf(structures);
    qps = ImmutableList.copyOf(qps);
    variants = ImmutableList.copyOf(variants);
    sequences = ImmutableList.copyOf(sequences);
    args = ImmutableList.copyOf(args);
    resources = resources == null ? Resources.NONE : resources;
  }

  /** The plan file's directory: the base of its relative paths and the working directory of its jobs. */
  public Path directory() {
    Path parent = file.toAbsolutePath().getParent();
    return parent != null ? parent : file.toAbsolutePath().getRoot();
  }

  /**
   * The jobs, in the order they run: sequences (plan order), then structures, QPs, and variants
   * (innermost), so that the RD curves of one sequence complete first.
   */
  public List<Job> jobs() {
    List<Job> jobs = new ArrayList<>();
    for (Sequence s : sequences) {
      for (String structure : structures) {
        for (int qp : qps) {
          for (Variant v : variants) {
            jobs.add(new Job(this, v, s, structure, qp));
          }
        }
      }
    }
    return jobs;
  }

  /** Fails, naming the plan line, when a sequence file does not exist or is not a regular file. */
  public void checkInputs() {
    for (Sequence s : sequences) {
      if (!Files.exists(s.path())) {
        throw new NnpfException(file + ":" + s.line() + ": " + s.path() + ": no such file");
      }
      if (!Files.isRegularFile(s.path()) || !Files.isReadable(s.path())) {
        throw new NnpfException(file + ":" + s.line() + ": " + s.path() + ": not a readable regular file");
      }
    }
  }
}
