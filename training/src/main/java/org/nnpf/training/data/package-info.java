/**
 * Training data: pictures of ../shared/data/train coded with the base codec at several QPs, cached
 * patch sets, patch sampling, the balanced validation set.
 */
package org.nnpf.training.data;
