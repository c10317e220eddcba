/**
 * The encoder: base coding, the per-sequence adaptation of the post-filter (overfitting,
 * quantization, refinement fit), its rate-distortion decision and signalling (docs/encoder.md).
 */
package org.nnpf.encoder;
