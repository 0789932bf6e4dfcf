package org.ftlab.spectrum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

class BetaFitTest {

    static double[] powerLaw(int n, double c, double beta) {
        double[] ev = new double[n];
        for (int k = 1; k <= n; k++) {
            ev[k - 1] = c * Math.pow(k, -2 * beta);
        }
        return ev;
    }

    @Test
    void exactPowerLawRecoversBeta() {
        for (double beta : new double[] {0.3, 0.55, 1.0, 2.0}) {
            BetaFit f = BetaFit.fit(powerLaw(200, 3.7, beta));
            assertEquals(beta, f.beta(), 1e-10, "beta of lambda_k = 3.7 k^(-2 beta) recovered within 1e-10");
            assertEquals(0.0, f.intercept(), 1e-10, "intercept of log(lambda_k/lambda_1) is 0 within 1e-10");
            assertEquals(1.0, f.rSquared(), 1e-12, "R^2 = 1 within 1e-12");
            assertEquals(200, f.nPoints(), "all 200 ranks used");
            assertEquals(-2 * beta, f.slope(), 1e-10, "slope = -2 beta");
        }
    }

    @Test
    void windowIgnoresBentHeadAndZeroTail() {
        double[] ev = powerLaw(120, 1.0, 0.6);
        for (int k = 0; k < 5; k++) {
            ev[k] = 5.0 - k * 0.1; // flat head, still descending
        }
        for (int k = 110; k < 120; k++) {
            ev[k] = 0.0; // rank deficiency
        }
        BetaFit f = BetaFit.fit(ev, 10, 100);
        assertEquals(0.6, f.beta(), 1e-10, "beta exact inside the window [10, 100] within 1e-10");
        // intercept = log(lambda_10 ... ) offset: log(1/5) since the power law has lambda_1 = 1 but ev[0] = 5
        assertEquals(Math.log(1.0 / 5.0), f.intercept(), 1e-10, "intercept = log(1/lambda_1) within 1e-10");
        assertEquals(91, f.nPoints(), "91 points in [10, 100]");
        BetaFit auto = BetaFit.fit(ev);
        assertEquals(110, auto.kMax(), "default window stops before the zero tail");
    }

    @Test
    void noisyPowerLawAgreesWithIndependentLeastSquares() {
        int n = 500;
        double beta = 0.55;
        double noise = 0.05;
        SplittableRandom rng = new SplittableRandom(11);
        double[] ev = powerLaw(n, 1.0, beta);
        for (int k = 0; k < n; k++) {
            ev[k] *= Math.exp(noise * rng.nextGaussian());
        }
        Arrays.sort(ev);
        for (int i = 0; i < n / 2; i++) {
            double t = ev[i];
            ev[i] = ev[n - 1 - i];
            ev[n - 1 - i] = t;
        }
        BetaFit f = BetaFit.fit(ev);
        // independent: solve the normal equations [1 x] [a b]^T = y with EJML
        DMatrixRMaj x = new DMatrixRMaj(n, 2);
        DMatrixRMaj y = new DMatrixRMaj(n, 1);
        double sxx = 0;
        double mx = 0;
        for (int k = 1; k <= n; k++) {
            x.set(k - 1, 0, 1);
            x.set(k - 1, 1, Math.log(k));
            y.set(k - 1, 0, Math.log(ev[k - 1] / ev[0]));
            mx += Math.log(k) / n;
        }
        for (int k = 1; k <= n; k++) {
            sxx += (Math.log(k) - mx) * (Math.log(k) - mx);
        }
        DMatrixRMaj coef = new DMatrixRMaj(2, 1);
        assertTrue(CommonOps_DDRM.solve(x, y, coef), "EJML least squares solved");
        assertEquals(-coef.get(1) / 2, f.beta(), 1e-10, "beta equals EJML least-squares slope/-2 within 1e-10");
        assertEquals(coef.get(0), f.intercept(), 1e-9, "intercept equals EJML's within 1e-9");
        double se = noise / Math.sqrt(sxx) / 2; // standard error of beta for i.i.d. log-noise
        assertEquals(beta, f.beta(), 6 * se, "beta within 6 standard errors (" + 6 * se + ") of the truth");
        assertTrue(f.rSquared() > 0.99 && f.rSquared() < 1, "R^2 high but below 1, got " + f.rSquared());
    }

    @Test
    void rateMatchesEquation30() {
        assertEquals(0.1, BetaFit.rate(100, 0.5), 1e-15, "100^(-1/2) = 0.1");
        assertEquals(Math.pow(1e4, -2.0 / 3.0), BetaFit.rate(1e4, 1.0), 1e-18, "1e4^(-2/3)");
        assertTrue(BetaFit.rate(1000, 50) < 1.2 / 1000, "large beta approaches the parametric rate 1/N");
        assertThrows(IllegalArgumentException.class, () -> BetaFit.rate(0.5, 1), "n < 1 rejected");
        assertThrows(IllegalArgumentException.class, () -> BetaFit.rate(10, 0), "beta = 0 rejected");
    }

    @Test
    void rejectsBadInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BetaFit.fit(new double[] {1, 2, 0.5}));
        assertTrue(e.getMessage().contains("descending") && e.getMessage().contains("index 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BetaFit.fit(new double[] {1, 0.5, 0}, 1, 3));
        assertTrue(e.getMessage().contains("lambda_3") && e.getMessage().contains("not positive"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BetaFit.fit(new double[] {1, 0.5}, 2, 2));
        assertTrue(e.getMessage().startsWith("window"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> BetaFit.fit(new double[] {0, 0}));
        assertTrue(e.getMessage().contains("lambda_1"), e.getMessage());
    }
}
