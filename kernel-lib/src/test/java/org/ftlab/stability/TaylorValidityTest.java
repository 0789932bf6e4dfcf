package org.ftlab.stability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TaylorValidityTest {

  private static final double[] P = {1e-3, 3e-3, 1e-2, 3e-2, 1e-1};

  @Test
  void quadraticLossHasNoSecondOrderGap() {
    // Linear model + MSE: f(w) is exactly quadratic in w, so eq. (17) is exact.
    try (NDManager m = NDManager.newBaseManager()) {
      Random r = new Random(1);
      PowerModel model = new PowerModel(m, randn(r, 4), 1);
      NDArray x = m.create(randn(r, 24)).reshape(6, 4);
      NDArray y = m.create(randn(r, 6));
      double[] before = model.w.toDoubleArray();
      TaylorValidityResult res = TaylorValidity.builder().setModel(model).setInputs(x)
          .setTargets(y).setLoss(TaylorValidity.mse()).optPerturbations(P).optRepeats(5)
          .optSeed(2).build().run();
      for (int i = 0; i < P.length; i++) {
        assertTrue(res.meanGap()[i] < 1e-12, "quadratic f: 2nd-order gap at p=" + P[i]
            + " must be round-off (< 1e-12), got " + res.meanGap()[i]);
        assertTrue(res.meanFirstOrderGap()[i] > 1e3 * res.meanGap()[i],
            "1st-order gap must be visible at p=" + P[i]);
      }
      assertEquals(slope(P, res.meanFirstOrderGap()), 2.0, 0.05,
          "quadratic f: 1st-order gap ∝ p², log-log slope 2 ± 0.05");
      double[] after = model.w.toDoubleArray();
      for (int j = 0; j < before.length; j++) {
        assertEquals(before[j], after[j], 0.0, "w* must be restored exactly after the run");
      }
      assertEquals(5, res.repeats());
      assertEquals(4, res.parameterCount());
    }
  }

  @Test
  void cubicLossGapScalesLikePCubed() {
    // f(w) = mean_i (x_i·w)^3: the error of eq. (17) is the cubic term p³ mean((x·r)^3).
    try (NDManager m = NDManager.newBaseManager()) {
      Random r = new Random(4);
      double[] w0 = randn(r, 5);
      for (int j = 0; j < 5; j++) {
        w0[j] += 1.0; // keep f(w*) away from 0
      }
      PowerModel model = new PowerModel(m, w0, 3);
      double[][] xs = new double[8][5];
      for (double[] row : xs) {
        for (int j = 0; j < 5; j++) {
          row[j] = 0.5 + r.nextDouble();
        }
      }
      NDArray x = m.create(xs);
      NDArray y = m.zeros(new ai.djl.ndarray.types.Shape(8), ai.djl.ndarray.types.DataType.FLOAT64);
      TaylorValidityResult res = TaylorValidity.builder().setModel(model).setInputs(x)
          .setTargets(y).setLoss((out, t) -> out.mean()).optPerturbations(P).optRepeats(4)
          .optSeed(3).build().run();
      assertEquals(3.0, slope(P, res.meanGap()), 0.05,
          "cubic f: 2nd-order gap ∝ p³, log-log slope 3 ± 0.05; gaps "
              + java.util.Arrays.toString(res.meanGap()));
      assertEquals(2.0, slope(P, res.meanFirstOrderGap()), 0.1,
          "cubic f: 1st-order gap ∝ p², log-log slope 2 ± 0.1");
      // Independent closed form for one repeat's magnitude is not available through the
      // result, but the gap must stay far below the first-order one at small p.
      assertTrue(res.meanGap()[0] < 1e-2 * res.meanFirstOrderGap()[0],
          "at p=1e-3 the 2nd-order gap must be < 1% of the 1st-order gap");
      assertTrue(res.summaryText().contains("Taylor validity"));
      assertEquals(1, res.charts().size());
    }
  }

  @Test
  void sameSeedSameNumbers() {
    double[] a = cubicRun(7);
    double[] b = cubicRun(7);
    for (int i = 0; i < a.length; i++) {
      assertEquals(a[i], b[i], 0.0, "same seed must give identical gaps");
    }
  }

  @Test
  void rejectsBadSettings() {
    assertThrows(IllegalArgumentException.class, () -> TaylorValidity.builder().build());
    try (NDManager m = NDManager.newBaseManager()) {
      PowerModel model = new PowerModel(m, new double[] {1, 2}, 3);
      NDArray x = m.create(new double[][] {{1, 2}});
      assertThrows(IllegalArgumentException.class, () -> TaylorValidity.builder().setModel(model)
          .setInputs(x).setTargets(x).setLoss(TaylorValidity.mse()).optPerturbations(0.0)
          .build());
      assertThrows(IllegalArgumentException.class, () -> TaylorValidity.builder().setModel(model)
          .setInputs(x).setTargets(x).setLoss(TaylorValidity.mse()).optRepeats(0).build());
    }
  }

  private static double[] cubicRun(long seed) {
    try (NDManager m = NDManager.newBaseManager()) {
      PowerModel model = new PowerModel(m, new double[] {1.5, 0.7, 1.1}, 3);
      NDArray x = m.create(new double[][] {{1, 0.5, 0.2}, {0.3, 1, 0.9}});
      return TaylorValidity.builder().setModel(model).setInputs(x).setTargets(x)
          .setLoss((out, t) -> out.mean()).optRepeats(3).optSeed(seed).build().run().meanGap();
    }
  }

  /** Least-squares slope of log y against log x. */
  static double slope(double[] x, double[] y) {
    int n = x.length;
    double mx = 0;
    double my = 0;
    for (int i = 0; i < n; i++) {
      mx += Math.log(x[i]) / n;
      my += Math.log(y[i]) / n;
    }
    double sxy = 0;
    double sxx = 0;
    for (int i = 0; i < n; i++) {
      double dx = Math.log(x[i]) - mx;
      sxy += dx * (Math.log(y[i]) - my);
      sxx += dx * dx;
    }
    return sxy / sxx;
  }

  private static double[] randn(Random r, int n) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = r.nextGaussian();
    }
    return a;
  }
}
