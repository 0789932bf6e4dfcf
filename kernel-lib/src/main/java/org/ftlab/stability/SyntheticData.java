package org.ftlab.stability;

import java.util.SplittableRandom;

/**
 * The synthetic binary classification sets of §4.3 of paper 2. The paper states only that each
 * set is randomly generated at a chosen level of one factor, is linearly separable, and that the
 * margin is controlled through "the distance between the center points of the two generated sample
 * classes" (§4.3.3); the distribution below is our choice, documented here and in the notebooks.
 *
 * <p>Each point has a label y = ±1 (fair coin; the first two points are +1 and −1 so both classes
 * are present) and features x = y (c/2) e_1 + R u with u uniform in the unit ball of R^d, i.e. two
 * balls of radius R whose centres are c apart. They are separable with margin γ_S ≥ γ0 = c/2 − R,
 * and every ||x_i|| ≤ c/2 + R = γ0 + 2R. We parametrise by the nominal margin γ0 and the radius R
 * (c = 2(γ0 + R)): the margin factor varies γ0 (so the centres move apart, as in the paper) at
 * fixed R; the bound factor varies R at fixed γ0, which raises B while keeping the margin.
 *
 * @param n points
 * @param dimension d
 * @param nominalMargin γ0 &gt; 0
 * @param radius R ≥ 0
 */
public record SyntheticData(int n, int dimension, double nominalMargin, double radius) {
  /** Validates the parameters. */
  public SyntheticData {
    if (n < 4) {
      throw new IllegalArgumentException("n: must be >= 4, got " + n);
    }
    if (dimension < 1) {
      throw new IllegalArgumentException("dimension: must be >= 1, got " + dimension);
    }
    if (!(nominalMargin > 0 && Double.isFinite(nominalMargin))) {
      throw new IllegalArgumentException("nominalMargin: must be > 0, got " + nominalMargin);
    }
    if (!(radius >= 0 && Double.isFinite(radius))) {
      throw new IllegalArgumentException("radius: must be >= 0, got " + radius);
    }
  }

  /** Distance c = 2(γ0 + R) between the class centres. */
  public double centerDistance() {
    return 2 * (nominalMargin + radius);
  }

  /** One sampled set: rows x and labels y. */
  public record Set(double[][] x, double[] y) {
    /** B = max_i ||x_i||. */
    public double sampleBound() {
      double b = 0;
      for (double[] r : x) {
        b = Math.max(b, Vectors.norm(r));
      }
      return b;
    }
  }

  /** Draws one set; the same seed gives the same set. */
  public Set sample(long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] x = new double[n][dimension];
    double[] y = new double[n];
    double half = nominalMargin + radius;
    double[] g = new double[dimension];
    for (int i = 0; i < n; i++) {
      y[i] = i == 0 ? 1 : i == 1 ? -1 : (r.nextBoolean() ? 1 : -1);
      double norm;
      do {
        for (int j = 0; j < dimension; j++) {
          g[j] = HeadTuning.gaussian(r);
        }
        norm = Vectors.norm(g);
      } while (norm == 0);
      double rad = radius * Math.pow(r.nextDouble(), 1.0 / dimension);
      for (int j = 0; j < dimension; j++) {
        x[i][j] = rad * g[j] / norm;
      }
      x[i][0] += y[i] * half;
    }
    return new Set(x, y);
  }
}
