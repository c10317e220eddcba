package org.nnpf.evaluation.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nnpf.common.NnpfException;
import org.nnpf.encoder.report.Psnr;
import org.nnpf.encoder.report.RatePoint;
import org.nnpf.encoder.report.TextFiles;

/**
 * Rate-point CSV: a header {@code kbps,y_psnr} or {@code kbps,y_psnr,u_psnr,v_psnr}, then one rate
 * point per row. Blank lines and lines starting with {@code #} are ignored; white space around
 * fields is ignored; the header is case-insensitive. Numbers are decimal with a {@code '.'}
 * separator; bitrates must be positive and finite, PSNR values finite. Without U and V columns the
 * points have luma only.
 */
public final class RateCsv {
  public static final String HEADER_Y = "kbps,y_psnr";
  public static final String HEADER_YUV = "kbps,y_psnr,u_psnr,v_psnr";

  private RateCsv() {}

  /** Whether the first non-comment line of {@code lines} is a rate-point CSV header. */
  public static boolean looksLikeRateCsv(List<String> lines) {
    String h = firstDataLine(lines);
    return h != null && normalize(h).startsWith("kbps,");
  }

  public static List<RatePoint> read(Path file) {
    return read(TextFiles.readLines(file), file.toString());
  }

  /** Reads the points; failures name {@code name}, the line and the column. */
  public static List<RatePoint> read(List<String> lines, String name) {
    int headerLine = -1;
    String[] columns = null;
    List<RatePoint> points = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank() || line.strip().startsWith("#")) {
        continue;
      }
      String where = name + ":" + (i + 1);
      if (columns == null) {
        String h = normalize(line);
        if (!h.equals(HEADER_Y) && !h.equals(HEADER_YUV)) {
          throw new NnpfException(where + ": CSV header '" + line.strip() + "' is neither '" + HEADER_Y + "' nor '" + HEADER_YUV + "'");
        }
        columns = h.split(",");
        headerLine = i + 1;
        continue;
      }
      String[] f = line.split(",", -1);
      if (f.length != columns.length) {
        throw new NnpfException(where + ": " + f.length + " fields, the header at line " + headerLine + " has " + columns.length);
      }
      double[] v = new double[f.length];
      for (int k = 0; k < f.length; k++) {
        try {
          v[k] = TextFiles.parseNumber(f[k].strip());
        } catch (NumberFormatException e) {
          throw new NnpfException(where + ": " + columns[k] + " '" + f[k].strip() + "' is not a number");
        }
        if (!Double.isFinite(v[k])) {
          throw new NnpfException(where + ": " + columns[k] + " '" + f[k].strip() + "' is not finite");
        }
      }
      if (v[0] <= 0) {
        throw new NnpfException(where + ": kbps " + f[0].strip() + " is not positive");
      }
      Psnr psnr = columns.length == 2 ? Psnr.lumaOnly(v[1]) : new Psnr(v[1], v[2], v[3], Double.NaN);
      points.add(new RatePoint(v[0], psnr, where));
    }
    if (columns == null) {
      throw new NnpfException(name + ": empty CSV (expected the header '" + HEADER_Y + "' or '" + HEADER_YUV + "')");
    }
    if (points.isEmpty()) {
      throw new NnpfException(name + ": no rate points after the header");
    }
    return points;
  }

  /**
   * The points as CSV: {@link #HEADER_YUV} when every point has chroma, else {@link #HEADER_Y};
   * numbers in Java's shortest round-trip form.
   */
  public static String format(List<RatePoint> points) {
    boolean chroma = points.stream().allMatch(p -> p.psnr().hasChroma());
    StringBuilder sb = new StringBuilder(chroma ? HEADER_YUV : HEADER_Y).append('\n');
    for (RatePoint p : points) {
      sb.append(p.kbps()).append(',').append(p.psnr().y());
      if (chroma) {
        sb.append(',').append(p.psnr().u()).append(',').append(p.psnr().v());
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static String firstDataLine(List<String> lines) {
    for (String l : lines) {
      if (!l.isBlank() && !l.strip().startsWith("#")) {
        return l;
      }
    }
    return null;
  }

  private static String normalize(String header) {
    return header.replaceAll("\\s+", "").toLowerCase(Locale.ROOT);
  }
}
