package org.ftlab.spectrum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SymmetricEigenTest {

    static double[][] randomPsd(int n, int rank, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] b = new double[n][rank];
        for (double[] row : b) {
            for (int j = 0; j < rank; j++) {
                row[j] = rng.nextGaussian();
            }
        }
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < rank; k++) {
                    s += b[i][k] * b[j][k];
                }
                a[i][j] = s / n;
            }
        }
        return a;
    }

    @Test
    void twoByTwoClosedForm() {
        // [[a, b], [b, a]] has eigenvalues a + b, a - b with vectors (1, 1)/sqrt2, (1, -1)/sqrt2
        SymmetricEigen e = SymmetricEigen.of(new double[][] {{2, 1}, {1, 2}});
        assertArrayEquals(new double[] {3, 1}, e.values(), 1e-14, "eigenvalues a+b, a-b within 1e-14");
        double r = Math.sqrt(0.5);
        double[][] v = e.vectors();
        assertEquals(1.0, Math.abs(v[0][0] * r + v[0][1] * r), 1e-14, "first vector is +-(1,1)/sqrt2 (|cos| = 1 within 1e-14)");
        assertEquals(1.0, Math.abs(v[1][0] * r - v[1][1] * r), 1e-14, "second vector is +-(1,-1)/sqrt2 within 1e-14");
    }

    @Test
    void diagonalIsSortedDescendingWithPermutedVectors() {
        SymmetricEigen e = SymmetricEigen.of(new double[][] {{1, 0, 0}, {0, 5, 0}, {0, 0, 3}});
        assertArrayEquals(new double[] {5, 3, 1}, e.values(), 1e-15, "sorted descending, exact within 1e-15");
        double[][] v = e.vectors();
        assertEquals(1.0, Math.abs(v[0][1]), 1e-15, "vector of 5 is e2");
        assertEquals(1.0, Math.abs(v[1][2]), 1e-15, "vector of 3 is e3");
        assertEquals(1.0, Math.abs(v[2][0]), 1e-15, "vector of 1 is e1");
    }

    @Test
    void tridiagonalMatchesKnownSpectrum() {
        // tridiag(-1, 2, -1) of size n: lambda_k = 2 - 2 cos(k pi / (n + 1)), k = 1..n
        int n = 12;
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            a[i][i] = 2;
            if (i > 0) {
                a[i][i - 1] = -1;
                a[i - 1][i] = -1;
            }
        }
        double[] got = SymmetricEigen.eigenvalues(a);
        for (int k = 1; k <= n; k++) {
            double expected = 2 - 2 * Math.cos((n + 1 - k) * Math.PI / (n + 1)); // descending
            assertEquals(expected, got[k - 1], 1e-13, "eigenvalue " + k + " = 2 - 2cos(j pi/(n+1)) within 1e-13");
        }
    }

    @Test
    void randomPsdReconstructsAndIsOrthonormal() {
        int n = 40;
        double[][] a = randomPsd(n, n, 3);
        SymmetricEigen e = SymmetricEigen.of(a);
        double[] lam = e.values();
        double[][] u = e.vectors();
        double maxErr = 0;
        double maxOrth = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                double d = 0;
                for (int k = 0; k < n; k++) {
                    s += u[k][i] * lam[k] * u[k][j];
                    d += u[i][k] * u[j][k];
                }
                maxErr = Math.max(maxErr, Math.abs(s - a[i][j]));
                maxOrth = Math.max(maxOrth, Math.abs(d - (i == j ? 1 : 0)));
            }
        }
        assertTrue(maxErr < 1e-12, "U^T diag(lambda) U reconstructs A within 1e-12, got " + maxErr);
        assertTrue(maxOrth < 1e-12, "eigenvectors orthonormal within 1e-12, got " + maxOrth);
        double trace = 0;
        for (int i = 0; i < n; i++) {
            trace += a[i][i];
        }
        double sum = 0;
        for (double l : lam) {
            sum += l;
        }
        assertEquals(trace, sum, 1e-12, "sum of eigenvalues = trace within 1e-12");
        assertArrayEquals(lam, SymmetricEigen.eigenvalues(a), 1e-12,
                "values-only decomposition agrees with the one with vectors within 1e-12");
    }

    @Test
    void lowRankRoundOffIsClippedToZero() {
        double[][] a = randomPsd(20, 2, 5);
        double[] lam = SymmetricEigen.eigenvalues(a);
        assertTrue(lam[1] > 0.01, "two clearly positive eigenvalues, got " + lam[1]);
        for (int k = 2; k < 20; k++) {
            assertTrue(lam[k] >= 0 && lam[k] < 1e-13, "rank-2 matrix: eigenvalue " + k
                    + " is round-off in [0, 1e-13), got " + lam[k]);
        }
    }

    @Test
    void rejectsBadMatrices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SymmetricEigen.of(new double[][] {{0, 1}, {1, 0}}));
        assertTrue(e.getMessage().contains("-1.0") && e.getMessage().contains("positive semi-definite"),
                "indefinite matrix reported with its negative eigenvalue: " + e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SymmetricEigen.of(new double[][] {{1, 2}, {0, 1}}));
        assertTrue(e.getMessage().contains("not symmetric") && e.getMessage().contains("a[0][1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SymmetricEigen.of(new double[][] {{1, 2, 3}, {2, 1, 0}}));
        assertTrue(e.getMessage().contains("not square"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SymmetricEigen.of(new double[][] {{1, Double.NaN}, {Double.NaN, 1}}));
        assertTrue(e.getMessage().contains("[0][1]") && e.getMessage().contains("finite"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SymmetricEigen.decompose(new double[][] {{1}}, false, -1));
        assertTrue(e.getMessage().startsWith("tolerance"), e.getMessage());
        // within tolerance: tiny asymmetry accepted
        SymmetricEigen ok = SymmetricEigen.decompose(new double[][] {{2, 1 + 1e-7}, {1, 2}}, false, 1e-6);
        assertEquals(3, ok.values()[0], 1e-6, "symmetric part decomposed");
        assertThrows(IllegalStateException.class, ok::vectors, "vectors not computed");
    }
}
