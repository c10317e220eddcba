package org.nnpf.encoder.overfit;

import java.util.List;
import java.util.Locale;
import org.nnpf.encoder.quant.QuantizationPlan;
import org.nnpf.encoder.quant.SequenceCheck;
import org.nnpf.encoder.quant.Strategy;

/**
 * The encoder-side report of one sequence: PSNR (Y, U, V averaged over the pictures, HM style) of
 * the base codec, of the base model (float and integer) and of the overfitted model (float and
 * integer), the quantizers per layer (bits, fractional bits, shifts), the largest accumulation
 * against its limit, what the bit allocation and the overflow guard did, the times, the refined
 * objective's course and whether the trial stopped the overfitting ({@code abandoned}: the
 * "overfitted" figures are then the base model's).
 */
public record OverfitReport(
    int pictures,
    int width,
    int height,
    int bitDepth,
    int qp,
    double[] psnrBaseCodec,
    double[] psnrBaseModelFloat,
    double[] psnrBaseModelInteger,
    double[] psnrOverfittedFloat,
    double[] psnrOverfittedInteger,
    int floatIterations,
    int qatIterations,
    double trainingSeconds,
    double totalSeconds,
    Strategy strategy,
    int accumulatorBits,
    QuantizationPlan plan,
    SequenceCheck check,
    List<String> allocationLog,
    List<String> guardActions,
    List<String> objectiveLog,
    boolean abandoned) {

  /** Y-PSNR of the overfitted float filter minus that of its integer inference, dB. */
  public double integerLossDb() {
    return psnrOverfittedFloat[0] - psnrOverfittedInteger[0];
  }

  /** Y-PSNR gain of overfitting (integer inference, overfitted minus base model), dB. */
  public double overfittingGainDb() {
    return psnrOverfittedInteger[0] - psnrBaseModelInteger[0];
  }

  public String format() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "sequence: %d pictures %dx%d, %d bits, QP %d%n", pictures, width, height, bitDepth, qp));
    sb.append("PSNR (dB)                     Y        U        V\n");
    row(sb, "base codec", psnrBaseCodec);
    row(sb, "base model, float", psnrBaseModelFloat);
    row(sb, "base model, integer", psnrBaseModelInteger);
    row(sb, "overfitted, float", psnrOverfittedFloat);
    row(sb, "overfitted, integer", psnrOverfittedInteger);
    sb.append(String.format(Locale.ROOT, "integer vs float loss (Y): %.4f dB; overfitting gain (Y, integer): %+.4f dB%n",
        integerLossDb(), overfittingGainDb()));
    sb.append(String.format(Locale.ROOT, "overfitting: %d float + %d quantization-aware steps, %.1f s (total %.1f s)%n",
        floatIterations, qatIterations, trainingSeconds, totalSeconds));
    sb.append(plan.table());
    sb.append(check.describe());
    for (String s : objectiveLog) {
      sb.append("overfitting objective: ").append(s).append('\n');
    }
    for (String s : allocationLog) {
      sb.append("bit allocation: ").append(s).append('\n');
    }
    for (String s : guardActions) {
      sb.append("overflow guard: ").append(s).append('\n');
    }
    return sb.toString();
  }

  private static void row(StringBuilder sb, String name, double[] p) {
    sb.append(String.format(Locale.ROOT, "%-24s %8.4f %8.4f %8.4f%n", name, p[0], p[1], p[2]));
  }
}
