package org.nnpf.encoder.report;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.nnpf.common.NnpfException;

/**
 * The JSON form of an {@link EncoderReport} (schema in {@code docs/reports.md}):
 *
 * <pre>
 * {
 *   "format": "nnpf-encoder-report", "version": 1,
 *   "sequence": "…", "codec": "hevc", "structure": "ra", "qp": 32, "frames": 64, "fps": 50.0,
 *   "bits": {"total": …, "base": …, "post_filter": …, "post_filter_share": …},
 *   "kbps": {"total": …, "base": …},
 *   "psnr": {"base": {"y": …, "u": …, "v": …, "yuv": …}, "post_filtered": {…} or null},
 *   "times": {"base_encoding_s": …, "overfitting_s": …, "quantization_s": …, "inference_s": …}
 * }
 * </pre>
 *
 * <p>{@code bits.post_filter_share} and {@code kbps} are derived values written for the reader's
 * convenience and ignored when reading. Unavailable PSNR values (chroma of 4:0:0) are {@code null}.
 */
public final class EncoderReportJson {
  public static final String FORMAT = "nnpf-encoder-report";
  public static final int VERSION = 1;

  private EncoderReportJson() {}

  /** Whether {@code text} is a JSON object whose {@code format} is {@value #FORMAT}. */
  public static boolean isEncoderReport(String text) {
    try {
      JsonElement e = JsonParser.parseString(text);
      return e.isJsonObject()
          && e.getAsJsonObject().get("format") instanceof JsonPrimitive p
          && p.isString()
          && p.getAsString().equals(FORMAT);
    } catch (JsonParseException e) {
      return false;
    }
  }

  public static EncoderReport read(Path file) {
    List<String> lines = TextFiles.readLines(file);
    return parse(String.join("\n", lines), file.toString());
  }

  /** Parses a report; failures name {@code name} and the field (or the JSON line and column). */
  public static EncoderReport parse(String text, String name) {
    JsonElement root;
    try {
      root = JsonParser.parseString(text);
    } catch (JsonParseException e) {
      throw new NnpfException(name + ": malformed JSON: " + rootMessage(e));
    }
    if (!root.isJsonObject()) {
      throw new NnpfException(name + ": not a JSON object");
    }
    Fields f = new Fields(name, root.getAsJsonObject(), "");
    if (f.isNull("format")) {
      throw new NnpfException(name + ": not an nnpf encoder report (no field \"format\": \"" + FORMAT + "\")");
    }
    String format = f.string("format");
    if (!format.equals(FORMAT)) {
      throw new NnpfException(name + ": field format is '" + format + "', expected '" + FORMAT + "'");
    }
    long version = f.integer("version");
    if (version != VERSION) {
      throw new NnpfException(name + ": report version " + version + " is not supported (this build reads version " + VERSION + ")");
    }
    Fields bits = f.object("bits");
    Fields psnr = f.object("psnr");
    Fields times = f.object("times");
    try {
      return EncoderReport.builder()
          .sequence(f.string("sequence"))
          .codec(f.string("codec"))
          .structure(f.string("structure"))
          .qp(Math.toIntExact(f.integer("qp")))
          .frames(f.integer("frames"))
          .fps(f.number("fps"))
          .bits(new EncoderReport.Bits(bits.integer("total"), bits.integer("base"), bits.integer("post_filter")))
          .basePsnr(psnr(psnr.object("base")))
          .postFilteredPsnr(psnr.isNull("post_filtered") ? null : psnr(psnr.object("post_filtered")))
          .times(new EncoderReport.Times(
              times.number("base_encoding_s"), times.number("overfitting_s"), times.number("quantization_s"), times.number("inference_s")))
          .build();
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new NnpfException(name + ": inconsistent report: " + e.getMessage());
    }
  }

  private static Psnr psnr(Fields p) {
    return new Psnr(p.number("y"), p.optionalNumber("u"), p.optionalNumber("v"), p.optionalNumber("yuv"));
  }

  /** The report as pretty-printed JSON (two-space indent, trailing line feed). */
  public static String toJson(EncoderReport r) {
    StringWriter sw = new StringWriter();
    try (JsonWriter w = new JsonWriter(sw)) {
      w.setIndent("  ");
      w.beginObject();
      w.name("format").value(FORMAT);
      w.name("version").value(VERSION);
      w.name("sequence").value(r.sequence());
      w.name("codec").value(r.codec());
      w.name("structure").value(r.structure());
      w.name("qp").value(r.qp());
      w.name("frames").value(r.frames());
      w.name("fps").value(r.fps());
      w.name("bits").beginObject();
      w.name("total").value(r.bits().total());
      w.name("base").value(r.bits().base());
      w.name("post_filter").value(r.bits().postFilter());
      w.name("post_filter_share").value(r.bits().postFilterShare());
      w.endObject();
      w.name("kbps").beginObject();
      w.name("total").value(r.totalKbps());
      w.name("base").value(r.baseKbps());
      w.endObject();
      w.name("psnr").beginObject();
      w.name("base");
      writePsnr(w, r.basePsnr());
      w.name("post_filtered");
      if (r.postFilteredPsnr() == null) {
        w.nullValue();
      } else {
        writePsnr(w, r.postFilteredPsnr());
      }
      w.endObject();
      w.name("times").beginObject();
      w.name("base_encoding_s").value(r.times().baseEncodingSeconds());
      w.name("overfitting_s").value(r.times().overfittingSeconds());
      w.name("quantization_s").value(r.times().quantizationSeconds());
      w.name("inference_s").value(r.times().inferenceSeconds());
      w.endObject();
      w.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sw + "\n";
  }

  /** Writes the report to {@code file} atomically. */
  public static void write(EncoderReport r, Path file) {
    AtomicFiles.write(file, toJson(r).getBytes(StandardCharsets.UTF_8));
  }

  private static void writePsnr(JsonWriter w, Psnr p) throws IOException {
    w.beginObject();
    w.name("y").value(p.y());
    nullable(w.name("u"), p.u());
    nullable(w.name("v"), p.v());
    nullable(w.name("yuv"), p.yuv());
    w.endObject();
  }

  private static void nullable(JsonWriter w, double d) throws IOException {
    if (Double.isNaN(d)) {
      w.nullValue();
    } else {
      w.value(d);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage();
  }

  /** Typed access to the members of one JSON object, with messages naming the field path. */
  private record Fields(String file, JsonObject o, String path) {
    private JsonElement get(String key) {
      JsonElement e = o.get(key);
      if (e == null || e.isJsonNull()) {
        throw new NnpfException(file + ": field " + path + key + " is missing");
      }
      return e;
    }

    boolean isNull(String key) {
      JsonElement e = o.get(key);
      return e == null || e.isJsonNull();
    }

    String string(String key) {
      JsonElement e = get(key);
      if (!(e instanceof JsonPrimitive p) || !p.isString()) {
        throw new NnpfException(file + ": field " + path + key + " is not a string: " + e);
      }
      return p.getAsString();
    }

    double number(String key) {
      JsonElement e = get(key);
      if (!(e instanceof JsonPrimitive p) || !p.isNumber()) {
        throw new NnpfException(file + ": field " + path + key + " is not a number: " + e);
      }
      double d = p.getAsDouble();
      if (!Double.isFinite(d)) {
        throw new NnpfException(file + ": field " + path + key + " is not finite: " + e);
      }
      return d;
    }

    double optionalNumber(String key) {
      return isNull(key) ? Double.NaN : number(key);
    }

    long integer(String key) {
      JsonElement e = get(key);
      if (e instanceof JsonPrimitive p && p.isNumber()) {
        try {
          return p.getAsBigDecimal().longValueExact();
        } catch (ArithmeticException ex) {
          // falls through to the message below
        }
      }
      throw new NnpfException(file + ": field " + path + key + " is not an integer: " + e);
    }

    Fields object(String key) {
      JsonElement e = get(key);
      if (!e.isJsonObject()) {
        throw new NnpfException(file + ": field " + path + key + " is not an object: " + e);
      }
      return new Fields(file, e.getAsJsonObject(), path + key + ".");
    }
  }
}
