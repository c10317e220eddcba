/**
 * Readers of rate points: encoder reports (JSON, CSV), HM / VTM / VVenC summary logs and rate CSV
 * files (docs/reports.md).
 */
package org.nnpf.evaluation.report;
