package org.ftlab.stability;

import org.ftlab.util.Json;

/**
 * Theorem 2.4 (eq. 6) and Corollary 3.1 (eq. 11) of paper 2: the normalised leave-one-out stability
 * of gradient descent on a linear head over linearly separable features is at most
 * <pre>  k_H · C log log t / log t  +  ν max{ sqrt(2(1 + B/γ_S)/(λn)), (B + sqrt(B² + 8nλ(1 + B/γ_S)))/(2nλ) },</pre>
 * with k_H = 1 for Theorem 2.4 (H = 1) and k_H = sqrt((2 + 8 ln(1/δ))/H) · ξ for Corollary 3.1 (H
 * heads, holding with probability 1 − δ when H &gt; 2 + 8 ln(1/δ)). The first entry of the max is
 * sqrt((2 + 2B/γ_S)/(λn)) as derived in the proof of Lemma A.2.5 (eq. 6 typesets the root as covering
 * 2/(λn) only).
 *
 * <p>Constants and their origin:
 * <ul>
 *   <li>C: the rate constant of Soudry et al. (2018, Thm 5) for ||w_t/||w_t|| − ŵ/||ŵ|||| ≤ C log log t
 *       / log t; the paper leaves it unspecified. Default {@link #DEFAULT_C} = 1 (a scale choice, not
 *       a derived value); notebook p2-01 reports the smallest C consistent with a measured GD
 *       trajectory, max_t gap(t) log t / log log t.</li>
 *   <li>ξ: unspecified constant of Corollary 3.1 (Appendix A.4); default {@link #DEFAULT_XI} = 1.</li>
 *   <li>ν = 2/r: Lipschitz constant of x ↦ x/||x|| on {||x|| ≥ r} (Lemma A.2.1), with r a lower bound
 *       on ||ŵ_S|| and ||ŵ_{S^i}||; {@link #nuFromNorm(double)}.</li>
 *   <li>λ: the weight of λ||v||² in the soft-margin objective of Lemma A.2.5. The hard-margin ŵ_S
 *       minimises that objective exactly when λ ≤ 1/(2n max_i α_i) (soft-margin C = 1/(2λn) must be
 *       ≥ every hard-margin dual α_i); {@link #lambdaFromSvm(SvmSolution, int)} returns this largest
 *       admissible λ, our documented default.</li>
 *   <li>B: sup_i ||E(x_i)||; γ_S = 1/||v̂_S||; n; t; H; δ as in the statements.</li>
 * </ul>
 *
 * @param c C
 * @param xi ξ (only used when heads &gt; 1 or delta &lt; 1 is meaningful; Theorem 2.4 uses k_H = 1)
 * @param nu ν
 * @param lambda λ
 * @param sampleBound B
 * @param margin γ_S
 * @param n number of training points
 * @param t gradient steps (≥ 3 so that log log t &gt; 0)
 * @param heads H (1 gives Theorem 2.4)
 * @param delta δ of Corollary 3.1 (ignored when heads = 1)
 */
public record HeadTuningBound(double c, double xi, double nu, double lambda, double sampleBound,
    double margin, int n, double t, int heads, double delta) {
  /** Default C (unspecified in the paper). */
  public static final double DEFAULT_C = 1.0;
  /** Default ξ (unspecified in the paper). */
  public static final double DEFAULT_XI = 1.0;
  /** Default δ for Corollary 3.1. */
  public static final double DEFAULT_DELTA = 0.1;

  /** Validates the constants. */
  public HeadTuningBound {
    positive("c", c);
    positive("xi", xi);
    positive("nu", nu);
    positive("lambda", lambda);
    positive("sampleBound", sampleBound);
    positive("margin", margin);
    if (n < 1) {
      throw new IllegalArgumentException("n: must be >= 1, got " + n);
    }
    if (!(t >= 3)) {
      throw new IllegalArgumentException("t: must be >= 3 so that log log t > 0, got " + t);
    }
    if (heads < 1) {
      throw new IllegalArgumentException("heads: must be >= 1, got " + heads);
    }
    if (heads > 1) {
      if (!(delta > 0 && delta < 1)) {
        throw new IllegalArgumentException("delta: must be in (0, 1), got " + delta);
      }
      if (!(heads > 2 + 8 * Math.log(1 / delta))) {
        throw new IllegalArgumentException("heads: Corollary 3.1 needs H > 2 + 8 ln(1/delta) = "
            + (2 + 8 * Math.log(1 / delta)) + ", got " + heads);
      }
    }
  }

  /** Theorem 2.4 with the default C. */
  public static HeadTuningBound theorem24(double nu, double lambda, double sampleBound,
      double margin, int n, double t) {
    return new HeadTuningBound(DEFAULT_C, DEFAULT_XI, nu, lambda, sampleBound, margin, n, t, 1, 0.5);
  }

  /** Corollary 3.1 with the default C, ξ. */
  public static HeadTuningBound corollary31(double nu, double lambda, double sampleBound,
      double margin, int n, double t, int heads, double delta) {
    return new HeadTuningBound(DEFAULT_C, DEFAULT_XI, nu, lambda, sampleBound, margin, n, t, heads,
        delta);
  }

  /** ν = 2/r of Lemma A.2.1. */
  public static double nuFromNorm(double r) {
    positive("r", r);
    return 2.0 / r;
  }

  /** λ = 1/(2 n max_i α_i), the largest λ whose soft-margin minimiser is the hard-margin ŵ_S. */
  public static double lambdaFromSvm(SvmSolution svm, int n) {
    return 1.0 / (2.0 * n * svm.maxAlpha());
  }

  /** C log log t / log t, multiplied by sqrt((2 + 8 ln(1/δ))/H) ξ when H &gt; 1 (eq. 11). */
  public double convergenceTerm() {
    double base = c * Math.log(Math.log(t)) / Math.log(t);
    return heads == 1 ? base : Math.sqrt((2 + 8 * Math.log(1 / delta)) / heads) * xi * base;
  }

  /** ||ŵ_{S^i} − ŵ_S|| bound of Lemma A.2.5 (without ν). */
  public double svmDistanceBound() {
    double k = 1 + sampleBound / margin;
    double a = Math.sqrt(2 * k / (lambda * n));
    double b = (sampleBound + Math.sqrt(sampleBound * sampleBound + 8 * n * lambda * k))
        / (2 * n * lambda);
    return Math.max(a, b);
  }

  /** ν × {@link #svmDistanceBound()}: the second term of eq. (6) / eq. (11). */
  public double svmTerm() {
    return nu * svmDistanceBound();
  }

  /** The whole right-hand side. */
  public double value() {
    return convergenceTerm() + svmTerm();
  }

  /** One-line JSON with every constant and the terms. */
  public String toJson() {
    return Json.object().put("theorem", heads == 1 ? "2.4" : "corollary 3.1").put("C", c)
        .put("xi", xi).put("nu", nu).put("lambda", lambda).put("B", sampleBound)
        .put("gammaS", margin).put("n", n).put("t", t).put("H", heads).put("delta", delta)
        .put("convergenceTerm", convergenceTerm()).put("svmTerm", svmTerm()).put("value", value())
        .toString();
  }

  static void positive(String name, double v) {
    if (!(v > 0 && Double.isFinite(v))) {
      throw new IllegalArgumentException(name + ": must be > 0 and finite, got " + v);
    }
  }
}
