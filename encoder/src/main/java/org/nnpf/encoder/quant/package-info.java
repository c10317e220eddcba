/**
 * Quantization-parameter determination: shifts and bit allocation per tensor from the network's
 * statistics on this sequence, checked for overflow (docs/method-implementation.md 5).
 */
package org.nnpf.encoder.quant;
