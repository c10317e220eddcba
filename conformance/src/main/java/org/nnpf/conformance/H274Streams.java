package org.nnpf.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import org.nnpf.bitstream.carriage.Carriage;
import org.nnpf.bitstream.carriage.ExtractedAccessUnit;
import org.nnpf.bitstream.carriage.H274Carriage;
import org.nnpf.bitstream.carriage.NnpfUnit;
import org.nnpf.bitstream.carriage.NnpfUnitExtractor;
import org.nnpf.bitstream.carriage.NnpfUnitInserter;
import org.nnpf.bitstream.filter.FilterSignalling;
import org.nnpf.bitstream.nal.NalCodec;
import org.nnpf.bitstream.nnpf.H274Activation;
import org.nnpf.bitstream.nnpf.H274Characteristics;
import org.nnpf.bitstream.nnpf.H274Format;
import org.nnpf.bitstream.nnpf.NnpfMessage;
import org.nnpf.bitstream.nnpf.NnpfParameterSet;
import org.nnpf.bitstream.nnpf.NnpfPictureHash;
import org.nnpf.common.NnpfException;
import org.nnpf.common.codec.BaseCodec;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.ModelFile;
import org.nnpf.common.nn.ModelStore;
import org.nnpf.decoder.NnpfDecoder;

/**
 * The H.274 carriage streams of the conformance suite (docs/conformance.md section 9), in {@code
 * conformance/h274/}: suite streams re-carried with NNPFC / NNPFA SEI messages and the project's
 * messages as their extension, and negative streams made from them with exactly one defect.
 *
 * <p>They are made without the base encoder: the NNPF messages of a committed suite stream are
 * taken out access unit by access unit ({@link NnpfUnitExtractor}), rewritten by {@link
 * H274Carriage#translate} (what {@code bin/encoder --carriage h274} does) and inserted into the
 * stream's base units again with the H.274 carriage. A re-carried stream must therefore decode to
 * exactly the YUV MD5 of its source stream; that is its expected result.
 */
public final class H274Streams {
  private H274Streams() {}

  /** The expected result of a stream. */
  public enum Kind {
    /** Decodes without error or report; YUV MD5 = the expected one; every hash matches. */
    DECODES,
    /** Decodes with a report of an ignored NNPFC (the expected message); the base pictures are output. */
    IGNORED,
    /** An error naming the expected element. */
    ERROR
  }

  /**
   * One stream.
   *
   * @param source the suite stream it is made from
   * @param expected the expected message (IGNORED, ERROR): a text of the report or error
   * @param mutate the defect, applied to the messages after translation (identity for DECODES)
   * @param withHashes whether the source's picture hashes are kept (not for IGNORED: those hash the
   *     filtered pictures)
   */
  public record Spec(String name, String title, String source, Kind kind, String expected, String description,
      UnaryOperator<Map<Integer, List<NnpfMessage>>> mutate, boolean withHashes) {}

  /** Every stream, in order. */
  public static List<Spec> specs() {
    return List.of(
        new Spec("H274_01_HEVC_PERSISTENT", "HEVC random access, NNPFC + persistent NNPFA, extension in SEI",
            "NNPF01_HEVC_SEI_8BIT", Kind.DECODES, "",
            "NNPF01 re-carried: NNPFC (nnpfc_id 0, purpose 1, mode 1, tag URI " + H274Carriage.TAG_URI
                + ", ni:///sha-256; URI of the in-band model, 4:2:0 polyphase 8-bit integer tensors, QP strength"
                + " plane, complexity), the parameter set with its in-band model as the extension, a persistent"
                + " NNPFA, MD5 picture hashes in the extension. Expected: NNPF01's YUV MD5.",
            m -> m, true),
        new Spec("H274_02_AVC_PERSISTENT", "AVC random access, NNPFC + persistent NNPFA next to x264's SEI",
            "NNPF03_AVC_SEI_8BIT", Kind.DECODES, "",
            "NNPF03 re-carried in AVC SEI NAL units (type 6): NNPFC, extension, persistent NNPFA, checksum hashes."
                + " Expected: NNPF03's YUV MD5.",
            m -> m, true),
        new Spec("H274_03_HEVC_MIXED_ACTIVATIONS", "NNPFA cancel next to the extension's activations",
            "NNPF08_ACTIVATION_MODES", Kind.DECODES, "",
            "NNPF08 re-carried: filter 2 (one auxiliary value) gets an NNPFC and NNPFAs (persistent in AU 2, cancel"
                + " in AU 5); filter 1, activated with two different auxiliary values, keeps the extension's"
                + " activations (single-picture, cancel). Expected: NNPF08's YUV MD5.",
            m -> m, true),
        new Spec("H274_NEG01_NNPFC_INCONSISTENT", "NNPFC patch width disagrees with its extension",
            "NNPF01_HEVC_SEI_8BIT", Kind.ERROR, "nnpfc_patch_width_minus1",
            "The NNPFC says nnpfc_patch_width_minus1 = patch width of the parameter set + 7: an error at the NNPFC"
                + " (docs/bitstream-syntax.md 12.3).",
            m -> replaceNnpfc(m, c -> withPatchWidth(c, 8)), true),
        new Spec("H274_NEG02_NNPFA_UNKNOWN_ID", "NNPFA of an id no NNPFC has",
            "NNPF01_HEVC_SEI_8BIT", Kind.ERROR, "nnpfa_target_id",
            "The persistent NNPFA targets filter 9; the only NNPFC has nnpfc_id 0: an error (12.4 B).",
            m -> mapMessages(m, x -> x instanceof H274Activation a ? H274Activation.activate(9, a.persistence()) : x),
            true),
        new Spec("H274_NEG03_NNPFC_WITHOUT_EXTENSION", "Project NNPFC without its parameter set",
            "NNPF01_HEVC_SEI_8BIT", Kind.ERROR, "nnpfc_id",
            "The NNPFC of " + H274Carriage.TAG_URI + " filter 0 has no nnpf_parameter_set() with nnpfps_id 0 in its"
                + " access unit: an error (12.3).",
            m -> mapMessages(m, x -> x instanceof NnpfParameterSet ? null : x), false),
        new Spec("H274_NEG04_RESERVED_PADDING_TYPE", "NNPFC with a reserved nnpfc_padding_type: ignored",
            "NNPF01_HEVC_SEI_8BIT", Kind.IGNORED, "nnpfc_padding_type",
            "The NNPFC has nnpfc_padding_type 7 (reserved): H.274 has decoders ignore the message; its extension and"
                + " its NNPFA are ignored with it and reported, the base pictures are output (no hashes: the source's"
                + " hash the filtered pictures). Expected: the YUV MD5 of the base pictures.",
            m -> replaceNnpfc(m, c -> withPadding(c, 7)), false),
        new Spec("H274_NEG05_UNKNOWN_FORMAT_TAG", "NNPFC of another network format, by an https URI: ignored",
            "NNPF03_AVC_SEI_8BIT", Kind.IGNORED, "is not " + H274Carriage.TAG_URI,
            "The NNPFC names an ONNX network by tag:example.com,2024:onnx and https://example.com/filter.onnx: the"
                + " decoder reports and ignores it (nothing is fetched), with its extension and NNPFA; the base"
                + " pictures are output. Expected: the YUV MD5 of the base pictures.",
            m -> replaceNnpfc(m, c -> new H274Characteristics(c.purpose(), c.id(), true, 1,
                "tag:example.com,2024:onnx", "https://example.com/filter.onnx", c.format(), new byte[0])), false));
  }

  private static Map<Integer, List<NnpfMessage>> mapMessages(Map<Integer, List<NnpfMessage>> m,
      UnaryOperator<NnpfMessage> f) {
    Map<Integer, List<NnpfMessage>> out = new TreeMap<>();
    m.forEach((k, v) -> {
      List<NnpfMessage> l = new ArrayList<>();
      for (NnpfMessage x : v) {
        NnpfMessage y = f.apply(x);
        if (y != null) {
          l.add(y);
        }
      }
      out.put(k, l);
    });
    return out;
  }

  private static Map<Integer, List<NnpfMessage>> replaceNnpfc(Map<Integer, List<NnpfMessage>> m,
      UnaryOperator<H274Characteristics> f) {
    return mapMessages(m, x -> x instanceof H274Characteristics c ? f.apply(c) : x);
  }

  private static H274Format format(H274Characteristics c, int patchWidthMinus1, int padding) {
    H274Format f = c.format().orElseThrow();
    return new H274Format(f.numInputPicsMinus1(), f.componentLastFlag(), f.inpFormatIdc(), f.auxInpIdc(),
        f.inpOrderIdc(), f.inpBitDepthLumaMinus8(), f.inpBitDepthChromaMinus8(), f.outFormatIdc(), f.outOrderIdc(),
        f.outBitDepthLumaMinus8(), f.outBitDepthChromaMinus8(), false, false, f.overlap(), true, patchWidthMinus1,
        f.patchHeightMinus1(), padding, 0, 0, 0, f.complexity(), 0);
  }

  private static H274Characteristics withPatchWidth(H274Characteristics c, int delta) {
    return new H274Characteristics(c.purpose(), c.id(), true, 1, c.tagUri(), c.uri(),
        Optional.of(format(c, c.format().get().patchWidthMinus1() + delta, c.format().get().paddingType())), new byte[0]);
  }

  private static H274Characteristics withPadding(H274Characteristics c, int padding) {
    return new H274Characteristics(c.purpose(), c.id(), true, 1, c.tagUri(), c.uri(),
        Optional.of(format(c, c.format().get().patchWidthMinus1(), padding)), new byte[0]);
  }

  /** The stream of {@code spec} made from its source in {@code suiteDir}. */
  public static byte[] make(Spec spec, Path suiteDir) {
    byte[] source = read(suiteDir.resolve(spec.source() + ".bit"));
    BaseCodec codec = BaseCodec.detect(source, source.length).orElseThrow();
    NalCodec nal = NalCodec.of(codec);
    Map<Integer, List<NnpfMessage>> plan = new TreeMap<>();
    for (ExtractedAccessUnit au : NnpfUnitExtractor.extractAll(source, nal)) {
      List<NnpfMessage> l = new ArrayList<>();
      for (NnpfUnit u : au.nnpfUnits()) {
        if (spec.withHashes() || !(u.message() instanceof NnpfPictureHash)) {
          l.add(u.message());
        }
      }
      if (!l.isEmpty()) {
        plan.put(au.index(), l);
      }
    }
    byte[] base = NnpfUnitExtractor.stripNnpfUnits(source, nal);
    Map<Integer, List<NnpfMessage>> h274 = H274Carriage.translate(plan, ps -> {
      byte[] file = ps.model().inBandModel().orElseThrow(() -> new IllegalStateException(
          spec.source() + ": the H.274 streams are made from suite streams with in-band models"));
      Model model = ModelFile.fromBytes(file, spec.source());
      return FilterSignalling.complexityOf(model, ps, file.length);
    }, H274Carriage.clvsStarts(base, nal));
    return new NnpfUnitInserter(nal).insert(base, spec.mutate().apply(h274), Carriage.H274);
  }

  /** What decoding a stream gave. */
  public record Outcome(Optional<String> error, String yuvMd5, int pictures, int filtered, int hashes,
      int mismatches, List<String> notices) {}

  /** Decodes {@code stream} with the suite's models. */
  public static Outcome decode(byte[] stream, String name, boolean postFilter) {
    BaseCodec codec = BaseCodec.detect(stream, stream.length).orElseThrow();
    YuvMd5 md5 = new YuvMd5();
    int[] n = new int[4];
    List<String> notices = new ArrayList<>();
    NnpfDecoder.Options o = NnpfDecoder.Options.defaults();
    try (NnpfDecoder dec = new NnpfDecoder(codec, ModelStore.empty(), new NnpfDecoder.Options(1, o.inference(),
        postFilter), name)) {
      dec.onNotice(notices::add);
      dec.decode(stream, p -> {
        md5.add(p.output());
        n[0]++;
        n[1] += p.filtered() && postFilter ? 1 : 0;
        p.hashCheck().ifPresent(h -> {
          n[2]++;
          n[3] += h.ok() ? 0 : 1;
        });
      });
    } catch (NnpfException e) {
      return new Outcome(Optional.of(e.getMessage()), "", n[0], n[1], n[2], n[3], notices);
    }
    return new Outcome(Optional.empty(), md5.hex(), n[0], n[1], n[2], n[3], notices);
  }

  /** The expected YUV MD5 of {@code spec} (DECODES: the source's; IGNORED: the source's base pictures). */
  public static String expectedMd5(Spec spec, Path suiteDir) {
    if (spec.kind() == Kind.DECODES) {
      return SuiteFiles.readMd5(suiteDir, spec.source());
    }
    if (spec.kind() == Kind.IGNORED) {
      return decode(read(suiteDir.resolve(spec.source() + ".bit")), spec.source(), false).yuvMd5();
    }
    return "";
  }

  /** Whether {@code o} is the expected result of {@code spec}; the reason when it is not. */
  public static Optional<String> verdict(Spec spec, Outcome o, String expectedMd5) {
    switch (spec.kind()) {
      case DECODES:
        if (o.error().isPresent()) {
          return Optional.of("error: " + o.error().get());
        }
        if (!o.notices().isEmpty()) {
          return Optional.of("unexpected report: " + o.notices().get(0));
        }
        if (o.mismatches() > 0 || o.hashes() == 0) {
          return Optional.of(o.mismatches() + " of " + o.hashes() + " hashes mismatch");
        }
        return o.yuvMd5().equals(expectedMd5) ? Optional.empty()
            : Optional.of("YUV MD5 " + o.yuvMd5() + ", expected " + expectedMd5);
      case IGNORED:
        if (o.error().isPresent()) {
          return Optional.of("error: " + o.error().get());
        }
        if (o.notices().stream().noneMatch(x -> x.contains(spec.expected()))) {
          return Optional.of("no report containing '" + spec.expected() + "': " + o.notices());
        }
        if (o.filtered() != 0) {
          return Optional.of(o.filtered() + " pictures post-filtered");
        }
        return o.yuvMd5().equals(expectedMd5) ? Optional.empty()
            : Optional.of("YUV MD5 " + o.yuvMd5() + ", expected " + expectedMd5);
      default:
        if (o.error().isEmpty()) {
          return Optional.of("decoded without error");
        }
        return o.error().get().startsWith(spec.expected() + ":") ? Optional.empty()
            : Optional.of("error at another element: " + o.error().get());
    }
  }

  /** The files of every stream: NAME.bit, NAME.txt and, except for errors, NAME_yuv.md5. */
  public static Map<String, byte[]> files(Path suiteDir, String software) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (Spec s : specs()) {
      byte[] bit = make(s, suiteDir);
      String md5 = expectedMd5(s, suiteDir);
      out.put(s.name() + ".bit", bit);
      if (!md5.isEmpty()) {
        out.put(s.name() + "_yuv.md5", (md5 + "  " + s.name() + ".yuv\n").getBytes(StandardCharsets.US_ASCII));
      }
      StringBuilder t = new StringBuilder();
      t.append("Name: ").append(s.name()).append('\n');
      t.append("Title: ").append(s.title()).append('\n');
      t.append("Made from: conformance/suite/").append(s.source()).append(".bit (H.274 carriage, H274Carriage.translate)\n");
      t.append("Expected result: ").append(switch (s.kind()) {
        case DECODES -> "decodes, every picture hash matches, no report";
        case IGNORED -> "decodes with a report (decoder: warning) of an ignored NNPFC; no picture post-filtered";
        case ERROR -> "error";
      }).append('\n');
      if (!s.expected().isEmpty()) {
        t.append("Expected message: ").append(s.expected()).append('\n');
      }
      if (!md5.isEmpty()) {
        t.append("Decoded YUV MD5: ").append(md5).append('\n');
      }
      t.append("Exit status: ").append(s.kind() == Kind.ERROR ? 1 : 0).append(" (bin/decoder -b conformance/h274/")
          .append(s.name()).append(".bit -o ").append(s.name()).append(".yuv)\n");
      t.append(String.format(Locale.ROOT, "Stream bytes: %d%n", bit.length));
      t.append("Regenerate with: bin/conformance --regenerate-h274\n");
      t.append("Software: ").append(software).append("\n\n");
      t.append(s.description()).append('\n');
      out.put(s.name() + ".txt", t.toString().getBytes(StandardCharsets.UTF_8));
    }
    return out;
  }

  /** Writes {@link #files} into {@code dir}. */
  public static void write(Path suiteDir, Path dir, String software) {
    try {
      Files.createDirectories(dir);
      for (Map.Entry<String, byte[]> e : files(suiteDir, software).entrySet()) {
        Files.write(dir.resolve(e.getKey()), e.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new NnpfException(p + ": cannot read (" + e.getMessage() + ")");
    }
  }
}
