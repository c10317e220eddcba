package org.nnpf.common.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The {@code -c FILE.cfg} option, as a picocli mixin ({@code @Mixin CfgOptions cfg;}). Commands
 * that have it read HM-style cfg files when run through {@link CliSupport}; {@link CfgFile}
 * states the rules.
 */
public final class CfgOptions {
  /** The option's short name, by which {@link CfgFile#expand} finds it. */
  public static final String SHORT_NAME = "-c";

  @Option(names = {SHORT_NAME, "--cfg"}, paramLabel = "FILE.cfg",
      description = "HM-style configuration file of 'Key : value' lines (repeatable; later files override earlier ones, "
          + "options on the command line override every file). Keys: docs/batch-and-cfg.md.")
  private List<Path> files = new ArrayList<>();

  /** The cfg files given, in command-line order. */
  public List<Path> files() {
    return List.copyOf(files);
  }
}
