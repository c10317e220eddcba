package org.nnpf.evaluation.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * BD values against published reference values and independent computations.
 *
 * <ul>
 *   <li>VCEG-M33 example curves and the ETRO 9-point example: the values asserted by the
 *       bjontegaard_cpp example (tbr/bjontegaard_cpp, example.cpp), a port of the ETRO Excel
 *       implementation that "complies with VCEG-M33": −13.261773 % / 0.800713 dB and
 *       −0.903450 % / 0.072297 dB.
 *   <li>JCTVC-E137 data with PCHIP: the BD-rates asserted by Netflix VMAF's
 *       bd_rate_calculator_test.py (−0.00465215420752807 and −0.018779823450567612 as fractions).
 *   <li>The FAU-LMS/bjontegaard example data: reference values computed here with SciPy 1.17
 *       {@code PchipInterpolator.integrate} and NumPy {@code polyfit}/{@code polyint} (independent
 *       implementations; FAU reports its SciPy-based PCHIP equal to the JVET Excel sheet to 10
 *       decimals).
 * </ul>
 */
class BjontegaardTest {
  private static final double[] M33_RA = {90.33, 181.03, 332.99, 547.79};
  private static final double[] M33_DA = {27.95, 31.17, 34.44, 38.11};
  private static final double[] M33_RT = {127.1719, 186.14, 307.2924, 481.5588};
  private static final double[] M33_DT = {29.9286, 32.4165, 34.7013, 37.4561};

  private static final double[] FAU_RA = {9487.76, 4593.60, 2486.44, 1358.24};
  private static final double[] FAU_DA = {40.037, 38.615, 36.845, 34.851};
  private static final double[] FAU_RT = {9787.80, 4469.00, 2451.52, 1356.24};
  private static final double[] FAU_DT = {40.121, 38.651, 36.970, 34.987};

  private static double rate(BdMethod m, double[] ra, double[] da, double[] rt, double[] dt) {
    return Bjontegaard.bdRate(m, ra, da, rt, dt).value().orElseThrow();
  }

  private static double psnr(BdMethod m, double[] ra, double[] da, double[] rt, double[] dt) {
    return Bjontegaard.bdPsnr(m, ra, da, rt, dt).value().orElseThrow();
  }

  @Test
  void vcegM33ExampleWithTheCubicFit() {
    assertEquals(-13.261773, rate(BdMethod.CUBIC, M33_RA, M33_DA, M33_RT, M33_DT), 5e-7);
    assertEquals(0.800713, psnr(BdMethod.CUBIC, M33_RA, M33_DA, M33_RT, M33_DT), 5e-7);
  }

  @Test
  void etroNinePointExampleWithTheLeastSquaresCubic() {
    double[] ra = {2.99899, 1.99884, 1.49673, 0.99707, 0.745941, 0.596436, 0.495148, 0.29425, 0.244049};
    double[] da = {48.6681, 43.8357, 41.3982, 38.0124, 35.5122, 33.8673, 32.6658, 29.4505, 28.484};
    double[] rt = {2.997253, 1.968292, 1.472565, 0.994965, 0.748871, 0.58902, 0.499176, 0.296753, 0.249634};
    double[] dt = {48.5637, 43.7318, 41.2727, 38.0001, 35.6375, 33.9057, 32.8318, 29.6851, 28.8244};
    assertEquals(-0.903450, rate(BdMethod.CUBIC, ra, da, rt, dt), 5e-7);
    assertEquals(0.072297, psnr(BdMethod.CUBIC, ra, da, rt, dt), 5e-7);
  }

  @Test
  void jctvcE137ExamplesWithPchip() {
    assertEquals(-0.465215420752807, rate(BdMethod.PCHIP,
        new double[] {108048.8736, 61279.976, 33905.6656, 18883.6928}, new double[] {43.6471, 40.3953, 37.247, 34.2911},
        new double[] {108061.2784, 61299.9936, 33928.7472, 18910.912}, new double[] {43.6768, 40.4232, 37.2761, 34.3147}), 1e-10);
    assertEquals(-1.8779823450567612, rate(BdMethod.PCHIP,
        new double[] {40433.8848, 7622.7456, 2394.488, 1017.6184}, new double[] {37.5761, 35.3756, 33.8977, 32.0603},
        new double[] {40370.12, 7587.0024, 2390.0944, 1017.0984}, new double[] {37.5982, 35.4025, 33.9194, 32.0822}), 1e-10);
  }

  @Test
  void fauExampleAgreesWithScipyAndNumpy() {
    assertEquals(-4.4174853506, rate(BdMethod.PCHIP, FAU_RA, FAU_DA, FAU_RT, FAU_DT), 1e-9);
    assertEquals(0.1196927854, psnr(BdMethod.PCHIP, FAU_RA, FAU_DA, FAU_RT, FAU_DT), 1e-9);
    assertEquals(-4.4204627061, rate(BdMethod.CUBIC, FAU_RA, FAU_DA, FAU_RT, FAU_DT), 1e-9);
    assertEquals(0.1204094191, psnr(BdMethod.CUBIC, FAU_RA, FAU_DA, FAU_RT, FAU_DT), 1e-9);
    // VCEG-M33 curves with PCHIP (SciPy): −13.2925241110 %, 0.8091320353 dB.
    assertEquals(-13.2925241110, rate(BdMethod.PCHIP, M33_RA, M33_DA, M33_RT, M33_DT), 1e-9);
    assertEquals(0.8091320353, psnr(BdMethod.PCHIP, M33_RA, M33_DA, M33_RT, M33_DT), 1e-9);
  }

  @Test
  void sixPointCurvesAgreeWithScipyAndNumpy() {
    double[] ra = {82472.76, 26875.24, 9487.76, 4593.6, 3600, 2900};
    double[] da = {43.825, 41.404, 40.037, 38.615, 36.5, 35.1};
    double[] rt = {99896.96, 33952.04, 9787.8, 4469.0, 4040, 3300};
    double[] dt = {44.731, 41.875, 40.121, 38.651, 37, 36.5};
    assertEquals(-2.9528024116, rate(BdMethod.PCHIP, ra, da, rt, dt), 1e-9);
    assertEquals(0.0895359019, psnr(BdMethod.PCHIP, ra, da, rt, dt), 1e-9);
    assertEquals(-0.6392886206, rate(BdMethod.CUBIC, ra, da, rt, dt), 1e-9);
    assertEquals(0.1035808515, psnr(BdMethod.CUBIC, ra, da, rt, dt), 1e-9);
  }

  @Test
  void constantRateRatioGivesExactlyThatBdRate() {
    // log10 R = 2 + 0.1·D for the anchor; the test needs 0.9× the rate at every PSNR, so both
    // methods give −10 % and BD-PSNR = −log10(0.9)/0.1 dB.
    double[] d = {30, 33, 36, 39, 42};
    double[] ra = new double[d.length];
    double[] rt = new double[d.length];
    for (int i = 0; i < d.length; i++) {
      ra[i] = Math.pow(10, 2 + 0.1 * d[i]);
      rt[i] = 0.9 * ra[i];
    }
    for (BdMethod m : BdMethod.values()) {
      assertEquals(-10.0, rate(m, ra, d, rt, d), 1e-9, m.name());
      assertEquals(-Math.log10(0.9) / 0.1, psnr(m, ra, d, rt, d), 1e-9, m.name());
    }
  }

  @Test
  void identicalCurvesGiveZero() {
    for (BdMethod m : BdMethod.values()) {
      assertEquals(0.0, rate(m, FAU_RA, FAU_DA, FAU_RA, FAU_DA), 0);
      assertEquals(0.0, psnr(m, FAU_RA, FAU_DA, FAU_RA, FAU_DA), 0);
    }
  }

  @Test
  void pointOrderDoesNotMatter() {
    double[] ra = {FAU_RA[2], FAU_RA[0], FAU_RA[3], FAU_RA[1]};
    double[] da = {FAU_DA[2], FAU_DA[0], FAU_DA[3], FAU_DA[1]};
    assertEquals(rate(BdMethod.PCHIP, FAU_RA, FAU_DA, FAU_RT, FAU_DT), rate(BdMethod.PCHIP, ra, da, FAU_RT, FAU_DT), 0);
  }

  @Test
  void swappingAnchorAndTestInvertsTheRateRatio() {
    double ab = rate(BdMethod.PCHIP, FAU_RA, FAU_DA, FAU_RT, FAU_DT) / 100 + 1;
    double ba = rate(BdMethod.PCHIP, FAU_RT, FAU_DT, FAU_RA, FAU_DA) / 100 + 1;
    assertEquals(1.0, ab * ba, 1e-12);
  }

  @Test
  void curvesWithoutOverlapGiveAReason() {
    double[] dt = {48, 47, 46, 45}; // in the order of FAU_RT (decreasing rate)
    BdOutcome r = Bjontegaard.bdRate(BdMethod.PCHIP, FAU_RA, FAU_DA, FAU_RT, dt);
    assertFalse(r.isAvailable());
    assertEquals("the PSNR ranges do not overlap (anchor 34.8510 to 40.0370 dB, test 45.0000 to 48.0000 dB)", r.reason().orElseThrow());
    double[] rt = {4e6, 3e6, 2e6, 1e6};
    BdOutcome p = Bjontegaard.bdPsnr(BdMethod.CUBIC, FAU_RA, FAU_DA, rt, FAU_DT);
    assertEquals("the rate ranges do not overlap (anchor 1358.2400 to 9487.7600 kbps, test 1000000.0000 to 4000000.0000 kbps)",
        p.reason().orElseThrow());
  }

  @Test
  void rangesTouchingInOneValueDoNotOverlap() {
    double[] dt = {43, 42, 41, 40.037};
    assertFalse(Bjontegaard.bdRate(BdMethod.CUBIC, FAU_RA, FAU_DA, FAU_RT, dt).isAvailable());
  }

  @Test
  void psnrNotIncreasingWithRateGivesAReason() {
    double[] dt = {40.121, 38.651, 38.7, 34.987};
    BdOutcome r = Bjontegaard.bdRate(BdMethod.PCHIP, FAU_RA, FAU_DA, FAU_RT, dt);
    assertEquals("the test PSNR does not increase with the rate (38.7000 dB at 2451.5200 kbps, then 38.6510 dB at 4469.0000 kbps)",
        r.reason().orElseThrow());
    assertFalse(Bjontegaard.bdPsnr(BdMethod.CUBIC, FAU_RA, FAU_DA, FAU_RT, dt).isAvailable());
  }

  @Test
  void fewerThanFourPointsOrDuplicateRatesAreRefused() {
    IllegalArgumentException few = assertThrows(IllegalArgumentException.class, () -> Bjontegaard.bdRate(BdMethod.PCHIP,
        new double[] {1, 2, 3}, new double[] {30, 31, 32}, FAU_RT, FAU_DT));
    assertEquals("anchor: 3 points, at least 4 are needed", few.getMessage());
    IllegalArgumentException dup = assertThrows(IllegalArgumentException.class, () -> Bjontegaard.bdPsnr(BdMethod.PCHIP,
        FAU_RA, FAU_DA, new double[] {1, 2, 2, 3}, new double[] {30, 31, 32, 33}));
    assertEquals("test: two points have the rate 2.0 kbps", dup.getMessage());
  }
}
