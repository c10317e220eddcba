/** nnpf decoder module. */
package org.nnpf.decoder;
