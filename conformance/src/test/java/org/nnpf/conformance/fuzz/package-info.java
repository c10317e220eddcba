/**
 * Jazzer fuzz tests of the bitstream parsers, the NNPF decoding process and the integer inference
 * it drives. Without {@code JAZZER_FUZZ} they run their seed inputs ({@code
 * src/test/resources/org/nnpf/conformance/fuzz/<Class>Inputs/<method>/}, taken from the
 * conformance suite by {@code bin/conformance --regenerate}) as regression tests; with {@code
 * JAZZER_FUZZ=1} one of them fuzzes (docs/conformance.md). Any exception other than an {@link
 * org.nnpf.common.NnpfException} (whose subclass {@link org.nnpf.bitstream.BitstreamException}
 * reports malformed bitstreams) is a bug.
 */
package org.nnpf.conformance.fuzz;
