package org.ftlab.stopping;

import java.util.OptionalInt;
import java.util.function.IntToDoubleFunction;

/**
 * The data-dependent stopping times of paper 1 (Sun &amp; Raskutti, &sect;3.5, &sect;6.1 and
 * appendix B.1), built on Raskutti, Wainwright &amp; Yu (JMLR 2014).
 *
 * <h2>Conventions</h2>
 * Gradient descent on (1/2N)||y - f||&sup2; in function space with step sizes &alpha;<sub>0</sub>,
 * &alpha;<sub>1</sub>, ... ({@link KernelGradientDescent}); the running sum
 * &eta;<sub>t</sub> = &Sigma;<sub>&tau;&lt;t</sub> &alpha;<sub>&tau;</sub> (so &eta;<sub>0</sub> = 0
 * and &eta;<sub>t</sub> = &epsilon;t for a constant step &epsilon;). Step schedules are passed as
 * {@code IntToDoubleFunction eta: t -> eta_t}, which must be non-decreasing with
 * &eta;<sub>1</sub> &gt; 0. Raskutti et al. assume &alpha;<sub>t</sub> &le; min{1,
 * 1/&lambda;&#770;<sub>1</sub>}.
 *
 * <h2>T&#770;<sub>max</sub> (exact form implemented)</h2>
 * With c = C<sub>H</sub>&sup2;/(2e&sigma;) (the constant of eq. (11)):
 * <blockquote>T&#770;<sub>max</sub> = min{ t &ge; 1 : R&#770;<sub>K</sub>(1/&radic;&eta;<sub>t</sub>) &gt; c/&eta;<sub>t</sub> } - 1.</blockquote>
 * For C<sub>H</sub> = 1 this is Raskutti et al.'s rule T&#770; = argmin{t : R&#770;<sub>K</sub>(1/&radic;&eta;<sub>t</sub>)
 * &gt; (2e&sigma;&eta;<sub>t</sub>)<sup>-1</sup>} - 1; the factor C<sub>H</sub>&sup2; is the one
 * eq. (11) of paper 1 adds (&rho;&sup2; = 1/&eta;<sub>t</sub> turns eq. (11)'s right-hand side
 * &rho;&sup2;C<sub>H</sub>&sup2;/(2e&sigma;) into c/&eta;<sub>t</sub>). Because
 * &eta;&middot;R&#770;<sub>K</sub>(1/&radic;&eta;) = R&#770;<sub>K</sub>(&rho;)/&rho;&sup2; is
 * non-decreasing in &eta;, the condition, once true, stays true: T&#770;<sub>max</sub> is also the
 * largest t with R&#770;<sub>K</sub>(1/&radic;&eta;<sub>t</sub>) &le; c/&eta;<sub>t</sub>, i.e.
 * the largest t with &eta;<sub>t</sub> &le; 1/&rho;&#770;&sup2; ({@link CriticalRadius}); it is
 * found by binary search on t. T&#770;<sub>max</sub> = 0 means even one step is past the radius.
 *
 * <h2>T&#770;<sub>op</sub>, eq. (36) (eq. (26) with &eta;<sub>&tau;</sub> = &epsilon;&tau;)</h2>
 * <blockquote>T&#770;<sub>op</sub> = argmin<sub>1 &le; &tau; &le; T_max</sub> C/&eta;<sub>&tau;</sub> + g(&tau;)</blockquote>
 * with C the constant of the bias+variance bound eq. (35), B<sub>&tau;</sub>&sup2; + V<sub>&tau;</sub> &le;
 * C/&eta;<sub>&tau;</sub>, and g a non-decreasing bound on the kernel-drift term
 * D<sub>&tau;</sub>&sup2; of eq. (34). (Eq. (26) says "maximizing"; eq. (36) and the text make
 * clear it is a minimisation.) Ties go to the smallest &tau;. With g &equiv; 0 the minimiser is
 * T&#770;<sub>max</sub> whatever C &gt; 0.
 *
 * <h2>An explicit C for eq. (35) (derived here, not given in paper 1)</h2>
 * For the linearised model ({@link KernelGradientDescent}) with f* - f<sub>PT</sub> in the span
 * of the kernel at the training points, ||f* - f<sub>PT</sub>||<sub>H</sub> = C<sub>H</sub>,
 * noise variance &le; &sigma;&sup2; and &epsilon;&lambda;&#770;<sub>1</sub> &le; 1:
 * <ul>
 *   <li>bias: writing &delta; = N K a, (u<sub>i</sub><sup>T</sup>&delta;)&sup2; = N&lambda;<sub>i</sub>w<sub>i</sub>
 *       with w<sub>i</sub> = N&lambda;<sub>i</sub>(u<sub>i</sub><sup>T</sup>a)&sup2;, &Sigma;w<sub>i</sub> =
 *       C<sub>H</sub>&sup2;, so B<sub>t</sub>&sup2; = &Sigma;w<sub>i</sub>&lambda;<sub>i</sub>(1-&epsilon;&lambda;<sub>i</sub>)<sup>2t</sup>
 *       &le; C<sub>H</sub>&sup2; max<sub>&lambda;</sub> &lambda;e<sup>-2&eta;<sub>t</sub>&lambda;</sup>
 *       = C<sub>H</sub>&sup2;/(2e&eta;<sub>t</sub>);</li>
 *   <li>variance: 1-(1-x)<sup>t</sup> &le; min{1, tx} gives V<sub>t</sub> &le;
 *       &sigma;&sup2;&eta;<sub>t</sub>R&#770;<sub>K</sub>(1/&radic;&eta;<sub>t</sub>)&sup2;, and for
 *       t &le; T&#770;<sub>max</sub> the rule guarantees R&#770;<sub>K</sub>(1/&radic;&eta;<sub>t</sub>)
 *       &le; C<sub>H</sub>&sup2;/(2e&sigma;&eta;<sub>t</sub>), so V<sub>t</sub> &le;
 *       C<sub>H</sub><sup>4</sup>/(4e&sup2;&eta;<sub>t</sub>).</li>
 * </ul>
 * Hence E||f<sub>t</sub> - f*||<sub>N</sub>&sup2; = B<sub>t</sub>&sup2; + V<sub>t</sub> &le; C/&eta;<sub>t</sub>
 * for 1 &le; t &le; T&#770;<sub>max</sub> with C = C<sub>H</sub>&sup2;/(2e) + C<sub>H</sub><sup>4</sup>/(4e&sup2;)
 * ({@link #biasVarianceConstant}); the tests check both halves and the sum numerically.
 */
public final class StoppingRule {

    private StoppingRule() {
    }

    /**
     * C = C<sub>H</sub>&sup2;/(2e) + C<sub>H</sub><sup>4</sup>/(4e&sup2;), the constant of eq. (35)
     * derived in the class documentation for the expected risk of the linearised model.
     */
    public static double biasVarianceConstant(double cH) {
        if (!(cH > 0) || Double.isInfinite(cH)) {
            throw new IllegalArgumentException("cH: must be finite and > 0, got " + cH);
        }
        double a = cH * cH / (2 * Math.E);
        return a + a * a;
    }

    /**
     * Whether the stopping condition holds at running step sum &eta; &gt; 0:
     * R&#770;<sub>K</sub>(1/&radic;&eta;) &gt; C<sub>H</sub>&sup2;/(2e&sigma;&eta;).
     */
    public static boolean exceeded(RademacherComplexity r, double sigma, double cH, double eta) {
        double c = CriticalRadius.slope(sigma, cH);
        if (!(eta > 0) || Double.isInfinite(eta)) {
            throw new IllegalArgumentException("eta: running step sum must be finite and > 0, got " + eta);
        }
        return Math.sqrt(r.squaredAtRho2(1 / eta)) > c / eta;
    }

    /**
     * T&#770;<sub>max</sub> for a constant step &epsilon; (&eta;<sub>t</sub> = &epsilon;t).
     *
     * @return T&#770;<sub>max</sub>, or empty if the condition does not hold for any t &le; tLimit
     *     (e.g. an all-zero spectrum, for which the rule never stops)
     */
    public static OptionalInt tMax(RademacherComplexity r, double sigma, double cH, double stepSize, int tLimit) {
        requireStep(stepSize);
        return tMax(r, sigma, cH, t -> stepSize * t, tLimit);
    }

    /**
     * T&#770;<sub>max</sub> for a general non-decreasing running step sum &eta;<sub>t</sub>.
     *
     * @param eta t &rarr; &eta;<sub>t</sub>, non-decreasing, &eta;<sub>1</sub> &gt; 0
     * @param tLimit largest t examined, &ge; 1
     * @return T&#770;<sub>max</sub> in [0, tLimit - 1], or empty if the condition does not hold for
     *     any t &le; tLimit
     */
    public static OptionalInt tMax(RademacherComplexity r, double sigma, double cH, IntToDoubleFunction eta,
            int tLimit) {
        CriticalRadius.slope(sigma, cH);
        if (tLimit < 1) {
            throw new IllegalArgumentException("tLimit: must be >= 1, got " + tLimit);
        }
        if (!exceeded(r, sigma, cH, etaAt(eta, tLimit))) {
            return OptionalInt.empty();
        }
        int lo = 1; // smallest t that may be the first exceeding one
        int hi = tLimit; // exceeded at hi
        while (lo < hi) {
            int mid = lo + (hi - lo) / 2;
            if (exceeded(r, sigma, cH, etaAt(eta, mid))) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return OptionalInt.of(lo - 1);
    }

    /**
     * T&#770;<sub>op</sub> of eq. (36) for a constant step &epsilon; (eq. (26): C/(&epsilon;&tau;) + g(&tau;)).
     */
    public static int tOp(int tMax, double stepSize, double c, IntToDoubleFunction g) {
        requireStep(stepSize);
        return tOp(tMax, t -> stepSize * t, c, g);
    }

    /**
     * T&#770;<sub>op</sub> of eq. (36): argmin over 1 &le; &tau; &le; tMax of C/&eta;<sub>&tau;</sub> + g(&tau;).
     * Cost: tMax evaluations of g.
     *
     * @param tMax T&#770;<sub>max</sub> &ge; 0; returns 0 when tMax = 0 (no step allowed)
     * @param eta &tau; &rarr; &eta;<sub>&tau;</sub> &gt; 0
     * @param c the constant C &gt; 0 of eq. (35)
     * @param g non-decreasing, finite; checked at every &tau; evaluated
     */
    public static int tOp(int tMax, IntToDoubleFunction eta, double c, IntToDoubleFunction g) {
        if (tMax < 0) {
            throw new IllegalArgumentException("tMax: must be >= 0, got " + tMax);
        }
        if (!(c > 0) || Double.isInfinite(c)) {
            throw new IllegalArgumentException("c: constant C of eq. (35) must be finite and > 0, got " + c);
        }
        int best = 0;
        double bestValue = Double.POSITIVE_INFINITY;
        double previousG = Double.NEGATIVE_INFINITY;
        for (int tau = 1; tau <= tMax; tau++) {
            double gt = g.applyAsDouble(tau);
            if (!Double.isFinite(gt)) {
                throw new IllegalArgumentException("g: g(" + tau + ") = " + gt + ", must be finite");
            }
            if (gt < previousG) {
                throw new IllegalArgumentException("g: must be non-decreasing, but g(" + tau + ") = " + gt
                        + " < g(" + (tau - 1) + ") = " + previousG);
            }
            previousG = gt;
            double value = c / etaAt(eta, tau) + gt;
            if (value < bestValue) {
                bestValue = value;
                best = tau;
            }
        }
        return best;
    }

    private static double etaAt(IntToDoubleFunction eta, int t) {
        double e = eta.applyAsDouble(t);
        if (!(e > 0) || Double.isInfinite(e)) {
            throw new IllegalArgumentException("eta: eta_" + t + " = " + e + ", must be finite and > 0 for t >= 1");
        }
        return e;
    }

    static void requireStep(double stepSize) {
        if (!(stepSize > 0) || Double.isInfinite(stepSize)) {
            throw new IllegalArgumentException("stepSize: epsilon must be finite and > 0, got " + stepSize);
        }
    }
}
