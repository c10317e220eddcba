/**
 * The decoder: the decoding process of a stream (base pictures, then the post-filter where an
 * activation applies, then the hash check), streaming one picture at a time.
 */
package org.nnpf.decoder;
