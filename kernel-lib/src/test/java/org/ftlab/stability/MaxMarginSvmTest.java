package org.ftlab.stability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MaxMarginSvmTest {
  /** Brute-force margin in 2-D: max over unit u of (min_+ u·x − max_- u·x)/2, by angle scan. */
  static double bruteForceMargin(double[][] x, double[] y) {
    double best = Double.NEGATIVE_INFINITY;
    int steps = 200_000;
    for (int k = 0; k < steps; k++) {
      double th = 2 * Math.PI * k / steps;
      double c = Math.cos(th);
      double s = Math.sin(th);
      double minPos = Double.POSITIVE_INFINITY;
      double maxNeg = Double.NEGATIVE_INFINITY;
      for (int i = 0; i < x.length; i++) {
        double p = c * x[i][0] + s * x[i][1];
        if (y[i] > 0) {
          minPos = Math.min(minPos, p);
        } else {
          maxNeg = Math.max(maxNeg, p);
        }
      }
      best = Math.max(best, (minPos - maxNeg) / 2);
    }
    return best;
  }

  @Test
  void knownSeparator() {
    // +1 at x1 >= 2, -1 at x1 <= 0: the max-margin line is x1 = 1, v = (1, 0), b = 1, margin 1
    double[][] x = {{2, 0}, {3, 1}, {2.5, -2}, {0, 0}, {-1, 1}, {0, -3}};
    double[] y = {1, 1, 1, -1, -1, -1};
    SvmSolution s = MaxMarginSvm.fit(x, y);
    assertEquals(1.0, s.v()[0], 1e-5, "v1 (tol 1e-5)");
    assertEquals(0.0, s.v()[1], 1e-5, "v2 (tol 1e-5)");
    assertEquals(1.0, s.b(), 1e-5, "b (tol 1e-5)");
    assertEquals(1.0, s.margin(), 1e-5, "margin 1/||v|| (tol 1e-5)");
  }

  @Test
  void kktAndMarginsAgainstBruteForce() {
    Random r = new Random(3);
    int n = 60;
    double[][] x = new double[n][2];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 2 == 0 ? 1 : -1;
      do {
        x[i][0] = 4 * r.nextDouble() - 2;
        x[i][1] = 4 * r.nextDouble() - 2;
      } while (y[i] * (0.7 * x[i][0] - 0.4 * x[i][1] - 0.3) < 0.2);
    }
    SvmSolution s = MaxMarginSvm.fit(x, y);
    double sumAlphaY = 0;
    double[] v = new double[2];
    for (int i = 0; i < n; i++) {
      double m = s.functionalMargin(x[i], y[i]);
      assertTrue(m >= 1 - 1e-6, "y_i(v.x_i - b) >= 1 - 1e-6 for i=" + i + ", got " + m);
      if (s.alpha()[i] > 0) {
        assertEquals(1.0, m, 1e-6, "support vector " + i + " sits on the margin (tol 1e-6)");
      }
      sumAlphaY += s.alpha()[i] * y[i];
      v[0] += s.alpha()[i] * y[i] * x[i][0];
      v[1] += s.alpha()[i] * y[i] * x[i][1];
    }
    assertEquals(0.0, sumAlphaY, 1e-6, "KKT: sum alpha_i y_i = 0 (tol 1e-6)");
    assertEquals(v[0], s.v()[0], 1e-9, "KKT: v = sum alpha_i y_i x_i");
    assertEquals(v[1], s.v()[1], 1e-9, "KKT: v = sum alpha_i y_i x_i");
    double brute = bruteForceMargin(x, y);
    assertEquals(brute, s.margin(), 1e-4, "margin vs angle-scan brute force (tol 1e-4)");
    assertTrue(s.margin() >= 0.2 / Math.hypot(0.7, 0.4) - 1e-9,
        "margin at least that of the generating separator");
  }

  @Test
  void homogeneousSolutionPassesThroughOrigin() {
    // not centred: the free-bias and homogeneous separators differ
    double[][] x = {{3, 1}, {4, 2}, {1, 3}, {0.5, 4}};
    double[] y = {1, 1, -1, -1};
    SvmSolution h = MaxMarginSvm.fitHomogeneous(x, y);
    assertEquals(0.0, h.b(), 0, "b = 0");
    for (int i = 0; i < x.length; i++) {
      assertTrue(y[i] * Vectors.dot(h.v(), x[i]) >= 1 - 1e-6, "homogeneous margin >= 1 at " + i);
    }
    // brute force over directions through the origin: max over unit u of min_i y_i u.x_i
    double best = 0;
    for (int k = 0; k < 200_000; k++) {
      double th = 2 * Math.PI * k / 200_000;
      double m = Double.POSITIVE_INFINITY;
      for (int i = 0; i < x.length; i++) {
        m = Math.min(m, y[i] * (Math.cos(th) * x[i][0] + Math.sin(th) * x[i][1]));
      }
      best = Math.max(best, m);
    }
    assertEquals(best, h.margin(), 1e-4, "homogeneous margin vs brute force (tol 1e-4)");
  }

  @Test
  void inseparableIsRejected() {
    double[][] x = {{0, 0}, {1, 1}, {0, 1}, {1, 0}};
    double[] y = {1, 1, -1, -1};
    assertThrows(IllegalArgumentException.class, () -> MaxMarginSvm.fit(x, y));
    assertThrows(IllegalArgumentException.class,
        () -> MaxMarginSvm.fit(x, new double[] {1, 1, 1, 1}));
    assertThrows(IllegalArgumentException.class,
        () -> MaxMarginSvm.fit(x, new double[] {1, 2, -1, -1}));
  }
}
