package org.ftlab.stability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class HeadTuningTest {
  static double[][] x;
  static double[] y;

  static {
    Random r = new Random(11);
    int n = 40;
    x = new double[n][2];
    y = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = i % 2 == 0 ? 1 : -1;
      x[i][0] = y[i] * (0.5 + r.nextDouble()) + 0.3;
      x[i][1] = 2 * r.nextGaussian();
    }
  }

  @Test
  void directionConvergesToSvm() {
    double[][] xt = HeadTuning.augment(x, true);
    SvmSolution svm = MaxMarginSvm.fitHomogeneous(xt, y);
    double prev = -2;
    double last = 0;
    for (int steps : new int[] {10, 100, 1000, 10_000, 100_000}) {
      HeadTuningResult res = HeadTuning.builder().setSteps(steps)
          .optLoss(HeadTuning.Loss.EXPONENTIAL).build().train(x, y);
      double cos = res.cosineTo(svm.v());
      assertTrue(cos >= prev - 1e-9, "cosine to w_SVM must not decrease: " + prev + " -> " + cos
          + " at t=" + steps);
      prev = cos;
      last = cos;
    }
    assertTrue(last > 0.99, "cosine to the homogeneous SVM after 1e5 steps > 0.99, got " + last);
  }

  @Test
  void multiHeadMeanIsAverageAndGradientMatchesFiniteDifferences() {
    HeadTuning one = HeadTuning.builder().setSteps(1).optHeads(3).optInitScale(0.5).optSeed(4)
        .optLearningRate(0.1).build();
    HeadTuning zero = HeadTuning.builder().setSteps(1).optHeads(3).optInitScale(0.5).optSeed(4)
        .optLearningRate(1e-300).build();
    HeadTuningResult r1 = one.train(x, y);
    HeadTuningResult r0 = zero.train(x, y);
    double[][] xt = HeadTuning.augment(x, true);
    for (int h = 0; h < 3; h++) {
      double[] w = r0.heads()[h];
      for (int j = 0; j < w.length; j++) {
        double eps = 1e-6;
        double[] wp = w.clone();
        double[] wm = w.clone();
        wp[j] += eps;
        wm[j] -= eps;
        double fd = (loss(wp, xt) - loss(wm, xt)) / (2 * eps);
        double step = (r1.heads()[h][j] - w[j]) / 0.1;
        assertEquals(-fd, step, 1e-7, "head " + h + " coordinate " + j
            + ": GD step equals minus the finite-difference gradient (tol 1e-7)");
      }
    }
    for (int j = 0; j < 3; j++) {
      double m = (r1.heads()[0][j] + r1.heads()[1][j] + r1.heads()[2][j]) / 3;
      assertEquals(m, r1.mean()[j], 1e-15, "w_bar is the mean head");
    }
  }

  static double loss(double[] w, double[][] xt) {
    double s = 0;
    for (int i = 0; i < xt.length; i++) {
      s += Math.log1p(Math.exp(-y[i] * Vectors.dot(w, xt[i])));
    }
    return s / xt.length;
  }

  @Test
  void sameSeedSameNumbers() {
    HeadTuning a = HeadTuning.builder().setSteps(50).optHeads(5).optInitScale(1).optSeed(9).build();
    double[] w1 = a.train(x, y).mean();
    double[] w2 = a.train(x, y).mean();
    for (int j = 0; j < w1.length; j++) {
      assertEquals(w1[j], w2[j], 0, "determinism");
    }
  }

  @Test
  void badBuilder() {
    assertThrows(IllegalArgumentException.class, () -> HeadTuning.builder().build());
    assertThrows(IllegalArgumentException.class,
        () -> HeadTuning.builder().setSteps(5).optHeads(0).build());
    assertThrows(IllegalArgumentException.class,
        () -> HeadTuning.builder().setSteps(5).optLearningRate(-1).build());
  }
}
