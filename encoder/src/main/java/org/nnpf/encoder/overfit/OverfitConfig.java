package org.nnpf.encoder.overfit;

import com.google.common.base.Preconditions;
import org.nnpf.encoder.quant.Strategy;

/**
 * Options of per-sequence overfitting and of the quantization that follows it.
 *
 * @param iterations largest number of Adam steps (float and quantization-aware phases together)
 * @param timeBudgetSeconds wall-clock budget of the training steps (0: none); the quantization-aware
 *     phase gets the last {@code qatFraction} of the budget or of the iterations, whichever ends first
 * @param learningRate Adam learning rate (cosine decay to a tenth over the run)
 * @param batch tiles per step
 * @param tile tile size in tensor positions (a halo of the receptive radius is added)
 * @param trainBiases also train the biases (besides the multipliers)
 * @param qatFraction share of the steps run with fake quantization (0 disables the phase)
 * @param threads worker threads
 * @param seed seed of the tile order
 * @param strategy accumulation-bound strategy of the quantization planner
 * @param accumulatorBits accumulator precision P: 16, 24 or 32
 * @param maxIntegerLossDb bit allocation stops upgrading tensors to 16 bits once the integer
 *     Y-PSNR is at most this far below the float Y-PSNR on the calibration pictures
 * @param calibrationPictures pictures used for bit allocation (evenly spaced; all if larger than
 *     the sequence); statistics and the overflow check always use every picture
 * @param objective what the training minimises
 * @param trialSteps with the {@link Objective#REFINED} objective and a {@link Overfitter.Trial}:
 *     after this many steps the encoder projects the gain of the whole run from the gain so far and
 *     stops overfitting when it would not pay for the multipliers' bits (0: no trial)
 */
public record OverfitConfig(
    int iterations,
    double timeBudgetSeconds,
    double learningRate,
    int batch,
    int tile,
    boolean trainBiases,
    double qatFraction,
    int threads,
    long seed,
    Strategy strategy,
    int accumulatorBits,
    double maxIntegerLossDb,
    int calibrationPictures,
    Objective objective,
    int trialSteps) {

  /** What the overfitting minimises. */
  public enum Objective {
    /** The squared error of the network's output (hypothesis 0), as if no refinement stage followed. */
    NETWORK,
    /**
     * The squared error after the refinement stage: every residual hypothesis and the 7x7 diamond
     * FIR weighted per component and class of 4x4 blocks by least squares fitted to each batch of
     * tiles ({@code BatchGradients.Loss.BATCH_REFINEMENT}, the base model's training objective;
     * the gradient by the envelope theorem): the network adapts to what the refinement cannot
     * correct.
     */
    REFINED
  }

  public OverfitConfig {
    Preconditions.checkArgument(iterations >= 0, "iterations %s", iterations);
    Preconditions.checkArgument(timeBudgetSeconds >= 0, "time budget %s", timeBudgetSeconds);
    Preconditions.checkArgument(learningRate > 0, "learning rate %s", learningRate);
    Preconditions.checkArgument(batch > 0 && tile > 0 && threads > 0, "batch, tile and threads must be positive");
    Preconditions.checkArgument(qatFraction >= 0 && qatFraction <= 1, "QAT fraction %s", qatFraction);
    Preconditions.checkArgument(accumulatorBits == 16 || accumulatorBits == 24 || accumulatorBits == 32,
        "accumulator precision %s is not 16, 24 or 32", accumulatorBits);
    Preconditions.checkArgument(maxIntegerLossDb >= 0, "integer loss threshold %s", maxIntegerLossDb);
    Preconditions.checkArgument(calibrationPictures > 0, "calibration pictures %s", calibrationPictures);
    Preconditions.checkNotNull(strategy, "strategy");
    Preconditions.checkNotNull(objective, "objective");
    Preconditions.checkArgument(trialSteps >= 0, "trial steps %s", trialSteps);
  }

  /**
   * Defaults: 400 steps, no time budget, learning rate 2e-3, 8 tiles of 64 per step, multipliers
   * and biases (docs/results.md 1.10), last 25 % quantization-aware, 1 thread, seed 1, approximate strategy, 32-bit
   * accumulator, 0.02 dB integer loss, 4 calibration pictures, the refined objective, a trial of
   * 100 steps.
   */
  public static OverfitConfig defaults() {
    return new OverfitConfig(400, 0, 2e-3, 8, 64, true, 0.25, 1, 1, Strategy.APPROXIMATE, 32, 0.02, 4, Objective.REFINED, 100);
  }

  public OverfitConfig withTrialSteps(int n) {
    return new OverfitConfig(iterations, timeBudgetSeconds, learningRate, batch, tile, trainBiases, qatFraction, threads, seed, strategy,
        accumulatorBits, maxIntegerLossDb, calibrationPictures, objective, n);
  }

  public OverfitConfig withObjective(Objective o) {
    return new OverfitConfig(iterations, timeBudgetSeconds, learningRate, batch, tile, trainBiases, qatFraction, threads, seed, strategy,
        accumulatorBits, maxIntegerLossDb, calibrationPictures, o, trialSteps);
  }

  public OverfitConfig withIterations(int n) {
    return new OverfitConfig(n, timeBudgetSeconds, learningRate, batch, tile, trainBiases, qatFraction, threads, seed, strategy,
        accumulatorBits, maxIntegerLossDb, calibrationPictures, objective, trialSteps);
  }

  public OverfitConfig withTimeBudget(double seconds) {
    return new OverfitConfig(iterations, seconds, learningRate, batch, tile, trainBiases, qatFraction, threads, seed, strategy,
        accumulatorBits, maxIntegerLossDb, calibrationPictures, objective, trialSteps);
  }

  public OverfitConfig withThreads(int n) {
    return new OverfitConfig(iterations, timeBudgetSeconds, learningRate, batch, tile, trainBiases, qatFraction, n, seed, strategy,
        accumulatorBits, maxIntegerLossDb, calibrationPictures, objective, trialSteps);
  }

  public OverfitConfig withStrategy(Strategy s, int accBits) {
    return new OverfitConfig(iterations, timeBudgetSeconds, learningRate, batch, tile, trainBiases, qatFraction, threads, seed, s,
        accBits, maxIntegerLossDb, calibrationPictures, objective, trialSteps);
  }

  public OverfitConfig withTrainBiases(boolean b) {
    return new OverfitConfig(iterations, timeBudgetSeconds, learningRate, batch, tile, b, qatFraction, threads, seed, strategy,
        accumulatorBits, maxIntegerLossDb, calibrationPictures, objective, trialSteps);
  }

  public OverfitConfig withTile(int t, int b) {
    return new OverfitConfig(iterations, timeBudgetSeconds, learningRate, b, t, trainBiases, qatFraction, threads, seed, strategy,
        accumulatorBits, maxIntegerLossDb, calibrationPictures, objective, trialSteps);
  }

  public OverfitConfig withQatFraction(double f) {
    return new OverfitConfig(iterations, timeBudgetSeconds, learningRate, batch, tile, trainBiases, f, threads, seed, strategy,
        accumulatorBits, maxIntegerLossDb, calibrationPictures, objective, trialSteps);
  }

  public OverfitConfig withMaxIntegerLoss(double db) {
    return new OverfitConfig(iterations, timeBudgetSeconds, learningRate, batch, tile, trainBiases, qatFraction, threads, seed, strategy,
        accumulatorBits, db, calibrationPictures, objective, trialSteps);
  }

  public OverfitConfig withLearningRate(double lr) {
    return new OverfitConfig(iterations, timeBudgetSeconds, lr, batch, tile, trainBiases, qatFraction, threads, seed, strategy,
        accumulatorBits, maxIntegerLossDb, calibrationPictures, objective, trialSteps);
  }
}
