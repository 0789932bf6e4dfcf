package org.ftlab.stability;

/**
 * The second-order Taylor model of full fine-tuning (paper 2, eq. 2) under the assumptions of
 * Theorem 2.2: f(w*, x) = 0, ∇f(w*, x) = 0 (w* is a common minimiser) and
 * f(w, x_i) = ½ (w − w*)ᵀ H_i (w − w*) with per-sample Hessian
 * H_i = μ I + (β − μ) x_i x_iᵀ / ||x_i||², whose eigenvalues are μ (multiplicity p − 1) and β, so
 * μI ⪯ H_i ⪯ βI exactly. Gradient descent with η = 1/β (as in Theorem 2.2) runs T steps from w0:
 * w_{t+1} = w_t − (1/β)(1/n) Σ_i H_i (w_t − w*). The data x_i only shape the Hessians (the targets
 * y are ignored), so removing a point changes the average Hessian and hence the trajectory.
 *
 * <p>Constants of eq. (3) for this model ({@link #bound(int)}): β and μ as given; L = β ||w0 − w*||,
 * because ||∇f(w, x_i)|| = ||H_i (w − w*)|| ≤ β ||w − w*|| and the GD iterates stay in the ball
 * ||w − w*|| ≤ ||w0 − w*|| (I − H̄/β has eigenvalues in [0, 1 − μ/β]).
 */
public final class QuadraticFineTuning implements Trainer {
  private final double[] wStar;
  private final double[] w0;
  private final double mu;
  private final double beta;
  private final int steps;

  /**
   * @param wStar the common minimiser w*
   * @param w0 the pretrained initialisation w0 (same length)
   * @param mu μ &gt; 0
   * @param beta β ≥ μ
   * @param steps T ≥ 1
   */
  public QuadraticFineTuning(double[] wStar, double[] w0, double mu, double beta, int steps) {
    if (wStar == null || w0 == null || wStar.length != w0.length || wStar.length == 0) {
      throw new IllegalArgumentException("w0: must have the same (non-zero) length as wStar");
    }
    if (!(mu > 0 && mu <= beta && Double.isFinite(beta))) {
      throw new IllegalArgumentException("mu: must satisfy 0 < mu <= beta, got mu=" + mu
          + ", beta=" + beta);
    }
    if (steps < 1) {
      throw new IllegalArgumentException("steps: must be >= 1, got " + steps);
    }
    this.wStar = wStar.clone();
    this.w0 = w0.clone();
    this.mu = mu;
    this.beta = beta;
    this.steps = steps;
  }

  @Override
  public double[] train(double[][] x, double[] y) {
    Vectors.checkData(x, y);
    int p = wStar.length;
    if (x[0].length != p) {
      throw new IllegalArgumentException("x: rows have " + x[0].length + " entries, expected "
          + p + " (the parameter dimension)");
    }
    int n = x.length;
    double[][] u = new double[n][];
    for (int i = 0; i < n; i++) {
      double nx = Vectors.norm(x[i]);
      if (nx == 0) {
        throw new IllegalArgumentException("x: row " + i + " is zero (no Hessian direction)");
      }
      u[i] = new double[p];
      for (int j = 0; j < p; j++) {
        u[i][j] = x[i][j] / nx;
      }
    }
    double[] e = new double[p];
    for (int j = 0; j < p; j++) {
      e[j] = w0[j] - wStar[j];
    }
    double[] g = new double[p];
    for (int t = 0; t < steps; t++) {
      // H̄ e = μ e + (β − μ)(1/n) Σ u_i (u_i·e)
      for (int j = 0; j < p; j++) {
        g[j] = mu * e[j];
      }
      for (int i = 0; i < n; i++) {
        double c = (beta - mu) * Vectors.dot(u[i], e) / n;
        for (int j = 0; j < p; j++) {
          g[j] += c * u[i][j];
        }
      }
      for (int j = 0; j < p; j++) {
        e[j] -= g[j] / beta;
      }
    }
    double[] w = new double[p];
    for (int j = 0; j < p; j++) {
      w[j] = wStar[j] + e[j];
    }
    return w;
  }

  /** ||w0 − w*||. */
  public double distance() {
    return Vectors.distance(w0, wStar);
  }

  /** Theorem 2.2 with this model's constants (L = β ||w0 − w*||) for n points. */
  public FullFineTuningBound bound(int n) {
    return new FullFineTuningBound(beta * distance(), beta, mu, distance(), n);
  }
}
