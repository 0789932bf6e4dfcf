package org.ftlab.stability;

/**
 * A learning algorithm A of Def. 2.1 (paper 2): maps a training set S = {(x_i, y_i)} to a parameter
 * vector A(S). Implementations must be deterministic (any randomness, such as an initialisation,
 * is fixed by a seed chosen before the data are seen) so that A(S) and A(S^i) differ only through
 * the removed point.
 */
@FunctionalInterface
public interface Trainer {
  /**
   * Trains on rows {@code x[i]} with targets or labels {@code y[i]}.
   *
   * @return the trained parameter vector A(S); its length must not depend on the number of rows
   */
  double[] train(double[][] x, double[] y);
}
