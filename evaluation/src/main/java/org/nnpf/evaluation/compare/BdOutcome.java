package org.nnpf.evaluation.compare;

import com.google.common.base.Preconditions;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/** A BD value, or the reason it cannot be computed (e.g. the curves do not overlap). */
public final class BdOutcome {
  private final double value;
  private final String reason;

  private BdOutcome(double value, String reason) {
    this.value = value;
    this.reason = reason;
  }

  public static BdOutcome of(double value) {
    Preconditions.checkArgument(Double.isFinite(value), "BD value %s is not finite", value);
    return new BdOutcome(value, null);
  }

  public static BdOutcome unavailable(String reason) {
    Preconditions.checkArgument(reason != null && !reason.isBlank(), "reason is empty");
    return new BdOutcome(Double.NaN, reason);
  }

  public boolean isAvailable() {
    return reason == null;
  }

  /** The value (percent for BD-rate, dB for BD-PSNR), or empty. */
  public OptionalDouble value() {
    return isAvailable() ? OptionalDouble.of(value) : OptionalDouble.empty();
  }

  /** Why there is no value, or empty. */
  public Optional<String> reason() {
    return Optional.ofNullable(reason);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BdOutcome b && Double.compare(b.value, value) == 0 && Objects.equals(b.reason, reason);
  }

  @Override
  public int hashCode() {
    return Objects.hash(value, reason);
  }

  @Override
  public String toString() {
    return isAvailable() ? Double.toString(value) : "unavailable(" + reason + ")";
  }
}
