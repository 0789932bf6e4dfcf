package org.ftlab.spectrum;

import java.util.Arrays;

/**
 * Continuous power-law fit of the upper tail of a sample, after Clauset, Shalizi &amp; Newman,
 * "Power-law distributions in empirical data", SIAM Review 51 (2009): for a candidate lower
 * cut-off x<sub>min</sub> the maximum-likelihood exponent of p(x) = ((&alpha;-1)/x<sub>min</sub>)
 * (x/x<sub>min</sub>)<sup>-&alpha;</sup>, x &ge; x<sub>min</sub>, is
 * <blockquote>&alpha;&#770; = 1 + n<sub>tail</sub> / &Sigma;<sub>x_i &ge; x_min</sub> ln(x<sub>i</sub>/x<sub>min</sub>)</blockquote>
 * and x<sub>min</sub> is the sample value minimising the Kolmogorov-Smirnov distance
 * D = sup<sub>x &ge; x_min</sub> |S(x) - P(x)| between the empirical CDF S of the tail
 * and the fitted CDF P(x) = 1 - (x/x<sub>min</sub>)<sup>1-&alpha;</sup>. D is evaluated exactly at
 * the jumps of S (both one-sided limits), which handles ties. Candidates leave at least
 * {@code minTail} points in the tail and at least two distinct values. Cost O(n&sup2;).
 *
 * <h2>Link to the decay exponent &beta; (eq. (29), (31) of paper 1)</h2>
 * Treat the N eigenvalues as a sample. If &lambda;<sub>k</sub> = C k<sup>-2&beta;</sup>, the
 * number of eigenvalues &ge; x is #{k : k &le; (C/x)<sup>1/(2&beta;)</sup>} &asymp;
 * (C/x)<sup>1/(2&beta;)</sup>, so the empirical survival function falls like
 * x<sup>-1/(2&beta;)</sup>. A density p(x) &prop; x<sup>-&alpha;</sup> has survival function
 * &prop; x<sup>-(&alpha;-1)</sup>. Matching the two exponents gives
 * <blockquote>&alpha; = 1 + 1/(2&beta;)      (paper 1's convention &lambda;<sub>k</sub> &prop; k<sup>-2&beta;</sup>)</blockquote>
 * which is what {@link #alphaFromBeta} and {@link #betaFromAlpha} implement. The often-quoted
 * "&alpha; = 1 + 1/&beta;" is the same rank-frequency/density relation (Zipf exponent s gives
 * &alpha; = 1 + 1/s) written for the convention &lambda;<sub>k</sub> &prop; k<sup>-&beta;</sup>;
 * with paper 1's k<sup>-2&beta;</sup> it would be off by a factor 2 in 1/&beta;. The unit tests
 * check the implemented relation on exact spectra &lambda;<sub>k</sub> = k<sup>-2&beta;</sup>.
 *
 * @param alpha MLE exponent &alpha;&#770; for the chosen cut-off
 * @param xMin chosen lower cut-off x<sub>min</sub> (a sample value)
 * @param ksDistance Kolmogorov-Smirnov distance D at x<sub>min</sub>
 * @param nTail number of sample values &ge; x<sub>min</sub>
 * @param n total number of sample values given
 */
public record PowerLawTail(double alpha, double xMin, double ksDistance, int nTail, int n) {

    /** Default minimum number of points in the tail when choosing x<sub>min</sub>. */
    public static final int DEFAULT_MIN_TAIL = 10;

    /**
     * Asymptotic standard error of &alpha;&#770;, (&alpha;&#770; - 1)/&radic;n<sub>tail</sub>
     * (Clauset et al. 2009, section 3), valid for a fixed x<sub>min</sub>.
     */
    public double standardError() {
        return (alpha - 1) / Math.sqrt(nTail);
    }

    /** &alpha; = 1 + 1/(2&beta;) for &lambda;<sub>k</sub> &prop; k<sup>-2&beta;</sup> (see class doc). */
    public static double alphaFromBeta(double beta) {
        if (!(beta > 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta: must be finite and > 0, got " + beta);
        }
        return 1 + 1 / (2 * beta);
    }

    /** &beta; = 1/(2(&alpha; - 1)), the inverse of {@link #alphaFromBeta}. */
    public static double betaFromAlpha(double alpha) {
        if (!(alpha > 1) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("alpha: must be finite and > 1, got " + alpha);
        }
        return 1 / (2 * (alpha - 1));
    }

    /** Fits with x<sub>min</sub> chosen by KS and at least {@value #DEFAULT_MIN_TAIL} tail points. */
    public static PowerLawTail fit(double[] x) {
        return fit(x, DEFAULT_MIN_TAIL);
    }

    /**
     * Fits with x<sub>min</sub> chosen by minimum KS distance over the sample values that leave
     * at least {@code minTail} points (ties broken towards the smaller x<sub>min</sub>, i.e. the
     * larger tail). Values &le; 0 are allowed and simply never enter the tail.
     *
     * @param x finite sample
     * @param minTail &ge; 2
     */
    public static PowerLawTail fit(double[] x, int minTail) {
        double[] s = sortedFinite(x);
        if (minTail < 2) {
            throw new IllegalArgumentException("minTail: must be >= 2, got " + minTail);
        }
        int n = s.length;
        // suffix sums of ln x over positive values
        double[] suffixLog = new double[n + 1];
        for (int i = n - 1; i >= 0; i--) {
            suffixLog[i] = suffixLog[i + 1] + (s[i] > 0 ? Math.log(s[i]) : 0.0);
        }
        PowerLawTail best = null;
        for (int j = 0; j < n; j++) {
            if (!(s[j] > 0) || (j > 0 && s[j] == s[j - 1])) {
                continue; // not positive, or not the first of a run of ties
            }
            int nTail = n - j;
            if (nTail < minTail) {
                break;
            }
            if (s[n - 1] == s[j]) {
                break; // all tail values equal x_min: alpha is infinite
            }
            double sumLog = suffixLog[j] - nTail * Math.log(s[j]);
            double alpha = 1 + nTail / sumLog;
            double d = ks(s, j, alpha);
            if (best == null || d < best.ksDistance) {
                best = new PowerLawTail(alpha, s[j], d, nTail, n);
            }
        }
        if (best == null) {
            throw new IllegalArgumentException("x: no cut-off leaves >= " + minTail
                    + " positive values with at least two distinct values (n = " + n + ")");
        }
        return best;
    }

    /**
     * MLE with a given cut-off x<sub>min</sub> &gt; 0 (no KS search); {@code ksDistance} is
     * reported for that cut-off.
     */
    public static PowerLawTail fitFixedXmin(double[] x, double xMin) {
        double[] s = sortedFinite(x);
        if (!(xMin > 0) || Double.isInfinite(xMin)) {
            throw new IllegalArgumentException("xMin: must be finite and > 0, got " + xMin);
        }
        int j = 0;
        while (j < s.length && s[j] < xMin) {
            j++;
        }
        int nTail = s.length - j;
        double sumLog = 0;
        for (int i = j; i < s.length; i++) {
            sumLog += Math.log(s[i] / xMin);
        }
        if (nTail < 2 || !(sumLog > 0)) {
            throw new IllegalArgumentException("xMin: " + xMin + " leaves " + nTail
                    + " values, need >= 2 with at least one above xMin");
        }
        double alpha = 1 + nTail / sumLog;
        // KS with the tail measured from xMin (need not be a sample value)
        double[] tail = Arrays.copyOfRange(s, j, s.length);
        return new PowerLawTail(alpha, xMin, ksAgainst(tail, 0, alpha, xMin), nTail, s.length);
    }

    /** KS distance of the sorted tail s[j..] against the power law with x_min = s[j]. */
    private static double ks(double[] s, int j, double alpha) {
        return ksAgainst(s, j, alpha, s[j]);
    }

    private static double ksAgainst(double[] s, int j, double alpha, double xMin) {
        int nTail = s.length - j;
        double d = 0;
        for (int i = j; i < s.length; i++) {
            double p = 1 - Math.pow(s[i] / xMin, 1 - alpha);
            int rank = i - j + 1;
            double above = (double) rank / nTail - p;   // S(x_i) - P(x_i)
            double below = p - (double) (rank - 1) / nTail; // P(x_i) - S(x_i^-)
            d = Math.max(d, Math.max(above, below));
        }
        return d;
    }

    private static double[] sortedFinite(double[] x) {
        if (x == null || x.length == 0) {
            throw new IllegalArgumentException("x: sample must be non-empty");
        }
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i])) {
                throw new IllegalArgumentException("x: element " + i + " is " + x[i] + ", must be finite");
            }
        }
        double[] s = x.clone();
        Arrays.sort(s);
        return s;
    }
}
