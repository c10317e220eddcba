package org.nnpf.evaluation.compare;

import com.google.common.collect.ImmutableList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.nnpf.common.NnpfException;
import org.nnpf.encoder.report.RatePoint;

/**
 * One side of a comparison: its rate points sorted by rate, checked to make a curve — at least
 * {@value Bjontegaard#MIN_POINTS} points, positive finite rates, no two points with the same rate,
 * a finite Y-PSNR everywhere. Failures are {@link NnpfException}s naming the points' sources.
 * Chroma is available when every point has it.
 */
public final class RdCurve {
  private final String name;
  private final List<RatePoint> points;

  private RdCurve(String name, List<RatePoint> points) {
    this.name = name;
    this.points = points;
  }

  /** The curve {@code name} (e.g. "anchor") of {@code points}, in any order. */
  public static RdCurve of(String name, List<RatePoint> points) {
    List<RatePoint> sorted = new ArrayList<>(points);
    for (RatePoint p : sorted) {
      if (!Double.isFinite(p.kbps()) || p.kbps() <= 0) {
        throw new NnpfException(p.source() + ": " + name + " rate " + p.kbps() + " kbps is not positive");
      }
      if (!Double.isFinite(p.psnr().y())) {
        throw new NnpfException(p.source() + ": " + name + " Y-PSNR " + p.psnr().y() + " is not a finite number");
      }
    }
    if (sorted.size() < Bjontegaard.MIN_POINTS) {
      throw new NnpfException(String.format(Locale.ROOT,
          "%s: %d rate point%s (%s), at least %d are needed for a BD comparison",
          name, sorted.size(), sorted.size() == 1 ? "" : "s", sources(sorted), Bjontegaard.MIN_POINTS));
    }
    sorted.sort(Comparator.comparingDouble(RatePoint::kbps));
    for (int i = 1; i < sorted.size(); i++) {
      RatePoint a = sorted.get(i - 1);
      RatePoint b = sorted.get(i);
      if (a.kbps() == b.kbps()) {
        throw new NnpfException(String.format(Locale.ROOT,
            "%s: two rate points have the same rate %.4f kbps (%s and %s)", name, a.kbps(), a.source(), b.source()));
      }
    }
    return new RdCurve(name, ImmutableList.copyOf(sorted));
  }

  private static String sources(List<RatePoint> pts) {
    if (pts.isEmpty()) {
      return "none";
    }
    List<String> s = new ArrayList<>();
    for (RatePoint p : pts) {
      s.add(p.source());
    }
    return String.join(", ", s);
  }

  public String name() {
    return name;
  }

  /** The points by increasing rate. */
  public List<RatePoint> points() {
    return points;
  }

  public double[] kbps() {
    return points.stream().mapToDouble(RatePoint::kbps).toArray();
  }

  /** Whether every point has this channel. */
  public boolean has(Channel c) {
    return points.stream().allMatch(p -> !Double.isNaN(c.of(p.psnr())));
  }

  /** The channel's PSNR per point; only when {@link #has} holds. */
  public double[] psnr(Channel c) {
    return points.stream().mapToDouble(p -> c.of(p.psnr())).toArray();
  }

  /** Why {@code c} is not available, naming the first point without it. */
  String missing(Channel c) {
    for (RatePoint p : points) {
      if (Double.isNaN(c.of(p.psnr()))) {
        return "the " + name + " has no chroma PSNR (" + p.source() + ")";
      }
    }
    return null;
  }
}
