package org.nnpf.conformance.fuzz;

import org.nnpf.common.NnpfException;

/** The one rule of every fuzz target: bad input may only end in an {@link NnpfException} with a message. */
final class Expect {
  private Expect() {}

  /** Work that either succeeds or rejects its input with an {@link NnpfException}. */
  interface Work {
    void run();
  }

  /** Runs {@code w}; an {@link NnpfException} is the expected rejection, anything else propagates. */
  static void rejectionOnly(Work w) {
    try {
      w.run();
    } catch (NnpfException e) {
      if (e.getMessage() == null || e.getMessage().isBlank()) {
        throw new AssertionError("an NnpfException without a message", e);
      }
    }
  }
}
