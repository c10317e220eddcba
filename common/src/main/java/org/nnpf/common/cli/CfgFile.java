package org.nnpf.common.cli;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nnpf.common.NnpfException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * HM-style configuration files: {@code Key : value} lines that set the options of a command, given
 * with {@code -c FILE.cfg} (repeatable).
 *
 * <h2>Line syntax</h2>
 *
 * <ul>
 *   <li>{@code #} starts a comment that runs to the end of the line, wherever it appears (as in HM,
 *       a value cannot contain {@code #}).
 *   <li>A line that is empty after removing the comment and surrounding white space is ignored.
 *   <li>Any other line is {@code KEY : VALUE}: a key of letters, digits, {@code _} and {@code -}
 *       starting with a letter, optional white space, a colon, and the value: the rest of the line,
 *       without surrounding white space, taken literally (no quote processing; it may contain white
 *       space). {@code Key: value} and {@code Key :value} are the same line.
 *   <li>Keys are case-insensitive; {@code -} and {@code _} in keys are ignored
 *       ({@code InputBitDepth}, {@code input-bit-depth} and {@code INPUT_BIT_DEPTH} are one key).
 * </ul>
 *
 * <h2>Meaning ({@link #expand})</h2>
 *
 * <ul>
 *   <li>A key names an option of the command: through the HM names of {@link CfgKeys} (e.g.
 *       {@code QP} → {@code -q}), or as one of the option's own names without leading dashes
 *       ({@code threads} → {@code --threads}, {@code no-overfit} → {@code --no-overfit}).
 *   <li>Files are read in command-line order; a later line (in the same or a later file) replaces
 *       an earlier line setting the same option.
 *   <li>An option given explicitly on the command line replaces the value of every cfg file,
 *       wherever {@code -c} stands (HM lets options after {@code -c} override the file and the file
 *       override options before it; here the command line always wins).
 *   <li>An empty value leaves the option unset (and cancels an earlier file's value). A flag (an
 *       option without parameter) takes {@code 1}/{@code true}/{@code yes}/{@code on} (set) or
 *       {@code 0}/{@code false}/{@code no}/{@code off} (unset).
 *   <li>An unknown key, a line that is not {@code KEY : VALUE}, a key naming the cfg option itself
 *       or {@code --help}/{@code --version}: an error naming the file, the line and the key.
 *   <li>Relative paths in values are relative to the working directory (as in HM), not to the
 *       cfg file.
 * </ul>
 */
public final class CfgFile {
  /** Cfg files larger than this are refused: no configuration file comes near it. */
  static final long MAX_BYTES = 1L << 20;

  private static final Pattern LINE = Pattern.compile("([A-Za-z][A-Za-z0-9_-]*)\\s*:(.*)");
  private static final Pattern KEY_WITH_EQUALS = Pattern.compile("([A-Za-z][A-Za-z0-9_-]*)\\s*=(.*)");
  private static final Set<String> TRUE = Set.of("1", "true", "yes", "on");
  private static final Set<String> FALSE = Set.of("0", "false", "no", "off");

  private CfgFile() {}

  /**
   * One {@code KEY : VALUE} line.
   *
   * @param key the key as written
   * @param value the value, trimmed; may be empty
   * @param file the file it was read from
   * @param line its line number, from 1
   */
  public record Entry(String key, String value, Path file, int line) {
    /** {@code file:line}, the position used in messages. */
    public String where() {
      return file + ":" + line;
    }

    @Override
    public String toString() {
      return where() + ": " + key + " : " + value;
    }
  }

  /**
   * The result of {@link #expand}.
   *
   * @param args the arguments to parse: the options set by the cfg files first, then the explicit
   *     command-line arguments (unchanged, {@code -c} options included)
   * @param origins for each option set by a cfg file, the line that set it
   * @param notes messages about accepted lines that have no effect (e.g. HM's {@code Level}), each
   *     starting with the line's {@code file:line}
   */
  public record Expansion(List<String> args, Map<OptionSpec, Entry> origins, List<String> notes) {
    public Expansion {
      args = ImmutableList.copyOf(args);
      origins = ImmutableMap.copyOf(origins);
      notes = ImmutableList.copyOf(notes);
    }

    public String[] argsArray() {
      return args.toArray(String[]::new);
    }

    /** The cfg line that set {@code arg}, if a cfg file set it. */
    public Optional<Entry> origin(ArgSpec arg) {
      return arg instanceof OptionSpec o ? Optional.ofNullable(origins.get(o)) : Optional.empty();
    }
  }

  /**
   * Reads the entries of a cfg file, in line order. Fails, naming the file and the line, when the
   * file is missing, unreadable, not UTF-8 text, larger than 1 MiB, or has a line that is neither
   * blank, a comment nor {@code KEY : VALUE}.
   */
  public static List<Entry> read(Path file) {
    return parse(readLines(file), file);
  }

  /** Parses the lines of a cfg file; {@code file} names it in messages. */
  public static List<Entry> parse(List<String> lines, Path file) {
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String text = lines.get(i);
      int hash = text.indexOf('#');
      String content = (hash >= 0 ? text.substring(0, hash) : text).strip();
      if (content.isEmpty()) {
        continue;
      }
      String where = file + ":" + (i + 1);
      Matcher m = LINE.matcher(content);
      if (m.matches()) {
        entries.add(new Entry(m.group(1), m.group(2).strip(), file, i + 1));
        continue;
      }
      Matcher eq = KEY_WITH_EQUALS.matcher(content);
      if (eq.matches()) {
        throw new NnpfException(where + ": expected 'KEY : VALUE', found '" + content + "' (write '" + eq.group(1) + " : "
            + eq.group(2).strip() + "')");
      }
      int colon = content.indexOf(':');
      if (colon > 0) {
        throw new NnpfException(where + ": '" + content.substring(0, colon).strip()
            + "' is not a key (a key is one word of letters, digits, '_' and '-', starting with a letter)");
      }
      throw new NnpfException(where + ": expected 'KEY : VALUE', found '" + content + "'");
    }
    return entries;
  }

  /**
   * Expands the cfg files named by the {@code -c} options of {@code args} (see the class comment)
   * into arguments placed before {@code args}. When {@code spec} has no {@code -c} option, or
   * {@code args} names no cfg file, the arguments are returned unchanged.
   *
   * @throws NnpfException naming the cfg file, the line and the key for a missing or unreadable
   *     file, a malformed line, an unknown key, or a value a flag does not take
   */
  public static Expansion expand(CommandSpec spec, String[] args) {
    OptionSpec cfgOption = spec.findOption(CfgOptions.SHORT_NAME);
    List<String> explicit = List.of(args);
    if (cfgOption == null) {
      return new Expansion(explicit, Map.of(), List.of());
    }
    ArgScan scan = ArgScan.of(spec, args);
    List<Path> files = new ArrayList<>();
    for (String f : scan.values(cfgOption)) {
      files.add(Path.of(f));
    }
    if (files.isEmpty()) {
      return new Expansion(explicit, Map.of(), List.of());
    }

    Map<OptionSpec, Entry> set = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>();
    for (Path f : files) {
      for (Entry e : read(f)) {
        CfgKeys.Resolution r = CfgKeys.resolve(spec, e);
        switch (r.kind()) {
          case OPTION -> {
            OptionSpec o = r.option();
            if (o == cfgOption) {
              throw new NnpfException(e.where() + ": " + e.key() + ": cfg files cannot name other cfg files; give every "
                  + "file with -c on the command line");
            }
            if (o.usageHelp() || o.versionHelp()) {
              throw new NnpfException(e.where() + ": " + e.key() + ": " + o.longestName() + " cannot be set in a cfg file");
            }
            set.remove(o);
            set.put(o, e);
          }
          case IGNORED -> notes.add(e.where() + ": note: " + e.key() + " is ignored (" + r.reason() + ")");
          case NEUTRAL -> { }
        }
      }
    }

    List<String> out = new ArrayList<>();
    Map<OptionSpec, Entry> origins = new LinkedHashMap<>();
    Set<OptionSpec> given = new HashSet<>(scan.options());
    for (Map.Entry<OptionSpec, Entry> s : set.entrySet()) {
      OptionSpec o = s.getKey();
      Entry e = s.getValue();
      if (given.contains(o) || e.value().isEmpty()) {
        continue;
      }
      if (o.arity().max() == 0) {
        String v = e.value().toLowerCase(Locale.ROOT);
        if (FALSE.contains(v)) {
          continue;
        }
        if (!TRUE.contains(v)) {
          throw new NnpfException(e.where() + ": " + e.key() + " : " + e.value() + ": " + o.longestName()
              + " is a flag; its value is 1 or 0 (also true/false, yes/no, on/off)");
        }
        out.add(o.longestName());
      } else {
        out.add(o.longestName() + "=" + e.value());
      }
      origins.put(o, e);
    }
    out.addAll(explicit);
    return new Expansion(out, origins, notes);
  }

  /** The lines of a cfg file; refuses what cannot be one. */
  static List<String> readLines(Path file) {
    if (!Files.exists(file)) {
      throw new NnpfException(file + ": no such file");
    }
    if (!Files.isRegularFile(file)) {
      throw new NnpfException(file + ": not a regular file");
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes((int) MAX_BYTES + 1);
    } catch (IOException e) {
      throw new NnpfException(file + ": cannot read: " + e.getMessage(), e);
    }
    if (bytes.length > MAX_BYTES) {
      throw new NnpfException(file + ": larger than " + (MAX_BYTES >> 20) + " MiB; not a configuration file");
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new NnpfException(file + ": not UTF-8 text; not a configuration file");
    }
    if (text.indexOf('\0') >= 0) {
      throw new NnpfException(file + ": binary file (contains NUL bytes); not a configuration file");
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    return List.of(text.split("\r\n|\r|\n", -1));
  }
}
