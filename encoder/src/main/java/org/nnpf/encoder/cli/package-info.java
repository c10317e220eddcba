/**
 * What every nnpf command line shares: the main wrapper with its errors and exit status
 * ({@link org.nnpf.encoder.cli.CliSupport}), HM-style cfg files ({@link org.nnpf.encoder.cli.CfgFile},
 * {@link org.nnpf.encoder.cli.CfgKeys}, the {@code -c} mixin {@link org.nnpf.encoder.cli.CfgOptions})
 * and the progress display on standard error ({@link org.nnpf.encoder.cli.Progress}). The cfg keys
 * are listed in {@code docs/batch-and-cfg.md}.
 */
package org.nnpf.encoder.cli;
