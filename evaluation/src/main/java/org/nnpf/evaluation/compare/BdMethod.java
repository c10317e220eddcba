package org.nnpf.evaluation.compare;

/** How each RD curve is interpolated before integration. */
public enum BdMethod {
  /**
   * JVET / JCT-VC common-test-conditions template: piecewise cubic Hermite interpolation with
   * Fritsch–Carlson monotone slopes ({@link Pchip}).
   */
  PCHIP("pchip", "JVET CTC (PCHIP)"),
  /** VCEG-M33: a least-squares cubic polynomial through the points ({@link CubicFit}). */
  CUBIC("cubic", "VCEG-M33 (cubic)");

  private final String key;
  private final String title;

  BdMethod(String key, String title) {
    this.key = key;
    this.title = title;
  }

  /** Key in the JSON and CSV output. */
  public String key() {
    return key;
  }

  /** Column title in the printed table. */
  public String title() {
    return title;
  }

  Interpolant fit(double[] x, double[] y) {
    return this == PCHIP ? new Pchip(x, y) : new CubicFit(x, y);
  }
}
