package org.nnpf.encoder.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnpf.common.NnpfException;

class AtomicFilesTest {
  @Test
  void writesEveryFileAndNoTemporaryOne(@TempDir Path dir) throws Exception {
    Map<Path, byte[]> files = new LinkedHashMap<>();
    files.put(dir.resolve("a.json"), new byte[] {1});
    files.put(dir.resolve("b.png"), new byte[] {2, 3});
    AtomicFiles.writeAll(files);
    assertArrayEquals(new byte[] {2, 3}, Files.readAllBytes(dir.resolve("b.png")));
    try (var s = Files.list(dir)) {
      assertEquals(2, s.count());
    }
  }

  @Test
  void newFileGetsTheSamePermissionsAsAPlainlyWrittenOne(@TempDir Path dir) throws Exception {
    Path plain = Files.write(dir.resolve("plain"), new byte[] {1});
    AtomicFiles.write(dir.resolve("atomic"), new byte[] {1});
    assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(dir.resolve("atomic")));
  }

  @Test
  void missingDirectoryWritesNothing(@TempDir Path dir) throws Exception {
    Map<Path, byte[]> files = new LinkedHashMap<>();
    files.put(dir.resolve("a.json"), new byte[] {1});
    files.put(dir.resolve("no/such/b.png"), new byte[] {2});
    NnpfException e = assertThrows(NnpfException.class, () -> AtomicFiles.writeAll(files));
    assertEquals(dir.resolve("no/such/b.png") + ": the directory " + dir.resolve("no/such") + " does not exist", e.getMessage());
    assertFalse(Files.exists(dir.resolve("a.json")));
    try (var s = Files.list(dir)) {
      assertEquals(0, s.count());
    }
  }
}
