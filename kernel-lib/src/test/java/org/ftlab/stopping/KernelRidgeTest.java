package org.ftlab.stopping;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ftlab.spectrum.SymmetricEigen;
import org.junit.jupiter.api.Test;

class KernelRidgeTest {

    /** K (K + lambda I)^-1 as a dense matrix, by EJML inversion (no eigendecomposition). */
    private static DMatrixRMaj hat(double[][] k, double lambda) {
        DMatrixRMaj km = new DMatrixRMaj(k);
        DMatrixRMaj a = km.copy();
        for (int i = 0; i < k.length; i++) {
            a.add(i, i, lambda);
        }
        DMatrixRMaj inv = new DMatrixRMaj(k.length, k.length);
        assertTrue(CommonOps_DDRM.invert(a, inv), "K + lambda I invertible");
        DMatrixRMaj h = new DMatrixRMaj(k.length, k.length);
        CommonOps_DDRM.mult(km, inv, h);
        return h;
    }

    @Test
    void fittedEqualsDirectSolve() {
        int n = 14;
        double[][] k = Fixtures.randomPsd(n, 1);
        double[] r0 = Fixtures.gaussian(n, 1, new SplittableRandom(2));
        KernelRidge krr = KernelRidge.of(k);
        for (double lambda : new double[] {1e-4, 0.01, 0.3, 10}) {
            DMatrixRMaj h = hat(k, lambda);
            double[] direct = new double[n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    direct[i] += h.get(i, j) * r0[j];
                }
            }
            assertTrue(Fixtures.maxAbsDiff(direct, krr.fitted(r0, lambda)) < 1e-11,
                    "U diag(l/(l+lambda)) U^T r0 = K (K + lambda I)^-1 r0 within 1e-11, lambda=" + lambda);
        }
        assertArrayEquals(new double[n], krr.fitted(r0, Double.POSITIVE_INFINITY), 0.0, "lambda = inf gives f_PT");
        assertTrue(Fixtures.maxAbsDiff(r0, krr.fitted(r0, 0.0)) < 1e-9, "lambda = 0 interpolates a full-rank K");
    }

    /** Eq. (27) solved in parameter space: the normalisation K = J J^T / N makes lambda the same number. */
    @Test
    void equation27InParameterSpace() {
        int n = 10;
        int p = 30;
        int m = 3;
        SplittableRandom rng = new SplittableRandom(3);
        DMatrixRMaj j = new DMatrixRMaj(n, p);
        DMatrixRMaj jTest = new DMatrixRMaj(m, p);
        for (int i = 0; i < n * p; i++) {
            j.set(i, rng.nextGaussian());
        }
        for (int i = 0; i < m * p; i++) {
            jTest.set(i, rng.nextGaussian());
        }
        double[] r0 = Fixtures.gaussian(n, 1, rng);
        double lambda = 0.05;
        // w = (J^T J / N + lambda I)^-1 J^T r0 / N minimises (1/N)||r0 - J w||^2 + lambda ||w||^2
        DMatrixRMaj a = new DMatrixRMaj(p, p);
        CommonOps_DDRM.multTransA(j, j, a);
        CommonOps_DDRM.scale(1.0 / n, a);
        for (int i = 0; i < p; i++) {
            a.add(i, i, lambda);
        }
        DMatrixRMaj rhs = new DMatrixRMaj(p, 1);
        CommonOps_DDRM.multTransA(j, new DMatrixRMaj(n, 1, true, r0), rhs);
        CommonOps_DDRM.scale(1.0 / n, rhs);
        DMatrixRMaj w = new DMatrixRMaj(p, 1);
        assertTrue(CommonOps_DDRM.solve(a, rhs, w), "normal equations solved");
        DMatrixRMaj fTrain = new DMatrixRMaj(n, 1);
        DMatrixRMaj fTest = new DMatrixRMaj(m, 1);
        CommonOps_DDRM.mult(j, w, fTrain);
        CommonOps_DDRM.mult(jTest, w, fTest);

        DMatrixRMaj kk = new DMatrixRMaj(n, n);
        CommonOps_DDRM.multTransB(j, j, kk);
        CommonOps_DDRM.scale(1.0 / n, kk);
        DMatrixRMaj kt = new DMatrixRMaj(m, n);
        CommonOps_DDRM.multTransB(jTest, j, kt);
        CommonOps_DDRM.scale(1.0 / n, kt);
        double[][] k = toArray(kk);
        for (int i = 0; i < n; i++) { // exact symmetry for the validator
            for (int c = 0; c < i; c++) {
                k[i][c] = k[c][i];
            }
        }
        KernelRidge krr = KernelRidge.of(k);
        assertTrue(Fixtures.maxAbsDiff(fTrain.getData(), krr.fitted(r0, lambda)) < 1e-11,
                "eq. (28) J w equals K (K + lambda I)^-1 r0 within 1e-11");
        assertTrue(Fixtures.maxAbsDiff(fTest.getData(), krr.predict(toArray(kt), r0, lambda)) < 1e-11,
                "test predictions J_test w equal K_test (K + lambda I)^-1 r0 within 1e-11");
    }

    @Test
    void riskCurveMatchesExplicitHatMatrix() {
        int n = 12;
        double[][] k = Fixtures.randomPsd(n, 4);
        double[] delta = Fixtures.gaussian(n, 1, new SplittableRandom(5));
        double sigma = 0.4;
        double[] lambdas = {0.001, 0.02, 0.5};
        RiskCurve rc = KernelRidge.of(k).riskCurve(delta, sigma, lambdas);
        for (int l = 0; l < lambdas.length; l++) {
            DMatrixRMaj h = hat(k, lambdas[l]);
            double b = 0;
            double v = 0;
            for (int i = 0; i < n; i++) {
                double fi = 0;
                for (int j = 0; j < n; j++) {
                    fi += h.get(i, j) * delta[j];
                    v += h.get(i, j) * h.get(i, j);
                }
                b += (fi - delta[i]) * (fi - delta[i]);
            }
            assertEquals(b / n, rc.bias2()[l], 1e-12, "bias^2 = (1/N)||H delta - delta||^2, lambda=" + lambdas[l]);
            assertEquals(sigma * sigma * v / n, rc.variance()[l], 1e-12, "variance = sigma^2/N ||H||_F^2");
        }
    }

    @Test
    void earlyStoppedGdVersusRidge() {
        Fixtures.Problem pr = new Fixtures.Problem(150, 6);
        SymmetricEigen eig = SymmetricEigen.of(pr.k);
        double eps = 1.0 / eig.values()[0];
        double sigma = 0.2;
        int horizon = 3000;
        RidgeComparison cmp = KernelRidge.compareWithGradientDescent(eig, pr.delta, sigma, eps, horizon);
        assertEquals(horizon + 1, cmp.gd().size(), "GD curve t = 0..horizon");
        assertEquals(Double.POSITIVE_INFINITY, cmp.lambdas()[0], 0.0, "lambda_0 = inf");
        assertEquals(1 / (eps * 7), cmp.lambdas()[7], 1e-15, "lambda_t = 1/(eps t)");
        for (int t = 1; t <= horizon; t++) {
            // shrinkage 1 - (1 - x)^t >= 1 - e^{-tx} >= tx/(1 + tx) for x = eps lambda_i in [0, 1]
            assertTrue(cmp.gd().bias2()[t] <= cmp.ridge().bias2()[t] * (1 + 1e-12),
                    "GD bias^2 <= KRR bias^2 at matched lambda, t=" + t);
            assertTrue(cmp.gd().variance()[t] >= cmp.ridge().variance()[t] * (1 - 1e-12),
                    "GD variance >= KRR variance at matched lambda, t=" + t);
        }
        double minGd = Double.POSITIVE_INFINITY;
        double minRidge = Double.POSITIVE_INFINITY;
        for (int t = 0; t <= horizon; t++) {
            minGd = Math.min(minGd, cmp.gd().risk()[t]);
            minRidge = Math.min(minRidge, cmp.ridge().risk()[t]);
        }
        assertEquals(minGd, cmp.bestGdRisk(), 0.0, "best GD risk is the curve minimum");
        assertEquals(minRidge, cmp.bestRidgeRisk(), 0.0, "best KRR risk is the curve minimum");
        assertEquals(cmp.gd().risk()[cmp.bestT()], cmp.bestGdRisk(), 0.0, "bestT indexes the minimum");
        assertTrue(cmp.bestT() > 0 && cmp.bestT() < horizon, "interior optimum (U-shaped risk), t=" + cmp.bestT());
        RademacherComplexity r = new RademacherComplexity(eig.values());
        int tMax = StoppingRule.tMax(r, sigma, pr.cH, eps, 1_000_000).getAsInt();
        System.out.printf("[measured] N=150 Laplace, sigma=%.2f, C_H=%.3f: best GD risk %.5f at t=%d; best KRR risk %.5f at"
                + " lambda=%.4g; ratio %.3f; T_max=%d with risk %.5f (%.2fx best)%n", sigma, pr.cH, cmp.bestGdRisk(),
                cmp.bestT(), cmp.bestRidgeRisk(), cmp.bestLambda(), cmp.bestGdRisk() / cmp.bestRidgeRisk(), tMax,
                cmp.gd().risk()[Math.min(tMax, horizon)], cmp.gd().risk()[Math.min(tMax, horizon)] / cmp.bestGdRisk());
    }

    @Test
    void rejectsBadInput() {
        KernelRidge krr = KernelRidge.of(new double[][] {{1, 0}, {0, 1}});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> krr.fitted(new double[] {1, 2}, -1));
        assertTrue(e.getMessage().startsWith("lambda"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> krr.riskCurve(new double[] {1, 2}, -1, new double[] {1}));
        assertTrue(e.getMessage().startsWith("sigma"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> KernelRidge.lambdaFor(0, 3));
        assertTrue(e.getMessage().startsWith("stepSize"), e.getMessage());
    }

    private static double[][] toArray(DMatrixRMaj m) {
        double[][] a = new double[m.numRows][m.numCols];
        for (int i = 0; i < m.numRows; i++) {
            for (int j = 0; j < m.numCols; j++) {
                a[i][j] = m.get(i, j);
            }
        }
        return a;
    }
}
