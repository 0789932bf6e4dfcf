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
 * With the linear head MMR adds nothing (R of frozen features is a constant).
 *
 * <p><b>Two-layer head</b> ({@link GlueStability.Head#MLP}, constructor with {@code hiddenWeights}):
 * RoBERTa's classification head without dropout, {@code h_i = tanh(x_i W̃_1 + b_1)} ({@code W_1}
 * {@code d × d}) and {@code z_i = h_i W̃ + b}, the H output layers of MHLoss sharing the hidden
 * layer. Per mini-batch, on top of the rules above:
 * <ul>
 *   <li>MixOut mixes {@code W_1} (masks drawn first, row-major) and then {@code W}; biases are not
 *       mixed;</li>
 *   <li>MMR, eq. (9): {@code + α R} with R of eq. (8) on the hidden representations {@code h_i} (the
 *       x̃ the output layer sees), for C &gt; 2 the mean over the class pairs present in the batch,
 *       {@code R = mean_{a<b} 1/(1 + ||Δ_ab||)}, {@code Δ_ab = μ_a − μ_b} of the batch's class means;
 *       {@code ∂R/∂h_i = −(1/#pairs) Σ_{ab} s_{i,ab} Δ_ab / (||Δ_ab|| (1 + ||Δ_ab||)²)} with
 *       {@code s_{i,ab} = 1/n_a} (y_i = a), {@code −1/n_b} (y_i = b), else 0;</li>
 *   <li>LNSR: noise on the head's input, penalty {@code λ (1/B) Σ_i ||f(x_i + ε_i) − f(x_i)||²} with
 *       f the head's logits, {@code f(x + ε) − f(x) = (tanh(u + ε W̃_1) − tanh(u)) W̃};</li>
 *   <li>every gradient reaches {@code W_1, b_1} through {@code ∂h/∂u = 1 − h²}.</li>
 * </ul>
 * The tests check these gradients against central finite differences of {@link #loss}.
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
  /** Hidden layer (null: linear head): W_1 d × d row-major (input j, unit k at j·d + k), b_1. */
  final double[] w1;
  final double[] b1;
  private final double[] w10;
  private final double[] mw1;
  private final double[] vw1;
  private final double[] mb1;
  private final double[] vb1;

  HeadTrainer(float[] initialWeights, int d, int heads, int classes, double lr) {
    this(initialWeights, null, d, heads, classes, lr);
  }

  /**
   * @param initialWeights output layer W, {@code d × (H·C)} row-major
   * @param hiddenWeights hidden layer W_1, {@code d × d} row-major, or null for a linear head
   */
  HeadTrainer(float[] initialWeights, float[] hiddenWeights, int d, int heads, int classes,
      double lr) {
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
    if (hiddenWeights == null) {
      w1 = null;
      b1 = null;
      w10 = null;
      mw1 = null;
      vw1 = null;
      mb1 = null;
      vb1 = null;
    } else {
      if (hiddenWeights.length != d * d) {
        throw new IllegalArgumentException("hiddenWeights: expected " + d * d + " values, got "
            + hiddenWeights.length);
      }
      w1 = new double[d * d];
      for (int i = 0; i < w1.length; i++) {
        w1[i] = hiddenWeights[i];
      }
      w10 = w1.clone();
      b1 = new double[d];
      mw1 = new double[w1.length];
      vw1 = new double[w1.length];
      mb1 = new double[d];
      vb1 = new double[d];
    }
  }

  boolean hidden() {
    return w1 != null;
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
    return step(x, y, mixoutP, mixRnd, lnsrSigma, lnsrWeight, noiseRnd, 0);
  }

  /**
   * One step on a mini-batch, with MMR's weight α (used by the two-layer head only; the linear
   * head's R is a constant).
   *
   * @return the loss of the batch (eq. 10, plus α R of eq. 9 and the LNSR penalty)
   */
  double step(double[][] x, int[] y, double mixoutP, SplittableRandom mixRnd, double lnsrSigma,
      double lnsrWeight, Random noiseRnd, double mmrAlpha) {
    if (hidden()) {
      double[] wt1 = w1;
      double[] keep1 = null;
      double[] wt = w;
      double[] keep = null;
      if (!Double.isNaN(mixoutP)) {
        wt1 = new double[w1.length];
        keep1 = new double[w1.length];
        mix(w1, w10, mixoutP, mixRnd, wt1, keep1);
        wt = new double[w.length];
        keep = new double[w.length];
        mix(w, w0, mixoutP, mixRnd, wt, keep);
      }
      double[][] eps = null;
      if (!Double.isNaN(lnsrSigma)) {
        eps = new double[y.length][d];
        for (double[] e : eps) {
          for (int j = 0; j < d; j++) {
            e[j] = (float) (lnsrSigma * noiseRnd.nextGaussian());
          }
        }
      }
      double[] gw1 = new double[w1.length];
      double[] gb1 = new double[d];
      double[] gw = new double[w.length];
      double[] gb = new double[bias.length];
      double loss = mlpLossAndGradient(x, y, wt1, b1, wt, bias, eps, lnsrWeight, mmrAlpha, gw1, gb1,
          gw, gb);
      if (keep != null) {
        for (int j = 0; j < gw.length; j++) {
          gw[j] *= keep[j];
        }
        for (int j = 0; j < gw1.length; j++) {
          gw1[j] *= keep1[j];
        }
      }
      t++;
      double rate = lr * Math.sqrt(1 - Math.pow(BETA2, t)) / (1 - Math.pow(BETA1, t));
      adam(w1, gw1, mw1, vw1, rate);
      adam(b1, gb1, mb1, vb1, rate);
      adam(w, gw, mw, vw, rate);
      adam(bias, gb, mb, vb, rate);
      return loss;
    }
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
    double[] gz = new double[k];
    for (int i = 0; i < b; i++) {
      logits(x[i], wt, z);
      loss += crossEntropy(z, y[i], (double) b * heads, gz);
      accumulate(x[i], gz, gw, gb, k);
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

  private static void mix(double[] w, double[] start, double p, SplittableRandom rnd, double[] out,
      double[] keep) {
    for (int j = 0; j < w.length; j++) {
      double m = rnd.nextDouble() < p ? 1 : 0;
      out[j] = ((m - p) * start[j] + (1 - m) * w[j]) / (1 - p);
      keep[j] = (1 - m) / (1 - p);
    }
  }

  /**
   * The two-layer head's batch loss at the current parameters (no MixOut, no update): eq. (10)
   * cross-entropy, plus {@code mmrAlpha · R} of eq. (8) on the hidden layer, plus the LNSR penalty
   * for the given noise rows (null: none). For the finite-difference tests.
   */
  double loss(double[][] x, int[] y, double[][] eps, double lnsrWeight, double mmrAlpha) {
    return mlpLossAndGradient(x, y, w1, b1, w, bias, eps, lnsrWeight, mmrAlpha, null, null, null,
        null);
  }

  /** The same with gradients {∂/∂W_1, ∂/∂b_1, ∂/∂W, ∂/∂b} (for the tests). */
  double[][] gradient(double[][] x, int[] y, double[][] eps, double lnsrWeight, double mmrAlpha) {
    double[][] g = {new double[w1.length], new double[d], new double[w.length],
        new double[bias.length]};
    mlpLossAndGradient(x, y, w1, b1, w, bias, eps, lnsrWeight, mmrAlpha, g[0], g[1], g[2], g[3]);
    return g;
  }

  /** h = tanh(x W_1 + b_1) into {@code h}. */
  private void hiddenLayer(double[] x, double[] weights1, double[] bias1, double[] h) {
    System.arraycopy(bias1, 0, h, 0, d);
    for (int j = 0; j < d; j++) {
      double xj = x[j];
      if (xj == 0) {
        continue;
      }
      int row = j * d;
      for (int k = 0; k < d; k++) {
        h[k] += xj * weights1[row + k];
      }
    }
    for (int k = 0; k < d; k++) {
      h[k] = Math.tanh(h[k]);
    }
  }

  /**
   * h_i = tanh(x_i W_1 + b_1) for a batch; W_1 is streamed once per batch (row j of W_1 stays in
   * cache while it meets every example), not once per example.
   */
  private void hiddenBatch(double[][] x, double[] weights1, double[] bias1, double[][] h) {
    int n = x.length;
    for (int i = 0; i < n; i++) {
      System.arraycopy(bias1, 0, h[i], 0, d);
    }
    for (int j = 0; j < d; j++) {
      int row = j * d;
      for (int i = 0; i < n; i++) {
        double xj = x[i][j];
        if (xj == 0) {
          continue;
        }
        double[] hi = h[i];
        for (int k = 0; k < d; k++) {
          hi[k] += xj * weights1[row + k];
        }
      }
    }
    for (int i = 0; i < n; i++) {
      double[] hi = h[i];
      for (int k = 0; k < d; k++) {
        hi[k] = Math.tanh(hi[k]);
      }
    }
  }

  /** gW += Σ_i in_iᵀ g_i, gb += Σ_i g_i, row j of gW visited once per batch. */
  private static void accumulateBatch(double[][] in, double[][] g, double[] gw, double[] gb, int cols) {
    int n = in.length;
    int rows = in[0].length;
    for (int j = 0; j < rows; j++) {
      int row = j * cols;
      for (int i = 0; i < n; i++) {
        double a = in[i][j];
        if (a == 0) {
          continue;
        }
        double[] gi = g[i];
        for (int c = 0; c < cols; c++) {
          gw[row + c] += a * gi[c];
        }
      }
    }
    if (gb != null) {
      for (int i = 0; i < n; i++) {
        for (int c = 0; c < cols; c++) {
          gb[c] += g[i][c];
        }
      }
    }
  }

  /** z = h W + b for all H·C outputs. */
  private void outputs(double[] h, double[] weights, double[] bias0, double[] z) {
    int k = heads * classes;
    System.arraycopy(bias0, 0, z, 0, k);
    for (int j = 0; j < d; j++) {
      double hj = h[j];
      int row = j * k;
      for (int c = 0; c < k; c++) {
        z[c] += hj * weights[row + c];
      }
    }
  }

  /** ∂L/∂h = W g (length d) for output gradient g (length H·C), added into {@code gh}. */
  private void backOutputs(double[] g, double[] weights, double[] gh, double sign) {
    int k = heads * classes;
    for (int j = 0; j < d; j++) {
      int row = j * k;
      double s = 0;
      for (int c = 0; c < k; c++) {
        s += weights[row + c] * g[c];
      }
      gh[j] += sign * s;
    }
  }

  /** gW += hᵀ g, gb += g. */
  /**
   * The multi-head cross-entropy of one example (eq. 10's summand for every head): for each head's
   * {@code classes} logits in {@code z}, {@code −log softmax(z)[y] / scale} is added to the result
   * and its gradient {@code (softmax(z) − e_y) / scale} written to {@code gz}.
   */
  private double crossEntropy(double[] z, int y, double scale, double[] gz) {
    double loss = 0;
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
      loss += -(z[off + y] - max - Math.log(sum)) / scale;
      for (int c = 0; c < classes; c++) {
        gz[off + c] = (Math.exp(z[off + c] - max) / sum - (c == y ? 1 : 0)) / scale;
      }
    }
    return loss;
  }

  private static void accumulate(double[] in, double[] g, double[] gw, double[] gb, int cols) {
    for (int j = 0; j < in.length; j++) {
      double a = in[j];
      if (a == 0) {
        continue;
      }
      int row = j * cols;
      for (int c = 0; c < cols; c++) {
        gw[row + c] += a * g[c];
      }
    }
    if (gb != null) {
      for (int c = 0; c < cols; c++) {
        gb[c] += g[c];
      }
    }
  }

  /**
   * Loss of the two-layer head on a batch at the given (possibly mixed) parameters, and, when
   * {@code gw1 != null}, its gradient added into gw1, gb1, gw, gb.
   */
  private double mlpLossAndGradient(double[][] x, int[] y, double[] wt1, double[] bias1, double[] wt,
      double[] bias0, double[][] eps, double lnsrWeight, double mmrAlpha, double[] gw1, double[] gb1,
      double[] gw, double[] gb) {
    int b = y.length;
    int k = heads * classes;
    boolean grad = gw1 != null;
    double[][] h = new double[b][d];
    double[][] gh = new double[b][d];
    double[] z = new double[k];
    double[] gz = new double[k];
    double loss = 0;
    hiddenBatch(x, wt1, bias1, h);
    for (int i = 0; i < b; i++) {
      outputs(h[i], wt, bias0, z);
      loss += crossEntropy(z, y[i], (double) b * heads, gz);
      if (grad) {
        accumulate(h[i], gz, gw, gb, k);
        backOutputs(gz, wt, gh[i], 1);
      }
    }
    if (mmrAlpha > 0) {
      loss += mmrAlpha * maxMargin(h, y, grad ? gh : null, mmrAlpha);
    }
    if (eps != null) {
      double[][] xnAll = new double[b][d];
      double[][] hnAll = new double[b][d];
      double[][] ghnAll = new double[b][d];
      for (int i = 0; i < b; i++) {
        for (int j = 0; j < d; j++) {
          xnAll[i][j] = x[i][j] + eps[i][j];
        }
      }
      hiddenBatch(xnAll, wt1, bias1, hnAll);
      double[] zc = new double[k];
      double[] zn = new double[k];
      double[] gd = new double[k];
      double[] dh = new double[d];
      for (int i = 0; i < b; i++) {
        double[] hn = hnAll[i];
        double[] ghn = ghnAll[i];
        outputs(h[i], wt, bias0, zc);
        outputs(hn, wt, bias0, zn);
        for (int c = 0; c < k; c++) {
          double diff = zn[c] - zc[c];
          loss += lnsrWeight * diff * diff / b;
          gd[c] = 2 * lnsrWeight * diff / b;
        }
        if (grad) {
          for (int j = 0; j < d; j++) {
            dh[j] = hn[j] - h[i][j];
          }
          accumulate(dh, gd, gw, null, k);
          backOutputs(gd, wt, ghn, 1);
          backOutputs(gd, wt, gh[i], -1);
          for (int j = 0; j < d; j++) {
            ghn[j] *= 1 - hn[j] * hn[j];
          }
        }
      }
      if (grad) {
        accumulateBatch(xnAll, ghnAll, gw1, gb1, d);
      }
    }
    if (grad) {
      for (int i = 0; i < b; i++) {
        for (int j = 0; j < d; j++) {
          gh[i][j] *= 1 - h[i][j] * h[i][j];
        }
      }
      accumulateBatch(x, gh, gw1, gb1, d);
    }
    return loss;
  }

  /**
   * R of eq. (8) on the rows {@code h} (mean over the class pairs present), and α ∂R/∂h_i added
   * into {@code gh} when not null. 0 when fewer than two classes are in the batch.
   */
  private double maxMargin(double[][] h, int[] y, double[][] gh, double alpha) {
    int[] count = new int[classes];
    for (int v : y) {
      count[v]++;
    }
    int pairs = 0;
    for (int a = 0; a < classes; a++) {
      for (int c = a + 1; c < classes; c++) {
        pairs += count[a] > 0 && count[c] > 0 ? 1 : 0;
      }
    }
    if (pairs == 0) {
      return 0;
    }
    double[][] mean = new double[classes][d];
    for (int i = 0; i < y.length; i++) {
      for (int j = 0; j < d; j++) {
        mean[y[i]][j] += h[i][j] / count[y[i]];
      }
    }
    double r = 0;
    double[] delta = new double[d];
    for (int a = 0; a < classes; a++) {
      for (int c = a + 1; c < classes; c++) {
        if (count[a] == 0 || count[c] == 0) {
          continue;
        }
        double s = 0;
        for (int j = 0; j < d; j++) {
          delta[j] = mean[a][j] - mean[c][j];
          s += delta[j] * delta[j];
        }
        double dist = Math.sqrt(s);
        r += 1 / (1 + dist) / pairs;
        if (gh != null && dist > 0) {
          double f = -alpha / (pairs * dist * (1 + dist) * (1 + dist));
          for (int i = 0; i < y.length; i++) {
            double si = y[i] == a ? 1.0 / count[a] : y[i] == c ? -1.0 / count[c] : 0;
            if (si == 0) {
              continue;
            }
            for (int j = 0; j < d; j++) {
              gh[i][j] += f * si * delta[j];
            }
          }
        }
      }
    }
    return r;
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
    if (hidden()) {
      double[] h = new double[d];
      hiddenLayer(x, w1, b1, h);
      outputs(h, w, bias, z);
    } else {
      logits(x, w, z);
    }
    double[] out = new double[classes];
    for (int h = 0; h < heads; h++) {
      for (int c = 0; c < classes; c++) {
        out[c] += z[h * classes + c] / heads;
      }
    }
    return out;
  }

  /** {@link #meanLogits(double[])} of every row (the MLP's hidden layer in batches of 32). */
  double[][] meanLogits(double[][] x) {
    int n = x.length;
    double[][] out = new double[n][];
    if (!hidden()) {
      for (int i = 0; i < n; i++) {
        out[i] = meanLogits(x[i]);
      }
      return out;
    }
    int k = heads * classes;
    double[] z = new double[k];
    for (int from = 0; from < n; from += 32) {
      int to = Math.min(n, from + 32);
      double[][] xb = java.util.Arrays.copyOfRange(x, from, to);
      double[][] h = new double[to - from][d];
      hiddenBatch(xb, w1, b1, h);
      for (int i = 0; i < h.length; i++) {
        outputs(h[i], w, bias, z);
        double[] o = new double[classes];
        for (int hh = 0; hh < heads; hh++) {
          for (int c = 0; c < classes; c++) {
            o[c] += z[hh * classes + c] / heads;
          }
        }
        out[from + i] = o;
      }
    }
    return out;
  }

  /** The representation the output layer sees: tanh(x W_1 + b_1), or x itself for a linear head. */
  double[] representation(double[] x) {
    if (!hidden()) {
      return x;
    }
    double[] h = new double[d];
    hiddenLayer(x, w1, b1, h);
    return h;
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
