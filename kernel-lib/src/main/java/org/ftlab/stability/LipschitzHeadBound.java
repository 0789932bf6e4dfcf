package org.ftlab.stability;

import org.ftlab.util.Json;

/**
 * Corollary 2.5 of paper 2 (eq. 7): C log log t / log t + ν L / (λ n), where L is the Lipschitz
 * constant of the per-sample loss in w used in Appendix A.3 (ℓ(ŵ_{S^i}, x_i) − ℓ(ŵ_S, x_i) ≤
 * L ||ŵ_S − ŵ_{S^i}||). For the hinge loss of Lemma A.2.5 on x̃ = [x; −1] with ||x|| ≤ B, L = sqrt(B² + 1)
 * ({@link #hingeLipschitz(double)}). C, ν, λ are as in {@link HeadTuningBound}.
 *
 * @param c C (unspecified in the paper; default 1)
 * @param nu ν = 2/r (Lemma A.2.1)
 * @param lambda λ of the soft-margin objective (Lemma A.2.5)
 * @param lipschitz L
 * @param n number of points
 * @param t gradient steps (≥ 3)
 */
public record LipschitzHeadBound(double c, double nu, double lambda, double lipschitz, int n,
    double t) {
  /** Validates the constants. */
  public LipschitzHeadBound {
    HeadTuningBound.positive("c", c);
    HeadTuningBound.positive("nu", nu);
    HeadTuningBound.positive("lambda", lambda);
    HeadTuningBound.positive("lipschitz", lipschitz);
    if (n < 1) {
      throw new IllegalArgumentException("n: must be >= 1, got " + n);
    }
    if (!(t >= 3)) {
      throw new IllegalArgumentException("t: must be >= 3 so that log log t > 0, got " + t);
    }
  }

  /** Lipschitz constant sqrt(B² + 1) of w ↦ max(0, 1 − y wᵀx̃) for ||x|| ≤ B, x̃ = [x; −1]. */
  public static double hingeLipschitz(double sampleBound) {
    return Math.sqrt(sampleBound * sampleBound + 1);
  }

  /** C log log t / log t. */
  public double convergenceTerm() {
    return c * Math.log(Math.log(t)) / Math.log(t);
  }

  /** ν L / (λ n). */
  public double lipschitzTerm() {
    return nu * lipschitz / (lambda * n);
  }

  /** The right-hand side of eq. (7). */
  public double value() {
    return convergenceTerm() + lipschitzTerm();
  }

  /** One-line JSON. */
  public String toJson() {
    return Json.object().put("theorem", "corollary 2.5").put("C", c).put("nu", nu)
        .put("lambda", lambda).put("L", lipschitz).put("n", n).put("t", t)
        .put("convergenceTerm", convergenceTerm()).put("lipschitzTerm", lipschitzTerm())
        .put("value", value()).toString();
  }
}
