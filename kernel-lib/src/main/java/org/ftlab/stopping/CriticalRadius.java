package org.ftlab.stopping;

/**
 * Critical empirical radius &rho;&#770;<sub>N</sub> of eq. (11) of paper 1 (Sun &amp; Raskutti):
 * the smallest positive &rho; with
 * <blockquote>R&#770;<sub>K</sub>(&rho;) &le; &rho;&sup2; C<sub>H</sub>&sup2; / (2 e &sigma;)</blockquote>
 * where R&#770;<sub>K</sub> is eq. (10) ({@link RademacherComplexity}), e = {@link Math#E},
 * &sigma; the noise level (sub-Gaussian parameter, eq. (12)) and C<sub>H</sub> =
 * ||f<sub>PT</sub> - f<sub>tgt</sub>||<sub>H</sub>. With C<sub>H</sub> = 1 this is the critical
 * radius &epsilon;&#770;<sub>n</sub> of Raskutti, Wainwright &amp; Yu (2014),
 * R&#770;<sub>K</sub>(&epsilon;) &le; &epsilon;&sup2;/(2e&sigma;).
 *
 * <p>Solution method: with c = C<sub>H</sub>&sup2;/(2e&sigma;), the ratio
 * R&#770;<sub>K</sub>(&rho;)/&rho;&sup2; is continuous and strictly decreasing from +&infin; (as
 * &rho; &rarr; 0) to 0 (as &rho; &rarr; &infin;) whenever some eigenvalue is positive, so the
 * solution set is [&rho;&#770;, &infin;) with R&#770;<sub>K</sub>(&rho;&#770;) = c&rho;&#770;&sup2;.
 * The root is bracketed analytically (below: &rho; &lt; min(&radic;&lambda;<sub>min&gt;0</sub>,
 * &radic;(k/N)/c) where R&#770;<sub>K</sub>(&rho;) = &rho;&radic;(k/N), k = number of positive
 * eigenvalues; above: &rho; &ge; max(&radic;&lambda;<sub>max</sub>,
 * &radic;(R&#770;<sub>K</sub>(&infin;)/c))) and then bisected in log &rho; to full double
 * precision; the returned value satisfies the inequality.
 *
 * <p>Edge case: if every eigenvalue is 0, R&#770;<sub>K</sub> &equiv; 0, the inequality holds for
 * every &rho; &gt; 0 and there is no crossing; the infimum 0 is returned (then the rule never
 * stops, see {@link StoppingRule#tMax}).
 */
public final class CriticalRadius {

    private CriticalRadius() {
    }

    /**
     * Solves eq. (11).
     *
     * @param r R&#770;<sub>K</sub> built from the eigenvalues of K
     * @param sigma noise level &sigma; &gt; 0
     * @param cH C<sub>H</sub> &gt; 0 (use 1 for Raskutti et al.'s form)
     * @return &rho;&#770;, or 0 for an all-zero spectrum
     */
    public static double solve(RademacherComplexity r, double sigma, double cH) {
        double c = slope(sigma, cH);
        if (r.positiveCount() == 0) {
            return 0.0;
        }
        double rInf = Math.sqrt(r.squaredAtRho2(r.maxEigenvalue())); // R(rho) for rho^2 >= lambda_max
        double hi = Math.max(Math.sqrt(r.maxEigenvalue()), Math.sqrt(rInf / c));
        while (!holds(r, c, hi)) { // guard against round-off at the analytic bound
            hi *= 2;
        }
        double k = r.positiveCount();
        double lo = 0.5 * Math.min(Math.sqrt(r.smallestPositive()), Math.sqrt(k / r.n()) / c);
        if (!(lo > 0) || holds(r, c, lo)) {
            throw new IllegalArgumentException("sigma/cH: C_H^2/(2 e sigma) = " + c
                    + " is too large to bracket the critical radius in double precision");
        }
        for (int it = 0; it < 2000 && hi > lo * (1 + 4 * Math.ulp(1.0)); it++) {
            double mid = Math.sqrt(lo * hi);
            if (!(mid > lo && mid < hi)) {
                break;
            }
            if (holds(r, c, mid)) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    /** Convenience: {@code solve(new RademacherComplexity(eigenvalues), sigma, cH)}. */
    public static double solve(double[] eigenvalues, double sigma, double cH) {
        return solve(new RademacherComplexity(eigenvalues), sigma, cH);
    }

    /** c = C<sub>H</sub>&sup2;/(2e&sigma;), the constant of eq. (11), after validating inputs. */
    static double slope(double sigma, double cH) {
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("sigma: noise level must be finite and > 0, got " + sigma);
        }
        if (!(cH > 0) || Double.isInfinite(cH)) {
            throw new IllegalArgumentException("cH: C_H = ||f_PT - f_tgt||_H must be finite and > 0, got " + cH);
        }
        return cH * cH / (2 * Math.E * sigma);
    }

    /** Whether eq. (11) holds at rho: R(rho) <= c rho^2. */
    private static boolean holds(RademacherComplexity r, double c, double rho) {
        double rho2 = rho * rho;
        return Math.sqrt(r.squaredAtRho2(rho2)) <= c * rho2;
    }
}
