/**
 * Bjøntegaard-delta comparison of two rate-distortion curves: BD-rate and BD-PSNR per Y, U, V and
 * YUV with the JVET CTC template method (PCHIP) and VCEG-M33 (cubic fit), the {@code bin/compare}
 * command, and RD-curve plots. The methods are specified in {@code docs/reports.md}.
 */
package org.nnpf.evaluation.compare;
