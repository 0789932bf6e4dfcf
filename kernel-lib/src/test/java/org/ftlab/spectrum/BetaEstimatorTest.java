package org.ftlab.spectrum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BetaEstimatorTest {

    /** Kernel matrix k(x_i, x_j)/N on N uniform points in [0, 1]. */
    static double[][] kernel(int n, boolean laplace, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rng.nextDouble();
        }
        double[][] k = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double d = Math.abs(x[i] - x[j]);
                k[i][j] = (laplace ? Math.exp(-d / 0.5) : Math.exp(-d * d / (2 * 0.2 * 0.2))) / n;
            }
        }
        return k;
    }

    @Test
    void wholeMatrixSubsampleEqualsDirectFit() {
        double[][] k = kernel(60, true, 1);
        BetaEstimate e = BetaEstimator.builder().setKernel(k).setSubsampleSize(60).optSamples(3).optSeed(5)
                .optWindow(2, 30).build().estimate();
        double direct = BetaFit.fit(SymmetricEigen.eigenvalues(k), 2, 30).beta();
        for (double b : e.betas()) {
            assertEquals(direct, b, 1e-9, "m = N: a permuted principal submatrix has the same spectrum (1e-9)");
        }
        assertEquals(0.0, e.sd(), 1e-9, "identical fits have sd 0");
    }

    @Test
    void laplaceKernelDecaysLikeKToMinusTwoAndRbfFaster() {
        // Laplace kernel exp(-|x-y|/l) in 1-D: RKHS = Sobolev H^1, eigenvalues ~ k^-2, i.e. beta = 1.
        double[][] lap = kernel(400, true, 3);
        BetaEstimate e = BetaEstimator.builder().setKernel(lap).setSubsampleSize(100).optSamples(100).optSeed(1)
                .optWindow(5, 50).build().estimate();
        assertEquals(1.0, e.mean(), 0.1, "Laplace beta within 0.1 of the asymptotic 1 (finite-m bias measured ~0.05)");
        assertTrue(e.sd() > 0 && e.sd() < 0.05, "subsample sd small but positive, got " + e.sd());
        assertEquals(100, e.fits().size(), "100 subsamples as in paper 1");
        double mean = 0;
        for (double b : e.betas()) {
            mean += b / 100;
        }
        double ss = 0;
        for (double b : e.betas()) {
            ss += (b - mean) * (b - mean);
        }
        assertEquals(mean, e.mean(), 1e-12, "mean recomputed from the fits");
        assertEquals(Math.sqrt(ss / 99), e.sd(), 1e-12, "sd (n-1) recomputed from the fits");

        // Gaussian RBF: super-polynomial decay, much larger fitted beta and a worse log-log line
        BetaEstimate rbf = BetaEstimator.builder().setKernel(kernel(400, false, 3)).setSubsampleSize(100)
                .optSamples(20).optSeed(1).optWindow(5, 50).build().estimate();
        assertTrue(rbf.mean() > 3 * e.mean(), "RBF beta " + rbf.mean() + " >> Laplace beta " + e.mean());
        assertTrue(rbf.fits().get(0).rSquared() < e.fits().get(0).rSquared(),
                "RBF spectrum is less of a power law (lower R^2)");
    }

    @Test
    void sameSeedSameNumbers() {
        double[][] k = kernel(120, true, 2);
        BetaEstimator.Builder b = BetaEstimator.builder().setKernel(k).setSubsampleSize(40).optSamples(5)
                .optWindow(2, 20);
        double[] a1 = b.optSeed(9).build().estimate().betas();
        double[] a2 = b.optSeed(9).build().estimate().betas();
        double[] a3 = b.optSeed(10).build().estimate().betas();
        assertArrayEquals(a1, a2, 0.0, "same seed gives identical betas");
        assertNotEquals(a1[0], a3[0], "another seed draws other subsamples");
    }

    @Test
    void rejectsBadSettings() {
        double[][] k = kernel(10, true, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BetaEstimator.builder().setKernel(k).setSubsampleSize(11).build());
        assertTrue(e.getMessage().startsWith("subsampleSize"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> BetaEstimator.builder().setKernel(k).setSubsampleSize(5).optWindow(1, 6).build());
        assertTrue(e.getMessage().startsWith("window"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> BetaEstimator.builder().setSubsampleSize(5).build());
        assertTrue(e.getMessage().startsWith("kernel"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> BetaEstimator.builder().setKernel(k).setSubsampleSize(5).optSamples(0).build());
        assertTrue(e.getMessage().startsWith("samples"), e.getMessage());
    }
}
