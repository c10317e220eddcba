package org.nnpf.conformance;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nnpf.bitstream.nnpf.NnpfMessageWriter;
import org.nnpf.bitstream.nnpf.NnpfParameterSet;
import org.nnpf.common.nn.Model;
import org.nnpf.common.nn.ModelFile;
import org.nnpf.common.nn.ModelHash;
import org.nnpf.common.nn.quant.QuantizationParams;
import org.nnpf.conformance.StreamGenerator.AccessUnitRecord;
import org.nnpf.conformance.StreamGenerator.Generated;

/**
 * Writes a generated stream as a conformance package ({@link SuiteFiles}): the bitstream, the MD5
 * of its decoded YUV file, and its description: the {@code Key: value} header (name, title, format,
 * the decoder options it needs, the commands that decode and regenerate it, the software that made
 * it), the features it exercises, the base coding, each filter with its quantization parameters,
 * and what happens in every access unit.
 */
public final class SuiteWriter {
  private SuiteWriter() {}

  /** Writes the package of {@code g} into {@code dir}; the text names {@code software}. */
  public static void write(Path dir, Generated g, String software) {
    String name = g.spec().name();
    SuiteFiles.writeAtomically(SuiteFiles.bitstream(dir, name), g.stream());
    SuiteFiles.writeText(SuiteFiles.md5File(dir, name), g.yuvMd5() + "  " + name + ".yuv\n");
    SuiteFiles.writeText(SuiteFiles.textFile(dir, name), describe(g, software));
  }

  /** Writes every model file the suite's streams reference by hash into {@code dir}/models. */
  public static void writeModels(Path dir, List<StreamSpec> specs) {
    for (StreamSpec s : specs) {
      for (FilterSpec f : s.byHashFilters()) {
        SuiteFiles.writeAtomically(dir.resolve(SuiteFiles.MODELS).resolve(SuiteFiles.modelFileName(f.model())),
            ModelFile.toBytes(f.model()));
      }
    }
  }

  /** The options {@code bin/decoder} needs for this stream beyond {@code -b} (e.g. {@code --model}). */
  public static String decoderOptions(StreamSpec spec, String suiteDir) {
    StringBuilder sb = new StringBuilder();
    for (FilterSpec f : spec.byHashFilters()) {
      String opt = " --model " + suiteDir + "/" + SuiteFiles.MODELS + "/" + SuiteFiles.modelFileName(f.model());
      if (sb.indexOf(opt) < 0) {
        sb.append(opt);
      }
    }
    return sb.toString().strip();
  }

  static String describe(Generated g, String software) {
    StreamSpec s = g.spec();
    StringBuilder t = new StringBuilder();
    String opts = decoderOptions(s, "conformance/suite");
    kv(t, "Name", s.name());
    kv(t, "Title", s.title());
    kv(t, "Base codec", s.codec() + (s.codec().name().equals("HEVC") ? " (libx265)" : " (libx264)"));
    kv(t, "Picture size", s.width() + "x" + s.height());
    kv(t, "Bit depth", String.valueOf(s.bitDepth()));
    kv(t, "Chroma format", "4:2:0");
    kv(t, "Pictures", String.valueOf(s.pictures()));
    kv(t, "Post-filtered pictures", String.valueOf(g.filteredPictures()));
    kv(t, "Picture hash", s.hashType().label());
    kv(t, "Stream bytes", g.stream().length + " (base stream " + g.baseBytes() + ", post-filter units "
        + (g.stream().length - g.baseBytes()) + ")");
    kv(t, "Decoded YUV MD5", g.yuvMd5());
    kv(t, "Decoder options", opts.isEmpty() ? "none" : opts);
    kv(t, "Decode with", ("bin/decoder -b conformance/suite/" + s.name() + ".bit -o " + s.name() + ".yuv " + opts).strip());
    kv(t, "Regenerate with", "bin/conformance --regenerate --only " + s.name());
    kv(t, "Software", software);
    t.append('\n');
    t.append(s.title()).append(".\n\nFeatures exercised:\n");
    for (String f : s.features()) {
      t.append("- ").append(f).append('\n');
    }
    t.append("\nBase coding: ").append(g.baseConfig()).append(", preset ").append(StreamGenerator.PRESET)
        .append("; content: SyntheticSource seed ").append(s.contentSeed()).append('\n');
    t.append("\nFilters:\n");
    for (FilterSpec f : s.filters().values()) {
      Model m = f.model();
      NnpfParameterSet ps = g.parameterSets().get(f.key());
      QuantizationParams q = g.params().get(f.key());
      t.append("- ").append(f.key()).append(": nnpfps_id ").append(f.id()).append(", model ").append(m.name())
          .append(" (SHA-256 ").append(HexFormat.of().formatHex(ModelHash.of(ModelFile.toBytes(m)).bytes()))
          .append(f.inBand() ? ", in band" : ", by hash").append(", nnpfps_model_hash_type ").append(f.modelHash())
          .append(")\n");
      t.append("  ").append(m.summary()).append('\n');
      t.append("  recipe: ").append(f.recipe().describe()).append('\n');
      t.append(String.format(Locale.ROOT, "  parameter set: %d bytes, patch %dx%d, overlap %d, padding %s, "
              + "complexity info %s, QP sets %d (%s), multipliers %s%n",
          NnpfMessageWriter.toBytes(ps).length, ps.patchWidth(), ps.patchHeight(),
          ps.overlap(), ps.padding(), ps.complexity().isPresent() ? "present" : "absent", ps.qpSets().size(),
          ps.qpSetAssignment(), f.multipliersFromModel() ? "not signalled (the model's)"
              : f.absoluteMultipliers() ? "absolute" : "as differences to the model"));
      for (String line : q.toString().split("\n")) {
        t.append("    ").append(line).append('\n');
      }
    }
    t.append("\nAccess units (decoding order):\n");
    for (AccessUnitRecord r : g.accessUnits()) {
      t.append(String.format(Locale.ROOT, "  AU %d (output %d, %s):", r.accessUnit(), r.displayIndex(), r.sliceType()));
      List<ScheduledMessage> msgs = s.schedule().getOrDefault(r.accessUnit(), List.of());
      for (ScheduledMessage m : msgs) {
        t.append(' ').append(describe(m, s.filters())).append(';');
      }
      if (r.hashed()) {
        t.append(" picture hash;");
      }
      t.append(r.filterKey().isPresent()
          ? String.format(Locale.ROOT, " -> filter %s (nnpfps_id %d, aux %d)", r.filterKey().get(), r.filterId(), r.auxValue())
          : " -> not filtered");
      r.accumulators().ifPresent(a -> {
        StringBuilder used = new StringBuilder();
        for (int l = 0; l < a.layerCount(); l++) {
          used.append(l == 0 ? "" : ",").append(a.bitsUsed(l)).append('/').append(a.declaredBits(l));
        }
        t.append(" [accumulator bits used/declared per layer: ").append(used)
            .append(a.conforming() ? "]" : ", " + a.totalViolations() + " violations]");
      });
      t.append('\n');
    }
    return t.toString();
  }

  private static String describe(ScheduledMessage m, Map<String, FilterSpec> filters) {
    if (m instanceof ScheduledMessage.InSuffixSei x) {
      return describe(x.message(), filters).replaceFirst(" in SEI$", "") + " in a suffix SEI NAL unit (after the last VCL NAL unit)";
    }
    String c = " in " + m.container();
    if (m instanceof ScheduledMessage.SendParameterSet p) {
      return "parameter set " + filters.get(p.filterKey()).id() + " (" + p.filterKey() + ")" + c;
    }
    if (m instanceof ScheduledMessage.Activate a) {
      return (a.persistent() ? "persistent" : "single-picture") + " activation of " + a.id()
          + (a.auxValue().isPresent() ? " with aux value " + a.auxValue().getAsInt() : "") + c;
    }
    if (m instanceof ScheduledMessage.Cancel x) {
      return "cancel of " + x.id() + c;
    }
    if (m instanceof ScheduledMessage.SendBlockMap b) {
      return "block map for filter " + b.id() + " (" + b.what() + ")" + c;
    }
    if (m instanceof ScheduledMessage.SendRefinement r) {
      return "refinement set of parameter set " + r.psId() + " (" + r.what() + ")" + c;
    }
    ScheduledMessage.Raw r = (ScheduledMessage.Raw) m;
    return r.what() + c + (r.withForeignSei() ? " (with a non-NNPF user_data_unregistered message)" : "");
  }

  private static void kv(StringBuilder t, String key, String value) {
    t.append(key).append(": ").append(value).append('\n');
  }
}
