/**
 * Deterministic synthetic test content (bin/generate): moving scenes of value noise, used by the
 * demo and the tests instead of third-party sequences.
 */
package org.nnpf.common.content;
