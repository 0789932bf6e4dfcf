package org.ftlab.stability;

import java.util.Arrays;

/**
 * A max-margin linear separator in the convention of §2.3 of paper 2: a point x is classified by
 * the sign of v·x − b, the parameter vector is ŵ = [v; b] (so ŵ·x̃ with x̃ = [x; −1]), and the
 * geometric margin is γ_S = 1/||v|| (text before Theorem 2.4).
 *
 * @param v weight vector v̂_S
 * @param b intercept b̂_S (decision v·x − b)
 * @param alpha dual variables α_i ≥ 0 of the hard-margin problem, one per training point (zero
 *     off the support vectors)
 * @param supportVectors indices of the training points with α_i > 0
 * @param minFunctionalMargin min_i y_i (v·x_i − b), 1 at an exact hard-margin solution
 * @param homogeneous true if b is forced to 0 (the separator passes through the origin)
 */
public record SvmSolution(double[] v, double b, double[] alpha, int[] supportVectors,
    double minFunctionalMargin, boolean homogeneous) {

  /** The geometric margin γ_S = 1/||v̂_S||. */
  public double margin() {
    return 1.0 / Vectors.norm(v);
  }

  /** ŵ_S = [v̂_S; b̂_S], the parameter vector of Def. 2.3 for head tuning. */
  public double[] weight() {
    double[] w = Arrays.copyOf(v, v.length + 1);
    w[v.length] = b;
    return w;
  }

  /** y (v·x − b) for one point. */
  public double functionalMargin(double[] x, double y) {
    return y * (Vectors.dot(v, x) - b);
  }

  /** max_i α_i: the smallest soft-margin C that reproduces this hard-margin solution. */
  public double maxAlpha() {
    double m = 0;
    for (double a : alpha) {
      m = Math.max(m, a);
    }
    return m;
  }

  @Override
  public String toString() {
    return String.format("SvmSolution[margin=%.6g, b=%.6g, supportVectors=%d, minFunctionalMargin=%.6f]",
        margin(), b, supportVectors.length, minFunctionalMargin);
  }
}
