package org.nnpf.evaluation.batch;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.nnpf.common.NnpfException;
import org.nnpf.common.cli.CfgFile;
import org.nnpf.common.cli.CfgKeys;

/**
 * Reads a plan file. The lines are those of a cfg file ({@link CfgFile}: {@code KEY : VALUE},
 * {@code #} comments, keys case-insensitive with {@code -} and {@code _} ignored); values are split
 * into words ({@link Words}: white space separates, quotes group). Keys:
 *
 * <pre>
 * sequence   : PATH [ENCODER OPTIONS...]   one per sequence (at least one)
 * qps        : QP...                       default 22 27 32 37
 * structures : ra|ldb|ai ...               default ra
 * codec      : hevc|avc                    default hevc
 * variant    : NAME [ENCODER OPTIONS...]   one per variant; default: anchor and nnpf
 * args       : ENCODER OPTIONS...          options of every job (repeatable, appended)
 * frames     : N                           -f N for every job
 * outdir     : DIR                         output directory (--outdir overrides)
 * recon      : 0|1                         write reconstructions (-o)
 * cpus       : N                           CPUs per job on a cluster (--scheduler slurm)
 * mem        : SIZE                        memory per job on a cluster (SLURM syntax: 4G, 500M)
 * time       : LIMIT                       time limit per job on a cluster (SLURM syntax: 30, 2:00:00)
 * partition  : NAME                        cluster partition (queue)
 * </pre>
 *
 * <p>Relative paths ({@code sequence}, {@code outdir}) are relative to the plan file's directory.
 * A variant line with a built-in name and no options takes the built-in options
 * ({@link Plan#BUILT_IN_VARIANTS}). Every error names the plan file and line.
 */
public final class PlanReader {
  /** The coding structures of the encoder's {@code --config}. */
  public static final Set<String> STRUCTURES = Set.of("ra", "ldb", "ai");
  /** The base codecs of the encoder's {@code --codec}. */
  public static final Set<String> CODECS = Set.of("hevc", "avc");
  /** The default QPs (the JVET/JCT-VC common test conditions). */
  public static final List<Integer> DEFAULT_QPS = List.of(22, 27, 32, 37);

  private static final Map<String, String> KEYS = keys();
  private static final Set<String> SINGLE = Set.of("qps", "structures", "codec", "frames", "outdir", "recon",
      "cpus", "mem", "time", "partition");

  private PlanReader() {}

  /** Reads and checks the plan (not its input files: {@link Plan#checkInputs}). */
  public static Plan read(Path file) {
    Path base = file.toAbsolutePath().getParent();
    List<CfgFile.Entry> entries = CfgFile.read(file);
    Map<String, CfgFile.Entry> seen = new HashMap<>();
    String codec = "hevc";
    List<String> structures = List.of("ra");
    List<Integer> qps = DEFAULT_QPS;
    Map<String, Plan.Variant> variants = new LinkedHashMap<>();
    Map<String, Plan.Sequence> sequences = new LinkedHashMap<>();
    List<String> args = new ArrayList<>();
    Integer frames = null;
    Path outdir = null;
    boolean recon = false;
    Plan.Resources resources = Plan.Resources.NONE;

    for (CfgFile.Entry e : entries) {
      String key = KEYS.get(CfgKeys.normalize(e.key()));
      if (key == null) {
        throw new NnpfException(e.where() + ": unknown plan key '" + e.key() + "'; the keys are sequence, qps, "
            + "structures, codec, variant, args, frames, outdir, recon, cpus, mem, time, partition (docs/batch-and-cfg.md)");
      }
      if (SINGLE.contains(key)) {
        CfgFile.Entry before = seen.put(key, e);
        if (before != null) {
          throw new NnpfException(e.where() + ": " + e.key() + " is already given on line " + before.line());
        }
      }
      List<String> words = Words.split(e.value(), e.where());
      if (words.isEmpty() && !key.equals("args")) {
        throw new NnpfException(e.where() + ": " + e.key() + " has no value");
      }
      switch (key) {
        case "sequence" -> {
          Path path = path(base, words.get(0), e);
          String name = stripExtension(path.getFileName().toString());
          Plan.Sequence s = new Plan.Sequence(name, path, words.subList(1, words.size()), e.line());
          Plan.Sequence other = sequences.put(name, s);
          if (other != null) {
            throw new NnpfException(e.where() + ": sequence name '" + name + "' (the file name without extension) is "
                + "also that of line " + other.line() + "; output files would collide (rename or link one of the files)");
          }
        }
        case "qps" -> qps = qps(words, e);
        case "structures" -> structures = names(words, STRUCTURES, "coding structure", e);
        case "codec" -> {
          if (words.size() != 1) {
            throw new NnpfException(e.where() + ": one codec per plan (" + String.join("|", CODECS) + ")");
          }
          codec = names(words, CODECS, "codec", e).get(0);
        }
        case "variant" -> {
          String name = words.get(0);
          if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw new NnpfException(e.where() + ": variant name '" + name + "' is not a directory name of letters, "
                + "digits, '.', '_' and '-'");
          }
          List<String> options = words.size() > 1 ? words.subList(1, words.size())
              : Plan.BUILT_IN_VARIANTS.getOrDefault(name, List.of());
          if (variants.put(name, new Plan.Variant(name, options)) != null) {
            throw new NnpfException(e.where() + ": variant '" + name + "' is already defined");
          }
        }
        case "args" -> args.addAll(words);
        case "frames" -> frames = positive(words, e);
        case "outdir" -> {
          if (words.size() != 1) {
            throw new NnpfException(e.where() + ": outdir is one directory (quote a path with spaces)");
          }
          outdir = path(base, words.get(0), e);
        }
        case "recon" -> {
          String v = words.get(0).toLowerCase(Locale.ROOT);
          if (words.size() != 1 || !Set.of("0", "1", "true", "false", "yes", "no").contains(v)) {
            throw new NnpfException(e.where() + ": recon is 1 or 0, found '" + e.value() + "'");
          }
          recon = Set.of("1", "true", "yes").contains(v);
        }
        case "cpus" -> resources = resources.overriddenBy(new Plan.Resources(positive(words, e), null, null, null));
        case "mem" -> resources = resources.overriddenBy(new Plan.Resources(null, one(words, e, MEM, "a size such as 4G or 500M"), null, null));
        case "time" -> resources = resources.overriddenBy(new Plan.Resources(null, null,
            one(words, e, TIME, "a SLURM time limit such as 30 (minutes), 2:00:00 or 1-12:00:00"), null));
        case "partition" -> resources = resources.overriddenBy(new Plan.Resources(null, null, null,
            one(words, e, NAME, "a partition name of letters, digits, '.', '_' and '-'")));
        default -> throw new IllegalStateException(key);
      }
    }
    if (sequences.isEmpty()) {
      throw new NnpfException(file + ": the plan names no sequence (add lines 'sequence : PATH')");
    }
    if (variants.isEmpty()) {
      for (String v : Plan.DEFAULT_VARIANTS) {
        variants.put(v, new Plan.Variant(v, Plan.BUILT_IN_VARIANTS.get(v)));
      }
    }
    return new Plan(file.toAbsolutePath(), codec, structures, qps, new ArrayList<>(variants.values()),
        new ArrayList<>(sequences.values()), args, frames, outdir, recon, resources);
  }

  /** {@code name} without its last extension ({@code a_352x288.yuv} → {@code a_352x288}). */
  static String stripExtension(String name) {
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  private static Path path(Path base, String text, CfgFile.Entry e) {
    try {
      return base.resolve(text).normalize();
    } catch (InvalidPathException ex) {
      throw new NnpfException(e.where() + ": '" + text + "' is not a path: " + ex.getMessage());
    }
  }

  private static List<Integer> qps(List<String> words, CfgFile.Entry e) {
    List<Integer> qps = new ArrayList<>();
    for (String w : words) {
      int qp;
      try {
        qp = Integer.parseInt(w);
      } catch (NumberFormatException ex) {
        throw new NnpfException(e.where() + ": QP '" + w + "' is not an integer");
      }
      if (qp < -64 || qp > 63) {
        throw new NnpfException(e.where() + ": QP " + qp + " is out of range (-64 to 63)");
      }
      if (qps.contains(qp)) {
        throw new NnpfException(e.where() + ": QP " + qp + " is listed twice");
      }
      qps.add(qp);
    }
    return qps;
  }

  private static List<String> names(List<String> words, Set<String> allowed, String what, CfgFile.Entry e) {
    List<String> out = new ArrayList<>();
    for (String w : words) {
      String n = w.toLowerCase(Locale.ROOT);
      if (!allowed.contains(n)) {
        throw new NnpfException(e.where() + ": unknown " + what + " '" + w + "' (one of "
            + String.join(", ", allowed.stream().sorted().toList()) + ")");
      }
      if (out.contains(n)) {
        throw new NnpfException(e.where() + ": " + what + " '" + w + "' is listed twice");
      }
      out.add(n);
    }
    return out;
  }

  private static Integer positive(List<String> words, CfgFile.Entry e) {
    try {
      int n = Integer.parseInt(words.get(0));
      if (words.size() == 1 && n > 0) {
        return n;
      }
    } catch (NumberFormatException ex) {
      // reported below
    }
    throw new NnpfException(e.where() + ": " + e.key() + " is a positive integer, found '" + e.value() + "'");
  }

  /** SLURM memory sizes: an integer with an optional unit K, M, G or T. */
  static final java.util.regex.Pattern MEM = java.util.regex.Pattern.compile("[1-9][0-9]*[KMGTkmgt]?");
  /** SLURM time limits: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS. */
  static final java.util.regex.Pattern TIME =
      java.util.regex.Pattern.compile("[0-9]+(:[0-9]+){0,2}|[0-9]+-[0-9]+(:[0-9]+){0,2}");
  static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  private static String one(List<String> words, CfgFile.Entry e, java.util.regex.Pattern p, String what) {
    if (words.size() != 1 || !p.matcher(words.get(0)).matches()) {
      throw new NnpfException(e.where() + ": " + e.key() + " is " + what + ", found '" + e.value() + "'");
    }
    return words.get(0);
  }

  private static Map<String, String> keys() {
    Map<String, String> k = new HashMap<>();
    for (String key : List.of("sequence", "qps", "structures", "codec", "variant", "args", "frames", "outdir", "recon",
        "cpus", "mem", "time", "partition")) {
      k.put(key, key);
    }
    k.put("qp", "qps");
    k.put("structure", "structures");
    return Map.copyOf(k);
  }
}
