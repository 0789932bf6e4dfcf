/**
 * Paper 2 (Fu et al., "A Stability Analysis of Fine-Tuning a Pre-Trained Model"): leave-one-out
 * model stability (Def. 2.1) and its normalised form (Def. 2.3) measured by retraining, the
 * max-margin (hard-margin SVM) solution through LIBSVM, gradient descent on linear heads with the
 * multi-head loss (eq. 10), the stability bounds of Theorem 2.2, Theorem 2.4, Corollary 2.5 and
 * Corollary 3.1 with every constant exposed, the synthetic experiments of §4.3 (Figures 5-9), and
 * the check of App. A.8 that the loss is locally quadratic around {@code w*} (eq. 17-18, Figure 11:
 * {@link org.ftlab.stability.TaylorValidity}, with Hessian-vector products by double backward in
 * {@link org.ftlab.stability.Hvp}).
 */
package org.ftlab.stability;
