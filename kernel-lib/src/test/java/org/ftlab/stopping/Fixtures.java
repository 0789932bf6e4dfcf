package org.ftlab.stopping;

import java.util.SplittableRandom;

/** Small synthetic problems and independent (eigen-free) computations shared by the tests. */
final class Fixtures {

    private Fixtures() {
    }

    /** Laplace-kernel regression on N uniform points: K = k(x_i, x_j)/N, delta = N K a in span. */
    static final class Problem {
        final int n;
        final double[] x;
        final double[][] k;
        final double[] delta;
        final double cH;

        Problem(int n, long seed) {
            this.n = n;
            SplittableRandom rng = new SplittableRandom(seed);
            x = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = rng.nextDouble();
            }
            k = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    k[i][j] = laplace(x[i], x[j]) / n;
                }
            }
            // f*(x) = sum_l a_l k(x, x_l) with a few non-zero a_l: delta = (raw kernel) a = N K a
            double[] a = new double[n];
            for (int l = 0; l < 5; l++) {
                a[rng.nextInt(n)] += rng.nextGaussian() * 0.5;
            }
            delta = new double[n];
            double h2 = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    delta[i] += n * k[i][j] * a[j];
                    h2 += a[i] * n * k[i][j] * a[j];
                }
            }
            cH = Math.sqrt(h2); // ||f*||_H^2 = a^T (raw kernel) a
        }

        static double laplace(double u, double v) {
            return Math.exp(-Math.abs(u - v) / 0.5);
        }
    }

    static double[][] randomPsd(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] b = new double[n][n];
        for (double[] row : b) {
            for (int j = 0; j < n; j++) {
                row[j] = rng.nextGaussian();
            }
        }
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += b[i][k] * b[j][k];
                }
                a[i][j] = s / (n * n);
            }
        }
        return a;
    }

    static double[] gaussian(int n, double sd, SplittableRandom rng) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = sd * rng.nextGaussian();
        }
        return v;
    }

    static double[] times(double[][] m, double[] v) {
        double[] out = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            double s = 0;
            for (int j = 0; j < v.length; j++) {
                s += m[i][j] * v[j];
            }
            out[i] = s;
        }
        return out;
    }

    /** R_K(rho)^2 by a plain loop over the eigenvalues, eq. (10). */
    static double rademacherSquared(double[] ev, double rho) {
        double s = 0;
        for (double l : ev) {
            s += Math.min(l, rho * rho);
        }
        return s / ev.length;
    }

    static double maxAbsDiff(double[] a, double[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) {
            m = Math.max(m, Math.abs(v));
        }
        return m;
    }
}
