package org.nnpf.common;

/**
 * A user-facing error: bad input, a bad option, a file that cannot be used. The message is meant
 * to be printed as it is, without a stack trace, and names the file, option or syntax element and
 * where the problem is. Command-line tools catch it, print {@code getMessage()} and exit non-zero.
 */
public class NnpfException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NnpfException(String message) {
    super(message);
  }

  public NnpfException(String message, Throwable cause) {
    super(message, cause);
  }
}
