/**
 * The encoding process as a pipeline of named passes (base coding, adaptation, lambda, decision,
 * block maps, signalling), each a class with typed inputs and outputs; {@link
 * org.nnpf.encoder.pipeline.NnpfEncoder} runs them in order (docs/encoder.md, docs/architecture.md 4).
 */
package org.nnpf.encoder.pipeline;
