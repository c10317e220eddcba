/**
 * The normative refinement stage after the network (docs/integer-inference.md 4.5): hypothesis
 * weights, the diamond FIR with block classes, block maps.
 */
package org.nnpf.common.nn.refine;
