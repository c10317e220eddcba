/**
 * Quantization parameters of a network (shifts and bit allocation per tensor) as the parameter set
 * carries them, and the quantizers that apply them.
 */
package org.nnpf.common.nn.quant;
