/**
 * The normative integer decoding process of the network (docs/integer-inference.md 2-4): the
 * scalar reference kernel, its bit-exact vector twin, patches and threads.
 */
package org.nnpf.common.nn.integer;
