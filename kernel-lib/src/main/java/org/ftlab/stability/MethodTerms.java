package org.ftlab.stability;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.ftlab.model.Autograd;

/**
 * The loss terms of the methods of paper 2 written with DJL arrays, so autograd reaches whatever
 * produced their inputs (a head on frozen features, or the whole encoder). All terms are batch
 * means; every array is created in the manager of its input.
 */
final class MethodTerms {
  private MethodTerms() {}

  /**
   * The multi-head loss, eq. (10) of paper 2: {@code L_MH = (1/(nH)) Σ_h Σ_i ℓ(w_h, x_i, y_i)} with
   * ℓ the cross-entropy of head h's {@code C} logits (for {@code C = 2} this is the logistic loss of
   * the logit difference, ℓ(u) = log(1 + e^{−u}) of eq. (4)). With {@code heads = 1} it is the mean
   * cross-entropy of one head (FineTune).
   *
   * @param logits {@code [B, H·C]}, head h's logits in columns {@code h·C .. h·C + C − 1}
   * @param labels B labels in {@code [0, C)}
   */
  static NDArray multiHeadLoss(NDArray logits, int[] labels, int heads, int classes) {
    int b = labels.length;
    checkLogits(logits, b, heads, classes);
    float[] oneHot = new float[b * heads * classes];
    for (int i = 0; i < b; i++) {
      for (int h = 0; h < heads; h++) {
        oneHot[(i * heads + h) * classes + labels[i]] = 1f;
      }
    }
    NDManager m = logits.getManager();
    NDArray logp = logits.reshape(b, heads, classes).logSoftmax(2);
    NDArray y = m.create(oneHot, new Shape(b, heads, classes)).toType(logp.getDataType(), false);
    return Autograd.div(logp.mul(y).sum().neg(), (float) ((double) b * heads));
  }

  /**
   * The test-time prediction of §3.2: the mean of the H heads' logits, which equals the logits of
   * the mean head w̄ = (1/H) Σ_h w_h (the model stays linear).
   *
   * @return {@code [B, C]}
   */
  static NDArray meanHeadLogits(NDArray logits, int heads, int classes) {
    long b = logits.getShape().get(0);
    return logits.reshape(b, heads, classes).mean(new int[] {1});
  }

  /**
   * The max-margin regulariser R(S) of eq. (8): with class centres μ_c = (1/n_c) Σ_{y_i = c}
   * E(x_i), eq. (8) for y ∈ {−1, +1} is {@code R = 1 / (1 + ||μ_+ − μ_−||)} (the weights
   * (1 ± y_i)/Σ_j(1 ± y_j) of eq. (8) are 1/n_±). For C &gt; 2 classes we take the mean of eq. (8)
   * over all pairs of classes present, {@code (1/#pairs) Σ_{a<b} 1/(1 + ||μ_a − μ_b||)}, which is
   * eq. (8) itself for C = 2. It is computed on the mini-batch (an estimate of R(S)).
   *
   * @param features {@code [B, d]}, the encoded E(x_i)
   * @return the scalar R, or {@code null} when fewer than two classes are in the batch
   */
  static NDArray maxMarginRegularizer(NDArray features, int[] labels, int classes) {
    int b = labels.length;
    if (features.getShape().dimension() != 2 || features.getShape().get(0) != b) {
      throw new IllegalArgumentException("features: expected [" + b + ", d], got "
          + features.getShape());
    }
    int[] count = new int[classes];
    for (int y : labels) {
      count[y]++;
    }
    int present = 0;
    for (int c : count) {
      present += c > 0 ? 1 : 0;
    }
    if (present < 2) {
      return null;
    }
    int pairs = present * (present - 1) / 2;
    // difference of class centres for every pair (a, b) of present classes: D = P · F, [pairs, d]
    double[] p = new double[pairs * b];
    int row = 0;
    for (int a = 0; a < classes; a++) {
      for (int c = a + 1; c < classes; c++) {
        if (count[a] == 0 || count[c] == 0) {
          continue;
        }
        for (int i = 0; i < b; i++) {
          if (labels[i] == a) {
            p[row * b + i] = 1.0 / count[a];
          } else if (labels[i] == c) {
            p[row * b + i] = -1.0 / count[c];
          }
        }
        row++;
      }
    }
    NDManager m = features.getManager();
    NDArray pm = m.create(p, new Shape(pairs, b)).toType(features.getDataType(), false);
    NDArray dist = pm.matMul(features).square().sum(new int[] {1}).sqrt(); // [pairs]
    return Autograd.pow(dist.add(1f), -1).mean();
  }

  /**
   * The LNSR penalty (Hua et al. 2021): {@code (1/B) Σ_i ||f(x_i + ε_i) − f(x_i)||²}, the squared
   * distance summed over all output coordinates and averaged over the batch.
   *
   * @param noisy {@code f(x + ε)}, {@code [B, ...]}
   * @param clean {@code f(x)}, same shape
   */
  static NDArray noisePenalty(NDArray noisy, NDArray clean) {
    if (!noisy.getShape().equals(clean.getShape())) {
      throw new IllegalArgumentException("noisy " + noisy.getShape() + " and clean "
          + clean.getShape() + " outputs differ in shape");
    }
    long b = noisy.getShape().get(0);
    return Autograd.div(noisy.sub(clean).square().sum(), b);
  }

  /** Gaussian noise N(0, σ²) of a shape, float32, drawn from {@code rnd}. */
  static NDArray gaussian(NDManager m, Shape shape, double sigma, java.util.Random rnd) {
    float[] e = new float[Math.toIntExact(shape.size())];
    for (int i = 0; i < e.length; i++) {
      e[i] = (float) (sigma * rnd.nextGaussian());
    }
    return m.create(e, shape).toType(DataType.FLOAT32, false);
  }

  private static void checkLogits(NDArray logits, int b, int heads, int classes) {
    Shape s = logits.getShape();
    if (s.dimension() != 2 || s.get(0) != b || s.get(1) != (long) heads * classes) {
      throw new IllegalArgumentException("logits: expected [" + b + ", " + heads * classes
          + "], got " + s);
    }
  }
}
