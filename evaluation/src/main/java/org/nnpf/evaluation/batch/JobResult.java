package org.nnpf.evaluation.batch;

import org.nnpf.encoder.report.EncoderReport;

/**
 * The outcome of one job.
 *
 * @param job the job
 * @param status what happened
 * @param exitCode the encoder's exit status, or -1 when it did not run or was stopped
 * @param seconds wall-clock seconds of the run (0 when skipped)
 * @param report the job's report (DONE, SKIPPED), else null
 * @param message why it failed or was stopped (FAILED, CANCELLED), else null
 */
public record JobResult(Job job, Status status, int exitCode, double seconds, EncoderReport report, String message) {
  /** What happened to a job. */
  public enum Status {
    /** Ran and left its report. */
    DONE,
    /** Its report was already there: not run again. */
    SKIPPED,
    /** Ran and failed (non-zero exit status, or no valid report); its log says why. */
    FAILED,
    /** Stopped, or never started, because the batch was interrupted. */
    CANCELLED,
    /** On a cluster: submitted, waiting in the scheduler's queue. */
    PENDING,
    /** On a cluster: running. */
    RUNNING,
    /** On a cluster: without report and not submitted (or its submission is gone from the scheduler without a trace). */
    NOT_SUBMITTED
  }

  /** Whether the job's report is in place. */
  public boolean finished() {
    return status == Status.DONE || status == Status.SKIPPED;
  }
}
