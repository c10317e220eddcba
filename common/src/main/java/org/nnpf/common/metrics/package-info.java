/**
 * PSNR and picture hashes (MD5, CRC, checksum) as HM computes them (docs/io-and-metrics.md).
 */
package org.nnpf.common.metrics;
