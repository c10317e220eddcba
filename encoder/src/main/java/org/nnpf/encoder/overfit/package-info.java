/**
 * Overfitting: the network's multipliers trained on tiles of the sequence being coded, with the
 * training module's engine (docs/method-implementation.md 4).
 */
package org.nnpf.encoder.overfit;
