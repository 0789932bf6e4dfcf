package org.ftlab.stopping;

import java.util.OptionalInt;
import java.util.function.IntToDoubleFunction;
import org.ftlab.spectrum.SymmetricEigen;

/**
 * Facade over the data-dependent early-stopping rule of paper 1 (Sun &amp; Raskutti, &sect;3.5,
 * &sect;6, appendix B.1) for one empirical kernel matrix K (already divided by N, eq. (5)) and
 * label vector y:
 * <ol>
 *   <li>eigenvalues of K ({@link SymmetricEigen});</li>
 *   <li>critical radius &rho;&#770; of eq. (11) ({@link CriticalRadius});</li>
 *   <li>T&#770;<sub>max</sub> for the constant step &epsilon; ({@link StoppingRule#tMax});</li>
 *   <li>T&#770;<sub>op</sub> of eq. (36) with C and g ({@link StoppingRule#tOp});</li>
 *   <li>matching KRR parameter &lambda; = 1/(&epsilon;T&#770;<sub>op</sub>) ({@link KernelRidge});</li>
 *   <li>curves over t = 0..horizon: training error and GD variance, and, if the true f* is given,
 *       GD and KRR risk curves ({@link KernelRidge#compareWithGradientDescent}).</li>
 * </ol>
 *
 * <pre>{@code
 * EarlyStoppingResult r = EarlyStopping.builder().setKernel(k).setY(y).setSigma(0.1)
 *         .optEta(0.5).build().compute();
 * System.out.println(r.toJson(false));
 * }</pre>
 *
 * Defaults: &epsilon; = min{1, 1/&lambda;<sub>1</sub>} (Raskutti et al.'s step bound),
 * C<sub>H</sub> = 1, C = {@link StoppingRule#biasVarianceConstant}(C<sub>H</sub>), g &equiv; 0
 * (then T&#770;<sub>op</sub> = T&#770;<sub>max</sub>),
 * f<sub>PT</sub> = 0 (y is already the residual y - f<sub>PT</sub>(X)), tLimit =
 * {@value #DEFAULT_T_LIMIT}, horizon = min({@value #MAX_DEFAULT_HORIZON}, max(100,
 * 10T&#770;<sub>max</sub>)) capped by tLimit (long enough to show the risk minimum, which the
 * rule, an upper-bound argument, often places after T&#770;<sub>max</sub>).
 */
public final class EarlyStopping {

    /** Default largest step examined by T&#770;<sub>max</sub>. */
    public static final int DEFAULT_T_LIMIT = 10_000_000;
    /** Cap of the default curve horizon. */
    public static final int MAX_DEFAULT_HORIZON = 100_000;

    private final Builder b;

    private EarlyStopping(Builder b) {
        this.b = b;
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** Runs the computation (eigendecomposition O(N&sup3;), curves O(N&middot;horizon)). */
    public EarlyStoppingResult compute() {
        int n = b.kernel.length;
        boolean curves = b.horizon != 0;
        SymmetricEigen eig = SymmetricEigen.decompose(b.kernel, curves, b.tolerance);
        double[] ev = eig.values();
        double lmax = ev[0];
        double lmin = ev[n - 1];
        double eps = Double.isNaN(b.eta) ? (lmax > 1 ? 1 / lmax : 1.0) : b.eta;
        if (eps * lmax >= 2) {
            throw new IllegalArgumentException("eta: step " + eps + " >= 2/lambda_max = " + (2 / lmax)
                    + ": gradient descent diverges");
        }
        double etaCritical = lmax > 0 ? 2 / (lmin + lmax) : Double.POSITIVE_INFINITY;
        RademacherComplexity r = new RademacherComplexity(ev);
        double rho = CriticalRadius.solve(r, b.sigma, b.cH);
        OptionalInt tm = StoppingRule.tMax(r, b.sigma, b.cH, eps, b.tLimit);
        int tMax = tm.orElse(b.tLimit);
        int tOp = b.g == null ? tMax : StoppingRule.tOp(tMax, eps, b.c, b.g);
        double lambda = KernelRidge.lambdaFor(eps, tOp);

        int horizon = b.horizon;
        if (horizon < 0) {
            long h = Math.max(100L, 10L * Math.max(tMax, tOp));
            horizon = (int) Math.min(Math.min(h, MAX_DEFAULT_HORIZON), b.tLimit);
        }
        double[] trainMse = new double[0];
        double[] variance = new double[0];
        RidgeComparison comparison = null;
        if (horizon > 0) {
            KernelGradientDescent gd = KernelGradientDescent.of(eig);
            double[] r0 = minus(b.y, b.f0);
            trainMse = gd.trainMse(r0, eps, horizon);
            variance = gd.riskCurve(new double[n], b.sigma, eps, horizon).variance();
            if (b.fStar != null) {
                comparison = KernelRidge.compareWithGradientDescent(eig, minus(b.fStar, b.f0), b.sigma, eps,
                        horizon);
            }
        }
        return new EarlyStoppingResult(n, b.sigma, b.cH, b.c, eps, etaCritical, rho, tMax, tm.isEmpty(),
                b.tLimit, tOp, lambda, ev, horizon, trainMse, variance, comparison);
    }

    private static double[] minus(double[] a, double[] f0) {
        double[] out = a.clone();
        if (f0 != null) {
            for (int i = 0; i < out.length; i++) {
                out[i] -= f0[i];
            }
        }
        return out;
    }

    /** Builder: required {@code setKernel}, {@code setY}, {@code setSigma}; the rest optional. */
    public static final class Builder {
        private double[][] kernel;
        private double[] y;
        private double sigma = Double.NaN;
        private double eta = Double.NaN;
        private double cH = 1.0;
        private double c = Double.NaN;
        private IntToDoubleFunction g;
        private double[] f0;
        private double[] fStar;
        private int tLimit = DEFAULT_T_LIMIT;
        private int horizon = -1;
        private double tolerance = SymmetricEigen.DEFAULT_TOLERANCE;

        private Builder() {
        }

        /** Empirical kernel matrix K, N&times;N, symmetric PSD, already divided by N (eq. (5)). */
        public Builder setKernel(double[][] kernel) {
            this.kernel = kernel;
            return this;
        }

        /** Labels y at the N training points (or residuals y - f<sub>PT</sub> if no f0 is set). */
        public Builder setY(double[] y) {
            this.y = y;
            return this;
        }

        /** Noise level &sigma; &gt; 0 (sub-Gaussian parameter, eq. (12)). */
        public Builder setSigma(double sigma) {
            this.sigma = sigma;
            return this;
        }

        /** Constant GD step &epsilon; &gt; 0, &epsilon;&lambda;<sub>1</sub> &lt; 2 (default min{1, 1/&lambda;<sub>1</sub>}). */
        public Builder optEta(double eta) {
            this.eta = eta;
            return this;
        }

        /** C<sub>H</sub> &gt; 0 of eq. (11) (default 1). */
        public Builder optCH(double cH) {
            this.cH = cH;
            return this;
        }

        /** Constant C &gt; 0 of eq. (35)-(36) (default {@link StoppingRule#biasVarianceConstant}(C<sub>H</sub>)). */
        public Builder optC(double c) {
            this.c = c;
            return this;
        }

        /** Non-decreasing kernel-drift bound g(&tau;) of eq. (36) (default g &equiv; 0). */
        public Builder optG(IntToDoubleFunction g) {
            this.g = g;
            return this;
        }

        /** Pretrained predictions f<sub>PT</sub>(X) at the training points (default 0). */
        public Builder optF0(double[] f0) {
            this.f0 = f0;
            return this;
        }

        /** True regression function f* at the training points, enables the risk curves. */
        public Builder optFStar(double[] fStar) {
            this.fStar = fStar;
            return this;
        }

        /** Largest step examined for T&#770;<sub>max</sub> (default {@value EarlyStopping#DEFAULT_T_LIMIT}). */
        public Builder optTLimit(int tLimit) {
            this.tLimit = tLimit;
            return this;
        }

        /** Last step of the curves; 0 skips curves and eigenvectors (default: see class doc). */
        public Builder optHorizon(int horizon) {
            this.horizon = horizon;
            return this;
        }

        /** Tolerance of {@link SymmetricEigen#decompose} (symmetry, negative eigenvalues). */
        public Builder optTolerance(double tolerance) {
            this.tolerance = tolerance;
            return this;
        }

        /** Validates and builds. */
        public EarlyStopping build() {
            if (kernel == null || kernel.length == 0) {
                throw new IllegalArgumentException("kernel: required, a non-empty N x N matrix (setKernel)");
            }
            int n = kernel.length;
            for (int i = 0; i < n; i++) {
                if (kernel[i] == null || kernel[i].length != n) {
                    throw new IllegalArgumentException("kernel: not square: row " + i + " has "
                            + (kernel[i] == null ? "no" : kernel[i].length) + " columns, expected " + n);
                }
            }
            if (y == null) {
                throw new IllegalArgumentException("y: required (setY)");
            }
            Spectral.requireLength(y, n, "y");
            if (f0 != null) {
                Spectral.requireLength(f0, n, "f0");
            }
            if (fStar != null) {
                Spectral.requireLength(fStar, n, "fStar");
            }
            if (Double.isNaN(sigma)) {
                throw new IllegalArgumentException("sigma: required, the noise level > 0 (setSigma)");
            }
            CriticalRadius.slope(sigma, cH);
            if (!Double.isNaN(eta)) {
                StoppingRule.requireStep(eta);
            }
            double cc = Double.isNaN(c) ? StoppingRule.biasVarianceConstant(cH) : c;
            if (!(cc > 0) || Double.isInfinite(cc)) {
                throw new IllegalArgumentException("c: constant C must be finite and > 0, got " + cc);
            }
            if (tLimit < 1) {
                throw new IllegalArgumentException("tLimit: must be >= 1, got " + tLimit);
            }
            if (horizon < -1) {
                throw new IllegalArgumentException("horizon: must be >= 0, got " + horizon);
            }
            Builder snapshot = copy();
            snapshot.c = cc;
            return new EarlyStopping(snapshot);
        }

        /** Snapshot so that later setter calls do not change a built instance. */
        private Builder copy() {
            Builder b = new Builder();
            b.kernel = new double[kernel.length][];
            for (int i = 0; i < kernel.length; i++) {
                b.kernel[i] = kernel[i].clone();
            }
            b.y = y.clone();
            b.sigma = sigma;
            b.eta = eta;
            b.cH = cH;
            b.c = c;
            b.g = g;
            b.f0 = f0 == null ? null : f0.clone();
            b.fStar = fStar == null ? null : fStar.clone();
            b.tLimit = tLimit;
            b.horizon = horizon;
            b.tolerance = tolerance;
            return b;
        }
    }
}
