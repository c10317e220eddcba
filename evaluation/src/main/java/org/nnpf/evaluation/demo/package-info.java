/**
 * The demo (bin/demo): the whole pipeline on built-in generated content, anchor against
 * post-filter, with the BD-rate.
 */
package org.nnpf.evaluation.demo;
