package org.ftlab.spectrum;

/**
 * Least-squares estimate of the polynomial eigenvalue-decay exponent &beta; of paper 1
 * (Sun &amp; Raskutti), eq. (29) &lambda;<sub>k</sub> &le; C k<sup>-2&beta;</sup>, following
 * appendix A.3: assume eq. (31) &lambda;<sub>k</sub> &asymp; &lambda;<sub>1</sub> k<sup>-2&beta;</sup>,
 * take logs, eq. (32) log(&lambda;<sub>k</sub>/&lambda;<sub>1</sub>) &asymp; -2&beta; log k, and fit
 * a least-squares line y = a + b x with y = log(&lambda;<sub>k</sub>/&lambda;<sub>1</sub>),
 * x = log k over the rank window k = kMin..kMax (1-based ranks, eigenvalues in descending order).
 * Then &beta; = -b/2.
 *
 * <p>The line has a free intercept {@code a} (eq. (32) has none; for an exact power law the fitted
 * intercept is 0, for a spectrum whose head bends it absorbs the offset). R&sup2; = 1 -
 * SS<sub>res</sub>/SS<sub>tot</sub> of that regression (defined as 1 when both are 0, i.e. a flat
 * spectrum fitted exactly).
 *
 * @param beta decay exponent &beta; = -slope/2
 * @param intercept fitted intercept a (in units of log(&lambda;<sub>k</sub>/&lambda;<sub>1</sub>))
 * @param rSquared coefficient of determination of the log-log regression
 * @param kMin first rank of the window (1-based, inclusive)
 * @param kMax last rank of the window (1-based, inclusive)
 * @param nPoints number of points fitted, kMax - kMin + 1
 */
public record BetaFit(double beta, double intercept, double rSquared, int kMin, int kMax, int nPoints) {

    /**
     * Default relative floor for {@link #fit(double[])}: ranks whose eigenvalue is at most
     * {@value} &times; &lambda;<sub>1</sub> are treated as numerically zero and left out.
     */
    public static final double DEFAULT_RELATIVE_FLOOR = 1e-12;

    /** Slope b = -2&beta; of the log-log line (eq. (32)). */
    public double slope() {
        return -2 * beta;
    }

    /**
     * Fits over ranks 1..r, where r is the last rank with &lambda;<sub>r</sub> &gt;
     * {@link #DEFAULT_RELATIVE_FLOOR} &middot; &lambda;<sub>1</sub> (the numerically non-zero head
     * of the spectrum).
     *
     * @param eigenvalues descending, finite, &lambda;<sub>1</sub> &gt; 0
     */
    public static BetaFit fit(double[] eigenvalues) {
        requireDescending(eigenvalues);
        int r = 0;
        while (r < eigenvalues.length && eigenvalues[r] > DEFAULT_RELATIVE_FLOOR * eigenvalues[0]) {
            r++;
        }
        if (r < 2) {
            throw new IllegalArgumentException("eigenvalues: fewer than 2 above " + DEFAULT_RELATIVE_FLOOR
                    + " x lambda_1 = " + eigenvalues[0] + "; cannot fit a slope");
        }
        return fit(eigenvalues, 1, r);
    }

    /**
     * Fits over the rank window kMin..kMax (1-based, inclusive) as in eq. (32).
     *
     * @param eigenvalues descending, finite, &lambda;<sub>1</sub> &gt; 0 and &lambda;<sub>k</sub>
     *     &gt; 0 inside the window
     * @param kMin first rank, &ge; 1
     * @param kMax last rank, &gt; kMin and &le; eigenvalues.length
     */
    public static BetaFit fit(double[] eigenvalues, int kMin, int kMax) {
        requireDescending(eigenvalues);
        if (kMin < 1 || kMax <= kMin || kMax > eigenvalues.length) {
            throw new IllegalArgumentException("window: need 1 <= kMin < kMax <= " + eigenvalues.length
                    + " (number of eigenvalues), got kMin=" + kMin + ", kMax=" + kMax);
        }
        double l1 = eigenvalues[0];
        int n = kMax - kMin + 1;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int k = kMin; k <= kMax; k++) {
            double lk = eigenvalues[k - 1];
            if (!(lk > 0)) {
                throw new IllegalArgumentException("eigenvalues: lambda_" + k + " = " + lk
                        + " is not positive inside the window [" + kMin + ", " + kMax
                        + "]; choose a window over the positive part of the spectrum");
            }
            x[k - kMin] = Math.log(k);
            y[k - kMin] = Math.log(lk / l1);
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            double dx = x[i] - mx;
            double dy = y[i] - my;
            sxx += dx * dx;
            sxy += dx * dy;
            syy += dy * dy;
        }
        double b = sxy / sxx;
        double a = my - b * mx;
        double ssRes = 0;
        for (int i = 0; i < n; i++) {
            double e = y[i] - (a + b * x[i]);
            ssRes += e * e;
        }
        double r2 = syy == 0 ? (ssRes == 0 ? 1.0 : 0.0) : 1 - ssRes / syy;
        return new BetaFit(-b / 2, a, r2, kMin, kMax, n);
    }

    /**
     * Convergence rate of eq. (30) of paper 1: N<sup>-2&beta;/(2&beta;+1)</sup>, the order of
     * ||f<sub>T&#770;op</sub> - f<sub>tgt</sub>||&sup2; under the decay eq. (29) (constants
     * omitted).
     *
     * @param n sample size N<sub>2</sub> &ge; 1
     * @param beta decay exponent &gt; 0 (eq. (29) assumes &beta; &gt; 1/2)
     */
    public static double rate(double n, double beta) {
        if (!(n >= 1) || Double.isInfinite(n)) {
            throw new IllegalArgumentException("n: sample size must be finite and >= 1, got " + n);
        }
        if (!(beta > 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta: must be finite and > 0, got " + beta);
        }
        return Math.pow(n, -2 * beta / (2 * beta + 1));
    }

    static void requireDescending(double[] ev) {
        if (ev == null || ev.length < 2) {
            throw new IllegalArgumentException("eigenvalues: need at least 2, got "
                    + (ev == null ? "null" : ev.length));
        }
        for (int i = 0; i < ev.length; i++) {
            if (!Double.isFinite(ev[i])) {
                throw new IllegalArgumentException("eigenvalues: element " + i + " is " + ev[i]
                        + ", must be finite");
            }
            if (i > 0 && ev[i] > ev[i - 1]) {
                throw new IllegalArgumentException("eigenvalues: not in descending order at index "
                        + i + " (" + ev[i - 1] + " then " + ev[i] + ")");
            }
        }
        if (!(ev[0] > 0)) {
            throw new IllegalArgumentException("eigenvalues: lambda_1 = " + ev[0] + ", must be > 0");
        }
    }
}
