package org.nnpf.evaluation.compare;

/** A function y(x) built from sample points, with its exact integral. */
interface Interpolant {
  /** y at {@code x}. */
  double value(double x);

  /** The integral of y over [{@code from}, {@code to}], {@code from <= to}, both inside the sampled range. */
  double integral(double from, double to);
}
