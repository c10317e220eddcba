/** nnpf encoder module. */
package org.nnpf.encoder;
