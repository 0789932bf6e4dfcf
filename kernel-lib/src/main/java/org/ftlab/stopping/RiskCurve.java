package org.ftlab.stopping;

/**
 * Expected in-sample risk E||f - f*||<sub>N</sub>&sup2; (the L&sup2;(P<sub>N</sub>) norm of
 * eq. (33) of paper 1) along a regularisation path, split as bias&sup2; + variance (eq. (34)
 * without the kernel-drift term D&sup2;, which is 0 for the linearised model). Index i is the
 * GD step t = i ({@link KernelGradientDescent}) or the i-th ridge parameter
 * ({@link KernelRidge}).
 *
 * @param bias2 B&sup2;: (1/N)||E f - f*||&sup2;
 * @param variance V: E (1/N)||f - E f||&sup2; for i.i.d. noise of variance &sigma;&sup2;
 * @param risk bias2 + variance
 */
public record RiskCurve(double[] bias2, double[] variance, double[] risk) {

    /** Number of points on the path. */
    public int size() {
        return risk.length;
    }

    /** Index of the smallest risk (first one on ties). */
    public int argmin() {
        int best = 0;
        for (int i = 1; i < risk.length; i++) {
            if (risk[i] < risk[best]) {
                best = i;
            }
        }
        return best;
    }

    /** Smallest risk on the path. */
    public double min() {
        return risk[argmin()];
    }
}
