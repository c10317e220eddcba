package org.nnpf.conformance;

import java.nio.file.Files;
import java.nio.file.Path;

/** The committed suite and negative directories, seen from the module directory (where tests run). */
final class Dirs {
  private Dirs() {}

  static Path module() {
    Path here = Path.of("").toAbsolutePath();
    return Files.isRegularFile(here.resolve("conformance").resolve("pom.xml")) ? here.resolve("conformance") : here;
  }

  static Path suite() {
    return module().resolve("suite");
  }

  static Path negative() {
    return module().resolve("negative");
  }
}
