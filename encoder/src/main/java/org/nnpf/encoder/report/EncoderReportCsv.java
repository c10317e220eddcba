package org.nnpf.encoder.report;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nnpf.common.NnpfException;

/**
 * The CSV form of encoder reports: the header {@link #HEADER}, then one row per report (RFC 4180:
 * fields holding a comma or a double quote are quoted, quotes doubled). Numbers are written in
 * Java's shortest round-trip form; an unavailable PSNR (chroma of 4:0:0, or no post-filtered output)
 * is an empty field. {@code post_filter_share}, {@code kbps_total} and {@code kbps_base} are derived
 * and ignored when reading.
 */
public final class EncoderReportCsv {
  public static final String HEADER =
      "sequence,codec,structure,qp,frames,fps,bits_total,bits_base,bits_post_filter,post_filter_share,kbps_total,kbps_base,"
          + "base_y_psnr,base_u_psnr,base_v_psnr,base_yuv_psnr,pf_y_psnr,pf_u_psnr,pf_v_psnr,pf_yuv_psnr,"
          + "base_encoding_s,overfitting_s,quantization_s,inference_s";

  private static final String[] COLUMNS = HEADER.split(",");

  private EncoderReportCsv() {}

  /** Whether the first line is this CSV's header. */
  public static boolean looksLikeReportCsv(List<String> lines) {
    return !lines.isEmpty() && lines.get(0).strip().equals(HEADER);
  }

  /** Header and one row per report, each line ending in a line feed. */
  public static String format(List<EncoderReport> reports) {
    StringBuilder sb = new StringBuilder(HEADER).append('\n');
    for (EncoderReport r : reports) {
      List<String> f = new ArrayList<>();
      f.add(quote(r.sequence()));
      f.add(quote(r.codec()));
      f.add(quote(r.structure()));
      f.add(Integer.toString(r.qp()));
      f.add(Long.toString(r.frames()));
      f.add(Double.toString(r.fps()));
      f.add(Long.toString(r.bits().total()));
      f.add(Long.toString(r.bits().base()));
      f.add(Long.toString(r.bits().postFilter()));
      f.add(Double.toString(r.bits().postFilterShare()));
      f.add(Double.toString(r.totalKbps()));
      f.add(Double.toString(r.baseKbps()));
      addPsnr(f, r.basePsnr());
      addPsnr(f, r.postFilteredPsnr() == null ? Psnr.unavailable() : r.postFilteredPsnr());
      f.add(Double.toString(r.times().baseEncodingSeconds()));
      f.add(Double.toString(r.times().overfittingSeconds()));
      f.add(Double.toString(r.times().quantizationSeconds()));
      f.add(Double.toString(r.times().inferenceSeconds()));
      sb.append(String.join(",", f)).append('\n');
    }
    return sb.toString();
  }

  public static void write(List<EncoderReport> reports, Path file) {
    AtomicFiles.write(file, format(reports).getBytes(StandardCharsets.UTF_8));
  }

  public static List<EncoderReport> read(Path file) {
    return read(TextFiles.readLines(file), file.toString());
  }

  /** Reads the reports; failures name {@code name}, the line and the column. */
  public static List<EncoderReport> read(List<String> lines, String name) {
    if (!looksLikeReportCsv(lines)) {
      throw new NnpfException(name + ":1: expected the encoder report CSV header '" + HEADER + "'");
    }
    List<EncoderReport> out = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      if (lines.get(i).isBlank()) {
        continue;
      }
      String where = name + ":" + (i + 1);
      List<String> f = split(lines.get(i), where);
      if (f.size() != COLUMNS.length) {
        throw new NnpfException(where + ": " + f.size() + " fields, the header has " + COLUMNS.length);
      }
      Row row = new Row(f, where);
      boolean pf = !row.field("pf_y_psnr").isEmpty();
      try {
        out.add(EncoderReport.builder()
            .sequence(row.field("sequence"))
            .codec(row.field("codec"))
            .structure(row.field("structure"))
            .qp(Math.toIntExact(row.integer("qp")))
            .frames(row.integer("frames"))
            .fps(row.number("fps"))
            .bits(new EncoderReport.Bits(row.integer("bits_total"), row.integer("bits_base"), row.integer("bits_post_filter")))
            .basePsnr(row.psnr("base_"))
            .postFilteredPsnr(pf ? row.psnr("pf_") : null)
            .times(new EncoderReport.Times(
                row.number("base_encoding_s"), row.number("overfitting_s"), row.number("quantization_s"), row.number("inference_s")))
            .build());
      } catch (IllegalArgumentException | ArithmeticException e) {
        throw new NnpfException(where + ": inconsistent report: " + e.getMessage());
      }
    }
    if (out.isEmpty()) {
      throw new NnpfException(name + ": no report rows after the header");
    }
    return out;
  }

  private static void addPsnr(List<String> f, Psnr p) {
    for (double d : new double[] {p.y(), p.u(), p.v(), p.yuv()}) {
      f.add(Double.isNaN(d) ? "" : Double.toString(d));
    }
  }

  private static String quote(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  /** Splits one RFC 4180 record that lies on a single line. */
  static List<String> split(String line, String where) {
    List<String> fields = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    int i = 0;
    boolean quoted = false;
    boolean fieldStart = true;
    while (i < line.length()) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            cur.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          cur.append(c);
        }
      } else if (c == '"' && fieldStart) {
        quoted = true;
      } else if (c == ',') {
        fields.add(cur.toString());
        cur.setLength(0);
        fieldStart = true;
        i++;
        continue;
      } else {
        cur.append(c);
      }
      fieldStart = false;
      i++;
    }
    if (quoted) {
      throw new NnpfException(where + ": unterminated quoted field");
    }
    fields.add(cur.toString());
    return fields;
  }

  private record Row(List<String> f, String where) {
    String field(String column) {
      for (int k = 0; k < COLUMNS.length; k++) {
        if (COLUMNS[k].equals(column)) {
          return f.get(k).strip();
        }
      }
      throw new IllegalStateException(column);
    }

    double number(String column) {
      String s = field(column);
      try {
        double d = TextFiles.parseNumber(s);
        if (Double.isFinite(d)) {
          return d;
        }
      } catch (NumberFormatException e) {
        // message below
      }
      throw new NnpfException(where + ": " + column + " '" + s + "' is not a finite number");
    }

    double optionalNumber(String column) {
      return field(column).isEmpty() ? Double.NaN : number(column);
    }

    long integer(String column) {
      String s = field(column);
      try {
        return Long.parseLong(s);
      } catch (NumberFormatException e) {
        throw new NnpfException(where + ": " + column + " '" + s + "' is not an integer");
      }
    }

    Psnr psnr(String prefix) {
      return new Psnr(number(prefix + "y_psnr"), optionalNumber(prefix + "u_psnr"), optionalNumber(prefix + "v_psnr"),
          optionalNumber(prefix + "yuv_psnr"));
    }
  }
}
