package org.ftlab.stopping;

import java.util.Arrays;

/**
 * Local empirical Rademacher complexity of a kernel class, eq. (10) of paper 1 (Sun &amp;
 * Raskutti, after Raskutti, Wainwright &amp; Yu 2014):
 * <blockquote>R&#770;<sub>K</sub>(&rho;) = [ (1/N) &Sigma;<sub>i=1..N</sub> min{&lambda;&#770;<sub>i</sub>, &rho;&sup2;} ]<sup>1/2</sup></blockquote>
 * where &lambda;&#770;<sub>i</sub> are the eigenvalues of the empirical kernel matrix K (already
 * divided by N, eq. (5)) and N is the number of eigenvalues.
 *
 * <p>R&#770;<sub>K</sub> is non-decreasing in &rho; and R&#770;<sub>K</sub>(&rho;)/&rho;&sup2; is
 * strictly decreasing on &rho; &gt; 0 when some &lambda;&#770;<sub>i</sub> &gt; 0 (each term
 * min{&lambda;, &rho;&sup2;}/&rho;<sup>4</sup> is non-increasing and the largest one strictly
 * decreasing); {@link CriticalRadius} relies on this. Evaluation is O(log N) through sorted
 * prefix sums.
 */
public final class RademacherComplexity {

    private final double[] ascending;
    private final double[] prefix; // prefix[k] = sum of the k smallest eigenvalues

    /**
     * @param eigenvalues eigenvalues of K in any order, finite and &ge; 0 (use
     *     {@link org.ftlab.spectrum.SymmetricEigen}, which clips round-off negatives to 0)
     */
    public RademacherComplexity(double[] eigenvalues) {
        if (eigenvalues == null || eigenvalues.length == 0) {
            throw new IllegalArgumentException("eigenvalues: must be non-empty");
        }
        for (int i = 0; i < eigenvalues.length; i++) {
            double v = eigenvalues[i];
            if (!Double.isFinite(v) || v < 0) {
                throw new IllegalArgumentException("eigenvalues: element " + i + " is " + v
                        + ", must be finite and >= 0 (K is positive semi-definite)");
            }
        }
        ascending = eigenvalues.clone();
        Arrays.sort(ascending);
        prefix = new double[ascending.length + 1];
        for (int i = 0; i < ascending.length; i++) {
            prefix[i + 1] = prefix[i] + ascending[i];
        }
    }

    /** N, the number of eigenvalues. */
    public int n() {
        return ascending.length;
    }

    /** Largest eigenvalue &lambda;&#770;<sub>1</sub>. */
    public double maxEigenvalue() {
        return ascending[ascending.length - 1];
    }

    /** Eigenvalues in descending order (a copy). */
    public double[] eigenvalues() {
        double[] d = new double[ascending.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = ascending[ascending.length - 1 - i];
        }
        return d;
    }

    /** R&#770;<sub>K</sub>(&rho;), eq. (10); &rho; &ge; 0, +&infin; allowed (gives sqrt(mean &lambda;)). */
    public double value(double rho) {
        if (!(rho >= 0)) {
            throw new IllegalArgumentException("rho: must be >= 0, got " + rho);
        }
        return Math.sqrt(squaredAtRho2(rho * rho));
    }

    /** R&#770;<sub>K</sub>&sup2; as a function of &rho;&sup2; (no square root / square round trip). */
    double squaredAtRho2(double rho2) {
        int n = ascending.length;
        // k = number of eigenvalues <= rho2
        int k = upperBound(rho2);
        double sum = prefix[k];
        if (k < n) {
            sum += (n - k) * rho2;
        }
        return sum / n;
    }

    /** Number of eigenvalues strictly greater than zero. */
    int positiveCount() {
        return ascending.length - upperBound(0.0);
    }

    /** Smallest strictly positive eigenvalue, or NaN if none. */
    double smallestPositive() {
        int k = upperBound(0.0);
        return k < ascending.length ? ascending[k] : Double.NaN;
    }

    private int upperBound(double x) {
        int lo = 0;
        int hi = ascending.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (ascending[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
