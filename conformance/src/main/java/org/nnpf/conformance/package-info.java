/**
 * The conformance suite (bin/conformance): stream generation with expected hashes, the runner,
 * negative streams and fuzz seeds (docs/conformance.md).
 */
package org.nnpf.conformance;
