/**
 * Batch runs ({@code bin/batch}): a plan of sequences × QPs × coding structures × variants
 * ({@link org.nnpf.evaluation.batch.PlanReader}) expanded into encoder jobs
 * ({@link org.nnpf.evaluation.batch.Job}), run as parallel subprocesses that resume after an
 * interruption ({@link org.nnpf.evaluation.batch.BatchRunner}), with the BD-rate of every variant
 * against the anchor at the end. Formats: {@code docs/batch-and-cfg.md}.
 */
package org.nnpf.evaluation.batch;
