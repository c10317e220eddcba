/**
 * A small reverse-mode automatic differentiation for exactly the post-filter's operations, with
 * Vector API kernels whose results do not depend on the thread count.
 */
package org.nnpf.training.autodiff;
