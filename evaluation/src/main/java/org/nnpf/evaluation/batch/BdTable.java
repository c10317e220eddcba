package org.nnpf.evaluation.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import org.nnpf.common.NnpfException;
import org.nnpf.evaluation.compare.BdComparison;
import org.nnpf.evaluation.compare.BdMethod;
import org.nnpf.evaluation.compare.Channel;
import org.nnpf.evaluation.compare.ChannelResult;
import org.nnpf.evaluation.compare.RdCurve;
import org.nnpf.encoder.report.RatePoint;
import org.nnpf.encoder.report.ReportOutput;

/**
 * BD-rate of every variant against the anchor variant, per sequence and coding structure, from the
 * reports of the finished jobs: the same numbers as {@code bin/compare --anchor
 * OUTDIR/ANCHOR/CURVE --test OUTDIR/VARIANT/CURVE} (each report's point is its decoder output at
 * the total rate, {@link ReportOutput#POSTFILTER}).
 */
final class BdTable {
  static final String CSV_HEADER = "variant,anchor,sequence,structure,method,channel,bd_rate_percent,bd_psnr_db,reason";
  private static final Channel[] SHOWN = {Channel.Y, Channel.U, Channel.V};

  private BdTable() {}

  /**
   * One comparison.
   *
   * @param comparison the BD values, or null when they cannot be computed
   * @param reason why {@code comparison} is null
   */
  record Row(String variant, String sequence, String structure, BdComparison comparison, String reason) {}

  /** The rows, in plan order (variant, sequence, structure); empty when {@code anchor} is not a variant. */
  static List<Row> compute(Plan plan, List<JobResult> results, String anchor) {
    List<Row> rows = new ArrayList<>();
    if (plan.variants().stream().noneMatch(v -> v.name().equals(anchor))) {
      return rows;
    }
    for (Plan.Variant v : plan.variants()) {
      if (v.name().equals(anchor)) {
        continue;
      }
      for (Plan.Sequence s : plan.sequences()) {
        for (String structure : plan.structures()) {
          List<RatePoint> a = points(results, anchor, s, structure);
          List<RatePoint> t = points(results, v.name(), s, structure);
          int qps = plan.qps().size();
          if (a.size() < qps || t.size() < qps) {
            rows.add(new Row(v.name(), s.name(), structure, null,
                "jobs not finished (" + anchor + " " + a.size() + "/" + qps + ", " + v.name() + " " + t.size() + "/" + qps + ")"));
            continue;
          }
          try {
            BdComparison c = BdComparison.compare(RdCurve.of(anchor, a), RdCurve.of(v.name(), t));
            rows.add(new Row(v.name(), s.name(), structure, c, null));
          } catch (NnpfException e) {
            rows.add(new Row(v.name(), s.name(), structure, null, e.getMessage()));
          }
        }
      }
    }
    return rows;
  }

  private static List<RatePoint> points(List<JobResult> results, String variant, Plan.Sequence s, String structure) {
    List<RatePoint> points = new ArrayList<>();
    for (JobResult r : results) {
      Job j = r.job();
      if (r.finished() && j.variant().name().equals(variant) && j.sequence().equals(s) && j.structure().equals(structure)) {
        points.add(r.report().ratePoint(ReportOutput.POSTFILTER, j.id()));
      }
    }
    return points;
  }

  /** The PCHIP BD-rate of Y, U and V per row, the average per variant and structure, then the reasons of n/a values. */
  static String table(List<Row> rows, String anchor) {
    int seqWidth = "average".length();
    int varWidth = "variant".length();
    for (Row r : rows) {
      seqWidth = Math.max(seqWidth, r.sequence().length());
      varWidth = Math.max(varWidth, r.variant().length());
    }
    String fmt = "%-" + varWidth + "s  %-" + seqWidth + "s  %-9s";
    StringBuilder sb = new StringBuilder();
    sb.append("BD-rate against ").append(anchor)
        .append(" (JVET CTC PCHIP; post-filter units counted; negative = fewer bits)\n");
    sb.append(String.format(Locale.ROOT, fmt, "variant", "sequence", "structure"));
    for (Channel ch : SHOWN) {
      sb.append(String.format(Locale.ROOT, "  %9s", ch.name()));
    }
    sb.append('\n');
    List<String> reasons = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      sb.append(String.format(Locale.ROOT, fmt, r.variant(), r.sequence(), r.structure()));
      for (Channel ch : SHOWN) {
        sb.append("  ").append(cell(value(r, ch)));
      }
      sb.append('\n');
      if (r.comparison() == null) {
        reasons.add(r.variant() + " " + r.sequence() + " " + r.structure() + ": " + r.reason());
      } else {
        for (Channel ch : SHOWN) {
          r.comparison().result(BdMethod.PCHIP, ch).bdRate().reason()
              .ifPresent(reason -> reasons.add(r.variant() + " " + r.sequence() + " " + r.structure() + " " + ch + ": " + reason));
        }
      }
      if (i + 1 == rows.size() || !rows.get(i + 1).variant().equals(r.variant())) {
        for (String structure : structures(rows, r.variant())) {
          sb.append(average(rows, r.variant(), structure, fmt));
        }
      }
    }
    for (String reason : reasons) {
      sb.append("n/a: ").append(reason).append('\n');
    }
    return sb.toString();
  }

  private static List<String> structures(List<Row> rows, String variant) {
    List<String> s = new ArrayList<>();
    for (Row r : rows) {
      if (r.variant().equals(variant) && !s.contains(r.structure())) {
        s.add(r.structure());
      }
    }
    return s;
  }

  private static String average(List<Row> rows, String variant, String structure, String fmt) {
    StringBuilder sb = new StringBuilder();
    int n = 0;
    for (Row r : rows) {
      if (r.variant().equals(variant) && r.structure().equals(structure)) {
        n++;
      }
    }
    sb.append(String.format(Locale.ROOT, fmt, variant, "average", structure));
    boolean partial = false;
    for (Channel ch : SHOWN) {
      double sum = 0;
      int count = 0;
      for (Row r : rows) {
        OptionalDouble v = r.variant().equals(variant) && r.structure().equals(structure) ? value(r, ch) : OptionalDouble.empty();
        if (v.isPresent()) {
          sum += v.getAsDouble();
          count++;
        }
      }
      partial |= count < n;
      sb.append("  ").append(cell(count == 0 ? OptionalDouble.empty() : OptionalDouble.of(sum / count)));
    }
    if (partial) {
      sb.append("  (of the sequences with a value)");
    }
    return sb.append('\n').toString();
  }

  private static OptionalDouble value(Row r, Channel ch) {
    return r.comparison() == null ? OptionalDouble.empty() : r.comparison().result(BdMethod.PCHIP, ch).bdRate().value();
  }

  private static String cell(OptionalDouble v) {
    String s = v.isPresent() ? String.format(Locale.ROOT, "%7.2f %%", v.getAsDouble()) : "n/a";
    return " ".repeat(Math.max(0, 9 - s.length())) + s;
  }

  /** Every row, method and channel: {@link #CSV_HEADER}, full precision, empty values with a reason. */
  static String csv(List<Row> rows, String anchor) {
    StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
    for (Row r : rows) {
      for (BdMethod m : BdMethod.values()) {
        for (Channel ch : Channel.values()) {
          sb.append(r.variant()).append(',').append(anchor).append(',').append(csvText(r.sequence())).append(',')
              .append(r.structure()).append(',').append(m.key()).append(',').append(ch.name()).append(',');
          if (r.comparison() == null) {
            sb.append(",,").append(csvText(r.reason()));
          } else {
            ChannelResult c = r.comparison().result(m, ch);
            sb.append(number(c.bdRate().value())).append(',').append(number(c.bdPsnr().value())).append(',');
            String reason = c.reason();
            sb.append(reason == null ? "" : csvText(reason));
          }
          sb.append('\n');
        }
      }
    }
    return sb.toString();
  }

  private static String number(OptionalDouble v) {
    return v.isPresent() ? Double.toString(v.getAsDouble()) : "";
  }

  private static String csvText(String s) {
    return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }
}
