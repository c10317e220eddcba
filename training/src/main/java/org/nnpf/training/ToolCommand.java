package org.nnpf.training;

import org.nnpf.common.NnpfException;
import picocli.CommandLine;

/**
 * The command line of the training and evaluation tools (train-base-model, validate-base-model,
 * training-manifest, evaluate-overfitting): an {@link NnpfException} is one line {@code error:
 * MESSAGE} on standard error and exit status 2; anything else is a bug and keeps its stack trace.
 */
public final class ToolCommand {
  private ToolCommand() {}

  /** {@code command} as a picocli command line with that error handling. */
  public static CommandLine of(Object command) {
    CommandLine cl = new CommandLine(command);
    cl.setExecutionExceptionHandler((ex, line, parse) -> {
      if (ex instanceof NnpfException) {
        line.getErr().println("error: " + ex.getMessage());
        return 2;
      }
      throw ex;
    });
    return cl;
  }

  /** Runs {@code command} with {@code args} and exits with its status. */
  public static void main(Object command, String[] args) {
    System.exit(of(command).execute(args));
  }
}
