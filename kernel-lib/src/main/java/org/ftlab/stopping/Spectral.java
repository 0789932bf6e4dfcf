package org.ftlab.stopping;

import org.ftlab.spectrum.SymmetricEigen;

/** Eigenbasis of K shared by the closed forms of gradient descent and ridge regression. */
final class Spectral {

    final double[] lambda;   // descending, >= 0
    final double[][] u;      // u[i] = unit eigenvector of lambda[i]
    final int n;

    Spectral(SymmetricEigen eig) {
        if (!eig.hasVectors()) {
            throw new IllegalArgumentException("eig: eigenvectors are needed; use SymmetricEigen.of(kernel)");
        }
        this.lambda = eig.values();
        this.u = eig.vectors();
        this.n = lambda.length;
    }

    /** Coordinates c_i = u_i . v. */
    double[] project(double[] v, String name) {
        requireLength(v, n, name);
        double[] c = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            double[] ui = u[i];
            for (int j = 0; j < n; j++) {
                s += ui[j] * v[j];
            }
            c[i] = s;
        }
        return c;
    }

    /** sum_i c_i u_i. */
    double[] combine(double[] c) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double ci = c[i];
            if (ci == 0) {
                continue;
            }
            double[] ui = u[i];
            for (int j = 0; j < n; j++) {
                v[j] += ci * ui[j];
            }
        }
        return v;
    }

    /** kTest * (sum_i c_i u_i): predictions at test points from coefficients in the eigenbasis. */
    double[] crossTimes(double[][] kTestTrain, double[] c) {
        if (kTestTrain == null || kTestTrain.length == 0) {
            throw new IllegalArgumentException("kTestTrain: must have at least one row");
        }
        double[] alpha = combine(c);
        double[] out = new double[kTestTrain.length];
        for (int r = 0; r < kTestTrain.length; r++) {
            double[] row = kTestTrain[r];
            if (row == null || row.length != n) {
                throw new IllegalArgumentException("kTestTrain: row " + r + " has "
                        + (row == null ? "no" : row.length) + " columns, expected N = " + n);
            }
            double s = 0;
            for (int j = 0; j < n; j++) {
                if (!Double.isFinite(row[j])) {
                    throw new IllegalArgumentException("kTestTrain: entry [" + r + "][" + j + "] is "
                            + row[j] + ", must be finite");
                }
                s += row[j] * alpha[j];
            }
            out[r] = s;
        }
        return out;
    }

    static void requireLength(double[] v, int n, String name) {
        if (v == null || v.length != n) {
            throw new IllegalArgumentException(name + ": length " + (v == null ? "null" : v.length)
                    + ", expected N = " + n);
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException(name + ": element " + i + " is " + v[i] + ", must be finite");
            }
        }
    }

    static void requireSigma(double sigma) {
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("sigma: noise level must be finite and >= 0, got " + sigma);
        }
    }
}
