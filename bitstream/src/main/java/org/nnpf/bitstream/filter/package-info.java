/**
 * Between a parameter set and the integer network (docs/bitstream-syntax.md 6.1): the encoder builds
 * parameter sets from quantization parameters, the decoder derives the quantization parameters back.
 */
package org.nnpf.bitstream.filter;
