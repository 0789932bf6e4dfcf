package org.ftlab.spectrum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PowerLawTailTest {

    /** Inverse-CDF draws from the continuous Pareto density with exponent alpha above xMin. */
    static double[] pareto(int n, double alpha, double xMin, SplittableRandom rng) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = xMin * Math.pow(1 - rng.nextDouble(), -1 / (alpha - 1));
        }
        return x;
    }

    @Test
    void paretoSampleWithKnownCutOff() {
        double alpha = 2.5;
        int n = 4000;
        double[] x = pareto(n, alpha, 1.0, new SplittableRandom(42));
        PowerLawTail fixed = PowerLawTail.fitFixedXmin(x, 1.0);
        double se = (alpha - 1) / Math.sqrt(n);
        assertEquals(alpha, fixed.alpha(), 4 * se, "MLE within 4 standard errors (" + 4 * se + ")");
        assertEquals(n, fixed.nTail(), "all points above xMin = 1");

        // MLE property: d/dalpha log L = 0 at alpha-hat and it is a maximum (finite differences)
        double h = 1e-4;
        double d = (logLik(x, 1.0, fixed.alpha() + h) - logLik(x, 1.0, fixed.alpha() - h)) / (2 * h);
        assertEquals(0.0, d, 1e-5 * n, "score vanishes at alpha-hat (central difference, h = 1e-4)");
        assertTrue(logLik(x, 1.0, fixed.alpha()) > logLik(x, 1.0, fixed.alpha() + 0.01)
                && logLik(x, 1.0, fixed.alpha()) > logLik(x, 1.0, fixed.alpha() - 0.01), "alpha-hat is a maximum");

        PowerLawTail ks = PowerLawTail.fit(x);
        assertEquals(alpha, ks.alpha(), 4 * ks.standardError(),
                "KS-chosen fit within 4 standard errors (" + 4 * ks.standardError() + ")");
        assertTrue(ks.xMin() >= 1.0 && ks.xMin() < 1.2, "chosen xMin near the true cut-off 1, got " + ks.xMin());
    }

    @Test
    void ksCutOffSeparatesBodyFromTail() {
        // 2000 uniform(0, 1) points below a Pareto(alpha = 2) tail above 1
        SplittableRandom rng = new SplittableRandom(7);
        double[] tail = pareto(3000, 2.0, 1.0, rng);
        double[] x = new double[5000];
        for (int i = 0; i < 2000; i++) {
            x[i] = rng.nextDouble();
        }
        System.arraycopy(tail, 0, x, 2000, 3000);
        PowerLawTail f = PowerLawTail.fit(x);
        assertTrue(f.xMin() >= 0.95 && f.xMin() <= 1.5, "xMin found at the junction [0.95, 1.5], got " + f.xMin());
        assertEquals(2.0, f.alpha(), 4 * f.standardError(), "alpha within 4 SE (" + 4 * f.standardError() + ")");
        assertEquals(5000, f.n(), "n counts every value");
    }

    @Test
    void ksDistanceMatchesBruteForceCountingWithTies() {
        SplittableRandom rng = new SplittableRandom(9);
        double[] x = pareto(600, 2.2, 1.0, rng);
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.round(x[i] * 20) / 20.0; // create ties
        }
        PowerLawTail f = PowerLawTail.fit(x, 20);
        // brute force: sup over sample points of |S(x) - P(x)| and |S(x-) - P(x)|, S by counting
        int nTail = 0;
        for (double v : x) {
            if (v >= f.xMin()) {
                nTail++;
            }
        }
        assertEquals(nTail, f.nTail(), "tail size by counting");
        double d = 0;
        for (double v : x) {
            if (v < f.xMin()) {
                continue;
            }
            int le = 0;
            int lt = 0;
            for (double w : x) {
                if (w >= f.xMin() && w <= v) {
                    le++;
                }
                if (w >= f.xMin() && w < v) {
                    lt++;
                }
            }
            double p = 1 - Math.pow(v / f.xMin(), 1 - f.alpha());
            d = Math.max(d, Math.max(Math.abs((double) le / nTail - p), Math.abs((double) lt / nTail - p)));
        }
        assertEquals(d, f.ksDistance(), 1e-12, "KS distance equals brute-force counting within 1e-12");
    }

    /**
     * Exact spectra lambda_k = k^(-2 beta): the density exponent is 1 + 1/(2 beta) (not 1 + 1/beta).
     * With xMin the smallest value the MLE is exactly 1 + n / (2 beta (n ln n - ln n!)), which tends
     * to 1 + 1/(2 beta) since ln n! = n ln n - n + O(ln n).
     */
    @Test
    void exactSpectrumConfirmsAlphaOnePlusOneOverTwoBeta() {
        int n = 1000;
        for (double beta : new double[] {0.55, 1.0, 2.0}) {
            double[] ev = BetaFitTest.powerLaw(n, 1.0, beta);
            PowerLawTail f = PowerLawTail.fit(ev);
            double lnFact = 0;
            for (int k = 2; k <= n; k++) {
                lnFact += Math.log(k);
            }
            assertEquals(n, f.nTail(), "KS keeps the whole exact spectrum as the tail");
            double exact = 1 + n / (2 * beta * (n * Math.log(n) - lnFact));
            assertEquals(exact, f.alpha(), 1e-9, "MLE equals the closed form for the whole spectrum (1e-9)");
            double predicted = PowerLawTail.alphaFromBeta(beta);
            assertEquals(1 + 1 / (2 * beta), predicted, 0.0, "alphaFromBeta = 1 + 1/(2 beta)");
            assertEquals(predicted, f.alpha(), 0.01 * (predicted - 1),
                    "alpha within 1% of (alpha - 1) of 1 + 1/(2 beta) for beta = " + beta);
            double wrong = 1 + 1 / beta;
            assertTrue(Math.abs(f.alpha() - wrong) > 20 * Math.abs(f.alpha() - predicted),
                    "1 + 1/beta is far off for lambda_k = k^(-2 beta): alpha = " + f.alpha() + " vs " + wrong);
            assertEquals(beta, PowerLawTail.betaFromAlpha(predicted), 1e-12, "betaFromAlpha inverts alphaFromBeta");
        }
    }

    @Test
    void rejectsBadInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PowerLawTail.fit(new double[] {1, Double.NaN}));
        assertTrue(e.getMessage().contains("element 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PowerLawTail.fit(new double[] {1, 1, 1, 1}, 2));
        assertTrue(e.getMessage().contains("distinct"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> PowerLawTail.fitFixedXmin(new double[] {1, 2}, 0));
        assertTrue(e.getMessage().startsWith("xMin"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PowerLawTail.alphaFromBeta(0), "beta = 0 rejected");
        assertThrows(IllegalArgumentException.class, () -> PowerLawTail.betaFromAlpha(1), "alpha = 1 rejected");
    }

    private static double logLik(double[] x, double xMin, double a) {
        double s = 0;
        for (double v : x) {
            s += Math.log((a - 1) / xMin) - a * Math.log(v / xMin);
        }
        return s;
    }
}
