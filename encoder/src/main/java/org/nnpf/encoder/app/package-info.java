/**
 * The encoder application (bin/encoder) and the encoding process that runs its stages
 * (NnpfEncoder, docs/encoder.md).
 */
package org.nnpf.encoder.app;
