package org.nnpf.common.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;

class PictureStoreTest {

  @ParameterizedTest
  @CsvSource({"8, 420", "10, 420", "16, 444", "8, 400", "12, 422"})
  void picturesReadBackEqualToThoseAdded(int bitDepth, String chroma) {
    List<Picture> seq = TestPictures.randomSequence(5, 34, 18, bitDepth, ChromaFormat.parse(chroma), 7);
    try (PictureStore s = PictureStore.create("test pictures")) {
      s.addAll(seq);
      assertEquals(5, s.size());
      assertEquals(seq, s.pictures());
      // out of order and repeated, past the cache
      for (int i : new int[] {4, 0, 2, 4, 1, 3, 0}) {
        assertEquals(seq.get(i), s.get(i), "picture " + i);
      }
    }
  }

  @Test
  void theViewSeesLaterAdditions() {
    List<Picture> seq = TestPictures.randomSequence(3, 16, 8, 8, ChromaFormat.CF420, 1);
    try (PictureStore s = PictureStore.create("test pictures")) {
      List<Picture> view = s.pictures();
      assertEquals(0, view.size());
      s.add(seq.get(0));
      s.add(seq.get(1));
      assertEquals(2, view.size());
      assertEquals(seq.get(1), view.get(1));
    }
  }

  @Test
  void aPictureOfAnotherFormatIsRefusedNamingThePurpose() {
    try (PictureStore s = PictureStore.create("decoded pictures")) {
      s.add(new Picture(16, 8, 8, ChromaFormat.CF420));
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> s.add(new Picture(16, 8, 10, ChromaFormat.CF420)));
      assertTrue(e.getMessage().contains("picture 1 of the decoded pictures"), e.getMessage());
    }
  }

  @Test
  void outOfRangeIndexAndClosedStoreAreErrors() {
    PictureStore s = PictureStore.create("test pictures");
    s.add(new Picture(16, 8, 8, ChromaFormat.CF420));
    assertThrows(IndexOutOfBoundsException.class, () -> s.get(1));
    s.close();
    s.close(); // idempotent
    assertThrows(IllegalStateException.class, () -> s.get(0));
  }

  @Test
  void noTemporaryFileIsLeftBehindEvenWhileOpen() throws Exception {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    long before = countStoreFiles(tmp);
    try (PictureStore s = PictureStore.create("test pictures")) {
      s.add(new Picture(16, 8, 8, ChromaFormat.CF420));
      assertEquals(before, countStoreFiles(tmp), "the file is unlinked as soon as it is created");
      assertEquals(new Picture(16, 8, 8, ChromaFormat.CF420), s.get(0));
    }
    assertEquals(before, countStoreFiles(tmp));
  }

  private static long countStoreFiles(Path dir) throws Exception {
    try (Stream<Path> l = Files.list(dir)) {
      return l.filter(p -> p.getFileName().toString().matches("nnpf-.*\\.pictures")).count();
    }
  }
}
