package org.ftlab.stability;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * Measures leave-one-out model stability by actually retraining: A(S) once, then A(S^i) for each
 * chosen i, where S^i is S with point i removed (paper 2, Def. 2.1 eq. 1 and Def. 2.3 eq. 5).
 * For each i it records ||A(S^i) − A(S)|| (Def. 2.1) and ||A(S^i)/||A(S^i)|| − A(S)/||A(S)|||| (Def.
 * 2.3). The definitions take the supremum over i of an expectation over S; one training set gives the
 * per-i values, whose mean and maximum are reported; {@link SyntheticStability} averages over sets.
 */
public final class LooStability {
  private LooStability() {}

  /**
   * Retrains on S and on S^i for every i.
   *
   * @param trainer the algorithm A
   * @param x rows of S
   * @param y targets or labels of S
   */
  public static LooStabilityResult measure(Trainer trainer, double[][] x, double[] y) {
    return measure(trainer, x, y, 0, 0L);
  }

  /**
   * Retrains on S and on S^i for {@code subset} indices i drawn without replacement with
   * {@code seed} (all indices, in order, if {@code subset <= 0} or {@code subset >= n}).
   */
  public static LooStabilityResult measure(Trainer trainer, double[][] x, double[] y, int subset,
      long seed) {
    return measure(trainer, x, y, subset, seed, i -> { });
  }

  /** As {@link #measure(Trainer, double[][], double[], int, long)}, reporting each finished i. */
  public static LooStabilityResult measure(Trainer trainer, double[][] x, double[] y, int subset,
      long seed, IntConsumer progress) {
    if (trainer == null) {
      throw new IllegalArgumentException("trainer: must not be null");
    }
    Vectors.checkData(x, y);
    int n = x.length;
    if (n < 2) {
      throw new IllegalArgumentException("x: leave-one-out needs at least 2 points, got " + n);
    }
    int[] idx = chooseIndices(n, subset, seed);
    double[] full = trainer.train(x, y);
    double[] d = new double[idx.length];
    double[] dn = new double[idx.length];
    for (int k = 0; k < idx.length; k++) {
      int i = idx[k];
      double[] loo = trainer.train(Vectors.withoutRow(x, i), Vectors.without(y, i));
      d[k] = Vectors.distance(loo, full);
      dn[k] = Vectors.directionDistance(loo, full);
      progress.accept(k);
    }
    return new LooStabilityResult(n, idx, d, dn, full);
  }

  static int[] chooseIndices(int n, int subset, long seed) {
    if (subset <= 0 || subset >= n) {
      int[] all = new int[n];
      for (int i = 0; i < n; i++) {
        all[i] = i;
      }
      return all;
    }
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < subset; i++) {
      int j = i + r.nextInt(n - i);
      int t = perm[i];
      perm[i] = perm[j];
      perm[j] = t;
    }
    int[] out = Arrays.copyOf(perm, subset);
    Arrays.sort(out);
    return out;
  }
}
