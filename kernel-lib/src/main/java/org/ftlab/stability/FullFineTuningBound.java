package org.ftlab.stability;

import org.ftlab.util.Json;

/**
 * Theorem 2.2 of paper 2 (stability bound for full fine-tuning, eq. 3): for a non-negative,
 * L-Lipschitz, β-smooth loss with μI ⪯ ∇²f(w*, x), f(w*, x) = 0, trained by gradient descent with
 * η = 1/β from w0,
 * <pre>  E_S ||A(S^i) − A(S)|| ≤ sqrt(2 L ||w0 − w*|| / β) / ( n (1/(1 − μ/β)^{1/4} − 1) ).</pre>
 * The square root covers 2L||w0 − w*||/β, as in the last line of the proof in Appendix A.1. No
 * unspecified constant appears in this theorem.
 *
 * @param lipschitz L, Lipschitz constant of w ↦ f(w, x) on the region GD visits
 * @param beta β, smoothness of f (largest Hessian eigenvalue)
 * @param mu μ, smallest eigenvalue of ∇²f(w*, x), 0 &lt; μ ≤ β
 * @param distance ||w0 − w*||
 * @param n number of training points
 */
public record FullFineTuningBound(double lipschitz, double beta, double mu, double distance, int n) {
  /** Validates the constants. */
  public FullFineTuningBound {
    if (!(lipschitz >= 0 && Double.isFinite(lipschitz))) {
      throw new IllegalArgumentException("lipschitz: L must be >= 0, got " + lipschitz);
    }
    if (!(beta > 0 && Double.isFinite(beta))) {
      throw new IllegalArgumentException("beta: must be > 0, got " + beta);
    }
    if (!(mu > 0 && mu <= beta)) {
      throw new IllegalArgumentException("mu: must satisfy 0 < mu <= beta=" + beta + ", got " + mu);
    }
    if (!(distance >= 0 && Double.isFinite(distance))) {
      throw new IllegalArgumentException("distance: ||w0 - w*|| must be >= 0, got " + distance);
    }
    if (n < 1) {
      throw new IllegalArgumentException("n: must be >= 1, got " + n);
    }
  }

  /** The right-hand side of eq. (3); 0 when μ = β (GD with η = 1/β then lands on w* in one step). */
  public double value() {
    double q = Math.pow(1 - mu / beta, 0.25);
    if (q == 0) {
      return 0;
    }
    return Math.sqrt(2 * lipschitz * distance / beta) / (n * (1 / q - 1));
  }

  /** One-line JSON with every constant and the value. */
  public String toJson() {
    return Json.object().put("theorem", "2.2").put("L", lipschitz).put("beta", beta).put("mu", mu)
        .put("distance", distance).put("n", n).put("value", value()).toString();
  }
}
