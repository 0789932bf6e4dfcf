package org.ftlab.stability;

import java.util.ArrayList;
import java.util.List;
import libsvm.svm;
import libsvm.svm_model;
import libsvm.svm_node;
import libsvm.svm_parameter;
import libsvm.svm_problem;

/**
 * The max-margin classifier ŵ_S of §2.3 / Theorem 2.4 of paper 2, computed by LIBSVM (Chang &amp;
 * Lin, Java port {@code tw.edu.ntu.csie:libsvm}): C-SVC with a linear kernel and a very large C, so
 * the soft-margin problem coincides with the hard-margin one on separable data. w and b are recovered
 * from the support vectors, v = Σ_j α_j y_j x_j and b = ρ, and the result is checked against the
 * data: every y_i (v·x_i − b) must be ≥ 1 − {@value #MARGIN_TOLERANCE}, otherwise the data are not
 * (numerically) linearly separable and an {@link IllegalArgumentException} is thrown.
 *
 * <p>Constants: {@link #DEFAULT_C} = 1e7 plays the role of C = ∞ (the hard-margin solution is
 * reproduced exactly once C ≥ max α_i, which {@link SvmSolution#maxAlpha()} reports);
 * {@link #DEFAULT_EPS} = 1e-9 is LIBSVM's stopping tolerance on the KKT violation (its default 1e-3
 * leaves functional margins visibly away from 1).
 */
public final class MaxMarginSvm {
  /** Soft-margin C standing in for the hard-margin limit C = ∞. */
  public static final double DEFAULT_C = 1e7;
  /** LIBSVM stopping tolerance. */
  public static final double DEFAULT_EPS = 1e-9;
  /** Accepted shortfall of min_i y_i(v·x_i − b) below 1. */
  public static final double MARGIN_TOLERANCE = 1e-3;

  static {
    svm.svm_set_print_string_function(s -> { });
  }

  private MaxMarginSvm() {}

  /**
   * The hard-margin SVM with a free intercept: min ||v||² s.t. y_i (v·x_i − b) ≥ 1. This is
   * ŵ_S = [v̂_S; b̂_S] with γ_S = 1/||v̂_S|| of Theorem 2.4.
   *
   * @param x rows are points (E(x_i) in the paper)
   * @param y labels ±1, both classes present
   */
  public static SvmSolution fit(double[][] x, double[] y) {
    Vectors.checkData(x, y);
    Vectors.checkLabels(y);
    return solve(x, y, false);
  }

  /**
   * The hard-margin SVM through the origin: min ||w||² s.t. y_i w·x_i ≥ 1 (b = 0). This is the
   * limit direction of gradient descent on a homogeneous linear model (Soudry et al. 2018, Thm 3),
   * which is what §2.3 trains on the augmented x̃_i = [E(x_i); −1]: pass the augmented rows here.
   * LIBSVM always has a free intercept, so the problem is posed on the data together with its
   * mirror image (−x_i, −y_i): any feasible (w, b) there gives a feasible (w, 0) with the same
   * ||w||, so the optimum has b = 0 and equals the homogeneous solution. The returned α are
   * those of the doubled problem folded back (α_i + α_i') per original point.
   */
  public static SvmSolution fitHomogeneous(double[][] x, double[] y) {
    Vectors.checkData(x, y);
    Vectors.checkLabels(y);
    int n = x.length;
    double[][] xx = new double[2 * n][];
    double[] yy = new double[2 * n];
    for (int i = 0; i < n; i++) {
      xx[i] = x[i];
      yy[i] = y[i];
      double[] m = new double[x[i].length];
      for (int j = 0; j < m.length; j++) {
        m[j] = -x[i][j];
      }
      xx[n + i] = m;
      yy[n + i] = -y[i];
    }
    SvmSolution s = solve(xx, yy, true);
    double[] alpha = new double[n];
    List<Integer> sv = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      alpha[i] = s.alpha()[i] + s.alpha()[n + i];
      if (alpha[i] > 0) {
        sv.add(i);
      }
    }
    double minMargin = Double.POSITIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      minMargin = Math.min(minMargin, y[i] * Vectors.dot(s.v(), x[i]));
    }
    return new SvmSolution(s.v(), 0.0, alpha, sv.stream().mapToInt(Integer::intValue).toArray(),
        minMargin, true);
  }

  private static SvmSolution solve(double[][] x, double[] y, boolean homogeneous) {
    int n = x.length;
    int d = x[0].length;
    boolean pos = false;
    boolean neg = false;
    for (double v : y) {
      pos |= v > 0;
      neg |= v < 0;
    }
    if (!pos || !neg) {
      throw new IllegalArgumentException("y: both classes (+1 and -1) are needed for an SVM");
    }
    svm_problem prob = new svm_problem();
    prob.l = n;
    prob.y = y.clone();
    prob.x = new svm_node[n][];
    for (int i = 0; i < n; i++) {
      svm_node[] row = new svm_node[d];
      for (int j = 0; j < d; j++) {
        svm_node node = new svm_node();
        node.index = j + 1;
        node.value = x[i][j];
        row[j] = node;
      }
      prob.x[i] = row;
    }
    svm_parameter p = new svm_parameter();
    p.svm_type = svm_parameter.C_SVC;
    p.kernel_type = svm_parameter.LINEAR;
    p.C = DEFAULT_C;
    p.eps = DEFAULT_EPS;
    p.cache_size = 200;
    p.shrinking = 1;
    p.probability = 0;
    p.nr_weight = 0;
    p.weight_label = new int[0];
    p.weight = new double[0];
    p.degree = 3;
    p.gamma = 1.0 / d;
    p.coef0 = 0;
    p.nu = 0.5;
    p.p = 0.1;
    String err = svm.svm_check_parameter(prob, p);
    if (err != null) {
      throw new IllegalStateException("LIBSVM rejected its parameters: " + err);
    }
    svm_model model = svm.svm_train(prob, p);
    // LIBSVM's decision value Σ coef_j K(sv_j, x) − ρ is positive for model.label[0]
    double sign = model.label[0] == 1 ? 1.0 : -1.0;
    double[] v = new double[d];
    double[] alpha = new double[n];
    int[] svIdx = new int[model.l];
    for (int k = 0; k < model.l; k++) {
      double coef = model.sv_coef[0][k] * sign; // = α_k y_k
      int i = model.sv_indices[k] - 1;
      svIdx[k] = i;
      alpha[i] = Math.abs(coef);
      for (int j = 0; j < d; j++) {
        v[j] += coef * x[i][j];
      }
    }
    double b = sign * model.rho[0];
    java.util.Arrays.sort(svIdx);
    double minMargin = Double.POSITIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      minMargin = Math.min(minMargin, y[i] * (Vectors.dot(v, x[i]) - b));
    }
    if (!(minMargin >= 1 - MARGIN_TOLERANCE)) {
      throw new IllegalArgumentException("x: the data are not linearly separable"
          + (homogeneous ? " by a hyperplane through the origin" : "")
          + " (hard-margin SVM leaves min_i y_i(v.x_i - b) = " + minMargin + " < 1)");
    }
    return new SvmSolution(v, homogeneous ? 0.0 : b, alpha, svIdx, minMargin, homogeneous);
  }
}
