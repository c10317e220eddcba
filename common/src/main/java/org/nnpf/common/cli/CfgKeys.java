package org.nnpf.common.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.nnpf.common.NnpfException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * What a cfg key means for a command. Keys are compared {@linkplain #normalize normalized}
 * (case-insensitive, {@code -} and {@code _} ignored). In this order:
 *
 * <ol>
 *   <li>an HM/VTM name of {@link #HM_NAMES} → the first of its option names the command has
 *       (e.g. {@code QP} → {@code -q});
 *   <li>a name of one of the command's options, without its leading dashes ({@code threads} →
 *       {@code --threads}, {@code wdt} → {@code -wdt});
 *   <li>an HM key of {@link #IGNORED} → accepted with a note, no effect;
 *   <li>an HM key of {@link #NEUTRAL} with its neutral value → accepted silently (with another
 *       value: an error, the command cannot do what it asks);
 *   <li>anything else → an error naming the file, line and key, with a hint (the HM coding-tool
 *       keys the base codec does not take, or the nearest known key).
 * </ol>
 */
public final class CfgKeys {
  /** HM/VTM cfg names and the option names they map to, tried in order. */
  public static final Map<String, List<String>> HM_NAMES = hmNames();

  /** HM keys accepted without effect, with the reason given in the note. */
  public static final Map<String, String> IGNORED = Map.of(
      "Level", "the base codec signals its own level",
      "Tier", "the base codec signals its own tier",
      "Profile", "the base codec signals its own profile",
      "ConformanceWindowMode", "the base codec pads the pictures itself");

  /** HM keys accepted when set to the value that changes nothing, for commands without the option. */
  public static final Map<String, String> NEUTRAL = Map.of(
      "FrameSkip", "0",
      "TemporalSubsampleRatio", "1",
      "InputChromaFormat", "420");

  private static final Set<String> HM_CODING_KEYS = Set.of(
      "IntraPeriod", "DecodingRefreshType", "GOPSize", "MaxCUWidth", "MaxCUHeight", "MaxPartitionDepth", "CTUSize",
      "QuadtreeTULog2MaxSize", "QuadtreeTULog2MinSize", "QuadtreeTUMaxDepthIntra", "QuadtreeTUMaxDepthInter",
      "IntraQPOffset", "LambdaFromQpEnable", "FastSearch", "SearchRange", "BipredSearchRange", "HadamardME", "FEN", "FDM",
      "MaxDeltaQP", "MaxCuDQPDepth", "DeltaQpRD", "RDOQ", "RDOQTS", "SAO", "ALF", "CCALF", "LMCSEnable", "MTS", "DualITree",
      "LoopFilterDisable", "SignHideFlag", "TransformSkip", "TransformSkipFast", "AMP", "ASR", "InternalBitDepth",
      "OutputBitDepthC", "InternalBitDepthC", "RateControl", "TargetBitrate", "Tiles", "WaveFrontSynchro",
      "SliceMode", "PCMEnabledFlag", "TMVPMode", "MaxNumMergeCand", "ReWriteParamSetsFlag", "TemporalFilter");
  private static final Pattern HM_GOP_ENTRY = Pattern.compile("(?i)frame\\d+");

  private CfgKeys() {}

  /** What an entry resolves to. */
  public enum Kind {
    /** Sets {@link Resolution#option()}. */
    OPTION,
    /** Accepted, no effect; {@link Resolution#reason()} says why. */
    IGNORED,
    /** Accepted, its value changes nothing. */
    NEUTRAL
  }

  /** @param option the option set (kind OPTION), else null; @param reason why ignored (IGNORED), else null */
  public record Resolution(Kind kind, OptionSpec option, String reason) {}

  /** The key without case, {@code -} and {@code _}: {@code Input_Bit-Depth} → {@code inputbitdepth}. */
  public static String normalize(String key) {
    return key.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
  }

  /**
   * Resolves the key of {@code e} for {@code spec}.
   *
   * @throws NnpfException naming {@code e}'s file, line and key when it is unknown, or a neutral
   *     key has another value
   */
  public static Resolution resolve(CommandSpec spec, CfgFile.Entry e) {
    String key = normalize(e.key());
    for (Map.Entry<String, List<String>> hm : HM_NAMES.entrySet()) {
      if (normalize(hm.getKey()).equals(key)) {
        for (String name : hm.getValue()) {
          OptionSpec o = spec.optionsMap().get(name);
          if (o != null) {
            return new Resolution(Kind.OPTION, o, null);
          }
        }
      }
    }
    for (OptionSpec o : spec.options()) {
      for (String name : o.names()) {
        if (normalize(name).equals(key)) {
          return new Resolution(Kind.OPTION, o, null);
        }
      }
    }
    for (Map.Entry<String, String> i : IGNORED.entrySet()) {
      if (normalize(i.getKey()).equals(key)) {
        return new Resolution(Kind.IGNORED, null, i.getValue());
      }
    }
    for (Map.Entry<String, String> n : NEUTRAL.entrySet()) {
      if (normalize(n.getKey()).equals(key)) {
        if (e.value().equals(n.getValue()) || e.value().isEmpty()) {
          return new Resolution(Kind.NEUTRAL, null, null);
        }
        throw new NnpfException(e.where() + ": " + e.key() + " : " + e.value() + ": not supported by " + spec.name()
            + " (only " + n.getValue() + ")");
      }
    }
    throw new NnpfException(e.where() + ": unknown key '" + e.key() + "'" + hint(spec, e.key()));
  }

  /** Every key {@code spec} accepts, for messages and documentation: HM names, then option names. */
  public static List<String> knownKeys(CommandSpec spec) {
    Set<String> keys = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    for (Map.Entry<String, List<String>> hm : HM_NAMES.entrySet()) {
      if (hm.getValue().stream().anyMatch(n -> spec.optionsMap().containsKey(n))) {
        keys.add(hm.getKey());
      }
    }
    for (OptionSpec o : spec.options()) {
      if (!o.usageHelp() && !o.versionHelp() && !o.names()[0].equals(CfgOptions.SHORT_NAME)) {
        keys.add(o.longestName().replaceFirst("^-+", ""));
      }
    }
    return new ArrayList<>(keys);
  }

  private static String hint(CommandSpec spec, String key) {
    if (HM_GOP_ENTRY.matcher(key).matches() || HM_CODING_KEYS.stream().anyMatch(k -> normalize(k).equals(normalize(key)))) {
      return ": an HM coding-tool key; " + spec.name() + " uses the tools of its base codec (choose the coding structure "
          + "with 'Config : ra|ldb|ai' and the rate with 'QP'), so remove this line";
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String k : knownKeys(spec)) {
      int d = distance(normalize(k), normalize(key));
      if (d < bestDistance) {
        bestDistance = d;
        best = k;
      }
    }
    String known = "the keys are listed in docs/batch-and-cfg.md; '" + spec.name() + " --help' shows the options";
    if (best != null && bestDistance <= Math.max(1, Math.min(3, key.length() / 3))) {
      return "; did you mean '" + best + "'? (" + known + ")";
    }
    return " (" + known + ")";
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static Map<String, List<String>> hmNames() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("InputFile", List.of("-i", "--input"));
    m.put("BitstreamFile", List.of("-b", "--bitstream"));
    m.put("ReconFile", List.of("-o", "--output"));
    m.put("SourceWidth", List.of("-wdt", "--width"));
    m.put("SourceHeight", List.of("-hgt", "--height"));
    m.put("FrameRate", List.of("-fr", "--fps"));
    m.put("FramesToBeEncoded", List.of("-f", "--frames"));
    m.put("InputBitDepth", List.of("--InputBitDepth", "--input-bit-depth"));
    m.put("InputChromaFormat", List.of("--InputChromaFormat", "--input-chroma-format"));
    m.put("OutputBitDepth", List.of("-d", "--OutputBitDepth", "--output-bit-depth"));
    m.put("QP", List.of("-q", "--qp"));
    m.put("CodingStructure", List.of("--config"));
    m.put("NumThreads", List.of("--threads"));
    return java.util.Collections.unmodifiableMap(m);
  }
}
