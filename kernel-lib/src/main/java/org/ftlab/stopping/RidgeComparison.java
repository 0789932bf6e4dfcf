package org.ftlab.stopping;

/**
 * Early-stopped gradient descent versus kernel ridge regression on the same data (&sect;6.2 of
 * paper 1), produced by {@link KernelRidge#compareWithGradientDescent}. Index t of both curves
 * is matched through &lambda;<sub>t</sub> = 1/(&epsilon;t) (&lambda;<sub>0</sub> = +&infin;, the
 * pretrained model itself).
 *
 * @param gd GD risk curve, t = 0..horizon
 * @param ridge KRR risk curve at {@code lambdas[t]}
 * @param lambdas ridge parameters 1/(&epsilon;t)
 * @param bestT step with the smallest GD risk
 * @param bestGdRisk the smallest GD risk
 * @param bestLambda ridge parameter with the smallest KRR risk on the grid
 * @param bestRidgeRisk the smallest KRR risk on the grid
 */
public record RidgeComparison(RiskCurve gd, RiskCurve ridge, double[] lambdas, int bestT, double bestGdRisk,
        double bestLambda, double bestRidgeRisk) {
}
