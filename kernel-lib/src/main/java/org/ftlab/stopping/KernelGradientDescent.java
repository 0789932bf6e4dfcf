package org.ftlab.stopping;

import org.ftlab.spectrum.SymmetricEigen;

/**
 * Closed form of gradient descent on the linearised (NTK) model of paper 1, through the
 * eigendecomposition K = U diag(&lambda;) U<sup>T</sup> of the empirical kernel matrix
 * (K = J J<sup>T</sup>/N, eq. (7); K(i,j) = k(x<sub>i</sub>,x<sub>j</sub>)/N, eq. (5), for the kernel function k).
 *
 * <h2>Model and conventions</h2>
 * Work in residual coordinates around the pretrained model: r<sub>0</sub> = y -
 * f<sub>PT</sub>(X) (observed) and &delta; = f* - f<sub>PT</sub>(X) (true, for risks), with
 * y = f* + w, w i.i.d. mean 0, variance &sigma;&sup2;. Gradient descent with constant step
 * &epsilon; on the loss (1/2N)||y - f(X)||&sup2; (parameters &theta;, linearised f = f<sub>PT</sub>
 * + J(&theta; - &theta;<sub>PT</sub>)) moves the training predictions by
 * <blockquote>f<sub>t+1</sub> = f<sub>t</sub> + &epsilon; K (y - f<sub>t</sub>),   hence   y - f<sub>t</sub> = (I - &epsilon;K)<sup>t</sup> r<sub>0</sub>,<br>
 *   f<sub>t</sub> - f<sub>PT</sub> = U diag(s<sub>i</sub>(t)) U<sup>T</sup> r<sub>0</sub>,   s<sub>i</sub>(t) = 1 - (1 - &epsilon;&lambda;<sub>i</sub>)<sup>t</sup>,</blockquote>
 * the same recursion as Raskutti, Wainwright &amp; Yu's gradient update in the RKHS. At test
 * points, with the cross-kernel K<sub>test,train</sub>(a,j) = k(x<sub>a</sub><sup>test</sup>,
 * x<sub>j</sub>)/N (divided by the <em>training</em> N, like eq. (5)),
 * f<sub>t+1</sub>(X<sub>test</sub>) = f<sub>t</sub>(X<sub>test</sub>) + &epsilon;
 * K<sub>test,train</sub>(y - f<sub>t</sub>), which sums to
 * <blockquote>f<sub>t</sub>(X<sub>test</sub>) - f<sub>PT</sub>(X<sub>test</sub>) = K<sub>test,train</sub> U diag(s<sub>i</sub>(t)/&lambda;<sub>i</sub>) U<sup>T</sup> r<sub>0</sub>   (s<sub>i</sub>(t)/&lambda;<sub>i</sub> = &epsilon;t when &lambda;<sub>i</sub> = 0).</blockquote>
 *
 * <h2>Risk (eq. (33)-(35))</h2>
 * f<sub>t</sub> - f* = -(I - S<sub>t</sub>)&delta; + S<sub>t</sub>w with S<sub>t</sub> = U
 * diag(s(t)) U<sup>T</sup>, so in the L&sup2;(P<sub>N</sub>) norm of eq. (33)
 * <blockquote>B<sub>t</sub>&sup2; = (1/N) &Sigma;<sub>i</sub> (1 - &epsilon;&lambda;<sub>i</sub>)<sup>2t</sup> (u<sub>i</sub><sup>T</sup>&delta;)&sup2;,   V<sub>t</sub> = (&sigma;&sup2;/N) &Sigma;<sub>i</sub> s<sub>i</sub>(t)&sup2;,</blockquote>
 * and E||f<sub>t</sub> - f*||<sub>N</sub>&sup2; = B<sub>t</sub>&sup2; + V<sub>t</sub> (the cross
 * term has mean 0). The training error is (1/N)||y - f<sub>t</sub>||&sup2; = (1/N)
 * &Sigma;<sub>i</sub> (1 - &epsilon;&lambda;<sub>i</sub>)<sup>2t</sup> (u<sub>i</sub><sup>T</sup>r<sub>0</sub>)&sup2;
 * (twice the GD objective).
 *
 * <p>All formulas are exact for any &epsilon; &gt; 0; GD converges only for &epsilon;&lambda;<sub>1</sub>
 * &lt; 2, and Raskutti et al.'s analysis assumes &epsilon; &le; min{1, 1/&lambda;<sub>1</sub>}.
 * Curves cost O(N) per step (powers are carried multiplicatively).
 */
public final class KernelGradientDescent {

    private final Spectral s;

    KernelGradientDescent(Spectral s) {
        this.s = s;
    }

    /** Decomposes the kernel matrix (eigenvalues and eigenvectors, default tolerance). */
    public static KernelGradientDescent of(double[][] kernel) {
        return new KernelGradientDescent(new Spectral(SymmetricEigen.of(kernel)));
    }

    /** Uses an existing decomposition, which must include eigenvectors. */
    public static KernelGradientDescent of(SymmetricEigen eig) {
        return new KernelGradientDescent(new Spectral(eig));
    }

    /** N. */
    public int size() {
        return s.n;
    }

    /** Eigenvalues of K, descending (a copy). */
    public double[] eigenvalues() {
        return s.lambda.clone();
    }

    /** f<sub>t</sub> - f<sub>PT</sub> at the training points after t steps of size &epsilon;. */
    public double[] fitted(double[] r0, double stepSize, int t) {
        StoppingRule.requireStep(stepSize);
        requireT(t);
        double[] c = s.project(r0, "r0");
        for (int i = 0; i < s.n; i++) {
            c[i] *= shrink(stepSize * s.lambda[i], t);
        }
        return s.combine(c);
    }

    /**
     * f<sub>t</sub> - f<sub>PT</sub> at test points, given K<sub>test,train</sub> (rows: test
     * points, columns: the N training points, divided by the training N).
     */
    public double[] predict(double[][] kTestTrain, double[] r0, double stepSize, int t) {
        StoppingRule.requireStep(stepSize);
        requireT(t);
        double[] c = s.project(r0, "r0");
        for (int i = 0; i < s.n; i++) {
            double x = stepSize * s.lambda[i];
            c[i] *= x == 0 ? stepSize * t : stepSize * shrink(x, t) / x;
        }
        return s.crossTimes(kTestTrain, c);
    }

    /**
     * Bias&sup2;, variance and expected risk for t = 0..horizon.
     *
     * @param delta f* - f<sub>PT</sub> at the training points
     * @param sigma noise standard deviation &sigma; &ge; 0
     */
    public RiskCurve riskCurve(double[] delta, double sigma, double stepSize, int horizon) {
        StoppingRule.requireStep(stepSize);
        Spectral.requireSigma(sigma);
        requireT(horizon);
        double[] p = s.project(delta, "delta");
        int n = s.n;
        double[] q = new double[n];
        double[] qt = new double[n];
        for (int i = 0; i < n; i++) {
            q[i] = 1 - stepSize * s.lambda[i];
            qt[i] = 1;
            p[i] *= p[i];
        }
        double[] bias2 = new double[horizon + 1];
        double[] variance = new double[horizon + 1];
        double[] risk = new double[horizon + 1];
        double s2 = sigma * sigma;
        for (int t = 0; t <= horizon; t++) {
            double b = 0;
            double v = 0;
            for (int i = 0; i < n; i++) {
                double a = qt[i];
                b += a * a * p[i];
                double sh = 1 - a;
                v += sh * sh;
                qt[i] = a * q[i];
            }
            bias2[t] = b / n;
            variance[t] = s2 * v / n;
            risk[t] = bias2[t] + variance[t];
        }
        return new RiskCurve(bias2, variance, risk);
    }

    /** Training error (1/N)||y - f<sub>t</sub>||&sup2; for t = 0..horizon, from r<sub>0</sub> = y - f<sub>PT</sub>. */
    public double[] trainMse(double[] r0, double stepSize, int horizon) {
        StoppingRule.requireStep(stepSize);
        requireT(horizon);
        double[] c = s.project(r0, "r0");
        int n = s.n;
        double[] q = new double[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            q[i] = (1 - stepSize * s.lambda[i]) * (1 - stepSize * s.lambda[i]);
            w[i] = c[i] * c[i];
        }
        double[] out = new double[horizon + 1];
        for (int t = 0; t <= horizon; t++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += w[i];
                w[i] *= q[i];
            }
            out[t] = sum / n;
        }
        return out;
    }

    /** s(t) = 1 - (1 - x)^t, accurate for small x. */
    static double shrink(double x, int t) {
        if (x == 0 || t == 0) {
            return 0.0;
        }
        if (x < 1) {
            return -Math.expm1(t * Math.log1p(-x));
        }
        return 1 - Math.pow(1 - x, t);
    }

    private static void requireT(int t) {
        if (t < 0) {
            throw new IllegalArgumentException("t: number of steps must be >= 0, got " + t);
        }
    }
}
