package org.ftlab.stopping;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.ftlab.spectrum.SymmetricEigen;
import org.junit.jupiter.api.Test;

class KernelGradientDescentTest {

    /** Explicit function-space GD f <- f + eps K (r0 - f) from f = 0, all iterates. */
    static double[][] iterate(double[][] k, double[] r0, double eps, int steps) {
        int n = r0.length;
        double[][] f = new double[steps + 1][n];
        for (int t = 1; t <= steps; t++) {
            double[] res = new double[n];
            for (int i = 0; i < n; i++) {
                res[i] = r0[i] - f[t - 1][i];
            }
            double[] g = Fixtures.times(k, res);
            for (int i = 0; i < n; i++) {
                f[t][i] = f[t - 1][i] + eps * g[i];
            }
        }
        return f;
    }

    @Test
    void closedFormMatchesExplicitIteration() {
        int n = 15;
        double[][] k = Fixtures.randomPsd(n, 1);
        double lmax = SymmetricEigen.eigenvalues(k)[0];
        double[] r0 = Fixtures.gaussian(n, 1.0, new SplittableRandom(2));
        KernelGradientDescent gd = KernelGradientDescent.of(k);
        for (double eps : new double[] {0.3 / lmax, 1.0 / lmax, 1.7 / lmax}) {
            double[][] f = iterate(k, r0, eps, 60);
            for (int t = 0; t <= 60; t += 7) {
                double err = Fixtures.maxAbsDiff(f[t], gd.fitted(r0, eps, t));
                assertTrue(err < 1e-12, "closed form = explicit iteration within 1e-12 at t=" + t
                        + ", eps*lmax=" + eps * lmax + ", got " + err);
            }
            double[] mse = gd.trainMse(r0, eps, 60);
            for (int t = 0; t <= 60; t++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += (r0[i] - f[t][i]) * (r0[i] - f[t][i]);
                }
                assertEquals(s / n, mse[t], 1e-12 * (1 + s / n), "train MSE (1/N)||y - f_t||^2 at t=" + t);
            }
        }
    }

    @Test
    void twoByTwoClosedForm() {
        // K = [[a, b], [b, a]]: eigenvalues a +- b on (1, +-1)/sqrt2; r0 = (1, 0) splits evenly
        double a = 0.5;
        double b = 0.2;
        double eps = 1.0;
        KernelGradientDescent gd = KernelGradientDescent.of(new double[][] {{a, b}, {b, a}});
        for (int t = 0; t <= 10; t++) {
            double sp = 1 - Math.pow(1 - eps * (a + b), t);
            double sm = 1 - Math.pow(1 - eps * (a - b), t);
            double[] expected = {0.5 * (sp + sm), 0.5 * (sp - sm)};
            assertArrayEquals(expected, gd.fitted(new double[] {1, 0}, eps, t), 1e-15,
                    "f_t = (s+ (1,1) + s- (1,-1))/2 within 1e-15 at t=" + t);
        }
    }

    @Test
    void parameterSpaceGradientDescentOnLinearisedModel() {
        // f = J theta, loss (1/2N)||r0 - J theta||^2: theta <- theta + (eps/N) J^T (r0 - J theta); K = J J^T / N (eq. 7)
        int n = 12;
        int p = 25;
        int m = 4;
        SplittableRandom rng = new SplittableRandom(5);
        double[][] j = new double[n][p];
        double[][] jt = new double[m][p];
        for (double[] row : j) {
            for (int c = 0; c < p; c++) {
                row[c] = rng.nextGaussian();
            }
        }
        for (double[] row : jt) {
            for (int c = 0; c < p; c++) {
                row[c] = rng.nextGaussian();
            }
        }
        double[][] k = new double[n][n];
        double[][] kTest = new double[m][n];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                k[a][b] = dot(j[a], j[b]) / n;
            }
        }
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < n; b++) {
                kTest[a][b] = dot(jt[a], j[b]) / n;
            }
        }
        double[] r0 = Fixtures.gaussian(n, 1, rng);
        KernelGradientDescent gd = KernelGradientDescent.of(k);
        double eps = 0.9 / gd.eigenvalues()[0];
        double[] theta = new double[p];
        for (int t = 1; t <= 40; t++) {
            double[] res = new double[n];
            for (int a = 0; a < n; a++) {
                res[a] = r0[a] - dot(j[a], theta);
            }
            for (int c = 0; c < p; c++) {
                double g = 0;
                for (int a = 0; a < n; a++) {
                    g += j[a][c] * res[a];
                }
                theta[c] += eps * g / n;
            }
            if (t % 10 == 0) {
                double[] fTrain = new double[n];
                for (int a = 0; a < n; a++) {
                    fTrain[a] = dot(j[a], theta);
                }
                double[] fTest = new double[m];
                for (int a = 0; a < m; a++) {
                    fTest[a] = dot(jt[a], theta);
                }
                double scale = 1 + Fixtures.maxAbs(fTest);
                assertTrue(Fixtures.maxAbsDiff(fTrain, gd.fitted(r0, eps, t)) < 1e-11,
                        "train predictions = J theta_t within 1e-11 at t=" + t);
                assertTrue(Fixtures.maxAbsDiff(fTest, gd.predict(kTest, r0, eps, t)) < 1e-11 * scale,
                        "test predictions = J_test theta_t within 1e-11 at t=" + t);
            }
        }
    }

    @Test
    void zeroEigenvalueDirectionAtTestPoints() {
        // K = diag(0.5, 0): the second residual never shrinks, so the test point fed by it moves by eps*t*r0_2
        KernelGradientDescent gd = KernelGradientDescent.of(new double[][] {{0.5, 0}, {0, 0}});
        double[][] kTest = {{0.3, 0.2}};
        double[] r0 = {1.0, 2.0};
        double eps = 0.7;
        double fTest = 0;
        double[] f = {0, 0};
        for (int t = 1; t <= 9; t++) {
            double res0 = r0[0] - f[0];
            double res1 = r0[1] - f[1];
            fTest += eps * (kTest[0][0] * res0 + kTest[0][1] * res1);
            f[0] += eps * 0.5 * res0;
            assertEquals(fTest, gd.predict(kTest, r0, eps, t)[0], 1e-14, "explicit test-point iteration at t=" + t);
        }
    }

    @Test
    void biasAndVarianceMatchExplicitComputations() {
        int n = 10;
        double[][] k = Fixtures.randomPsd(n, 7);
        double[] delta = Fixtures.gaussian(n, 1, new SplittableRandom(8));
        KernelGradientDescent gd = KernelGradientDescent.of(k);
        double eps = 0.8 / gd.eigenvalues()[0];
        double sigma = 0.3;
        RiskCurve rc = gd.riskCurve(delta, sigma, eps, 30);
        double[][] noiseFree = iterate(k, delta, eps, 30);
        // S_t = I - (I - eps K)^t by explicit matrix powers
        double[][] pw = identity(n);
        for (int t = 0; t <= 30; t++) {
            double b = 0;
            double v = 0;
            for (int i = 0; i < n; i++) {
                b += (noiseFree[t][i] - delta[i]) * (noiseFree[t][i] - delta[i]);
                for (int c = 0; c < n; c++) {
                    double s = (i == c ? 1 : 0) - pw[i][c];
                    v += s * s;
                }
            }
            assertEquals(b / n, rc.bias2()[t], 1e-13, "bias^2 = (1/N)||f_t(delta) - delta||^2 at t=" + t);
            assertEquals(sigma * sigma * v / n, rc.variance()[t], 1e-13, "variance = sigma^2/N ||S_t||_F^2 at t=" + t);
            assertEquals(rc.bias2()[t] + rc.variance()[t], rc.risk()[t], 1e-15, "risk = bias^2 + variance");
            pw = multiply(pw, minusEpsK(k, eps));
        }
    }

    @Test
    void expectedRiskMatchesMonteCarlo() {
        int n = 8;
        double[][] k = Fixtures.randomPsd(n, 9);
        SplittableRandom rng = new SplittableRandom(10);
        double[] delta = Fixtures.gaussian(n, 1, rng);
        KernelGradientDescent gd = KernelGradientDescent.of(k);
        double eps = 1.0 / gd.eigenvalues()[0];
        double sigma = 0.5;
        int t = 6;
        double expected = gd.riskCurve(delta, sigma, eps, t).risk()[t];
        int draws = 20_000;
        double sum = 0;
        double sum2 = 0;
        for (int d = 0; d < draws; d++) {
            double[] y = Fixtures.gaussian(n, sigma, rng);
            for (int i = 0; i < n; i++) {
                y[i] += delta[i];
            }
            double[] f = gd.fitted(y, eps, t);
            double loss = 0;
            for (int i = 0; i < n; i++) {
                loss += (f[i] - delta[i]) * (f[i] - delta[i]) / n;
            }
            sum += loss;
            sum2 += loss * loss;
        }
        double mean = sum / draws;
        double se = Math.sqrt((sum2 / draws - mean * mean) / draws);
        assertEquals(expected, mean, 4 * se, "Monte Carlo mean of ||f_t - f*||_N^2 within 4 SE (" + 4 * se + ")");
    }

    /** Bounds derived in StoppingRule's Javadoc: B^2 <= C_H^2/(2e eta), V <= sigma^2 eta R^2, risk <= C/eta up to T_max. */
    @Test
    void riskObeysDerivedBoundsUpToTMax() {
        Fixtures.Problem pr = new Fixtures.Problem(100, 11);
        SymmetricEigen eig = SymmetricEigen.of(pr.k);
        KernelGradientDescent gd = KernelGradientDescent.of(eig);
        RademacherComplexity r = new RademacherComplexity(eig.values());
        double eps = 1.0 / eig.values()[0];
        for (double sigma : new double[] {0.05, 0.2, 1.0}) {
            int tMax = StoppingRule.tMax(r, sigma, pr.cH, eps, 1_000_000).getAsInt();
            int horizon = Math.max(tMax, 50);
            RiskCurve rc = gd.riskCurve(pr.delta, sigma, eps, horizon);
            double c = StoppingRule.biasVarianceConstant(pr.cH);
            for (int t = 1; t <= horizon; t++) {
                double eta = eps * t;
                assertTrue(rc.bias2()[t] <= pr.cH * pr.cH / (2 * Math.E * eta) * (1 + 1e-12),
                        "bias^2 <= C_H^2/(2 e eta_t) at t=" + t);
                assertTrue(rc.variance()[t] <= sigma * sigma * eta * Fixtures.rademacherSquared(eig.values(),
                        1 / Math.sqrt(eta)) * (1 + 1e-12), "variance <= sigma^2 eta R_K(1/sqrt eta)^2 at t=" + t);
                if (t <= tMax) {
                    assertTrue(rc.risk()[t] <= c / eta * (1 + 1e-12), "risk <= C/eta_t (eq. 35) at t=" + t
                            + " <= T_max=" + tMax);
                }
            }
        }
    }

    @Test
    void rejectsBadInput() {
        KernelGradientDescent gd = KernelGradientDescent.of(new double[][] {{1, 0}, {0, 1}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> gd.fitted(new double[] {1}, 0.1, 1));
        assertTrue(e.getMessage().startsWith("r0") && e.getMessage().contains("expected N = 2"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> gd.fitted(new double[] {1, 2}, -0.1, 1));
        assertTrue(e.getMessage().startsWith("stepSize"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> gd.predict(new double[][] {{1, 2, 3}}, new double[] {1, 2}, 0.1, 1));
        assertTrue(e.getMessage().startsWith("kTestTrain"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> KernelGradientDescent.of(SymmetricEigen.decompose(new double[][] {{1}}, false, 1e-8)));
        assertTrue(e.getMessage().contains("eigenvectors"), e.getMessage());
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double[][] identity(int n) {
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            m[i][i] = 1;
        }
        return m;
    }

    private static double[][] minusEpsK(double[][] k, double eps) {
        int n = k.length;
        double[][] m = identity(n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                m[i][j] -= eps * k[i][j];
            }
        }
        return m;
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        int n = a.length;
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int l = 0; l < n; l++) {
                for (int j = 0; j < n; j++) {
                    c[i][j] += a[i][l] * b[l][j];
                }
            }
        }
        return c;
    }
}
