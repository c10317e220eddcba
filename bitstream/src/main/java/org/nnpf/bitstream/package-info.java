/** nnpf bitstream module. */
package org.nnpf.bitstream;
