package org.ftlab.stability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The loss terms of MHLoss (eq. 10), MMR (eq. 8-9) and LNSR against hand computations in double
 * precision, closed-form gradients and central finite differences (DJL in float64).
 */
class MethodTermsTest {

  private static double[] randn(int n, Random r) {
    double[] a = new double[n];
    for (int i = 0; i < n; i++) {
      a[i] = r.nextGaussian();
    }
    return a;
  }

  /** Hand computation of eq. (10) with ℓ = cross-entropy. */
  private static double handMultiHead(double[] z, int[] y, int heads, int c) {
    double s = 0;
    for (int i = 0; i < y.length; i++) {
      for (int h = 0; h < heads; h++) {
        int off = i * heads * c + h * c;
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < c; k++) {
          max = Math.max(max, z[off + k]);
        }
        double sum = 0;
        for (int k = 0; k < c; k++) {
          sum += Math.exp(z[off + k] - max);
        }
        s += -(z[off + y[i]] - max - Math.log(sum));
      }
    }
    return s / (y.length * heads);
  }

  @Test
  void multiHeadLossValueAndGradientMatchHandComputation() {
    Random r = new Random(1);
    int b = 5;
    int heads = 3;
    int c = 3;
    double[] z = randn(b * heads * c, r);
    int[] y = {0, 2, 1, 1, 0};
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray logits = m.create(z, new Shape(b, heads * c));
      logits.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray loss = MethodTerms.multiHeadLoss(logits, y, heads, c);
        assertEquals(handMultiHead(z, y, heads, c), loss.getDouble(), 1e-12,
            "eq. (10) value, tol 1e-12");
        gc.backward(loss);
      }
      double[] g = logits.getGradient().toDoubleArray();
      for (int i = 0; i < b; i++) {
        for (int h = 0; h < heads; h++) {
          int off = i * heads * c + h * c;
          double sum = 0;
          for (int k = 0; k < c; k++) {
            sum += Math.exp(z[off + k]);
          }
          for (int k = 0; k < c; k++) {
            double expected = (Math.exp(z[off + k]) / sum - (k == y[i] ? 1 : 0)) / (b * heads);
            assertEquals(expected, g[off + k], 1e-12,
                "∂L_MH/∂z = (softmax − onehot)/(BH), tol 1e-12, row " + i + " head " + h);
          }
        }
      }
    }
  }

  @Test
  void headsDoNotInteractInEq10AndMeanHeadIsLinear() {
    // each head's gradient through eq. (10) is 1/H times its own single-head gradient
    Random r = new Random(2);
    int b = 4;
    int d = 6;
    int heads = 4;
    int c = 2;
    int[] y = {1, 0, 0, 1};
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.create(randn(b * d, r), new Shape(b, d));
      NDArray w = m.create(randn(d * heads * c, r), new Shape(d, heads * c));
      NDArray bias = m.create(randn(heads * c, r), new Shape(heads * c));
      w.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        gc.backward(MethodTerms.multiHeadLoss(x.matMul(w).add(bias), y, heads, c));
      }
      double[] gAll = w.getGradient().toDoubleArray();
      for (int h = 0; h < heads; h++) {
        NDArray wh = w.get(":, " + (h * c) + ":" + (h * c + c)).duplicate();
        NDArray bh = bias.get((h * c) + ":" + (h * c + c));
        wh.setRequiresGradient(true);
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
          gc.backward(MethodTerms.multiHeadLoss(x.matMul(wh).add(bh), y, 1, c));
        }
        double[] gh = wh.getGradient().toDoubleArray();
        for (int i = 0; i < d; i++) {
          for (int k = 0; k < c; k++) {
            assertEquals(gh[i * c + k] / heads, gAll[i * heads * c + h * c + k], 1e-12,
                "head " + h + ": eq. (10) gradient = single-head gradient / H, tol 1e-12");
          }
        }
      }
      // mean of the heads' logits = logits of the mean head w̄ (§3.2)
      double[] mean = MethodTerms.meanHeadLogits(x.matMul(w).add(bias), heads, c).toDoubleArray();
      NDArray wbar = w.reshape(d, heads, c).mean(new int[] {1});
      NDArray bbar = bias.reshape(heads, c).mean(new int[] {0});
      double[] direct = x.matMul(wbar).add(bbar).toDoubleArray();
      for (int i = 0; i < mean.length; i++) {
        assertEquals(direct[i], mean[i], 1e-12, "mean of head logits = w̄ logits, tol 1e-12");
      }
    }
  }

  /** Eq. (8) written as in the paper, labels ±1. */
  private static double eq8(double[][] e, double[] y) {
    int d = e[0].length;
    double sp = 0;
    double sm = 0;
    for (double v : y) {
      sp += 1 + v;
      sm += 1 - v;
    }
    double[] s = new double[d];
    for (int i = 0; i < y.length; i++) {
      double wgt = y[i] * ((1 + y[i]) / sp + (1 - y[i]) / sm);
      for (int j = 0; j < d; j++) {
        s[j] += e[i][j] * wgt;
      }
    }
    double norm = 0;
    for (double v : s) {
      norm += v * v;
    }
    return 1 / (1 + Math.sqrt(norm));
  }

  @Test
  void mmrMatchesEquation8AndFiniteDifferences() {
    Random r = new Random(3);
    int b = 7;
    int d = 5;
    int[] labels = {0, 1, 1, 0, 1, 0, 1};
    double[] y = new double[b];
    double[][] e = new double[b][];
    double[] flat = randn(b * d, r);
    for (int i = 0; i < b; i++) {
      y[i] = labels[i] == 1 ? 1 : -1;
      e[i] = java.util.Arrays.copyOfRange(flat, i * d, (i + 1) * d);
    }
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray f = m.create(flat, new Shape(b, d));
      f.setRequiresGradient(true);
      double value;
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray reg = MethodTerms.maxMarginRegularizer(f, labels, 2);
        value = reg.getDouble();
        gc.backward(reg);
      }
      assertEquals(eq8(e, y), value, 1e-12, "R(S) = eq. (8) with ±1 labels, tol 1e-12");
      double[] g = f.getGradient().toDoubleArray();
      double h = 1e-6;
      for (int i = 0; i < b; i++) {
        for (int j = 0; j < d; j++) {
          double keep = e[i][j];
          e[i][j] = keep + h;
          double up = eq8(e, y);
          e[i][j] = keep - h;
          double down = eq8(e, y);
          e[i][j] = keep;
          assertEquals((up - down) / (2 * h), g[i * d + j], 1e-8,
              "∂R/∂E(x_" + i + ")_" + j + " vs central difference h = 1e-6, tol 1e-8");
        }
      }
      // closed form: ∂R/∂E_i = −(1+D)^{-2} (Δ/D) (±1/n_±), Δ = μ_+ − μ_−
      double[] delta = new double[d];
      for (int i = 0; i < b; i++) {
        for (int j = 0; j < d; j++) {
          delta[j] += e[i][j] * (labels[i] == 1 ? 1.0 / 4 : -1.0 / 3);
        }
      }
      double dn = Vectors.norm(delta);
      for (int j = 0; j < d; j++) {
        double expected = -1 / ((1 + dn) * (1 + dn)) * delta[j] / dn * (1.0 / 4);
        assertEquals(expected, g[1 * d + j], 1e-12, "closed-form gradient for a y=+1 row, tol 1e-12");
      }
    }
  }

  @Test
  void mmrMultiClassIsMeanOverPairsAndNullForOneClass() {
    Random r = new Random(4);
    int b = 6;
    int d = 3;
    int[] labels = {0, 1, 2, 2, 0, 1};
    double[] flat = randn(b * d, r);
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray f = m.create(flat, new Shape(b, d));
      double[][] mu = new double[3][d];
      for (int i = 0; i < b; i++) {
        for (int j = 0; j < d; j++) {
          mu[labels[i]][j] += flat[i * d + j] / 2;
        }
      }
      double expected = (1 / (1 + Vectors.distance(mu[0], mu[1])) + 1 / (1 + Vectors.distance(mu[0], mu[2]))
          + 1 / (1 + Vectors.distance(mu[1], mu[2]))) / 3;
      assertEquals(expected, MethodTerms.maxMarginRegularizer(f, labels, 3).getDouble(), 1e-12,
          "three classes: mean of eq. (8) over the 3 pairs, tol 1e-12");
      assertNull(MethodTerms.maxMarginRegularizer(f, new int[] {1, 1, 1, 1, 1, 1}, 3),
          "one class in the batch: no MMR term");
    }
  }

  @Test
  void lnsrPenaltyIsZeroAtSigmaZeroAndMatchesItsExpectation() {
    Random r = new Random(5);
    int b = 8;
    int d = 4;
    int c = 3;
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray x = m.create(randn(b * d, r), new Shape(b, d)).toType(DataType.FLOAT32, false);
      NDArray w = m.create(randn(d * c, r), new Shape(d, c)).toType(DataType.FLOAT32, false);
      NDArray clean = x.matMul(w);
      NDArray noisy0 = x.add(MethodTerms.gaussian(m, x.getShape(), 0.0, new Random(9))).matMul(w);
      assertEquals(0.0, MethodTerms.noisePenalty(noisy0, clean).getFloat(), 0.0,
          "σ = 0: f(x + ε) = f(x) exactly, penalty 0");
      // E ||W^T ε||² = σ² ||W||_F² for a linear head (the stochastic L2 penalty of HEAD mode)
      double sigma = 0.3;
      int draws = 4000;
      double sum = 0;
      double sumSq = 0;
      Random noise = new Random(6);
      for (int k = 0; k < draws; k++) {
        try (NDManager s = m.newSubManager()) {
          NDArray xn = x.add(MethodTerms.gaussian(s, x.getShape(), sigma, noise));
          double p = MethodTerms.noisePenalty(xn.matMul(w), clean).getFloat();
          sum += p;
          sumSq += p * p;
        }
      }
      double mean = sum / draws;
      double se = Math.sqrt((sumSq / draws - mean * mean) / draws);
      double fro = w.square().sum().getFloat();
      assertEquals(sigma * sigma * fro, mean, 5 * se + 1e-6,
          "mean LNSR penalty = σ²||W||_F² within 5 standard errors (" + se + ")");
    }
  }
}
