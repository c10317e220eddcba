package org.nnpf.encoder.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nnpf.common.codec.BaseCodec;
import org.nnpf.common.codec.BaseDecoder;
import org.nnpf.common.content.SyntheticSource;
import org.nnpf.common.io.SequenceInfo;
import org.nnpf.common.io.YuvWriter;
import org.nnpf.common.metrics.FileMd5;
import org.nnpf.common.picture.ChromaFormat;
import org.nnpf.common.picture.Picture;
import org.nnpf.decoder.app.DecoderCommand;
import org.nnpf.encoder.report.EncoderReport;
import org.nnpf.encoder.report.EncoderReportJson;

/** The encoder and decoder applications end to end on generated content. */
class EndToEndTest {
  @TempDir Path dir;

  private Path writeInput(int w, int h, int frames, int bitDepth) throws Exception {
    Path in = dir.resolve("seq_" + w + "x" + h + "_" + frames + "f" + (bitDepth > 8 ? "_" + bitDepth + "bit" : "") + ".yuv");
    try (SyntheticSource src = new SyntheticSource(new SequenceInfo(w, h, bitDepth, ChromaFormat.CF420, 30, 1, frames), 7);
        YuvWriter yw = YuvWriter.create(in)) {
      for (Picture p = src.next(); p != null; p = src.next()) {
        yw.write(p);
      }
      yw.commit();
    }
    return in;
  }

  private record Run(int status, String out, String err) {}

  private static Run encoder(String... args) {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int s = EncoderCommand.run(args, new PrintWriter(o), new PrintWriter(e));
    return new Run(s, o.toString(), e.toString());
  }

  private static Run decoder(String... args) {
    StringWriter o = new StringWriter();
    StringWriter e = new StringWriter();
    int s = DecoderCommand.run(args, new PrintWriter(o), new PrintWriter(e));
    return new Run(s, o.toString(), e.toString());
  }

  @ParameterizedTest(name = "{0} {1} {2}-bit {3}")
  @CsvSource({"hevc, sei, 8, ra", "hevc, aps, 10, ldb", "avc, sei, 8, ra", "avc, aps, 8, ai", "hevc, h274, 8, ra",
      "avc, h274, 10, ldb"})
  void decoderOutputEqualsEncoderReconstructionAndEveryHashChecks(String codec, String carriage, int bitDepth,
      String structure) throws Exception {
    Path in = writeInput(66, 50, 4, bitDepth);
    Path bin = dir.resolve("s.bin");
    Path rec = dir.resolve("rec.yuv");
    Path json = dir.resolve("r.json");
    Run e = encoder("-i", in.toString(), "-b", bin.toString(), "-o", rec.toString(), "-q", "32", "--codec", codec,
        "--carriage", carriage, "--config", structure, "--overfit-iterations", "4", "--filter-all",
        "--preset", "ultrafast", "--report", json.toString(), "-dph", "1");
    assertEquals(0, e.status(), e.err());
    assertTrue(e.out().contains("SUMMARY"), e.out());
    Path dec = dir.resolve("dec.yuv");
    Run d = decoder("-b", bin.toString(), "-o", dec.toString(), "-r", in.toString());
    assertEquals(0, d.status(), d.err() + d.out());
    assertEquals(4, d.out().lines().filter(l -> l.contains(",(OK)]")).count(), d.out());
    assertEquals(FileMd5.hex(rec), FileMd5.hex(dec));
    EncoderReport r = EncoderReportJson.read(json);
    assertEquals(4, r.frames());
    assertTrue(r.bits().postFilter() > 0);
    assertEquals(Files.size(bin) * 8, r.bits().total());

    // a standard decoder decodes the stream exactly as the stream without post-filter units
    byte[] withUnits = Files.readAllBytes(bin);
    Path anchor = dir.resolve("anchor.bin");
    assertEquals(0, encoder("-i", in.toString(), "-b", anchor.toString(), "-q", "32", "--codec", codec,
        "--config", structure, "--preset", "ultrafast", "--no-postfilter").status());
    BaseCodec bc = BaseCodec.parse(codec);
    List<Picture> a = BaseDecoder.decodeAll(Files.readAllBytes(anchor), bc, 1);
    List<Picture> b = BaseDecoder.decodeAll(withUnits, bc, 1);
    assertEquals(a, b);

    // --no-postfilter at the decoder gives the base pictures
    Path base = dir.resolve("base.yuv");
    Run nb = decoder("-b", bin.toString(), "-o", base.toString(), "--no-postfilter");
    assertEquals(0, nb.status(), nb.err());
    assertFalse(FileMd5.hex(base).equals(FileMd5.hex(dec)));
  }

  @Test
  void decoderOutputDoesNotDependOnThreadsPatchOrKernel() throws Exception {
    Path in = writeInput(70, 46, 3, 8);
    Path bin = dir.resolve("s.bin");
    assertEquals(0, encoder("-i", in.toString(), "-b", bin.toString(), "-q", "37", "--overfit-iterations", "2",
        "--filter-all", "--preset", "ultrafast", "--quiet").status());
    String ref = null;
    for (String[] opt : new String[][] {{"1", "128x64", "vector"}, {"2", "16x8", "vector"}, {"3", "7x5", "scalar"},
        {"2", "1x1", "scalar"}}) {
      Path out = dir.resolve("d" + opt[0] + opt[1] + opt[2] + ".yuv");
      Run d = decoder("-b", bin.toString(), "-o", out.toString(), "--threads", opt[0], "--patch", opt[1], "--kernel",
          opt[2], "--quiet");
      assertEquals(0, d.status(), d.err());
      String md5 = FileMd5.hex(out);
      if (ref == null) {
        ref = md5;
      }
      assertEquals(ref, md5, String.join(" ", opt));
    }
  }

  @Test
  void baseModelMultipliersAreLeftOutOfTheParameterSetAndTheDecoderMatchesTheEncoder() throws Exception {
    Path in = writeInput(66, 40, 3, 8);
    Path bin = dir.resolve("b.bin");
    Path rec = dir.resolve("b_rec.yuv");
    Run e = encoder("-i", in.toString(), "-b", bin.toString(), "-o", rec.toString(), "-q", "37", "--no-overfit",
        "--filter-all", "--preset", "ultrafast", "--quiet", "-dph", "1", "--no-refine");
    assertEquals(0, e.status(), e.err());
    // the compact form: model named by the first 16 bytes of its SHA-256, no multiplier tensor
    org.nnpf.bitstream.nnpf.NnpfParameterSet ps = null;
    for (var au : org.nnpf.bitstream.carriage.NnpfUnitExtractor.extractAll(Files.readAllBytes(bin),
        org.nnpf.bitstream.nal.NalCodec.HEVC)) {
      for (var u : au.nnpfUnits()) {
        if (u.message() instanceof org.nnpf.bitstream.nnpf.NnpfParameterSet p) {
          ps = p;
        }
      }
    }
    assertTrue(ps != null, "a parameter set");
    assertEquals(org.nnpf.bitstream.nnpf.ModelHashType.SHA256_128, ps.model().hashType());
    assertTrue(ps.layers().stream().allMatch(l -> l.multipliers().isEmpty()));
    Path dec = dir.resolve("b_dec.yuv");
    Run d = decoder("-b", bin.toString(), "-o", dec.toString());
    assertEquals(0, d.status(), d.err());
    assertTrue(d.out().contains("(OK)"), d.out());
    assertEquals(FileMd5.hex(rec), FileMd5.hex(dec));
  }

  /**
   * {@code --overfit-biases}: the overfitted biases travel as bias updates in a parameter set of
   * version 1.3, and the decoder, for any thread count and kernel, reproduces the encoder's
   * pictures with every hash checked; without the option no bias update is written.
   */
  @Test
  void overfittedBiasesAreSignalledAsBiasUpdatesAndTheDecoderMatchesTheEncoder() throws Exception {
    Path in = writeInput(66, 40, 3, 8);
    for (boolean biases : new boolean[] {true, false}) {
      Path bin = dir.resolve("u" + biases + ".bin");
      Path rec = dir.resolve("u" + biases + "_rec.yuv");
      Run e = encoder("-i", in.toString(), "-b", bin.toString(), "-o", rec.toString(), "-q", "37",
          biases ? "--overfit-biases" : "--no-overfit-biases", "--overfit-iterations", "8", "--overfit-trial", "0",
          "--filter-all", "--no-refine", "--preset", "ultrafast", "--quiet", "-dph", "1");
      assertEquals(0, e.status(), e.err());
      org.nnpf.bitstream.nnpf.NnpfParameterSet ps = (org.nnpf.bitstream.nnpf.NnpfParameterSet) messages(bin, "hevc")
          .stream().filter(m -> m instanceof org.nnpf.bitstream.nnpf.NnpfParameterSet).findFirst().orElseThrow();
      long updates = ps.layers().stream().filter(l -> l.biasUpdate().isPresent()).count();
      if (biases) {
        assertTrue(updates > 0, "bias updates");
        assertEquals(org.nnpf.bitstream.nnpf.NnpfLimits.VERSION_MINOR_BIAS_UPDATE, ps.versionMinorRead().getAsInt());
      } else {
        assertEquals(0, updates);
        assertTrue(ps.versionMinorRead().getAsInt() < org.nnpf.bitstream.nnpf.NnpfLimits.VERSION_MINOR_BIAS_UPDATE);
      }
      for (String[] opt : new String[][] {{"1", "vector"}, {"2", "scalar"}}) {
        Path dec = dir.resolve("u" + biases + opt[0] + ".yuv");
        Run d = decoder("-b", bin.toString(), "-o", dec.toString(), "--threads", opt[0], "--kernel", opt[1]);
        assertEquals(0, d.status(), d.err());
        assertEquals(3, d.out().lines().filter(l -> l.contains(",(OK)]")).count(), d.out());
        assertEquals(FileMd5.hex(rec), FileMd5.hex(dec));
      }
    }
  }

  private static List<org.nnpf.bitstream.nnpf.NnpfMessage> messages(Path bin, String codec) throws Exception {
    List<org.nnpf.bitstream.nnpf.NnpfMessage> l = new java.util.ArrayList<>();
    for (var au : org.nnpf.bitstream.carriage.NnpfUnitExtractor.extractAll(Files.readAllBytes(bin),
        org.nnpf.bitstream.nal.NalCodec.of(org.nnpf.common.codec.BaseCodec.parse(codec)))) {
      for (var u : au.nnpfUnits()) {
        l.add(u.message());
      }
    }
    return l;
  }

  /**
   * A model of two hypotheses (the built-in model's last layer and a perturbed copy, in band): the
   * encoder weighs both in its refinement set, with and without overfitting, and the decoder
   * reproduces the encoder's reconstruction, for any thread count, patch and kernel.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource({"--no-overfit", "--overfit-iterations=6"})
  void aModelOfTwoHypothesesIsWeighedByTheRefinementAndReproducedByTheDecoder(String adapt) throws Exception {
    // the built-in base-c32-l10-v2s (one hypothesis) with a second, untrained one
    org.nnpf.common.nn.Model v2s = org.nnpf.common.nn.ModelStore.builtIn().entries().stream()
        .filter(x -> x.source().contains("base-c32-l10-v2s")).findFirst().orElseThrow().model();
    org.nnpf.common.nn.Model two = org.nnpf.common.nn.ModelFactory.withHypotheses(v2s, 2, 0.5, 3);
    Path model = dir.resolve("two.nnpm");
    org.nnpf.common.nn.ModelFile.write(two, model);
    Path in = writeInput(128, 96, 5, 8);
    Path bin = dir.resolve("h.bin");
    Path rec = dir.resolve("h_rec.yuv");
    Run e = encoder("-i", in.toString(), "-b", bin.toString(), "-o", rec.toString(), "-q", "37", adapt,
        "--model", model.toString(), "--model-in-band", "--preset", "ultrafast", "-dph", "1", "--filter-all",
        "--refine-tools", "weight,classes");
    assertEquals(0, e.status(), e.err());
    assertTrue(e.out().contains("(2 hypotheses)"), e.out());
    List<org.nnpf.bitstream.nnpf.NnpfMessage> m = messages(bin, "hevc");
    List<org.nnpf.bitstream.nnpf.NnpfRefinementSet> sets = m.stream()
        .filter(x -> x instanceof org.nnpf.bitstream.nnpf.NnpfRefinementSet)
        .map(x -> (org.nnpf.bitstream.nnpf.NnpfRefinementSet) x).toList();
    // the refinement pays on this content with the base model's multipliers; after overfitting the
    // network alone may be better (then no refinement set), but a set weighs both hypotheses
    assertTrue(sets.size() == (adapt.equals("--no-overfit") ? 1 : sets.size()) && sets.size() <= 1, e.out());
    // the set weighs the hypotheses its components use (both, or hypothesis 0 alone: no zero weights coded)
    for (org.nnpf.bitstream.nnpf.NnpfRefinementSet r : sets) {
      int used = r.refinement().components().stream()
          .mapToInt(org.nnpf.common.nn.refine.ComponentRefinement::hypothesesWeighed).max().orElse(0);
      assertTrue(r.refinement().numHypotheses() >= 1 && r.refinement().numHypotheses() <= 2, e.out());
      assertEquals(used, r.refinement().numHypotheses(), e.out());
    }
    assertTrue(e.out().contains("2 hypothesis weights"), "the fit tries both hypotheses: " + e.out());
    assertDecodesToTheReconstruction(bin, rec, 5, new String[][] {{}, {"--threads", "2", "--patch", "17x9", "--kernel", "scalar"}});
  }

  /** Decodes {@code bin} with each option set: every hash checks and the output equals {@code rec}. */
  private void assertDecodesToTheReconstruction(Path bin, Path rec, int pictures, String[][] optionSets) throws Exception {
    for (String[] opts : optionSets) {
      Path dec = dir.resolve("dec.yuv");
      List<String> args = new java.util.ArrayList<>(List.of("-b", bin.toString(), "-o", dec.toString()));
      args.addAll(List.of(opts));
      Run d = decoder(args.toArray(String[]::new));
      assertEquals(0, d.status(), d.err() + d.out());
      assertEquals(pictures, d.out().lines().filter(l -> l.contains(",(OK)]")).count(), d.out());
      assertEquals(FileMd5.hex(rec), FileMd5.hex(dec), String.join(" ", opts));
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"hevc", "avc"})
  void theH274CarriageWritesNnpfcAndNnpfaAndDecodesToThePicturesOfTheSeiCarriage(String codec) throws Exception {
    Path in = writeInput(128, 96, 5, 8);
    Path[] rec = new Path[2];
    Path[] dec = new Path[2];
    String[] carriages = {"sei", "h274"};
    for (int i = 0; i < 2; i++) {
      Path bin = dir.resolve(carriages[i] + ".bin");
      rec[i] = dir.resolve(carriages[i] + "_rec.yuv");
      Run e = encoder("-i", in.toString(), "-b", bin.toString(), "-o", rec[i].toString(), "-q", "37", "--no-overfit",
          "--codec", codec, "--carriage", carriages[i], "--preset", "ultrafast", "--filter-all");
      assertEquals(0, e.status(), e.err());
      dec[i] = dir.resolve(carriages[i] + "_dec.yuv");
      Run d = decoder("-b", bin.toString(), "-o", dec[i].toString());
      assertEquals(0, d.status(), d.err() + d.out());
      assertEquals("", d.err());
      assertEquals(FileMd5.hex(rec[i]), FileMd5.hex(dec[i]));
      List<org.nnpf.bitstream.nnpf.NnpfMessage> m = messages(bin, codec);
      long nnpfc = m.stream().filter(x -> x instanceof org.nnpf.bitstream.nnpf.H274Characteristics).count();
      long nnpfa = m.stream().filter(x -> x instanceof org.nnpf.bitstream.nnpf.H274Activation).count();
      long own = m.stream().filter(x -> x instanceof org.nnpf.bitstream.nnpf.NnpfActivation).count();
      if (i == 0) {
        assertEquals(0, nnpfc + nnpfa);
      } else {
        boolean network = m.stream().anyMatch(x -> x instanceof org.nnpf.bitstream.nnpf.NnpfParameterSet);
        assertEquals(network ? 1 : 0, nnpfc, m.toString());
        assertEquals(network ? 1 : 0, nnpfa, m.toString());
        assertEquals(network ? 0 : 1, own, m.toString());
      }
    }
    assertEquals(FileMd5.hex(dec[0]), FileMd5.hex(dec[1]));
  }

  @ParameterizedTest(name = "{0} {1} {2}")
  @CsvSource({"hevc, sei, 'weight,fir,classes'", "avc, aps, weight", "hevc, aps, fir"})
  void refinementStageIsChosenSignalledAndReproducedByTheDecoder(String codec, String carriage, String tools)
      throws Exception {
    Path in = writeInput(128, 96, 6, 8);
    Path bin = dir.resolve("r.bin");
    Path rec = dir.resolve("r_rec.yuv");
    Run e = encoder("-i", in.toString(), "-b", bin.toString(), "-o", rec.toString(), "-q", "37", "--no-overfit",
        "--codec", codec, "--carriage", carriage, "--preset", "ultrafast", "-dph", "1", "--filter-all",
        "--refine-tools", tools);
    assertEquals(0, e.status(), e.err());
    boolean alone = e.out().contains("Decision: refinement set alone");
    boolean refined = alone || e.out().contains("Decision: base model's multipliers, refined (");
    // with every tool the refinement pays on this content; with fewer it may not (then no refinement set)
    assertTrue(refined || !tools.equals("weight,fir,classes"), e.out());
    List<org.nnpf.bitstream.nnpf.NnpfMessage> m = messages(bin, codec);
    assertEquals(refined ? 1 : 0, m.stream().filter(x -> x instanceof org.nnpf.bitstream.nnpf.NnpfRefinementSet).count(),
        e.out());
    // a stand-alone refinement set carries no parameter set; without the FIR it cannot stand alone
    assertEquals(alone ? 0 : 1, m.stream().filter(x -> x instanceof org.nnpf.bitstream.nnpf.NnpfParameterSet).count());
    assertTrue(tools.contains("fir") || !alone);
    assertDecodesToTheReconstruction(bin, rec, 6, new String[][] {{}, {"--threads", "2", "--patch", "17x9"}, {"--kernel", "scalar"}});
    // without the refinement stage the stream is version 1.0 syntax only
    Run n = encoder("-i", in.toString(), "-b", bin.toString(), "-q", "37", "--no-overfit", "--codec", codec,
        "--carriage", carriage, "--preset", "ultrafast", "--no-refine", "--filter-all");
    assertEquals(0, n.status(), n.err());
    assertTrue(messages(bin, codec).stream().noneMatch(x -> x instanceof org.nnpf.bitstream.nnpf.NnpfRefinementSet));
    Run bad = encoder("-i", in.toString(), "-b", bin.toString(), "-q", "37", "--refine-tools", "wiener");
    assertTrue(bad.status() != 0, bad.err());
    assertTrue(bad.err().contains("--refine-tools: 'wiener' is not one of"), bad.err());
  }

  @Test
  void interlacedAvcFramesArePostFilteredAndReproducedByTheDecoder() throws Exception {
    Path in = writeInput(96, 64, 4, 8);
    Path bin = dir.resolve("i.bin");
    Path rec = dir.resolve("i_rec.yuv");
    Run e = encoder("-i", in.toString(), "-b", bin.toString(), "-o", rec.toString(), "-q", "32", "--codec", "avc",
        "--interlaced", "--no-overfit", "--filter-all", "--preset", "ultrafast", "-dph", "1");
    assertEquals(0, e.status(), e.err());
    Path dec = dir.resolve("i_dec.yuv");
    Run d = decoder("-b", bin.toString(), "-o", dec.toString());
    assertEquals(0, d.status(), d.err() + d.out());
    assertEquals(4, d.out().lines().filter(l -> l.contains(",(OK)]")).count(), d.out());
    assertEquals(FileMd5.hex(rec), FileMd5.hex(dec));
    // one frame per access unit (MBAFF codes frames, not field pictures)
    assertTrue(org.nnpf.common.codec.BaseDecoder.decodeAll(Files.readAllBytes(bin), org.nnpf.common.codec.BaseCodec.AVC, 1)
        .size() == 4);
    Run bad = encoder("-i", in.toString(), "-b", bin.toString(), "-q", "32", "--interlaced");
    assertTrue(bad.status() != 0 && bad.err().contains("interlaced coding needs the AVC base codec"), bad.err());
  }

  @Test
  void corruptedStreamFailsWithAMessageAndNoOutput() throws Exception {
    Path in = writeInput(64, 48, 3, 8);
    Path bin = dir.resolve("s.bin");
    assertEquals(0, encoder("-i", in.toString(), "-b", bin.toString(), "-q", "37", "--overfit-iterations", "2",
        "--filter-all", "--preset", "ultrafast", "--quiet", "--no-refine").status());
    byte[] s = Files.readAllBytes(bin);
    Path trunc = dir.resolve("t.bin");
    Files.write(trunc, java.util.Arrays.copyOf(s, s.length / 2));
    Path out = dir.resolve("t.yuv");
    Run d = decoder("-b", trunc.toString(), "-o", out.toString(), "--quiet");
    assertEquals(1, d.status());
    assertTrue(d.err().contains("t.bin"), d.err());
    assertFalse(Files.exists(out));
    try (var files = Files.list(dir)) {
      assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith("t.yuv")), "temporary file left");
    }
  }

  @Test
  void badInputsGiveAClearMessageAndNonZeroExit() throws Exception {
    Path in = writeInput(64, 48, 2, 8);
    Path bin = dir.resolve("s.bin");
    Run missing = encoder("-i", dir.resolve("nope.yuv").toString(), "-b", bin.toString(), "-q", "32");
    assertEquals(1, missing.status());
    assertTrue(missing.err().contains("nope.yuv"), missing.err());
    Run sameAsInput = encoder("-i", in.toString(), "-b", in.toString(), "-q", "32");
    assertEquals(1, sameAsInput.status());
    assertTrue(sameAsInput.err().contains("input"), sameAsInput.err());
    Run badQp = encoder("-i", in.toString(), "-b", bin.toString(), "-q", "60");
    assertEquals(1, badQp.status());
    assertTrue(badQp.err().contains("-q"), badQp.err());
    Run unknown = encoder("-i", in.toString(), "-b", bin.toString(), "-q", "32", "--bogus");
    assertEquals(2, unknown.status());
    Run objective = encoder("-i", in.toString(), "-b", bin.toString(), "-q", "32", "--overfit-objective", "psnr");
    assertEquals(1, objective.status());
    assertTrue(objective.err().contains("--overfit-objective") && objective.err().contains("psnr"), objective.err());
    Run trial = encoder("-i", in.toString(), "-b", bin.toString(), "-q", "32", "--overfit-trial", "-5");
    assertEquals(1, trial.status());
    assertTrue(trial.err().contains("--overfit-trial"), trial.err());
    Path odd = dir.resolve("raw.yuv");
    Files.write(odd, new byte[1000]);
    Run geometry = encoder("-i", odd.toString(), "-wdt", "64", "-hgt", "48", "-b", bin.toString(), "-q", "32");
    assertEquals(1, geometry.status());
    assertTrue(geometry.err().contains("raw.yuv"), geometry.err());
    Path cfg = dir.resolve("bad.cfg");
    Files.writeString(cfg, "QP : 32\nthis line has no colon\n");
    Run badCfg = encoder("-c", cfg.toString(), "-i", in.toString(), "-b", bin.toString());
    assertEquals(2, badCfg.status());
    assertTrue(badCfg.err().contains("bad.cfg"), badCfg.err());
    assertFalse(Files.exists(bin));
    Run noStream = decoder("-b", dir.resolve("none.bin").toString());
    assertEquals(1, noStream.status());
    assertTrue(noStream.err().contains("none.bin"), noStream.err());
    Files.write(dir.resolve("garbage.bin"), new byte[] {0, 0, 1, 0x40, 1, 2, 3, 4, 5});
    Run garbage = decoder("-b", dir.resolve("garbage.bin").toString(), "--codec", "hevc");
    assertEquals(1, garbage.status());
    assertTrue(garbage.err().contains("garbage.bin"), garbage.err());
  }

  @Test
  void filterDecisionWritesNoUnitsWhenTheFilterHelpsNoPicture() throws Exception {
    // QP 0 makes the base output nearly lossless: no filter can improve it
    Path in = writeInput(64, 48, 2, 8);
    Path bin = dir.resolve("s.bin");
    Path anchor = dir.resolve("a.bin");
    assertEquals(0, encoder("-i", in.toString(), "-b", bin.toString(), "-q", "0", "--overfit-iterations", "1",
        "--preset", "ultrafast", "--quiet").status());
    assertEquals(0, encoder("-i", in.toString(), "-b", anchor.toString(), "-q", "0", "--preset", "ultrafast",
        "--no-postfilter", "--quiet").status());
    assertArrayEquals(Files.readAllBytes(anchor), Files.readAllBytes(bin));
  }
}
