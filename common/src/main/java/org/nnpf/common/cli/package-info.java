/**
 * What every nnpf command line shares: the main wrapper with its errors and exit status
 * ({@link org.nnpf.common.cli.CliSupport}), HM-style cfg files ({@link org.nnpf.common.cli.CfgFile},
 * {@link org.nnpf.common.cli.CfgKeys}, the {@code -c} mixin {@link org.nnpf.common.cli.CfgOptions})
 * and the progress display on standard error ({@link org.nnpf.common.cli.Progress}). The cfg keys
 * are listed in {@code docs/batch-and-cfg.md}.
 */
package org.nnpf.common.cli;
