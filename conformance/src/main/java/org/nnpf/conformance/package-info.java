/** nnpf conformance module. */
package org.nnpf.conformance;
