package org.nnpf.common.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The options a command line gives explicitly and their values, found by scanning the arguments
 * with the option names and arities of a {@link CommandSpec}, without parsing them (the command
 * line may still lack required options that cfg files will provide).
 *
 * <p>Recognised forms: {@code --name}, {@code --name=value}, {@code -n value}, {@code -n=value},
 * and {@code -nvalue} for one-letter options that take a parameter. Scanning stops at
 * {@code --}. Unknown tokens are skipped (the parser reports them later).
 */
final class ArgScan {
  private final Map<OptionSpec, List<String>> values;

  private ArgScan(Map<OptionSpec, List<String>> values) {
    this.values = values;
  }

  static ArgScan of(CommandSpec spec, String[] args) {
    Map<String, OptionSpec> names = spec.optionsMap();
    Map<OptionSpec, List<String>> values = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String tok = args[i];
      if (tok.equals("--")) {
        break;
      }
      if (!tok.startsWith("-") || tok.length() < 2) {
        continue;
      }
      OptionSpec o = names.get(tok);
      String attached = null;
      if (o == null) {
        int eq = tok.indexOf('=');
        if (eq > 0 && names.containsKey(tok.substring(0, eq))) {
          o = names.get(tok.substring(0, eq));
          attached = tok.substring(eq + 1);
        }
      }
      if (o == null && !tok.startsWith("--")) {
        OptionSpec shortOption = names.get(tok.substring(0, 2));
        if (shortOption != null && shortOption.arity().max() > 0) {
          o = shortOption;
          attached = tok.substring(2);
        }
      }
      if (o == null) {
        continue;
      }
      List<String> v = values.computeIfAbsent(o, k -> new ArrayList<>());
      if (attached != null) {
        v.add(attached);
        continue;
      }
      int max = o.arity().max();
      int min = o.arity().min();
      int taken = 0;
      while (taken < max && i + 1 < args.length) {
        String next = args[i + 1];
        boolean optionLike = next.equals("--") || names.containsKey(next)
            || (next.startsWith("-") && next.indexOf('=') > 0 && names.containsKey(next.substring(0, next.indexOf('='))));
        if (taken >= min && (optionLike || next.startsWith("-"))) {
          break;
        }
        if (taken < min && optionLike) {
          break;
        }
        v.add(next);
        i++;
        taken++;
      }
    }
    return new ArgScan(values);
  }

  /** The options given, in order of first appearance. */
  Set<OptionSpec> options() {
    return values.keySet();
  }

  /** The values given to {@code o}, in command-line order (empty when not given). */
  List<String> values(OptionSpec o) {
    return values.getOrDefault(o, List.of());
  }

  /** Whether any of {@code names} is given (names of options of the spec). */
  boolean has(CommandSpec spec, String... names) {
    for (String n : names) {
      OptionSpec o = spec.optionsMap().get(n);
      if (o != null && values.containsKey(o)) {
        return true;
      }
    }
    return false;
  }
}
