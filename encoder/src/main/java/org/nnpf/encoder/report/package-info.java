/**
 * Encoder reports: the rate-point and summary model, the HM-style SUMMARY writer, the project's JSON
 * and CSV encoder report, and parsers for the rate points of HM, VTM and VVenC encoder logs and of
 * rate-point CSV files. The formats are specified in {@code docs/reports.md}.
 */
package org.nnpf.encoder.report;
