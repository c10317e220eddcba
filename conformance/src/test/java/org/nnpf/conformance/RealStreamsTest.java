package org.nnpf.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nnpf.common.codec.BaseCodec;
import org.nnpf.common.codec.BaseDecoder;
import org.nnpf.common.io.PictureFiles;
import org.nnpf.common.io.PictureSource;
import org.nnpf.common.io.RawOptions;
import org.nnpf.common.nn.ModelStore;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;
import org.nnpf.decoder.NnpfDecoder;
import org.nnpf.decoder.app.DecoderCommand;

/**
 * The real H.264 conformance streams of ../shared/data/streams/avc (interlaced field pictures,
 * MBAFF, PAFF, MMCO, monochrome; skipped when the folder is absent): the decoder outputs exactly the
 * pictures FFmpeg's own decode of the whole stream gives, in the same order, and writes 4:0:0 as
 * 4:2:0 with mid-grey chroma by default (docs/base-codec.md).
 */
class RealStreamsTest {
  @TempDir Path tmp;

  static Stream<Path> streams() throws Exception {
    Path dir = Dirs.module().getParent().getParent().resolve("shared/data/streams/avc");
    if (!Files.isDirectory(dir)) {
      return Stream.of(Path.of("absent"));
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".264") || p.toString().endsWith(".avc")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("streams")
  void decodesExactlyAsFfmpegDoes(Path stream) throws Exception {
    assumeTrue(Files.isRegularFile(stream), "../shared/data/streams/avc is absent");
    byte[] bytes = Files.readAllBytes(stream);
    List<Picture> ffmpeg = BaseDecoder.decodeAll(bytes, BaseCodec.AVC, 1);
    List<Picture> ours = new ArrayList<>();
    try (NnpfDecoder d = new NnpfDecoder(BaseCodec.AVC, ModelStore.builtIn(),
        new NnpfDecoder.Options(1, org.nnpf.common.nn.integer.InferenceOptions.defaults(), false), stream.toString())) {
      d.decode(bytes, p -> ours.add(p.output()));
    }
    assertEquals(ffmpeg.size(), ours.size(), "pictures");
    for (int i = 0; i < ffmpeg.size(); i++) {
      assertEquals(ffmpeg.get(i), ours.get(i), "picture " + i);
    }
    // without --no-postfilter too: these streams carry no post-filter units
    Path out = tmp.resolve("out.yuv");
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int status = DecoderCommand.run(new String[] {"-b", stream.toString(), "-o", out.toString(), "--quiet"},
        new PrintWriter(o), new PrintWriter(e));
    assertEquals(0, status, e.toString());
    boolean mono = ffmpeg.get(0).chromaFormat() == ChromaFormat.CF400;
    RawOptions raw = RawOptions.builder().size(ffmpeg.get(0).width(), ffmpeg.get(0).height())
        .bitDepth(ffmpeg.get(0).bitDepth()).chromaFormat(ChromaFormat.CF420).build();
    try (PictureSource src = PictureFiles.open(out, raw)) {
      for (Picture f : ffmpeg) {
        Picture w = src.next();
        assertEquals(f.plane(0), w.plane(0));
        if (mono) {
          int grey = 1 << (f.bitDepth() - 1);
          for (int c = 1; c < 3; c++) {
            for (short v : w.plane(c).samples()) {
              assertEquals(grey, v & 0xFFFF);
            }
          }
        } else {
          assertEquals(f, w);
        }
      }
      assertEquals(null, src.next(), "no extra picture");
    }
    if (mono) {
      int s400 = DecoderCommand.run(new String[] {"-b", stream.toString(), "-o", out.toString(), "--quiet",
          "--OutputChromaFormat", "400"}, new PrintWriter(o), new PrintWriter(e));
      assertEquals(0, s400, e.toString());
      long lumaBytes = (long) ffmpeg.get(0).width() * ffmpeg.get(0).height() * ffmpeg.size();
      assertEquals(lumaBytes, Files.size(out), "4:0:0: the luma planes only");
    }
    assertTrue(!ffmpeg.isEmpty());
  }

  @org.junit.jupiter.api.Test
  void fieldCodedStreamsWithPostFilterUnitsAreRejectedWithAClearMessage() throws Exception {
    Path stream = Dirs.module().getParent().getParent().resolve("shared/data/streams/avc/Freh7_B.264");
    assumeTrue(Files.isRegularFile(stream), "../shared/data/streams/avc is absent");
    byte[] bytes = Files.readAllBytes(stream);
    var cancel = org.nnpf.bitstream.nnpf.NnpfActivation.cancel(0); // a post-filter unit that changes no picture
    byte[] withUnits = new org.nnpf.bitstream.carriage.NnpfUnitInserter(org.nnpf.bitstream.nal.NalCodec.AVC).insert(bytes,
        java.util.Map.of(0, List.<org.nnpf.bitstream.nnpf.NnpfMessage>of(cancel)), org.nnpf.bitstream.carriage.Carriage.SEI);
    Path in = tmp.resolve("fields_with_units.264");
    Files.write(in, withUnits);
    Path out = tmp.resolve("o.yuv");
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int status = DecoderCommand.run(new String[] {"-b", in.toString(), "-o", out.toString()}, new PrintWriter(o),
        new PrintWriter(e));
    assertTrue(status != 0);
    assertTrue(e.toString().contains("field-coded content") && e.toString().contains("fields_with_units.264"), e.toString());
    assertTrue(!Files.exists(out), "no output file");
    // the base pictures are still available
    StringWriter e2 = new StringWriter();
    assertEquals(0, DecoderCommand.run(new String[] {"-b", in.toString(), "-o", out.toString(), "--no-postfilter", "--quiet"},
        new PrintWriter(new StringWriter()), new PrintWriter(e2)), e2.toString());
  }

  /** A parameter set of the 4:2:0 integer process applied to 4:0:0 pictures is a clear error. */
  @org.junit.jupiter.api.Test
  void monochromeStreamWithAParameterSetIsRejectedNamingTheElement() throws Exception {
    Path stream = Dirs.module().getParent().getParent().resolve("shared/data/streams/avc/HPCVMOLQ_BRCM_B.264");
    assumeTrue(Files.isRegularFile(stream), "../shared/data/streams/avc is absent");
    var entry = org.nnpf.common.nn.ModelStore.builtIn().defaultModel();
    var model = entry.model();
    var stats = new org.nnpf.common.nn.fp.ActivationStatistics(model);
    var pic = new org.nnpf.common.picture.Picture(64, 64, 8, ChromaFormat.CF420);
    for (int c = 0; c < 3; c++) {
      var plane = pic.plane(c);
      for (int y = 0; y < plane.height(); y++) {
        for (int x = 0; x < plane.width(); x++) {
          plane.set(x, y, (x * 7 + y * 13 + c * 50) & 255);
        }
      }
    }
    new org.nnpf.common.nn.fp.FloatInference(model).run(pic, 32, stats);
    var q = QuantizationRecipe.uniform(model.layerCount(), 16, 16, 32).design(model, stats);
    var ps = org.nnpf.bitstream.filter.FilterSignalling.toParameterSet(model, entry.file(), q, 8,
        org.nnpf.bitstream.filter.FilterSignalling.Options.compact(0, false, 64, 64));
    byte[] withUnits = new org.nnpf.bitstream.carriage.NnpfUnitInserter(org.nnpf.bitstream.nal.NalCodec.AVC).insert(
        Files.readAllBytes(stream),
        java.util.Map.of(0, List.<org.nnpf.bitstream.nnpf.NnpfMessage>of(ps,
            org.nnpf.bitstream.nnpf.NnpfActivation.activate(0, true))),
        org.nnpf.bitstream.carriage.Carriage.SEI);
    Path in = tmp.resolve("mono_with_filter.264");
    Files.write(in, withUnits);
    Path out = tmp.resolve("m.yuv");
    StringWriter e = new StringWriter();
    int status = DecoderCommand.run(new String[] {"-b", in.toString(), "-o", out.toString()},
        new PrintWriter(new StringWriter()), new PrintWriter(e));
    assertTrue(status != 0);
    String msg = e.toString();
    assertTrue(msg.contains("nnpfps_inp_order_idc") && msg.contains("400") && msg.contains("mono_with_filter.264"), msg);
    assertTrue(!Files.exists(out), "no output file");
  }
}
