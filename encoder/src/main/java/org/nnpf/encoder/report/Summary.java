package org.nnpf.encoder.report;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An encoder summary: the {@link SliceKind#ALL} row and, optionally, one row per slice type, at
 * most one row per kind. Rows keep the order HM prints them in: a, i, p, b.
 */
public final class Summary {
  private final Map<SliceKind, SummaryRow> rows;

  private Summary(Map<SliceKind, SummaryRow> rows) {
    this.rows = rows;
  }

  /** A summary of the given rows; one of them must be the {@link SliceKind#ALL} row. */
  public static Summary of(List<SummaryRow> rows) {
    Map<SliceKind, SummaryRow> map = new EnumMap<>(SliceKind.class);
    for (SummaryRow r : rows) {
      Preconditions.checkArgument(map.put(r.kind(), r) == null, "two rows of kind %s", r.kind());
    }
    Preconditions.checkArgument(map.containsKey(SliceKind.ALL), "no row of kind ALL ('a')");
    return new Summary(map);
  }

  public static Summary of(SummaryRow... rows) {
    return of(List.of(rows));
  }

  /** The row of all pictures. */
  public SummaryRow all() {
    return rows.get(SliceKind.ALL);
  }

  public Optional<SummaryRow> row(SliceKind kind) {
    return Optional.ofNullable(rows.get(kind));
  }

  /** The rows in the order a, i, p, b. */
  public List<SummaryRow> rows() {
    return ImmutableList.copyOf(rows.values());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Summary s && s.rows.equals(rows);
  }

  @Override
  public int hashCode() {
    return rows.hashCode();
  }

  @Override
  public String toString() {
    return "Summary" + rows.values();
  }
}
