package org.ftlab.stability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.ejml.simple.SimpleMatrix;
import org.junit.jupiter.api.Test;

class LooStabilityTest {
  static final double RIDGE = 0.5;

  /** Ridge regression w = (XᵀX + λI)⁻¹ Xᵀy, solved from scratch for every training set. */
  static double[] ridge(double[][] x, double[] y) {
    SimpleMatrix xm = new SimpleMatrix(x);
    SimpleMatrix a = xm.transpose().mult(xm).plus(SimpleMatrix.identity(x[0].length).scale(RIDGE));
    SimpleMatrix w = a.solve(xm.transpose().mult(new SimpleMatrix(y.length, 1, true, y)));
    double[] out = new double[x[0].length];
    for (int j = 0; j < out.length; j++) {
      out[j] = w.get(j);
    }
    return out;
  }

  static double[][] data(Random r, int n, int d, double[] y) {
    double[][] x = new double[n][d];
    for (int i = 0; i < n; i++) {
      double s = 0;
      for (int j = 0; j < d; j++) {
        x[i][j] = r.nextGaussian();
        s += (j + 1) * x[i][j];
      }
      y[i] = s + 0.3 * r.nextGaussian();
    }
    return x;
  }

  @Test
  void ridgeLooMatchesShermanMorrison() {
    Random r = new Random(7);
    int n = 40;
    int d = 5;
    double[] y = new double[n];
    double[][] x = data(r, n, d, y);
    LooStabilityResult res = LooStability.measure(LooStabilityTest::ridge, x, y);
    // closed form: w_{-i} − w = −A⁻¹x_i (y_i − x_iᵀw) / (1 − x_iᵀA⁻¹x_i)  (Sherman-Morrison)
    SimpleMatrix xm = new SimpleMatrix(x);
    SimpleMatrix ainv = xm.transpose().mult(xm).plus(SimpleMatrix.identity(d).scale(RIDGE)).invert();
    double[] w = ridge(x, y);
    for (int i = 0; i < n; i++) {
      SimpleMatrix xi = new SimpleMatrix(d, 1, true, x[i]);
      SimpleMatrix aix = ainv.mult(xi);
      double h = xi.dot(aix);
      double resid = y[i] - Vectors.dot(x[i], w);
      double[] dw = new double[d];
      double[] wi = new double[d];
      for (int j = 0; j < d; j++) {
        dw[j] = -aix.get(j) * resid / (1 - h);
        wi[j] = w[j] + dw[j];
      }
      double expected = Vectors.norm(dw);
      assertEquals(expected, res.distances()[i], 1e-10 * (1 + expected),
          "Def 2.1 distance for i=" + i + " vs Sherman-Morrison (tol 1e-10 rel)");
      double expectedNorm = Vectors.directionDistance(wi, w);
      assertEquals(expectedNorm, res.normalizedDistances()[i], 1e-9,
          "Def 2.3 distance for i=" + i + " (tol 1e-9)");
    }
    double mean = 0;
    for (double v : res.distances()) {
      mean += v / n;
    }
    assertEquals(mean, res.mean(), 1e-12, "mean over i (tol 1e-12)");
    assertTrue(res.max() >= res.mean(), "max >= mean");
  }

  @Test
  void subsetIsSeededAndWithoutReplacement() {
    int[] a = LooStability.chooseIndices(100, 10, 3);
    int[] b = LooStability.chooseIndices(100, 10, 3);
    assertArrayEquals(a, b, "same seed, same indices");
    assertEquals(10, java.util.Arrays.stream(a).distinct().count(), "10 distinct indices");
    Random r = new Random(1);
    double[] y = new double[30];
    double[][] x = data(r, 30, 3, y);
    LooStabilityResult all = LooStability.measure(LooStabilityTest::ridge, x, y);
    LooStabilityResult sub = LooStability.measure(LooStabilityTest::ridge, x, y, 7, 11);
    for (int k = 0; k < sub.indices().length; k++) {
      assertEquals(all.distances()[sub.indices()[k]], sub.distances()[k], 1e-14,
          "subset distance equals the full run's distance at the same index (tol 1e-14)");
    }
  }

  @Test
  void badInput() {
    assertThrows(IllegalArgumentException.class,
        () -> LooStability.measure(LooStabilityTest::ridge, new double[][] {{1}}, new double[] {1}));
    assertThrows(IllegalArgumentException.class,
        () -> LooStability.measure(LooStabilityTest::ridge, new double[][] {{1}, {2}},
            new double[] {1}));
  }

  @Test
  void quadraticModelMatchesClosedFormAndTheorem22() {
    Random r = new Random(5);
    int p = 4;
    int n = 30;
    double mu = 0.2;
    double beta = 2.0;
    int steps = 50;
    double[] wStar = new double[p];
    double[] w0 = new double[p];
    for (int j = 0; j < p; j++) {
      wStar[j] = r.nextGaussian();
      w0[j] = wStar[j] + r.nextGaussian();
    }
    double[][] x = new double[n][p];
    for (double[] row : x) {
      for (int j = 0; j < p; j++) {
        row[j] = r.nextGaussian();
      }
    }
    double[] y = new double[n];
    QuadraticFineTuning q = new QuadraticFineTuning(wStar, w0, mu, beta, steps);
    // closed form: w_T = w* + (I − H̄/β)^T (w0 − w*)
    SimpleMatrix hbar = SimpleMatrix.identity(p).scale(mu);
    for (double[] row : x) {
      SimpleMatrix u = new SimpleMatrix(p, 1, true, row);
      u = u.divide(u.normF());
      hbar = hbar.plus(u.mult(u.transpose()).scale((beta - mu) / n));
    }
    SimpleMatrix m = SimpleMatrix.identity(p).minus(hbar.divide(beta));
    SimpleMatrix e = new SimpleMatrix(p, 1, true, w0).minus(new SimpleMatrix(p, 1, true, wStar));
    for (int t = 0; t < steps; t++) {
      e = m.mult(e);
    }
    double[] w = q.train(x, y);
    for (int j = 0; j < p; j++) {
      assertEquals(wStar[j] + e.get(j), w[j], 1e-12, "GD iterate vs matrix power (tol 1e-12)");
    }
    LooStabilityResult res = LooStability.measure(q, x, y);
    FullFineTuningBound bound = q.bound(n);
    assertTrue(res.max() <= bound.value(), "measured max_i ||A(S^i)-A(S)|| = " + res.max()
        + " must not exceed Theorem 2.2's " + bound.value());
    assertEquals(beta * Vectors.distance(w0, wStar), bound.lipschitz(), 1e-12, "L = beta ||w0-w*||");
  }
}
