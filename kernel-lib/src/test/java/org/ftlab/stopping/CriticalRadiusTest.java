package org.ftlab.stopping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CriticalRadiusTest {

    private static double[] randomSpectrum(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] ev = new double[n];
        for (int i = 0; i < n; i++) {
            ev[i] = Math.pow(i + 1, -1.2) * Math.exp(0.3 * rng.nextGaussian());
        }
        ev[n - 1] = 0; // one zero eigenvalue
        return ev;
    }

    /**
     * Independent closed form: on the segment rho^2 = u in [lambda_(k+1), lambda_k] (descending,
     * k eigenvalues above u) R^2 = (k u + S_k)/N with S_k the sum of the others; R = c u gives
     * c^2 N u^2 - k u - S_k = 0.
     */
    private static double piecewiseRoot(double[] ev, double c) {
        double[] d = ev.clone();
        Arrays.sort(d);
        int n = d.length;
        for (int k = 0; k <= n; k++) {
            double upper = k == 0 ? Double.POSITIVE_INFINITY : d[n - k];
            double lower = k == n ? 0 : d[n - k - 1];
            double sk = 0;
            for (int i = 0; i < n - k; i++) {
                sk += d[i];
            }
            double a = c * c * n;
            double u = (k + Math.sqrt((double) k * k + 4 * a * sk)) / (2 * a);
            if (u >= lower && u <= upper) {
                return Math.sqrt(u);
            }
        }
        throw new AssertionError("no segment root");
    }

    @Test
    void rademacherMatchesLoop() {
        double[] ev = randomSpectrum(50, 1);
        RademacherComplexity r = new RademacherComplexity(ev);
        for (double rho : new double[] {0, 1e-6, 0.01, 0.1, 0.3, 0.7, 1, 10, Double.POSITIVE_INFINITY}) {
            double loop = Math.sqrt(Fixtures.rademacherSquared(ev, rho));
            assertEquals(loop, r.value(rho), 1e-15 + 1e-13 * loop, "R_K(" + rho + ") equals the plain loop of eq. (10)");
        }
        assertEquals(50, r.n(), "N");
        assertThrows(IllegalArgumentException.class, () -> new RademacherComplexity(new double[] {1, -0.1}),
                "negative eigenvalue rejected");
    }

    @Test
    void matchesPiecewiseClosedForm() {
        double[] ev = randomSpectrum(80, 2);
        for (double sigma : new double[] {1e-4, 0.01, 0.1, 1, 10, 1000}) {
            for (double cH : new double[] {0.3, 1, 3}) {
                double c = cH * cH / (2 * Math.E * sigma);
                double expected = piecewiseRoot(ev, c);
                double got = CriticalRadius.solve(ev, sigma, cH);
                assertEquals(expected, got, 1e-12 * expected,
                        "rho-hat equals the piecewise-quadratic root (rel 1e-12), sigma=" + sigma + " cH=" + cH);
                RademacherComplexity r = new RademacherComplexity(ev);
                assertTrue(r.value(got) <= c * got * got, "eq. (11) holds at rho-hat");
                double below = got * (1 - 1e-9);
                assertFalse(r.value(below) <= c * below * below, "eq. (11) fails just below rho-hat (smallest solution)");
            }
        }
    }

    @Test
    void matchesBruteForceGridSearch() {
        double[] ev = randomSpectrum(30, 3);
        double sigma = 0.05;
        double c = 1 / (2 * Math.E * sigma);
        double got = CriticalRadius.solve(ev, sigma, 1.0);
        // scan a geometric grid from 1e-8 to 1e2 for the first point where eq. (11) holds
        double prev = 0;
        double first = Double.NaN;
        for (int i = 0; i <= 200_000; i++) {
            double rho = 1e-8 * Math.pow(1e10, i / 200_000.0);
            if (Math.sqrt(Fixtures.rademacherSquared(ev, rho)) <= c * rho * rho) {
                first = rho;
                break;
            }
            prev = rho;
        }
        assertTrue(got > prev && got <= first, "rho-hat " + got + " lies in the grid cell (" + prev + ", " + first + "]");
    }

    @Test
    void singleEigenvalueClosedForm() {
        // N = 1: R(rho) = min(sqrt(l), rho). Root 1/c if 1/c^2 <= l, else (sqrt(l)/c)^(1/2).
        double l = 0.25;
        double sigma = 1.0 / (2 * Math.E); // c = 1
        assertEquals(Math.sqrt(0.5), CriticalRadius.solve(new double[] {l}, sigma, 1.0), 1e-15,
                "c = 1 > 1/sqrt(l): root sqrt(sqrt(l)/c) = sqrt(0.5)");
        double sigma2 = 1.0 / (2 * Math.E * 4); // c = 4: 1/c^2 = 1/16 <= l
        assertEquals(0.25, CriticalRadius.solve(new double[] {l}, sigma2, 1.0), 1e-15, "root 1/c = 0.25");
    }

    @Test
    void scalingAndEdgeCases() {
        double[] ev = randomSpectrum(40, 4);
        assertEquals(CriticalRadius.solve(ev, 0.2 / 4, 1.0), CriticalRadius.solve(ev, 0.2, 2.0), 1e-15,
                "only C_H^2/sigma matters");
        assertTrue(CriticalRadius.solve(ev, 0.01, 1) < CriticalRadius.solve(ev, 0.1, 1),
                "smaller noise gives a smaller radius");
        assertEquals(0.0, CriticalRadius.solve(new double[] {0, 0, 0}, 0.1, 1.0), 0.0,
                "all-zero spectrum: inequality holds for every rho > 0, infimum 0");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CriticalRadius.solve(ev, 0, 1));
        assertTrue(e.getMessage().startsWith("sigma"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CriticalRadius.solve(ev, 1, Double.NaN));
        assertTrue(e.getMessage().startsWith("cH"), e.getMessage());
    }
}
