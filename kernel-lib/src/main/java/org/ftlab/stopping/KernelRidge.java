package org.ftlab.stopping;

import org.ftlab.spectrum.SymmetricEigen;

/**
 * Kernel ridge regression on the linearised model, eq. (27)-(28) of paper 1 (&sect;6.2), in
 * closed form through K = U diag(&lambda;) U<sup>T</sup>.
 *
 * <h2>Normalisation</h2>
 * Eq. (27) minimises (1/N) &Sigma;<sub>i</sub> [r<sub>0,i</sub> - w<sup>T</sup>&nabla;f<sub>PT</sub>(x<sub>i</sub>)]&sup2;
 * + &lambda;||w||&sup2; with r<sub>0</sub> = y - f<sub>PT</sub>(X). With J the Jacobian and
 * K = JJ<sup>T</sup>/N (eq. (7), the same K as everywhere in this package) the minimiser gives
 * training predictions (eq. (28))
 * <blockquote>f<sub>&lambda;</sub> - f<sub>PT</sub> = J w = K (K + &lambda;I)<sup>-1</sup> r<sub>0</sub> = U diag(&lambda;<sub>i</sub>/(&lambda;<sub>i</sub> + &lambda;)) U<sup>T</sup> r<sub>0</sub>,</blockquote>
 * and at test points K<sub>test,train</sub>(K + &lambda;I)<sup>-1</sup>r<sub>0</sub>
 * (K<sub>test,train</sub> divided by the training N). So &lambda; is on the scale of the
 * eigenvalues of K. For &lambda; = 0 the pseudo-inverse is used (components with
 * &lambda;<sub>i</sub> = 0 are dropped); &lambda; = +&infin; gives f<sub>PT</sub>.
 *
 * <h2>Matching to early stopping</h2>
 * GD after t steps shrinks eigen-direction i by 1 - (1 - &epsilon;&lambda;<sub>i</sub>)<sup>t</sup>
 * &asymp; 1 - exp(-&eta;<sub>t</sub>&lambda;<sub>i</sub>), KRR by
 * &lambda;<sub>i</sub>/(&lambda;<sub>i</sub>+&lambda;); both are &asymp; 1 for &lambda;<sub>i</sub>
 * &gg; 1/&eta;<sub>t</sub> and &asymp; &eta;<sub>t</sub>&lambda;<sub>i</sub> resp.
 * &lambda;<sub>i</sub>/&lambda; for small &lambda;<sub>i</sub>, so the matching ridge parameter is
 * <blockquote>&lambda; = 1/&eta;<sub>T</sub> = 1/(&epsilon;T)</blockquote>
 * as in Raskutti, Wainwright &amp; Yu (2014). Paper 1's text after eq. (27) writes "&lambda; =
 * &epsilon;T&#770;<sub>op</sub>"; the running sum and &lambda; are inverse to each other, which
 * is what {@link #lambdaFor} implements. For 0 &le; &epsilon;&lambda;<sub>i</sub> &le; 1 and
 * &lambda; = 1/(&epsilon;t): GD's shrinkage is the larger one, so GD has the smaller bias and
 * the larger variance (used in the tests).
 */
public final class KernelRidge {

    private final Spectral s;

    private KernelRidge(Spectral s) {
        this.s = s;
    }

    /** Decomposes the kernel matrix (eigenvalues and eigenvectors, default tolerance). */
    public static KernelRidge of(double[][] kernel) {
        return new KernelRidge(new Spectral(SymmetricEigen.of(kernel)));
    }

    /** Uses an existing decomposition, which must include eigenvectors. */
    public static KernelRidge of(SymmetricEigen eig) {
        return new KernelRidge(new Spectral(eig));
    }

    /** The ridge parameter matching t steps of size &epsilon;: &lambda; = 1/(&epsilon;t) (+&infin; for t = 0). */
    public static double lambdaFor(double stepSize, int t) {
        StoppingRule.requireStep(stepSize);
        if (t < 0) {
            throw new IllegalArgumentException("t: must be >= 0, got " + t);
        }
        return t == 0 ? Double.POSITIVE_INFINITY : 1 / (stepSize * t);
    }

    /** f<sub>&lambda;</sub> - f<sub>PT</sub> at the training points, eq. (27)-(28). */
    public double[] fitted(double[] r0, double lambda) {
        requireLambda(lambda);
        double[] c = s.project(r0, "r0");
        for (int i = 0; i < s.n; i++) {
            c[i] *= shrink(s.lambda[i], lambda);
        }
        return s.combine(c);
    }

    /** f<sub>&lambda;</sub> - f<sub>PT</sub> at test points: K<sub>test,train</sub>(K + &lambda;I)<sup>-1</sup>r<sub>0</sub>. */
    public double[] predict(double[][] kTestTrain, double[] r0, double lambda) {
        requireLambda(lambda);
        double[] c = s.project(r0, "r0");
        for (int i = 0; i < s.n; i++) {
            double d = s.lambda[i] + lambda;
            c[i] = d == 0 || Double.isInfinite(d) ? 0.0 : c[i] / d;
        }
        return s.crossTimes(kTestTrain, c);
    }

    /**
     * Bias&sup2;, variance and expected risk (eq. (33)) at each ridge parameter:
     * B&sup2; = (1/N)&Sigma;(&lambda;/(&lambda;<sub>i</sub>+&lambda;))&sup2;(u<sub>i</sub><sup>T</sup>&delta;)&sup2;,
     * V = (&sigma;&sup2;/N)&Sigma;(&lambda;<sub>i</sub>/(&lambda;<sub>i</sub>+&lambda;))&sup2;.
     *
     * @param delta f* - f<sub>PT</sub> at the training points
     */
    public RiskCurve riskCurve(double[] delta, double sigma, double[] lambdas) {
        Spectral.requireSigma(sigma);
        if (lambdas == null || lambdas.length == 0) {
            throw new IllegalArgumentException("lambdas: must be non-empty");
        }
        for (double l : lambdas) {
            requireLambda(l);
        }
        double[] p = s.project(delta, "delta");
        int n = s.n;
        double[] bias2 = new double[lambdas.length];
        double[] variance = new double[lambdas.length];
        double[] risk = new double[lambdas.length];
        for (int k = 0; k < lambdas.length; k++) {
            double b = 0;
            double v = 0;
            for (int i = 0; i < n; i++) {
                double sh = shrink(s.lambda[i], lambdas[k]);
                b += (1 - sh) * (1 - sh) * p[i] * p[i];
                v += sh * sh;
            }
            bias2[k] = b / n;
            variance[k] = sigma * sigma * v / n;
            risk[k] = bias2[k] + variance[k];
        }
        return new RiskCurve(bias2, variance, risk);
    }

    /**
     * Measured comparison of early-stopped GD and KRR (&sect;6.2): the GD risk curve for
     * t = 0..horizon and the KRR risk curve at the matched &lambda;<sub>t</sub> = 1/(&epsilon;t),
     * with the best point of each.
     *
     * @param eig decomposition of K with eigenvectors
     * @param delta f* - f<sub>PT</sub> at the training points
     * @param sigma noise standard deviation
     * @param stepSize GD step &epsilon;
     * @param horizon last GD step, &ge; 1
     */
    public static RidgeComparison compareWithGradientDescent(SymmetricEigen eig, double[] delta, double sigma,
            double stepSize, int horizon) {
        if (horizon < 1) {
            throw new IllegalArgumentException("horizon: must be >= 1, got " + horizon);
        }
        Spectral sp = new Spectral(eig);
        RiskCurve gd = new KernelGradientDescent(sp).riskCurve(delta, sigma, stepSize, horizon);
        double[] lambdas = new double[horizon + 1];
        for (int t = 0; t <= horizon; t++) {
            lambdas[t] = lambdaFor(stepSize, t);
        }
        RiskCurve ridge = new KernelRidge(sp).riskCurve(delta, sigma, lambdas);
        int bt = gd.argmin();
        int br = ridge.argmin();
        return new RidgeComparison(gd, ridge, lambdas, bt, gd.risk()[bt], lambdas[br], ridge.risk()[br]);
    }

    /** &lambda;<sub>i</sub>/(&lambda;<sub>i</sub>+&lambda;) with the conventions of the class doc. */
    static double shrink(double li, double lambda) {
        if (Double.isInfinite(lambda) || li == 0) {
            return 0.0;
        }
        return li / (li + lambda);
    }

    private static void requireLambda(double lambda) {
        if (!(lambda >= 0)) {
            throw new IllegalArgumentException("lambda: ridge parameter must be >= 0 (or +Infinity), got " + lambda);
        }
    }
}
