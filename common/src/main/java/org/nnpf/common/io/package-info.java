/**
 * Raw YUV and Y4M reading and writing, picture sources and sinks, and output files that appear
 * whole or not at all (docs/io-and-metrics.md).
 */
package org.nnpf.common.io;
