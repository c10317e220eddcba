package org.nnpf.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nnpf.bitstream.carriage.Carriage;
import org.nnpf.bitstream.carriage.NnpfUnit;
import org.nnpf.bitstream.carriage.NnpfUnitExtractor;
import org.nnpf.bitstream.carriage.NnpfUnitInserter;
import org.nnpf.bitstream.nal.NalCodec;
import org.nnpf.bitstream.nal.NalUnit;
import org.nnpf.bitstream.nal.NalUnitStream;
import org.nnpf.bitstream.nnpf.H274Activation;
import org.nnpf.bitstream.nnpf.H274Characteristics;
import org.nnpf.bitstream.nnpf.H274SeiSyntax;
import org.nnpf.bitstream.nnpf.NnpfMessage;
import org.nnpf.bitstream.sei.SeiMessage;
import org.nnpf.bitstream.sei.SeiRbsp;
import org.nnpf.common.metrics.FileMd5;

/**
 * Independent checks of the H.274 carriage with the reference software (docs/conformance.md 9.1),
 * built outside the repository by {@code bench/h274/build-reference.sh} into {@code
 * $NNPF_REF_BUILD} (default {@code /work/ref-build}). Each test is skipped when its program is absent.
 */
class H274ReferenceInteropTest {
  static final Path ROOT = Path.of(System.getenv().getOrDefault("NNPF_REF_BUILD", "/work/ref-build"));

  @TempDir Path tmp;

  static Path program(String tree, String... names) {
    for (String n : names) {
      Path p = ROOT.resolve(tree).resolve("bin").resolve(n);
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  record Run(int status, String out) {}

  static Run run(Path dir, String... cmd) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
    Path log = dir.resolve("log-" + System.nanoTime() + ".txt");
    pb.redirectOutput(log.toFile());
    Process p = pb.start();
    if (!p.waitFor(600, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", cmd) + ": timed out");
    }
    return new Run(p.exitValue(), Files.readString(log));
  }

  /** Every {@code name: value} line of a reference decoder's SEI output, in order. */
  static List<String[]> dump(String text) {
    List<String[]> out = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^\\s+([a-z0-9_\\[\\]]+)\\s*: (.*)$").matcher(text);
    while (m.find()) {
      out.add(new String[] {m.group(1), m.group(2).strip()});
    }
    return out;
  }

  /** The names the reference software prints for some H.274 elements. */
  static final Map<String, String> ALIASES = Map.of(
      "nnpfc_tag_uri", "nnpfc_uri_tag",
      "nnpfc_num_input_pics_minus1", "nnpfc_number_of_input_pictures_minus1",
      "nnpfc_pic_width_denom_minus1", "nnpfc_pic_width_denominator_minus1",
      "nnpfc_pic_height_denom_minus1", "nnpfc_pic_height_denominator_minus1");

  /** Our reader's elements of every NNPFC / NNPFA in the prefix SEI NAL units of {@code stream}. */
  static List<H274SeiSyntax.Element> ourTrace(byte[] stream, NalCodec codec) {
    List<H274SeiSyntax.Element> trace = new ArrayList<>();
    for (NalUnit u : NalUnitStream.split(stream, codec)) {
      if (u.type() != codec.prefixSeiType()) {
        continue;
      }
      for (SeiMessage m : SeiRbsp.read(u.payloadRbsp())) {
        if (m.payloadType() == 210 || m.payloadType() == 211) {
          H274SeiSyntax.read(m.payloadType(), m.reader(), trace);
        }
      }
    }
    return trace;
  }

  /** Every element of {@code ours} the reference printed has the value we read, in order. */
  static int assertSameValues(List<H274SeiSyntax.Element> ours, List<String[]> theirs) {
    int matched = 0;
    int from = 0;
    for (H274SeiSyntax.Element e : ours) {
      String name = ALIASES.getOrDefault(e.name(), e.name()).replaceAll("\\[\\d+\\]$", "");
      for (int i = from; i < theirs.size(); i++) {
        if (theirs.get(i)[0].equals(name)) {
          assertEquals(e.value(), theirs.get(i)[1], e.name());
          matched++;
          from = i + 1;
          break;
        }
      }
    }
    return matched;
  }

  @Test
  void hmDecodesTheH274StreamsToTheBasePictures() throws Exception {
    Path hm = program("hm", "TAppDecoder", "TAppDecoderStatic");
    assumeTrue(hm != null, "HM is not built in " + ROOT + " (bench/h274/build-reference.sh)");
    for (String name : List.of("H274_01_HEVC_PERSISTENT", "H274_03_HEVC_MIXED_ACTIVATIONS")) {
      Path bit = H274StreamsTest.dir().resolve(name + ".bit").toAbsolutePath();
      Path yuv = tmp.resolve(name + "_hm.yuv");
      Run r = run(tmp, hm.toString(), "-b", bit.toString(), "-o", yuv.toString());
      assertEquals(0, r.status(), r.out());
      assertTrue(r.out().contains("payloadType = 210") && r.out().contains("payloadType = 211")
          || r.out().contains("nnpfc_id"), "HM saw the NNPFC and NNPFA:\n" + r.out());
      String base = H274Streams.decode(Files.readAllBytes(bit), name, false).yuvMd5();
      assertEquals(base, FileMd5.hex(yuv), name + ": HM's pictures are the base pictures");
    }
  }

  @Test
  void jmDecodesTheAvcH274StreamsToTheBasePictures() throws Exception {
    Path jm = program("jm", "ldecod.exe", "ldecod");
    assumeTrue(jm != null, "JM is not built in " + ROOT + " (bench/h274/build-reference.sh with JM_GIT_DIR)");
    for (String name : List.of("H274_02_AVC_PERSISTENT", "H274_NEG05_UNKNOWN_FORMAT_TAG")) {
      Path bit = H274StreamsTest.dir().resolve(name + ".bit").toAbsolutePath();
      Path yuv = tmp.resolve(name + "_jm.yuv");
      Run r = run(tmp, jm.toString(), "-i", bit.toString(), "-o", yuv.toString());
      assertEquals(0, r.status(), r.out());
      String base = H274Streams.decode(Files.readAllBytes(bit), name, false).yuvMd5();
      assertEquals(base, FileMd5.hex(yuv), name + ": JM's pictures are the base pictures");
    }
  }

  private Path vtmStream(Path enc, List<String> extraCfg, String name, String... options) throws Exception {
    Path cfgDir = ROOT.resolve("vtm").resolve("cfg");
    Path yuv = tmp.resolve("in_64x64.yuv");
    byte[] pic = new byte[64 * 64 * 3 / 2 * 2];
    for (int i = 0; i < pic.length; i++) {
      pic[i] = (byte) (i < 64 * 64 ? (i % 64) * 3 + (i / 64) : 128 + (i % 7));
    }
    Files.write(yuv, pic);
    Path bin = tmp.resolve(name + ".vvc");
    List<String> cmd = new ArrayList<>(List.of(enc.toString(), "-c", cfgDir.resolve("encoder_intra_vtm.cfg").toString()));
    for (String c : extraCfg) {
      cmd.addAll(List.of("-c", cfgDir.resolve(c).toString()));
    }
    cmd.addAll(List.of("-i", yuv.toString(), "-b", bin.toString(), "-wdt", "64", "-hgt", "64", "-fr", "30",
        "-f", "2", "-q", "37", "--InputBitDepth=8", "--OutputBitDepth=8", "--InternalBitDepth=8"));
    cmd.addAll(List.of(options));
    Run r = run(tmp, cmd.toArray(String[]::new));
    assertEquals(0, r.status(), r.out());
    return bin;
  }

  @Test
  void vtmReadsTheProjectsNnpfcAndNnpfaWithTheirValues() throws Exception {
    Path enc = program("vtm", "EncoderApp", "EncoderAppStatic");
    Path dec = program("vtm", "DecoderApp", "DecoderAppStatic");
    assumeTrue(enc != null && dec != null, "VTM is not built in " + ROOT + " (bench/h274/build-reference.sh)");
    Path base = vtmStream(enc, List.of(), "base");
    // the NNPFC and NNPFA of H274_01 (with its extension) in the first access unit of a VVC stream
    List<NnpfMessage> first = new ArrayList<>();
    byte[] h274 = Files.readAllBytes(H274StreamsTest.dir().resolve("H274_01_HEVC_PERSISTENT.bit"));
    for (NnpfUnit u : NnpfUnitExtractor.extractAll(h274, NalCodec.HEVC).get(0).nnpfUnits()) {
      if (u.message() instanceof H274Characteristics || u.message() instanceof H274Activation) {
        first.add(u.message());
      }
    }
    assertEquals(2, first.size());
    Map<Integer, List<NnpfMessage>> m = new TreeMap<>();
    m.put(0, first);
    byte[] stream = new NnpfUnitInserter(NalCodec.VVC).insert(Files.readAllBytes(base), m, Carriage.H274);
    Path bin = tmp.resolve("with_nnpfc.vvc");
    Files.write(bin, stream);
    Path sei = tmp.resolve("sei.txt");
    Run r = run(tmp, dec.toString(), "-b", bin.toString(), "--OutputDecodedSEIMessagesFilename=" + sei);
    assertEquals(0, r.status(), r.out());
    String text = Files.readString(sei);
    assertTrue(text.contains("nnpfc_id") && text.contains("nnpfa_target_id"), text);
    int matched = assertSameValues(ourTrace(stream, NalCodec.VVC), dump(text));
    System.out.println("VTM read the project's NNPFC/NNPFA: " + matched + " elements with the project's values\n" + text);
    assertTrue(matched >= 30, matched + " elements matched:\n" + text);
  }

  @Test
  void theProjectReadsTheNnpfcAndNnpfaVtmWritesFromItsConfiguration() throws Exception {
    Path enc = program("vtm", "EncoderApp", "EncoderAppStatic");
    Path dec = program("vtm", "DecoderApp", "DecoderAppStatic");
    assumeTrue(enc != null && dec != null, "VTM is not built in " + ROOT + " (bench/h274/build-reference.sh)");
    Path bin = vtmStream(enc, List.of("sei_vui/neural_network_post_filter_characteristics.cfg",
        "sei_vui/neural_network_post_filter_activation.cfg"), "vtm_nnpf",
        // the shipped configuration activates an update (target base flag 0) of a filter that has none, which
        // VTM's own decoder refuses ("No NNPFC, no NNPFA"): activate the base filter, persistently
        "--SEINNPostFilterActivationTargetBaseFlag=1", "--SEINNPostFilterActivationPersistenceFlag=1");
    byte[] stream = Files.readAllBytes(bin);
    List<H274SeiSyntax.Element> ours = ourTrace(stream, NalCodec.VVC);
    assertFalse(ours.isEmpty(), "no NNPFC / NNPFA read");
    Path sei = tmp.resolve("sei.txt");
    Run r = run(tmp, dec.toString(), "-b", bin.toString(), "--OutputDecodedSEIMessagesFilename=" + sei);
    assertEquals(0, r.status(), r.out());
    int matched = assertSameValues(ours, dump(Files.readString(sei)));
    System.out.println("The project read VTM's NNPFC/NNPFA: " + matched + " of " + ours.size() + " elements equal to VTM's trace");
    assertTrue(matched >= 25, matched + " elements matched");
    // and the whole stream goes through the project's extractor: the NNPFC is another format, reported as such
    List<NnpfMessage> msgs = new ArrayList<>();
    NnpfUnitExtractor.extractAll(stream, NalCodec.VVC).forEach(a -> a.nnpfUnits().forEach(u -> msgs.add(u.message())));
    assertTrue(msgs.stream().anyMatch(x -> x instanceof H274Characteristics c && c.id() == 1), msgs.toString());
    assertTrue(msgs.stream().anyMatch(x -> x instanceof H274Activation a && a.targetId() == 1), msgs.toString());
  }
}
