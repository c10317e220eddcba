package org.nnpf.common.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;

class PictureFilesTest {
  @TempDir Path dir;

  @Test
  void rawFormatComesFromOptionsThenFileNameThenDefaults() {
    Path f = dir.resolve("seq_176x144_25fps_10bit.yuv");
    assertEquals(new SequenceInfo(176, 144, 10, ChromaFormat.CF420, 25, 1, -1), RawOptions.NONE.resolve(f));
    RawOptions o =
        RawOptions.builder().size(64, 32).bitDepth(8).chromaFormat(ChromaFormat.CF444).frameRate(50, 1).build();
    assertEquals(new SequenceInfo(64, 32, 8, ChromaFormat.CF444, 50, 1, -1), o.resolve(f));
    assertEquals(
        new SequenceInfo(8, 8, 8, ChromaFormat.CF420, 30, 1, -1),
        RawOptions.builder().size(8, 8).build().resolve(dir.resolve("x.yuv")));
  }

  @Test
  void yuvAndY4mAreOpenedByExtensionWithSkipAndFrameCount() throws IOException {
    List<Picture> pics = TestPictures.randomSequence(4, 6, 4, 10, ChromaFormat.CF420, 5);
    SequenceInfo info = new SequenceInfo(6, 4, 10, ChromaFormat.CF420, 30, 1, -1);
    for (String name : new String[] {"s_6x4_10bit.yuv", "s.Y4M"}) {
      Path f = dir.resolve(name);
      try (PictureSink out = PictureFiles.create(f, info, 0)) {
        pics.forEach(out::write);
        out.commit();
      }
      try (PictureSource in = PictureFiles.open(f, RawOptions.builder().skip(1).frames(2).build())) {
        assertEquals(info.withFrameCount(2), in.info(), name);
        assertEquals(pics.subList(1, 3), TestPictures.readAll(in), name);
      }
    }
    try (PictureSource in = PictureFiles.open(dir.resolve("s.Y4M"), RawOptions.NONE)) {
      assertInstanceOf(Y4mReader.class, in);
    }
  }

  @Test
  void aFrameRateOptionReplacesTheY4mHeaderRate() throws IOException {
    Path f = dir.resolve("r.y4m");
    try (PictureSink out = PictureFiles.create(f, new SequenceInfo(2, 2, 8, ChromaFormat.CF400, 25, 1, -1), 0)) {
      out.write(new Picture(2, 2, 8, ChromaFormat.CF400));
      out.commit();
    }
    try (PictureSource in = PictureFiles.open(f, RawOptions.builder().frameRate(60000, 1001).build())) {
      assertEquals(new SequenceInfo(2, 2, 8, ChromaFormat.CF400, 60000, 1001, 1), in.info());
      assertEquals(new Picture(2, 2, 8, ChromaFormat.CF400), in.next());
    }
  }

  @Test
  void outputsOtherThanY4mAreRawYuvAsHmWritesThem() throws IOException {
    Path f = dir.resolve("rec.bin");
    try (PictureSink out = PictureFiles.create(f, new SequenceInfo(2, 2, 8, ChromaFormat.CF400, 25, 1, -1), 0)) {
      out.write(new Picture(2, 2, 8, ChromaFormat.CF400));
      out.commit();
    }
    assertEquals(4, Files.size(f));
  }
}
