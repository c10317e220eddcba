package org.nnpf.evaluation.report;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Test fixtures: hand-written logs in the test resources, and the shared real logs when present. */
public final class Fixtures {
  private Fixtures() {}

  /** A file of src/test/resources/org/nnpf/evaluation/report. */
  public static Path path(String name) {
    URL url = Fixtures.class.getResource(name);
    if (url == null) {
      throw new IllegalArgumentException("no test resource " + name);
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * {@code ../shared/data/logs} relative to the repository root (the parent of the module
   * directory), when it exists.
   */
  public static Optional<Path> sharedLogs() {
    Path repoRoot = Path.of("").toAbsolutePath().getParent();
    if (repoRoot == null || repoRoot.getParent() == null) {
      return Optional.empty();
    }
    Path logs = repoRoot.getParent().resolve("shared").resolve("data").resolve("logs");
    return Files.isDirectory(logs) ? Optional.of(logs) : Optional.empty();
  }
}
