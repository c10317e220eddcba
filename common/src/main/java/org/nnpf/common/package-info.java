/**
 * Shared by every module: the one exception type (NnpfException) whose message names the file,
 * option or syntax element and where.
 */
package org.nnpf.common;
