package org.nnpf.common.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnpf.common.NnpfException;

class AtomicOutputTest {
  @TempDir Path dir;

  @Test
  void bytesAppearAtTheTargetOnlyAfterCommit() throws IOException {
    Path target = dir.resolve("a.bin");
    try (AtomicOutput out = AtomicOutput.create(target)) {
      out.stream().write(new byte[] {1, 2, 3});
      assertFalse(Files.exists(target));
      assertEquals(out.tempFile().getParent(), target.toAbsolutePath().getParent(), "same directory");
      out.commit();
      assertTrue(out.isCommitted());
    }
    assertEquals(List.of("a.bin"), TestPictures.list(dir));
    assertEquals(3, Files.size(target));
  }

  @Test
  void closeWithoutCommitDeletesTheTemporaryFileAndLeavesAnOldTargetUntouched() throws IOException {
    Path target = dir.resolve("b.txt");
    Files.writeString(target, "previous");
    Path temp;
    try (AtomicOutput out = AtomicOutput.create(target)) {
      out.stream().write("partial".getBytes());
      temp = out.tempFile();
      assertTrue(Files.exists(temp));
    }
    assertFalse(Files.exists(temp));
    assertEquals("previous", Files.readString(target));
    assertEquals(List.of("b.txt"), TestPictures.list(dir));
  }

  @Test
  void anOutputGetsThePermissionsOfAPlainlyWrittenFile() throws IOException {
    Path plain = Files.write(dir.resolve("plain"), new byte[] {1});
    AtomicOutput.write(dir.resolve("atomic"), new byte[] {1});
    assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(dir.resolve("atomic")));
  }

  @Test
  void commitReplacesAnExistingTarget() throws IOException {
    Path target = dir.resolve("c.txt");
    Files.writeString(target, "old");
    AtomicOutput.writeString(target, "new");
    assertEquals("new", Files.readString(target));
    assertEquals(List.of("c.txt"), TestPictures.list(dir));
  }

  @Test
  void anExceptionBeforeCommitInTryWithResourcesLeavesNothing() throws IOException {
    Path target = dir.resolve("d.txt");
    assertThrows(
        IllegalStateException.class,
        () -> {
          try (AtomicOutput out = AtomicOutput.create(target)) {
            out.stream().write(1);
            throw new IllegalStateException("encoder failed");
          }
        });
    assertEquals(List.of(), TestPictures.list(dir));
  }

  @Test
  void aTargetThatIsADirectoryIsRejected() throws IOException {
    Path target = Files.createDirectory(dir.resolve("sub"));
    NnpfException e = assertThrows(NnpfException.class, () -> AtomicOutput.create(target));
    assertTrue(e.getMessage().contains("is a directory"), e.getMessage());
  }

  @Test
  void theStreamIsUnusableAfterCommit() {
    AtomicOutput out = AtomicOutput.create(dir.resolve("e.bin"));
    out.commit();
    assertThrows(IllegalStateException.class, out::stream);
    assertThrows(IllegalStateException.class, out::commit);
    out.close();
  }
}
