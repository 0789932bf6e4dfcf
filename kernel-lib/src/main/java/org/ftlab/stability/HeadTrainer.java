package org.ftlab.stability;

import java.util.Random;
import java.util.SplittableRandom;

/**
 * The HEAD-mode training step of {@link GlueStability} in plain Java (double precision): the same
 * losses, random draws and AdamW update as the DJL path, without the per-operation overhead of
 * native calls (a head step on cached features is a few thousand multiply-adds). The tests check
 * it against the DJL path.
 *
 * <p>Weights {@code W} are {@code d × (H·C)} row-major (head h in columns {@code h·C .. h·C+C−1}),
 * bias {@code H·C}. Per mini-batch of B rows with features {@code x_i} and labels {@code y_i}:
 * <ul>
 *   <li>MixOut: mask {@code m_j ~ Bernoulli(p)} over W in row-major order (the order of
 *       {@link MixOut#apply}), {@code W̃ = ((m − p) W_0 + (1 − m) W)/(1 − p)}; otherwise W̃ = W;</li>
 *   <li>logits {@code z_i = x_i W̃ + b}; eq. (10) gradient {@code ∂L/∂z_ih = (softmax(z_ih) − e_{y_i})/(BH)};</li>
 *   <li>LNSR: {@code ε_i ~ N(0, σ² I)} drawn row by row, penalty
 *       {@code λ (1/B) Σ_i ||(x_i + ε_i) W̃ + b − (x_i W̃ + b)||² = λ (1/B) Σ_i ||ε_i W̃||²}, gradient
 *       {@code (2λ/B) Σ_i ε_iᵀ (ε_i W̃)} w.r.t. W̃;</li>
 *   <li>∂/∂W = ∂/∂W̃ ⊙ (1 − m)/(1 − p) under MixOut;</li>
 *   <li>AdamW as DJL: {@code m ← β1 m + (1−β1) g}, {@code v ← β2 v + (1−β2) g²},
 *       {@code θ ← θ − lr·sqrt(1−β2^t)/(1−β1^t) · m/(sqrt(v) + ε)}, β1 = 0.9, β2 = 0.999,
 *       ε = 1e-8, no weight decay.</li>
 * </ul>
 * MMR adds nothing in HEAD mode (R of frozen features is a constant).
 */
final class HeadTrainer {
  static final double BETA1 = 0.9;
  static final double BETA2 = 0.999;
  static final double EPS = 1e-8;

  final int d;
  final int heads;
  final int classes;
  final double[] w;
  final double[] bias;
  private final double[] w0;
  private final double lr;
  private final double[] mw;
  private final double[] vw;
  private final double[] mb;
  private final double[] vb;
  private int t;

  HeadTrainer(float[] initialWeights, int d, int heads, int classes, double lr) {
    this.d = d;
    this.heads = heads;
    this.classes = classes;
    int k = heads * classes;
    if (initialWeights.length != d * k) {
      throw new IllegalArgumentException("initialWeights: expected " + d * k + " values, got "
          + initialWeights.length);
    }
    w = new double[d * k];
    for (int i = 0; i < w.length; i++) {
      w[i] = initialWeights[i];
    }
    w0 = w.clone();
    bias = new double[k];
    this.lr = lr;
    mw = new double[w.length];
    vw = new double[w.length];
    mb = new double[k];
    vb = new double[k];
  }

  /**
   * One step on a mini-batch.
   *
   * @param x features, B rows of length d
   * @param y labels
   * @param mixoutP MixOut probability, or NaN for none
   * @param mixRnd MixOut mask stream (used when mixoutP is not NaN)
   * @param lnsrSigma LNSR noise σ, or NaN for none
   * @param lnsrWeight LNSR penalty weight
   * @param noiseRnd LNSR noise stream
   * @return the loss of the batch (eq. 10 plus the LNSR penalty)
   */
  double step(double[][] x, int[] y, double mixoutP, SplittableRandom mixRnd, double lnsrSigma,
      double lnsrWeight, Random noiseRnd) {
    int b = y.length;
    int k = heads * classes;
    double[] wt = w;
    double[] keep = null;
    if (!Double.isNaN(mixoutP)) {
      wt = new double[w.length];
      keep = new double[w.length];
      double p = mixoutP;
      for (int j = 0; j < w.length; j++) {
        double m = mixRnd.nextDouble() < p ? 1 : 0;
        wt[j] = ((m - p) * w0[j] + (1 - m) * w[j]) / (1 - p);
        keep[j] = (1 - m) / (1 - p);
      }
    }
    double[] gw = new double[w.length];
    double[] gb = new double[k];
    double loss = 0;
    double[] z = new double[k];
    for (int i = 0; i < b; i++) {
      logits(x[i], wt, z);
      for (int h = 0; h < heads; h++) {
        int off = h * classes;
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
          max = Math.max(max, z[off + c]);
        }
        double sum = 0;
        for (int c = 0; c < classes; c++) {
          sum += Math.exp(z[off + c] - max);
        }
        loss += -(z[off + y[i]] - max - Math.log(sum)) / ((double) b * heads);
        for (int c = 0; c < classes; c++) {
          double g = (Math.exp(z[off + c] - max) / sum - (c == y[i] ? 1 : 0)) / ((double) b * heads);
          gb[off + c] += g;
          for (int j = 0; j < d; j++) {
            gw[j * k + off + c] += x[i][j] * g;
          }
        }
      }
    }
    if (!Double.isNaN(lnsrSigma)) {
      double[] eps = new double[d];
      double[] ew = new double[k];
      for (int i = 0; i < b; i++) {
        for (int j = 0; j < d; j++) {
          eps[j] = (float) (lnsrSigma * noiseRnd.nextGaussian());
        }
        java.util.Arrays.fill(ew, 0);
        for (int j = 0; j < d; j++) {
          for (int c = 0; c < k; c++) {
            ew[c] += eps[j] * wt[j * k + c];
          }
        }
        for (int c = 0; c < k; c++) {
          loss += lnsrWeight * ew[c] * ew[c] / b;
        }
        for (int j = 0; j < d; j++) {
          for (int c = 0; c < k; c++) {
            gw[j * k + c] += 2 * lnsrWeight * eps[j] * ew[c] / b;
          }
        }
      }
    }
    if (keep != null) {
      for (int j = 0; j < gw.length; j++) {
        gw[j] *= keep[j];
      }
    }
    t++;
    double rate = lr * Math.sqrt(1 - Math.pow(BETA2, t)) / (1 - Math.pow(BETA1, t));
    adam(w, gw, mw, vw, rate);
    adam(bias, gb, mb, vb, rate);
    return loss;
  }

  private static void adam(double[] theta, double[] g, double[] m, double[] v, double rate) {
    for (int j = 0; j < theta.length; j++) {
      m[j] = BETA1 * m[j] + (1 - BETA1) * g[j];
      v[j] = BETA2 * v[j] + (1 - BETA2) * g[j] * g[j];
      theta[j] -= rate * m[j] / (Math.sqrt(v[j]) + EPS);
    }
  }

  /** z = x W + b for all H·C outputs. */
  private void logits(double[] x, double[] weights, double[] z) {
    int k = heads * classes;
    System.arraycopy(bias, 0, z, 0, k);
    for (int j = 0; j < d; j++) {
      double xj = x[j];
      if (xj == 0) {
        continue;
      }
      int row = j * k;
      for (int c = 0; c < k; c++) {
        z[c] += xj * weights[row + c];
      }
    }
  }

  /** Logits of the mean head (the mean of the heads' logits), length C. */
  double[] meanLogits(double[] x) {
    int k = heads * classes;
    double[] z = new double[k];
    logits(x, w, z);
    double[] out = new double[classes];
    for (int h = 0; h < heads; h++) {
      for (int c = 0; c < classes; c++) {
        out[c] += z[h * classes + c] / heads;
      }
    }
    return out;
  }

  /** Current weights as float (for {@link GlueStability}'s head direction). */
  float[] weightsAsFloat() {
    float[] f = new float[w.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) w[i];
    }
    return f;
  }

  float[] biasAsFloat() {
    float[] f = new float[bias.length];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) bias[i];
    }
    return f;
  }
}
