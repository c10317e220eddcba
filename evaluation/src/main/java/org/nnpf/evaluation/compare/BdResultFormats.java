package org.nnpf.evaluation.compare;

import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.OptionalDouble;
import org.nnpf.encoder.report.RatePoint;

/**
 * Text forms of a {@link BdComparison}: JSON, CSV and the table {@code bin/compare} prints. Values
 * are percent (BD-rate) and dB (BD-PSNR), at full double precision in JSON and CSV.
 */
public final class BdResultFormats {
  /** CSV header of {@link #csv}. */
  public static final String CSV_HEADER = "method,channel,bd_rate_percent,bd_psnr_db,reason";

  private BdResultFormats() {}

  /**
   * {@code {"pchip": {"Y": {"bd_rate": …, "bd_psnr": …}, "U": …, "V": …, "YUV": …}, "cubic": {…},
   * "anchor": [points], "test": [points]}}; an unavailable value is {@code null} and its channel
   * gets a {@code "reason"}. Each point is {@code {"kbps", "y_psnr", "u_psnr", "v_psnr", "source"}}
   * (chroma {@code null} when absent).
   */
  public static String json(BdComparison c) {
    StringWriter sw = new StringWriter();
    try (JsonWriter w = new JsonWriter(sw)) {
      w.setIndent("  ");
      w.beginObject();
      for (BdMethod m : BdMethod.values()) {
        w.name(m.key()).beginObject();
        for (Channel ch : Channel.values()) {
          ChannelResult r = c.result(m, ch);
          w.name(ch.name()).beginObject();
          number(w.name("bd_rate"), r.bdRate().value());
          number(w.name("bd_psnr"), r.bdPsnr().value());
          if (r.reason() != null) {
            w.name("reason").value(r.reason());
          }
          w.endObject();
        }
        w.endObject();
      }
      points(w.name("anchor"), c.anchor());
      points(w.name("test"), c.test());
      w.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sw + "\n";
  }

  private static void points(JsonWriter w, RdCurve curve) throws IOException {
    w.beginArray();
    for (RatePoint p : curve.points()) {
      w.beginObject();
      w.name("kbps").value(p.kbps());
      w.name("y_psnr").value(p.psnr().y());
      number(w.name("u_psnr"), p.psnr().u());
      number(w.name("v_psnr"), p.psnr().v());
      w.name("source").value(p.source());
      w.endObject();
    }
    w.endArray();
  }

  private static void number(JsonWriter w, OptionalDouble v) throws IOException {
    if (v.isPresent()) {
      w.value(v.getAsDouble());
    } else {
      w.nullValue();
    }
  }

  private static void number(JsonWriter w, double v) throws IOException {
    number(w, Double.isNaN(v) ? OptionalDouble.empty() : OptionalDouble.of(v));
  }

  /** {@link #CSV_HEADER}, then one row per method and channel; empty fields for unavailable values. */
  public static String csv(BdComparison c) {
    StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
    for (BdMethod m : BdMethod.values()) {
      for (Channel ch : Channel.values()) {
        ChannelResult r = c.result(m, ch);
        sb.append(m.key()).append(',').append(ch.name()).append(',')
            .append(csvNumber(r.bdRate().value())).append(',')
            .append(csvNumber(r.bdPsnr().value())).append(',')
            .append(r.reason() == null ? "" : '"' + r.reason().replace("\"", "\"\"") + '"')
            .append('\n');
      }
    }
    return sb.toString();
  }

  private static String csvNumber(OptionalDouble v) {
    return v.isPresent() ? Double.toString(v.getAsDouble()) : "";
  }

  /** The points of both curves, then BD-rate (2 decimals, %) and BD-PSNR (3 decimals, dB) per method, then the reasons. */
  public static String table(BdComparison c) {
    StringBuilder sb = new StringBuilder();
    pointTable(sb, c.anchor());
    pointTable(sb, c.test());
    sb.append(String.format(Locale.ROOT, "BD of test vs anchor (negative BD-rate: the test needs fewer bits)%n"));
    sb.append(String.format(Locale.ROOT, "%-7s", ""));
    for (BdMethod m : BdMethod.values()) {
      sb.append(String.format(Locale.ROOT, "  %-24s", m.title()));
    }
    sb.append(String.format(Locale.ROOT, "%n%-7s", "channel"));
    for (int k = 0; k < BdMethod.values().length; k++) {
      sb.append(String.format(Locale.ROOT, "  %11s %12s", "BD-rate", "BD-PSNR"));
    }
    sb.append(String.format(Locale.ROOT, "%n"));
    for (Channel ch : Channel.values()) {
      sb.append(String.format(Locale.ROOT, "%-7s", ch == Channel.YUV ? "YUV611" : ch.name()));
      for (BdMethod m : BdMethod.values()) {
        ChannelResult r = c.result(m, ch);
        sb.append("  ").append(cell(r.bdRate().value(), "%9.2f %%", 11));
        sb.append(' ').append(cell(r.bdPsnr().value(), "%9.3f dB", 12));
      }
      sb.append(String.format(Locale.ROOT, "%n"));
    }
    for (BdMethod m : BdMethod.values()) {
      for (Channel ch : Channel.values()) {
        String reason = c.result(m, ch).reason();
        if (reason != null) {
          sb.append(String.format(Locale.ROOT, "%s %s: %s%n", m.key(), ch.name(), reason));
        }
      }
    }
    return sb.toString();
  }

  private static String cell(OptionalDouble v, String format, int width) {
    String s = v.isPresent() ? String.format(Locale.ROOT, format, v.getAsDouble()) : "n/a";
    return " ".repeat(Math.max(0, width - s.length())) + s;
  }

  private static void pointTable(StringBuilder sb, RdCurve curve) {
    sb.append(String.format(Locale.ROOT, "%s: %d points%n", curve.name(), curve.points().size()));
    sb.append(String.format(Locale.ROOT, "  %12s  %8s  %8s  %8s  %s%n", "kbps", "Y-PSNR", "U-PSNR", "V-PSNR", "source"));
    for (RatePoint p : curve.points()) {
      sb.append(String.format(Locale.ROOT, "  %12.4f  %8.4f  %8s  %8s  %s%n", p.kbps(), p.psnr().y(),
          optional(p.psnr().u()), optional(p.psnr().v()), p.source()));
    }
    sb.append(String.format(Locale.ROOT, "%n"));
  }

  private static String optional(double v) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
  }
}
