/**
 * The refinement stage's encoder side: least-squares statistics, the ridge solve and the
 * rate-distortion search of the integer weights (docs/encoder.md step 4).
 */
package org.nnpf.encoder.refine;
