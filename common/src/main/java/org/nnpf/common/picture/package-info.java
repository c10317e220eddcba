/**
 * Pictures: planes of samples with a chroma format and a bit depth.
 */
package org.nnpf.common.picture;
