package org.nnpf.encoder.quant;

/**
 * How the largest accumulation of a layer is bounded when choosing its shifts (method.md, section
 * 1). With fan-in N, weights w, biases b and layer input a:
 *
 * <ul>
 *   <li>{@link #WORST_CASE}: {@code |Bq|max + N * max|Wq| * 2^(b_in - 1)} in the integer domain,
 *       i.e. N * max|w| * max|a| with max|a| the largest value the input tensor's quantizer can
 *       hold. Holds for any input: no accumulation can overflow.
 *   <li>{@link #APPROXIMATE}: {@code (|b|max + N * mean|w| * max|a|) * 2^(q_in + q_w)} with max|a|
 *       measured on the sequence's frames: a statistical estimate that keeps more fractional bits
 *       and may be exceeded (the integer check detects it, see {@link OverflowGuard}).
 *   <li>{@link #MEASURED}: the largest |b + sum w a| measured on the sequence's frames (at least
 *       |b|max), times {@code 2^(q_in + q_w)}; exact for the measured data up to quantization
 *       rounding.
 * </ul>
 */
public enum Strategy {
  WORST_CASE,
  APPROXIMATE,
  MEASURED;

  /** Whether the bound holds for every possible input (no check needed). */
  public boolean guaranteed() {
    return this == WORST_CASE;
  }
}
