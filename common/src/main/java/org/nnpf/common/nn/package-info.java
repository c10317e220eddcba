/**
 * The network description: layers, activations, the model file and its hash, the built-in model
 * store (docs/model-format.md).
 */
package org.nnpf.common.nn;
