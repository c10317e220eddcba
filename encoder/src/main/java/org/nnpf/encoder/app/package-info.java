/**
 * The encoder application (bin/encoder): options, input and output files, the HM-style report; the
 * encoding itself is {@link org.nnpf.encoder.pipeline.NnpfEncoder}.
 */
package org.nnpf.encoder.app;
