package org.ftlab.stopping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import java.util.function.IntToDoubleFunction;
import org.ftlab.spectrum.SymmetricEigen;
import org.junit.jupiter.api.Test;

class StoppingRuleTest {

    /** Raskutti et al.'s rule by a linear scan: first t with R(1/sqrt(eta_t)) > cH^2/(2 e sigma eta_t), minus 1. */
    private static int linearScan(double[] ev, double sigma, double cH, IntToDoubleFunction eta, int limit) {
        for (int t = 1; t <= limit; t++) {
            double e = eta.applyAsDouble(t);
            if (Math.sqrt(Fixtures.rademacherSquared(ev, 1 / Math.sqrt(e))) > cH * cH / (2 * Math.E * sigma * e)) {
                return t - 1;
            }
        }
        return -1;
    }

    @Test
    void tMaxMatchesLinearScanAndCriticalRadius() {
        double[] ev = SymmetricEigen.eigenvalues(new Fixtures.Problem(60, 1).k);
        RademacherComplexity r = new RademacherComplexity(ev);
        double eps = 1.0;
        for (double sigma : new double[] {0.02, 0.1, 0.5}) {
            for (double cH : new double[] {0.5, 1, 2}) {
                OptionalInt t = StoppingRule.tMax(r, sigma, cH, eps, 200_000);
                int scan = linearScan(ev, sigma, cH, s -> eps * s, 200_000);
                assertTrue(t.isPresent() && scan >= 0, "rule stops within the limit");
                assertEquals(scan, t.getAsInt(), "binary search equals the linear scan, sigma=" + sigma + " cH=" + cH);
                double rho = CriticalRadius.solve(r, sigma, cH);
                double etaStar = 1 / (rho * rho);
                // T_max is the largest t with eta_t <= 1/rho^2 (up to round-off at the boundary)
                assertTrue(eps * t.getAsInt() <= etaStar * (1 + 1e-9) && eps * (t.getAsInt() + 1) > etaStar * (1 - 1e-9),
                        "eta_Tmax <= 1/rho^2 < eta_(Tmax+1): T=" + t.getAsInt() + " 1/rho^2=" + etaStar);
            }
        }
    }

    @Test
    void generalScheduleMatchesLinearScan() {
        double[] ev = SymmetricEigen.eigenvalues(new Fixtures.Problem(40, 2).k);
        RademacherComplexity r = new RademacherComplexity(ev);
        // decreasing steps alpha_tau = 0.9/sqrt(1 + tau): eta_t = sum_{tau < t} alpha_tau
        double[] eta = new double[100_001];
        for (int t = 1; t < eta.length; t++) {
            eta[t] = eta[t - 1] + 0.9 / Math.sqrt(t);
        }
        IntToDoubleFunction schedule = t -> eta[t];
        int scan = linearScan(ev, 0.05, 1, schedule, 100_000);
        assertEquals(scan, StoppingRule.tMax(r, 0.05, 1, schedule, 100_000).getAsInt(),
                "variable step sizes: binary search equals linear scan");
    }

    @Test
    void edgeCases() {
        RademacherComplexity zero = new RademacherComplexity(new double[] {0, 0});
        assertTrue(StoppingRule.tMax(zero, 0.1, 1, 1.0, 1000).isEmpty(), "all-zero spectrum never stops");
        RademacherComplexity r = new RademacherComplexity(new double[] {0.5, 0.1});
        // huge step: exceeded already at t = 1 -> T_max = 0
        double rho = CriticalRadius.solve(r, 0.1, 1);
        assertEquals(0, StoppingRule.tMax(r, 0.1, 1, 2 / (rho * rho), 10).getAsInt(), "first step already past 1/rho^2");
        assertTrue(StoppingRule.tMax(r, 0.1, 1, 1e-9, 5).isEmpty(), "tiny step: not stopped within the limit");
        assertThrows(IllegalArgumentException.class, () -> StoppingRule.tMax(r, 0.1, 1, 0.0, 5), "step 0 rejected");
        assertThrows(IllegalArgumentException.class, () -> StoppingRule.tMax(r, 0.1, 1, 1.0, 0), "tLimit 0 rejected");
    }

    @Test
    void tOpMinimisesEquation36() {
        assertEquals(57, StoppingRule.tOp(57, 0.5, 1.0, t -> 0.0), "g = 0: T_op = T_max");
        assertEquals(0, StoppingRule.tOp(0, 0.5, 1.0, t -> 0.0), "T_max = 0: T_op = 0");
        // g linear: C/(eps tau) + kappa tau is minimised near sqrt(C/(eps kappa)) = 100
        double eps = 0.5;
        double c = 2.0;
        double kappa = 4e-4;
        int t = StoppingRule.tOp(1000, eps, c, s -> kappa * s);
        int brute = 1;
        for (int s = 1; s <= 1000; s++) {
            if (c / (eps * s) + kappa * s < c / (eps * brute) + kappa * brute) {
                brute = s;
            }
        }
        assertEquals(brute, t, "equals the brute-force argmin");
        assertEquals(100, t, 1, "near the continuous minimiser sqrt(C/(eps kappa)) = 100");
        assertEquals(30, StoppingRule.tOp(30, eps, c, s -> kappa * s), "capped by T_max when the minimiser is later");
        // step-like g: jump at tau = 20 makes the earlier tau optimal
        assertEquals(19, StoppingRule.tOp(50, 1.0, 1.0, s -> s < 20 ? 0 : 1), "jump in g: stop just before it");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StoppingRule.tOp(10, 1.0, 1.0, s -> -s));
        assertTrue(e.getMessage().contains("non-decreasing") && e.getMessage().contains("g(2)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StoppingRule.tOp(10, 1.0, 0.0, s -> 0), "C = 0 rejected");
    }

    @Test
    void biasVarianceConstant() {
        assertEquals(1 / (2 * Math.E) + 1 / (4 * Math.E * Math.E), StoppingRule.biasVarianceConstant(1), 1e-16,
                "C(1) = 1/(2e) + 1/(4e^2)");
        assertEquals(4 / (2 * Math.E) + 16 / (4 * Math.E * Math.E), StoppingRule.biasVarianceConstant(2), 1e-15,
                "C(2) = 4/(2e) + 16/(4e^2)");
    }
}
