/**
 * Float inference of a model and the activation statistics the encoder's quantizers read; never
 * used by the decoding process.
 */
package org.nnpf.common.nn.fp;
