/**
 * The decoder application (bin/decoder): options, output files and the HM-style per-picture hash
 * report.
 */
package org.nnpf.decoder.app;
