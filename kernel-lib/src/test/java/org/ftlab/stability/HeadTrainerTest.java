package org.ftlab.stability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The two-layer (MLP) head of {@link HeadTrainer}: analytic gradients against central finite
 * differences of its loss, and MMR (eq. 8-9) acting on the hidden layer.
 */
class HeadTrainerTest {
  private static final int D = 6;

  private static float[] gaussian(int n, double sd, long seed) {
    Random r = new Random(seed);
    float[] w = new float[n];
    for (int i = 0; i < n; i++) {
      w[i] = (float) (sd * r.nextGaussian());
    }
    return w;
  }

  private static double[][] rows(int n, long seed) {
    Random r = new Random(seed);
    double[][] x = new double[n][D];
    for (double[] row : x) {
      for (int j = 0; j < D; j++) {
        row[j] = r.nextGaussian();
      }
    }
    return x;
  }

  private static double[] param(HeadTrainer t, int which) {
    return switch (which) {
      case 0 -> t.w1;
      case 1 -> t.b1;
      case 2 -> t.w;
      default -> t.bias;
    };
  }

  /** Every coordinate of every parameter: analytic vs central difference, step 1e-5 (double). */
  private static void checkGradient(int heads, int classes, double lnsrWeight, double alpha, String what) {
    HeadTrainer t = new HeadTrainer(gaussian(D * heads * classes, 0.5, 1), gaussian(D * D, 0.5, 2),
        D, heads, classes, 1e-3);
    // non-zero biases so every term is exercised
    for (int i = 0; i < t.b1.length; i++) {
      t.b1[i] = 0.1 * (i - 2);
    }
    for (int i = 0; i < t.bias.length; i++) {
      t.bias[i] = 0.05 * i;
    }
    double[][] x = rows(7, 3);
    int[] y = new int[7];
    for (int i = 0; i < y.length; i++) {
      y[i] = i % classes;
    }
    double[][] eps = lnsrWeight > 0 ? rows(7, 4) : null;
    if (eps != null) {
      for (double[] e : eps) {
        for (int j = 0; j < D; j++) {
          e[j] *= 0.3;
        }
      }
    }
    double[][] g = t.gradient(x, y, eps, lnsrWeight, alpha);
    double h = 1e-5;
    double worst = 0;
    for (int which = 0; which < 4; which++) {
      double[] p = param(t, which);
      for (int j = 0; j < p.length; j++) {
        double keep = p[j];
        p[j] = keep + h;
        double up = t.loss(x, y, eps, lnsrWeight, alpha);
        p[j] = keep - h;
        double down = t.loss(x, y, eps, lnsrWeight, alpha);
        p[j] = keep;
        double fd = (up - down) / (2 * h);
        double err = Math.abs(fd - g[which][j]) / Math.max(1e-3, Math.abs(fd));
        worst = Math.max(worst, err);
        assertTrue(err < 1e-5, what + ": parameter group " + which + " index " + j + ": analytic "
            + g[which][j] + " vs finite difference " + fd + " (relative tol 1e-5)");
      }
    }
    assertTrue(worst >= 0);
  }

  @Test
  void mlpGradientsMatchFiniteDifferences() {
    checkGradient(1, 2, 0, 0, "cross-entropy, 1 head, 2 classes");
    checkGradient(1, 2, 0, 3, "cross-entropy + 3 R (MMR, eq. 9)");
    checkGradient(2, 3, 0, 2, "2 heads (eq. 10), 3 classes, MMR over class pairs");
    checkGradient(2, 3, 1.5, 0, "LNSR penalty through both layers");
    checkGradient(3, 2, 0.7, 1, "everything at once");
  }

  @Test
  void maxMarginTermIsEquationEight() {
    // R of eq. (8) for two classes is 1/(1 + ||μ_+ − μ_−||) of the hidden representations:
    // loss(α) − loss(0) = α R, checked against R computed here from representation()
    HeadTrainer t = new HeadTrainer(gaussian(D * 2, 0.5, 5), gaussian(D * D, 0.5, 6), D, 1, 2, 1e-3);
    double[][] x = rows(5, 7);
    int[] y = {0, 1, 1, 0, 1};
    double[] mu0 = new double[D];
    double[] mu1 = new double[D];
    for (int i = 0; i < 5; i++) {
      double[] h = t.representation(x[i]);
      for (int j = 0; j < D; j++) {
        if (y[i] == 0) {
          mu0[j] += h[j] / 2;
        } else {
          mu1[j] += h[j] / 3;
        }
      }
    }
    double r = 1 / (1 + Vectors.distance(mu0, mu1));
    assertEquals(2.5 * r, t.loss(x, y, null, 0, 2.5) - t.loss(x, y, null, 0, 0), 1e-12,
        "α R(S) of eq. (8)-(9) on h = tanh(x W_1 + b_1)");
  }

  @Test
  void mmrMovesTheHiddenLayerAndWidensTheClassCentres() {
    // Why MMR now differs from FineTune: R depends on W_1 through h, so its gradient is not 0.
    // Gradient steps on R alone (α = 1, cross-entropy kept) must increase ||μ_1 − μ_0|| on the batch
    // more than the same steps without R.
    double[][] x = rows(16, 8);
    int[] y = new int[16];
    for (int i = 0; i < 16; i++) {
      y[i] = i % 2;
    }
    double[] dist = new double[2];
    for (int k = 0; k < 2; k++) {
      HeadTrainer t = new HeadTrainer(gaussian(D * 2, 0.3, 9), gaussian(D * D, 0.3, 10), D, 1, 2, 1e-2);
      for (int s = 0; s < 50; s++) {
        t.step(x, y, Double.NaN, new SplittableRandom(1), Double.NaN, 0, new Random(1), k == 0 ? 0 : 5);
      }
      double[] m0 = new double[D];
      double[] m1 = new double[D];
      for (int i = 0; i < 16; i++) {
        double[] h = t.representation(x[i]);
        for (int j = 0; j < D; j++) {
          (y[i] == 0 ? m0 : m1)[j] += h[j] / 8;
        }
      }
      dist[k] = Vectors.distance(m0, m1);
    }
    assertTrue(dist[1] > dist[0] * 1.05, "class-centre distance of h after 50 steps: with MMR (α = 5) "
        + dist[1] + " vs FineTune " + dist[0] + " (expected at least 5% larger)");
  }
}
